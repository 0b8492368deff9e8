package io.hedge.gateway;

import io.hedge.codecs.fabric.EffectsFetchEncoder;
import io.hedge.codecs.fabric.EpochVoteRequestEncoder;
import io.hedge.codecs.fabric.GatewayHeartbeatEncoder;
import io.hedge.codecs.fabric.JoinAcceptedEncoder;
import io.hedge.codecs.fabric.JournalFetchEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.RepairOrderEncoder;
import io.hedge.codecs.fabric.ReplicaQueryEncoder;
import io.hedge.codecs.fabric.ResponseFetchEncoder;
import io.hedge.journal.EpochHistory;
import io.hedge.transport.FabricLimits;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What this gateway sends to the replicas, and to the standby gateways that hear the same streams: on the sequenced
 * stream the sequenced messages, heartbeats, vote requests and journal and response fetches; on the replay stream the
 * answers to joining standbys. The replicas read it with their {@code GatewayAdapter}, as this gateway reads their
 * {@code GatewayPublisher} with its {@link ReplicaAdapter}. Retransmits and relayed snapshots go on the replay stream
 * through their own senders. Only {@link #offerSequenced} is on the per-request path; every control message is offered
 * once and, when it meets back pressure, sent again by the caller's own retry timer.
 */
final class ReplicaPublisher
{
    private final int gatewayId;
    private final StreamOffer sequenced;
    private final StreamOffer replay;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final GatewayHeartbeatEncoder heartbeat = new GatewayHeartbeatEncoder();
    private final EpochVoteRequestEncoder voteRequest = new EpochVoteRequestEncoder();
    private final JournalFetchEncoder journalFetch = new JournalFetchEncoder();
    private final ResponseFetchEncoder responseFetch = new ResponseFetchEncoder();
    private final EffectsFetchEncoder effectsFetch = new EffectsFetchEncoder();
    private final JoinAcceptedEncoder joinAccepted = new JoinAcceptedEncoder();
    private final RepairOrderEncoder repairOrder = new RepairOrderEncoder();
    private final io.hedge.codecs.fabric.HandoverEncoder handover = new io.hedge.codecs.fabric.HandoverEncoder();
    private final ReplicaQueryEncoder query = new ReplicaQueryEncoder();
    /** Grows to the largest query payload sent. */
    private final ExpandableArrayBuffer queryBuffer = new ExpandableArrayBuffer(256);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + GatewayHeartbeatEncoder.BLOCK_LENGTH +
        GatewayHeartbeatEncoder.HistoryEncoder.sbeHeaderSize() +
        FabricLimits.HISTORY_TAIL * GatewayHeartbeatEncoder.HistoryEncoder.sbeBlockLength() + 64]);

    /**
     * @param sequenced this gateway's sequenced stream.
     * @param replay    this gateway's replay stream.
     */
    ReplicaPublisher(final int gatewayId, final StreamOffer sequenced, final StreamOffer replay)
    {
        this.gatewayId = gatewayId;
        this.sequenced = sequenced;
        this.replay = replay;
    }

    /**
     * The sequencer's sink: one journaled message, already encoded.
     *
     * @return a positive position when accepted, otherwise a negative Aeron publication result.
     */
    long offerSequenced(final DirectBuffer message, final int offset, final int length)
    {
        return sequenced.offer(message, offset, length);
    }

    /**
     * This gateway is alive and how far it has sequenced, so that a replica that lost the last message of a burst
     * knows it is behind even when nothing else arrives; with the newest runs of its epoch history (the last one
     * this epoch's, even before anything is sequenced in it), against which a replica checks its journal before it
     * applies anything of this epoch, and how far the stream is committed.
     *
     * @return true when the stream took it.
     */
    boolean heartbeat(
        final long epoch,
        final long lastPublishedSeq,
        final long epochStartSeq,
        final long commitSeq,
        final EpochHistory history,
        final long timestampNs)
    {
        heartbeat.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId)
            .epoch(epoch)
            .lastSeq(lastPublishedSeq)
            .timestampNs(timestampNs)
            .epochStartSeq(epochStartSeq)
            .commitSeq(commitSeq);
        final int runs = history.size();
        final boolean currentHeld = runs > 0 && history.epochAt(runs - 1) == epoch;
        final int earlier = Math.min(currentHeld ? runs - 1 : runs, FabricLimits.HISTORY_TAIL - 1);
        final int firstRun = (currentHeld ? runs - 1 : runs) - earlier;
        final GatewayHeartbeatEncoder.HistoryEncoder tail = heartbeat.historyCount(earlier + 1);
        for (int i = firstRun; i < firstRun + earlier; i++)
        {
            tail.next().epoch(history.epochAt(i)).startSeq(history.startSeqAt(i));
        }
        tail.next().epoch(epoch).startSeq(epochStartSeq);
        // a heartbeat that meets back pressure is simply late; the next one carries the same news
        return sequenced.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength()) > 0;
    }

    /**
     * A pre-vote ({@code preVote}: would you vote? nothing is promised) or the real vote request.
     */
    boolean voteRequest(final long epoch, final long lastSeq, final long lastEpoch, final boolean preVote)
    {
        voteRequest.wrapAndApplyHeader(buffer, 0, header)
            .candidateId(gatewayId).epoch(epoch).lastSeq(lastSeq).lastEpoch(lastEpoch).preVote((short)(preVote ? 1 : 0));
        return sequenced.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + voteRequest.encodedLength()) > 0;
    }

    boolean journalFetch(final int replicaId, final long epoch, final long fromSeq, final long toSeq)
    {
        journalFetch.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId).replicaId(replicaId).epoch(epoch).fromSeq(fromSeq).toSeq(toSeq);
        return sequenced.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + journalFetch.encodedLength()) > 0;
    }

    boolean responseFetch(final int replicaId, final long fromSeq, final long toSeq)
    {
        responseFetch.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId).replicaId(replicaId).fromSeq(fromSeq).toSeq(toSeq);
        return sequenced.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + responseFetch.encodedLength()) > 0;
    }

    /**
     * Tell one replica that a majority of the replicas agree on another state hash at seq than it sent: it rebuilds
     * its state from a peer.
     */
    boolean repairOrder(final int replicaId, final long epoch, final long seq, final long majorityHash)
    {
        repairOrder.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId).replicaId(replicaId).epoch(epoch).seq(seq).majorityHash(majorityHash);
        return sequenced.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + repairOrder.encodedLength()) > 0;
    }

    /**
     * Ask one replica for the effects of fromSeq..toSeq from its effects journal (the effects forwarder's catch-up).
     */
    boolean effectsFetch(final int replicaId, final long fromSeq, final long toSeq)
    {
        effectsFetch.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId).replicaId(replicaId).fromSeq(fromSeq).toSeq(toSeq);
        return sequenced.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + effectsFetch.encodedLength()) > 0;
    }

    /**
     * A read-only query for one replica: a control message like a fetch, so it takes no seq and no replica journals
     * it; every replica but the one addressed ignores it.
     *
     * @param token the gateway's id for the query, which the answer carries.
     */
    boolean query(final int replicaId, final long token, final long minSeq, final DirectBuffer payload, final int offset,
        final int length)
    {
        query.wrapAndApplyHeader(queryBuffer, 0, header)
            .gatewayId(gatewayId).replicaId(replicaId).token(token).minSeq(minSeq)
            .putPayload(payload, offset, length);
        return sequenced.offer(queryBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + query.encodedLength()) > 0;
    }

    /**
     * hedge admin switchover: tell the replicas and the standbys that targetId takes over now, every seq up to
     * lastSeq committed and answered.
     */
    boolean handover(final long epoch, final int targetId, final long lastSeq)
    {
        return handoverTo(sequenced, epoch, targetId, lastSeq);
    }

    /**
     * The same, to one stream: the target's inbound endpoint, which the standbys' lagging copy does not delay.
     */
    boolean handoverTo(final StreamOffer to, final long epoch, final int targetId, final long lastSeq)
    {
        handover.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId).epoch(epoch).targetGatewayId(targetId).lastSeq(lastSeq);
        return to.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + handover.encodedLength()) > 0;
    }

    /**
     * On the replay stream, where a joining standby listens.
     */
    boolean joinAccepted(final int standbyId, final long epoch, final long validSeq)
    {
        joinAccepted.wrapAndApplyHeader(buffer, 0, header).gatewayId(standbyId).epoch(epoch).validSeq(validSeq);
        return replay.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + joinAccepted.encodedLength()) > 0;
    }
}
