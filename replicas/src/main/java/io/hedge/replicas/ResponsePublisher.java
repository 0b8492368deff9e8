package io.hedge.replicas;

import io.aeron.Publication;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.RetransmitRequestEncoder;
import io.hedge.codecs.fabric.SnapshotChunkEncoder;
import io.hedge.codecs.fabric.SnapshotRequestEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Encodes what a replica sends its gateway. The state machine writes its response straight into the
 * outgoing message, where the payload goes, so the response is never copied. A response the gateway's
 * stream pushes back is kept and offered again before the replica takes the next request; one that cannot
 * be sent because no gateway is connected is counted and let go, as the other replicas answer too.
 */
final class ResponsePublisher
{
    private Publication publication;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ReplicaResponseEncoder responseEncoder = new ReplicaResponseEncoder();
    private final RetransmitRequestEncoder retransmitEncoder = new RetransmitRequestEncoder();
    private final SnapshotRequestEncoder snapshotRequestEncoder = new SnapshotRequestEncoder();
    private final SnapshotChunkEncoder chunkEncoder = new SnapshotChunkEncoder();
    private final UnsafeBuffer responseBuffer;
    private UnsafeBuffer chunkBuffer;
    private final UnsafeBuffer statusBuffer = new UnsafeBuffer(new byte[128]);
    private int payloadLengthOffset;
    private int pendingLength;
    private int lastMessageLength;
    private long unsent;

    /**
     * Send from here on to this gateway: the one the replica now follows. A response held by back pressure goes
     * to the new gateway, which is the only one that can still use it.
     */
    void publication(final Publication publication)
    {
        this.publication = publication;
    }

    ResponsePublisher(final Publication publication, final int maxResponseLength, final int maxEffectsLength)
    {
        this.publication = publication;
        this.responseBuffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH +
            ReplicaResponseEncoder.BLOCK_LENGTH + Integer.BYTES + maxResponseLength + Integer.BYTES + maxEffectsLength]);
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
            .correlationId(correlationId);
        payloadLengthOffset = responseEncoder.limit();
        return payloadLengthOffset + Integer.BYTES;
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
     * @return the most effect bytes the buffer holds after a payload of this length.
     */
    int maxEffectsLength(final int payloadLength)
    {
        return responseBuffer.capacity() - effectsOffset(payloadLength);
    }

    /**
     * Finish the response begun last, with its payload and effects written in place, and offer it. The sequence per
     * request is {@code begin → StateMachine.apply(buffer(), offset) → StateMachine.effects(buffer(),
     * effectsOffset(payloadLength)) → commit(payloadLength, effectsLength, stateHash)}; the whole message, header
     * included, is then at the start of {@link #buffer()}, {@link #lastMessageLength()} bytes long, for the
     * {@link ResponseLog}. A message is always complete: {@code effects} has length 0 when there are none.
     *
     * @param payloadLength bytes of payload written at the offset {@link #begin} returned.
     * @param effectsLength bytes of effects written at {@link #effectsOffset}, 0 for none.
     * @param stateHash     the rolling state hash after this seq.
     * @return true if it was sent or let go; false if it is pending and must be retried.
     */
    boolean commit(final int payloadLength, final int effectsLength, final long stateHash)
    {
        finish(payloadLength, effectsLength, stateHash);
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
        if (payloadLength < 0 || effectsLength < 0 || effectsLength > maxEffectsLength(payloadLength))
        {
            throw new IllegalArgumentException("payload of " + payloadLength + " bytes and effects of " +
                effectsLength + " do not fit a response buffer of " + responseBuffer.capacity() + " bytes");
        }
        responseEncoder.stateHash(stateHash);
        responseBuffer.putInt(payloadLengthOffset, payloadLength, ByteOrder.LITTLE_ENDIAN);
        final int effectsLengthOffset = payloadLengthOffset + Integer.BYTES + payloadLength;
        responseBuffer.putInt(effectsLengthOffset, effectsLength, ByteOrder.LITTLE_ENDIAN);
        pendingLength = effectsLengthOffset + Integer.BYTES + effectsLength;
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

    boolean hasPending()
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
        final long result = publication.offer(responseBuffer, 0, pendingLength);
        if (result > 0)
        {
            pendingLength = 0;
            return true;
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            return false;
        }
        unsent++;
        pendingLength = 0;
        return true;
    }

    /**
     * Ask the gateway for the seqs this replica missed; a request lost to back pressure is asked again later.
     */
    void sendRetransmitRequest(final int replicaId, final long fromSeq, final long toSeq)
    {
        retransmitEncoder.wrapAndApplyHeader(statusBuffer, 0, headerEncoder)
            .replicaId(replicaId)
            .fromSeq(fromSeq)
            .toSeq(toSeq);
        publication.offer(statusBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + retransmitEncoder.encodedLength());
    }

    /**
     * Ask the gateway for a live peer's snapshot; a request lost to back pressure is asked again later.
     */
    void sendSnapshotRequest(final int requesterId, final long epoch)
    {
        snapshotRequestEncoder.wrapAndApplyHeader(statusBuffer, 0, headerEncoder)
            .requesterId(requesterId)
            .epoch(epoch)
            .donorId(0);
        publication.offer(
            statusBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + snapshotRequestEncoder.encodedLength());
    }

    /**
     * Offer one chunk of a snapshot this replica donates. Nothing is kept: on back pressure the caller offers the
     * same chunk again later.
     *
     * @return the publication's result: positive if sent.
     */
    long offerSnapshotChunk(
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
        return publication.offer(chunkBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + chunkEncoder.encodedLength());
    }

    long unsent()
    {
        return unsent;
    }
}
