package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.FabricStatusEncoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.sequencer.DuplicateTable;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.sequencer.Sequencer;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * One term of leadership, from the takeover to the step-down: the sequencer and the collector of this epoch, the
 * retransmits and snapshot relay replicas ask for, the warm-up that fetches the predecessor's last responses, the
 * heartbeats, the effects sent on, and the answers to clients and to joining standbys. Nothing here allocates,
 * locks or logs per request.
 */
final class LeaderTerm implements AutoCloseable
{
    private final GatewayContext ctx;
    private final long epoch;
    private final long epochStartSeq;
    private final GatewayJournal journal;
    private final DuplicateTable duplicates;
    private final StreamOffer replay;
    private final ControlPublisher control;
    private final EgressPublisher egress;
    private final EffectForwarder effects;
    private final GatewayCounters counters;
    private final EpochNanoClock epochClock;
    private final Sequencer sequencer;
    private final ResponseCollector collector;
    private final RetransmitService retransmits;
    private final SnapshotRelay snapshotRelay;
    private final HeartbeatPublisher heartbeat;
    private final TakeoverWarmup warmup;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
    private final int[] replicaCount = new int[1];

    /**
     * Take over: continue the journal in this epoch and, when a voter can send them, fetch the responses of the last
     * seqs before it.
     *
     * @param sequenced     the sequenced stream: replicas hear the sequenced messages, heartbeats and fetches there.
     * @param replay        the replay stream: retransmits, relayed snapshots and join answers.
     * @param effects       the effects sink's forwarder, or null without a sink.
     * @param warmReplicaId the voter to fetch the last responses from, 0 for none.
     */
    LeaderTerm(
        final GatewayContext ctx,
        final long epoch,
        final GatewayJournal journal,
        final StreamOffer sequenced,
        final StreamOffer replay,
        final ControlPublisher control,
        final EgressPublisher egress,
        final EffectForwarder effects,
        final GatewayCounters counters,
        final EpochNanoClock epochClock,
        final int warmReplicaId,
        final long nowNs)
    {
        this.ctx = ctx;
        this.epoch = epoch;
        this.journal = journal;
        this.duplicates = journal.duplicates();
        this.replay = replay;
        this.control = control;
        this.egress = egress;
        this.effects = effects;
        this.counters = counters;
        this.epochClock = epochClock;
        final long lastSeq = journal.lastSeq();
        this.epochStartSeq = lastSeq + 1;
        sequencer = new Sequencer(epoch, journal.journal(), sequenced::offer, epochClock, duplicates);
        collector = new ResponseCollector(ctx.collectorCapacity(), ctx.responseCacheBytes(), ctx.durability(), egress);
        collector.startAfter(lastSeq);
        retransmits = new RetransmitService(journal.journal(), replay, ctx.replayBatch());
        snapshotRelay = new SnapshotRelay(replay, collector);
        heartbeat = new HeartbeatPublisher(sequenced, ctx.gatewayId(), ctx.heartbeatIntervalNs());
        warmup = new TakeoverWarmup(ctx.gatewayId(),
            (replicaId, fromSeq, toSeq) -> control.responseFetch(sequenced, ctx.gatewayId(), replicaId, fromSeq, toSeq));
        egress.epoch(epoch);
        heartbeat.poll(nowNs, epoch, lastSeq, epochStartSeq, epochClock.nanoTime());
        beginWarming(nowNs, lastSeq, warmReplicaId);
        if (null != effects)
        {
            effects.beginEpoch(epoch, nowNs);
        }
    }

