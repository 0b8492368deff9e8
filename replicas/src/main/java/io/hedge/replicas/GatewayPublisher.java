package io.hedge.replicas;

import io.aeron.Publication;
import io.hedge.codecs.fabric.EpochVoteEncoder;
import io.hedge.journal.EpochHistory;
import io.hedge.transport.FabricLimits;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import io.hedge.codecs.fabric.RetransmitRequestEncoder;
import io.hedge.codecs.fabric.SnapshotChunkEncoder;
import io.hedge.codecs.fabric.SnapshotRequestEncoder;
import io.hedge.journal.RecordRangeSender;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Encodes everything a replica sends to gateways: responses, retransmit and snapshot requests, and the chunks of a
 * snapshot it donates go to the gateway it follows; its status goes to every gateway (so that standbys know which
 * replicas are live, and a stale active gateway learns of a newer epoch); a vote goes to its candidate. The replica's
 * outbound half; {@link GatewayAdapter} is its inbound one.
 * <p>
 * The state machine writes its response straight into the outgoing message, where the payload goes, so the response
 * is never copied. A response the gateway's stream pushes back is kept and offered again before the replica takes
 * the next request; one that cannot be sent because no gateway is connected is counted and let go, as the other
 * replicas answer too.
 */
final class GatewayPublisher implements
    EpochVoter.Ballots, GapRepair.RetransmitRequests, PeerBootstrap.SnapshotRequests, SnapshotDonor.ChunkSink
{
    private final GatewayTransport transport;
    private int followedIndex = -1;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    /** ReplicaResponse.outcome: applied. */
    static final short APPLIED = 0;
    /** ReplicaResponse.outcome: the state machine threw; rejected alike on every replica. */
    static final short REJECTED = 1;

    private final ReplicaResponseEncoder responseEncoder = new ReplicaResponseEncoder();
    private final RetransmitRequestEncoder retransmitEncoder = new RetransmitRequestEncoder();
    private final SnapshotRequestEncoder snapshotRequestEncoder = new SnapshotRequestEncoder();
    private final SnapshotChunkEncoder chunkEncoder = new SnapshotChunkEncoder();
    private final ReplicaStatusEncoder statusEncoder = new ReplicaStatusEncoder();
    private final EpochVoteEncoder voteEncoder = new EpochVoteEncoder();
    private final UnsafeBuffer responseBuffer;
    private UnsafeBuffer chunkBuffer;
    // a vote carries a history tail of up to FabricLimits.HISTORY_TAIL runs
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(new byte[1024]);
    private int payloadLengthOffset;
    private int pendingLength;
    private int lastMessageLength;
    private long unsent;
    private long backPressureRetries;
    private long retransmitRequests;

    /**
     * @param transport         the links to the gateways; null only to encode without sending (tests).
     * @param maxResponseLength the most bytes of payload one response takes.
     * @param maxEffectsLength  the most bytes of effects one response takes.
     */
    GatewayPublisher(final GatewayTransport transport, final int maxResponseLength, final int maxEffectsLength)
    {
        this(transport, maxResponseLength, maxEffectsLength, 0);
    }

    /**
     * @param maxResponseLength  the most bytes of payload one response takes.
     * @param maxEffectsLength   the most bytes of effects one response takes.
     * @param maxMessagesLength  the most bytes of session messages one response takes.
     */
    GatewayPublisher(
        final GatewayTransport transport,
        final int maxResponseLength,
        final int maxEffectsLength,
        final int maxMessagesLength)
    {
        this.transport = transport;
        this.responseBuffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH +
            ReplicaResponseEncoder.BLOCK_LENGTH + Integer.BYTES + maxResponseLength + Integer.BYTES + maxEffectsLength +
            Integer.BYTES + Math.max(0, maxMessagesLength)]);
    }

    /**
     * Send from here on to this gateway: the one the replica now follows. A response held by back pressure goes
     * to the new gateway, which is the only one that can still use it.
     */
    @Override
    public void follow(final int gatewayId)
    {
        followedIndex = transport.indexOf(gatewayId);
    }

    @Override
    public boolean isGateway(final int gatewayId)
    {
        return transport.indexOf(gatewayId) >= 0;
    }

    /**
     * Start a response; the state machine then writes its payload into {@link #buffer()} at the returned offset.
     *
     * @return the offset at which the payload goes.
     */
    int begin(final long epoch, final long seq, final int replicaId, final long clientId, final long correlationId)
    {
        responseEncoder.wrapAndApplyHeader(responseBuffer, 0, headerEncoder)
            .epoch(epoch)
            .seq(seq)
            .replicaId(replicaId)
            .stateHash(0)
            .clientId(clientId)
            .correlationId(correlationId)
            .outcome(APPLIED);
        payloadLengthOffset = responseEncoder.limit();
        return payloadLengthOffset + Integer.BYTES;
    }

    /**
     * The state machine threw on the request begun last: its response says so (outcome 1), and carries no payload
     * and no effects.
     */
    void rejected()
    {
        responseEncoder.outcome(REJECTED);
    }

    MutableDirectBuffer buffer()
    {
        return responseBuffer;
    }

    int maxPayloadLength()
    {
        return responseBuffer.capacity() - payloadLengthOffset - Integer.BYTES;
    }

    /**
     * Where the effects of the response begun last go: just after its payload and the length of the {@code effects}
     * var-data field (schema version 1), so that {@link StateMachine#effects} writes them in place, uncopied.
     *
     * @param payloadLength the length of the payload the state machine wrote.
     * @return where in {@link #buffer()} the state machine writes the effects.
     */
    int effectsOffset(final int payloadLength)
    {
        return payloadLengthOffset + Integer.BYTES + payloadLength + Integer.BYTES;
    }

    /**
     * @return the most effect bytes the buffer holds after a payload of this length (and room for the length of an
     * empty {@code messages} field).
     */
    int maxEffectsLength(final int payloadLength)
    {
        return responseBuffer.capacity() - effectsOffset(payloadLength) - Integer.BYTES;
    }

    /**
     * Where the session messages of the response begun last go: just after its effects and the length of the
     * {@code messages} var-data field (schema version 3), so that {@link StateMachine#messages} writes them in place.
     */
    int messagesOffset(final int payloadLength, final int effectsLength)
    {
        return effectsOffset(payloadLength) + effectsLength + Integer.BYTES;
    }

    /**
     * @return the most message bytes the buffer holds after a payload and effects of these lengths.
     */
    int maxMessagesLength(final int payloadLength, final int effectsLength)
    {
        return responseBuffer.capacity() - messagesOffset(payloadLength, effectsLength);
    }

    /**
     * Finish the response begun last, with its payload and effects written in place, and offer it. The sequence per
     * request is {@code begin → StateMachine.apply(buffer(), offset) → StateMachine.effects(buffer(),
     * effectsOffset(payloadLength)) → commit(payloadLength, effectsLength, stateHash)}; the whole message, header
     * included, is then at the start of {@link #buffer()}, {@link #lastMessageLength()} bytes long, for the
     * {@link ResponseLog}. A message is always complete: {@code effects} and {@code messages} have length 0 when there
     * are none.
     *
     * @param payloadLength bytes of payload written at the offset {@link #begin} returned.
     * @param effectsLength bytes of effects written at {@link #effectsOffset}, 0 for none.
     * @param stateHash     the rolling state hash after this seq.
     * @return true if it was sent or let go; false if it is pending and must be retried.
     */
    boolean commit(final int payloadLength, final int effectsLength, final long stateHash)
    {
        return commit(payloadLength, effectsLength, 0, stateHash);
    }

    /**
     * As {@link #commit(int, int, long)}, with session messages written at {@link #messagesOffset}.
     */
    boolean commit(final int payloadLength, final int effectsLength, final int messagesLength, final long stateHash)
    {
        finish(payloadLength, effectsLength, messagesLength, stateHash);
        return retry();
    }

    /**
     * Complete the message begun last (state hash, the lengths of payload and effects) and make it the pending one,
     * without offering it.
     *
     * @return the length of the whole message, header included, at the start of {@link #buffer()}.
     */
    int finish(final int payloadLength, final int effectsLength, final long stateHash)
    {
        return finish(payloadLength, effectsLength, 0, stateHash);
    }

    /**
     * As {@link #finish(int, int, long)}, with session messages written at {@link #messagesOffset}.
     */
    int finish(final int payloadLength, final int effectsLength, final int messagesLength, final long stateHash)
    {
        if (payloadLength < 0 || effectsLength < 0 || effectsLength > maxEffectsLength(payloadLength) ||
            messagesLength < 0 || messagesLength > maxMessagesLength(payloadLength, effectsLength))
        {
            throw new IllegalArgumentException("payload of " + payloadLength + " bytes, effects of " + effectsLength +
                " and messages of " + messagesLength + " do not fit a response buffer of " + responseBuffer.capacity() +
                " bytes");
        }
        responseEncoder.stateHash(stateHash);
        responseBuffer.putInt(payloadLengthOffset, payloadLength, ByteOrder.LITTLE_ENDIAN);
        final int effectsLengthOffset = payloadLengthOffset + Integer.BYTES + payloadLength;
        responseBuffer.putInt(effectsLengthOffset, effectsLength, ByteOrder.LITTLE_ENDIAN);
        final int messagesLengthOffset = effectsLengthOffset + Integer.BYTES + effectsLength;
        responseBuffer.putInt(messagesLengthOffset, messagesLength, ByteOrder.LITTLE_ENDIAN);
        pendingLength = messagesLengthOffset + Integer.BYTES + messagesLength;
        lastMessageLength = pendingLength;
        return lastMessageLength;
    }

    /**
     * @return the length of the message committed last; its bytes are at the start of {@link #buffer()} until the
     * next {@link #begin}.
     */
    int lastMessageLength()
    {
        return lastMessageLength;
    }

    /**
     * Finish the response begun last without effects (a state machine that has none), and offer it.
     *
     * @see #commit(int, int, long)
     */
    boolean commit(final int payloadLength, final long stateHash)
    {
        return commit(payloadLength, 0, stateHash);
    }

    @Override
    public boolean hasPending()
    {
        return pendingLength > 0;
    }

    /**
     * @return true if nothing is pending any more.
     */
    boolean retry()
    {
        if (pendingLength == 0)
        {
            return true;
        }
        final long result = offerToFollowed(responseBuffer, pendingLength);
        if (result > 0)
        {
            pendingLength = 0;
            return true;
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            backPressureRetries++;
            return false;
        }
        unsent++;
        pendingLength = 0;
        return true;
    }

    /**
     * Ask the gateway for the seqs this replica missed; a request lost to back pressure is asked again later.
     */
    @Override
    public void sendRetransmitRequest(final int replicaId, final long fromSeq, final long toSeq)
    {
        retransmitEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .replicaId(replicaId)
            .fromSeq(fromSeq)
            .toSeq(toSeq);
        retransmitRequests++;
        offerToFollowed(controlBuffer, MessageHeaderEncoder.ENCODED_LENGTH + retransmitEncoder.encodedLength());
    }

    /**
     * Ask the gateway for a live peer's snapshot; a request lost to back pressure is asked again later.
     */
    @Override
    public void sendSnapshotRequest(final int requesterId, final long epoch)
    {
        snapshotRequestEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .requesterId(requesterId)
            .epoch(epoch)
            .donorId(0);
        offerToFollowed(controlBuffer, MessageHeaderEncoder.ENCODED_LENGTH + snapshotRequestEncoder.encodedLength());
    }

    /**
     * Offer one chunk of a snapshot this replica donates. Nothing is kept: on back pressure the caller offers the
     * same chunk again later.
     *
     * @return the publication's result: positive if sent.
     */
    @Override
    public long offerSnapshotChunk(
        final int donorId,
        final int requesterId,
        final long seq,
        final long epoch,
        final long rollingStateHash,
        final long fullStateHash,
        final int totalLength,
        final int chunkOffset,
        final DirectBuffer body,
        final int dataLength)
    {
        final int required = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotChunkEncoder.BLOCK_LENGTH +
            SnapshotChunkEncoder.dataHeaderLength() + dataLength;
        if (null == chunkBuffer || chunkBuffer.capacity() < required)
        {
            chunkBuffer = new UnsafeBuffer(new byte[required]);
        }
        chunkEncoder.wrapAndApplyHeader(chunkBuffer, 0, headerEncoder)
            .donorId(donorId)
            .requesterId(requesterId)
            .seq(seq)
            .epoch(epoch)
            .rollingStateHash(rollingStateHash)
            .fullStateHash(fullStateHash)
            .totalLength(totalLength)
            .chunkOffset(chunkOffset)
            .putData(body, chunkOffset, dataLength);
        return offerToFollowed(chunkBuffer, MessageHeaderEncoder.ENCODED_LENGTH + chunkEncoder.encodedLength());
    }

    /** @return offers of a response held back by back pressure, retried next cycle (agent thread only). */
    long backPressureRetries()
    {
        return backPressureRetries;
    }

    /** @return retransmit requests sent (agent thread only). */
    long retransmitRequests()
    {
        return retransmitRequests;
    }

    long unsent()
    {
        return unsent;
    }

    /**
     * Tell every gateway where this replica is; a status lost to back pressure is replaced by the next one.
     */
    void sendStatus(
        final int replicaId,
        final long epoch,
        final long appliedSeq,
        final long journaledSeq,
        final long stateHash,
        final ReplicaState state,
        final long heldSeq,
        final long matchedEpoch,
        final long lastEntryEpoch,
        final long lastSnapshotSeq)
    {
        statusEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .replicaId(replicaId)
            .epoch(epoch)
            .appliedSeq(appliedSeq)
            .journaledSeq(journaledSeq)
            .stateHash(stateHash)
            .state(state)
            .heldSeq(heldSeq)
            .matchedEpoch(matchedEpoch)
            .lastEntryEpoch(lastEntryEpoch)
            .lastSnapshotSeq(lastSnapshotSeq);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength();
        for (int i = 0; i < transport.size(); i++)
        {
            transport.offer(i, controlBuffer, 0, length);
        }
    }

    /**
     * Answer a candidate's vote request; a vote lost to back pressure is asked for again by the candidate.
     */
    @Override
    public void sendVote(
        final int replicaId,
        final int candidateId,
        final long epoch,
        final boolean granted,
        final boolean preVote,
        final long journaledSeq,
        final long lastEntryEpoch,
        final EpochHistory history)
    {
        voteEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .replicaId(replicaId)
            .candidateId(candidateId)
            .epoch(epoch)
            .granted((short)(granted ? 1 : 0))
            .journaledSeq(journaledSeq)
            .lastEntryEpoch(lastEntryEpoch)
            .preVote((short)(preVote ? 1 : 0));
        // the newest runs, oldest first: the candidate finds from them how far its journal agrees with this one
        final int size = null == history ? 0 : history.size();
        final int first = Math.max(0, size - FabricLimits.HISTORY_TAIL);
        final EpochVoteEncoder.HistoryEncoder tail = voteEncoder.historyCount(size - first);
        for (int i = first; i < size; i++)
        {
            tail.next().epoch(history.epochAt(i)).startSeq(history.startSeqAt(i));
        }
        final int index = transport.indexOf(candidateId);
        if (index >= 0)
        {
            transport.offer(index, controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + voteEncoder.encodedLength());
        }
    }

    /**
     * @return a sink for raw messages (journaled records, replayed responses) to this gateway, whichever gateway the
     * replica follows meanwhile; made once per fetch.
     */
    RecordRangeSender.RecordSink sinkTo(final int gatewayId)
    {
        final int index = transport.indexOf(gatewayId);
        return (buffer, offset, length) -> index >= 0 && transport.offer(index, buffer, offset, length) >= 0;
    }

    private long offerToFollowed(final DirectBuffer buffer, final int length)
    {
        return followedIndex < 0 ? Publication.NOT_CONNECTED : transport.offer(followedIndex, buffer, 0, length);
    }
}