    /**
     * Register the last seqs before the takeover with the collector and fetch their responses from a replica: a
     * client's resent request then gets its original answer, and the sink the effects its predecessor did not send.
     * New requests wait until this is done, so that effects reach the sink in seq order.
     */
    private void beginWarming(final long nowNs, final long lastSeq, final int warmReplicaId)
    {
        final long warmFromSeq = Math.max(Math.max(1, journal.firstSeq()), lastSeq - ctx.takeoverWarmSeqs() + 1);
        if (0 == ctx.takeoverWarmSeqs() || lastSeq < warmFromSeq || 0 == warmReplicaId)
        {
            return;
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (JournalReader reader = journal.journal().reader())
        {
            if (reader.seekToSeq(warmFromSeq))
            {
                while (reader.readNext((buffer, offset, length) ->
                {
                    decoder.wrapAndApplyHeader(buffer, offset, header);
                    collector.onSequenced(decoder.seq(), decoder.clientId(), decoder.correlationId());
                }))
                {
                    // each entry is registered by the handler
                }
            }
        }
        collector.startAfter(lastSeq);
        warmup.begin(warmFromSeq, lastSeq, warmReplicaId, nowNs + ctx.takeoverWarmTimeoutNs());
    }

    /**
     * @return true while the predecessor's last responses are being fetched (LEADER_WARMUP).
     */
    boolean warming()
    {
        return warmup.active();
    }

    /**
     * LEADER_WARMUP: the fetch of the predecessor's last responses.
     */
    int warm(final long nowNs)
    {
        return warmup.poll(nowNs, collector);
    }

    int doWork(final long nowNs)
    {
        final int retransmitted = retransmits.doWork();
        counters.onRetransmitted(retransmitted);
        int work = retransmitted;
        work += snapshotRelay.doWork(nowNs);
        counters.snapshotRelay(
            snapshotRelay.snapshotsRelayed(), snapshotRelay.bytesRelayed(), snapshotRelay.requestsWithoutDonor());
        work += heartbeat.poll(nowNs, epoch, lastPublishedSeq(), epochStartSeq, epochClock.nanoTime());
        if (null != effects)
        {
            work += effects.doWork(nowNs);
        }
        return work;
    }

    boolean hasPending()
    {
        return sequencer.hasPending();
    }

    boolean publishPending()
    {
        return sequencer.publishPending();
    }

    private long lastPublishedSeq()
    {
        return sequencer.hasPending() ? sequencer.lastSeq() - 1 : sequencer.lastSeq();
    }

    long epoch()
    {
        return epoch;
    }

    long epochStartSeq()
    {
        return epochStartSeq;
    }

    ResponseCollector collector()
    {
        return collector;
    }

    /**
     * A client's request.
     *
     * @param acceptNew false while warming: requests already sequenced are answered, new ones pushed back.
     * @return ABORT when the request must wait (pushed back, too much unanswered, or warming).
     */
    Action onRequest(
        final ClientSession session,
        final long clientId,
        final long correlationId,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final boolean acceptNew)
    {
        if (correlationId <= 0)
        {
            // correlation ids start at 1; 0 and below would alias empty slots of the duplicate table
            counters.onRejected();
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.REJECTED_MALFORMED, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        if (length > ctx.maxPayloadLength())
        {
            counters.onRejected();
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.REJECTED_TOO_LARGE, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        final long earlierSeq = duplicates.check(clientId, correlationId);
        if (earlierSeq != DuplicateTable.NEW)
        {
            counters.onDuplicate();
            answerKnown(session, clientId, correlationId, earlierSeq);
            return Action.CONTINUE;
        }
        if (!acceptNew || sequencer.hasPending() || !collector.hasCapacity())
        {
            return Action.ABORT;
        }
        final long seq = sequencer.sequence(clientId, correlationId, payload, offset, length);
        journal.onSequenced(epoch, seq);
        collector.onSequenced(seq, clientId, correlationId);
        counters.onSequenced();
        return sequencer.hasPending() ? Action.BREAK : Action.CONTINUE;
    }

    private void answerKnown(
        final ClientSession session, final long clientId, final long correlationId, final long earlierSeq)
    {
        if (earlierSeq == DuplicateTable.WITHDRAWN)
        {
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.NOT_EXECUTED, 0, empty, 0, 0);
        }
        else if (earlierSeq == DuplicateTable.NEVER_SEQUENCED)
        {
            counters.onRejected();
            egress.sendResponse(
                session.publication, correlationId, 0, ResponseStatus.REJECTED_OUT_OF_ORDER, 0, empty, 0, 0);
        }
        else if (earlierSeq < 0 || !collector.onDuplicate(earlierSeq, clientId, correlationId))
        {
            egress.sendResponse(session.publication, correlationId, Math.max(earlierSeq, 0),
                ResponseStatus.DUPLICATE_NOT_CACHED, 0, empty, 0, 0);
        }
    }

    void onOutcomeQuery(final ClientSession session, final long clientId, final long correlationId)
    {
        final long earlierSeq = duplicates.check(clientId, correlationId);
        if (earlierSeq == DuplicateTable.NEW || earlierSeq == DuplicateTable.NEVER_SEQUENCED)
        {
            // asked before it was ever sequenced: it never will be, so that the answer stays true
            duplicates.record(clientId, correlationId, DuplicateTable.WITHDRAWN);
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.NOT_EXECUTED, 0, empty, 0, 0);
            return;
        }
        answerKnown(session, clientId, correlationId, earlierSeq);
    }

    boolean sendConnected(final ClientSession session)
    {
        return egress.sendConnected(session.publication, session.clientId, epoch,
            duplicates.highestCorrelationId(session.clientId), ctx.gatewayId(), ctx.maxPayloadLength());
    }

    void onStatusQuery(final ClientSession session, final long correlationId, final long nowNs)
    {
        final long lastSeq = sequencer.lastSeq();
        final FabricStatusEncoder encoder = egress.statusEncoder()
            .correlationId(correlationId)
            .epoch(epoch)
            .gatewayId(ctx.gatewayId())
            .lastSeq(lastSeq)
            .answeredSeq(collector.answeredCount())
            .rejectedRequests(counters.rejectedRequests());
        replicaCount[0] = 0;
        collector.forEachReplica(r -> replicaCount[0]++);
        final FabricStatusEncoder.ReplicasEncoder replicas = encoder.replicasCount(replicaCount[0]);
        collector.forEachReplica(r -> replicas.next()
            .replicaId(r.replicaId())
            .state(r.state())
            .appliedSeq(r.appliedSeq())
            .stateHash(r.stateHash())
            .responses(r.responses())
            .wins(r.wins())
            .divergences(r.divergences())
            .lagSeq(lastSeq - r.appliedSeq())
            .statusAgeMs(r.lastStatusNs() == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(nowNs - r.lastStatusNs())));
        egress.sendStatus(session.publication);
    }

    void onReplicaResponse(
        final long responseEpoch,
        final long seq,
        final int replicaId,
        final long stateHash,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final DirectBuffer effectBuffer,
        final int effectsOffset,
        final int effectsLength)
    {
        if (responseEpoch != epoch)
        {
            counters.onStaleEpochResponse();
            return;
        }
        if (collector.onResponse(seq, replicaId, stateHash, payload, offset, length) && null != effects)
        {
            effects.onEffects(seq, effectBuffer, effectsOffset, effectsLength);
        }
    }

    void onResponseReplay(
        final int replicaId,
        final long seq,
        final boolean complete,
        final long firstAvailableSeq,
        final long stateHash,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final DirectBuffer effectBuffer,
        final int effectsOffset,
        final int effectsLength)
    {
        if (complete)
        {
            warmup.onFetchClosed(replicaId, firstAvailableSeq);
            return;
        }
        if (!warmup.accepts(replicaId, seq))
        {
            return;
        }
        if (collector.onResponse(seq, replicaId, stateHash, payload, payloadOffset, payloadLength) && null != effects)
        {
            effects.onEffects(seq, effectBuffer, effectsOffset, effectsLength);
        }
    }

    void onReplicaStatus(
        final int replicaId, final ReplicaState state, final long appliedSeq, final long stateHash, final long nowNs)
    {
        final ReplicaStats stats = collector.replica(replicaId);
        stats.appliedSeq = appliedSeq;
        stats.stateHash = stateHash;
        stats.state = state;
        stats.lastStatusNs = nowNs;
    }

    void onRetransmitRequest(final int requesterId, final long fromSeq, final long toSeq)
    {
        // only what is journaled and published may be replayed: a pending message is not yet on the stream
        retransmits.onRequest(requesterId, fromSeq, Math.min(toSeq, lastPublishedSeq()));
    }

    void onSnapshotRequest(final int requesterId, final long requestEpoch, final long nowNs)
    {
        snapshotRelay.onRequest(requesterId, requestEpoch, nowNs, lastPublishedSeq());
    }

    Action onSnapshotChunk(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int donorId,
        final int requesterId,
        final long seq,
        final int totalLength,
        final int chunkOffset,
        final int dataLength,
        final long nowNs)
    {
        return snapshotRelay.onChunk(
            buffer, offset, length, donorId, requesterId, seq, totalLength, chunkOffset, dataLength, nowNs);
    }

    void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
    {
        if (null != effects)
        {
            effects.onSinkPosition(sinkEpoch, lastSeq, lastIndex);
        }
    }

    /**
     * A standby asks to follow: it keeps what this epoch's history adopted of its journal, and what is published.
     */
    void onJoinRequest(final int standbyId, final long standbyLastSeq, final long standbyLastEpoch)
    {
        if (standbyLastEpoch > epoch)
        {
            return;
        }
        final long validSeq = Math.min(standbyLastSeq, journal.history().lastSeqAtOrBefore(standbyLastEpoch));
        control.joinAccepted(replay, standbyId, epoch, Math.min(validSeq, lastPublishedSeq()));
    }

    /**
     * The term is over (a step-down): stop the warm-up and the retransmits; nothing of it is used again.
     */
    @Override
    public void close()
    {
        warmup.stop();
        CloseHelper.quietClose(retransmits);
    }
}
