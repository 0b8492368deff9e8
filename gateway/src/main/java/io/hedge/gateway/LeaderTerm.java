package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.sequencer.Sequencer;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * One term of leadership, from the takeover to the step-down: the sequencer and the collector of this epoch, the
 * retransmits and snapshot relay replicas ask for, the warm-up that fetches the predecessor's last responses, the
 * heartbeats, the effects sent on, the answers to joining standbys, and the {@link LeaderDesk}s that answer clients.
 * Nothing here allocates, locks or logs per request.
 */
final class LeaderTerm implements GatewayPhase, TermListener, AutoCloseable
{
    private final GatewayContext ctx;
    private final long epoch;
    private final long epochStartSeq;
    private final GatewayJournal journal;
    private final StreamOffer replay;
    private final ControlPublisher control;
    private final EgressPublisher egress;
    private final EffectForwarder effects;
    private final GatewayCounters counters;
    private final EpochNanoClock epochClock;
    private final NanoClock nanoClock;
    private final Sequencer sequencer;
    private final ResponseCollector collector;
    private final RetransmitService retransmits;
    private final SnapshotRelay snapshotRelay;
    private final HeartbeatPublisher heartbeat;
    private final TakeoverWarmup warmup;
    private final LeaderDesk warmingDesk;
    private final LeaderDesk servingDesk;

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
        final NanoClock nanoClock,
        final EpochNanoClock epochClock,
        final int warmReplicaId,
        final long nowNs)
    {
        this.ctx = ctx;
        this.epoch = epoch;
        this.journal = journal;
        this.replay = replay;
        this.control = control;
        this.egress = egress;
        this.effects = effects;
        this.counters = counters;
        this.epochClock = epochClock;
        this.nanoClock = nanoClock;
        final long lastSeq = journal.lastSeq();
        this.epochStartSeq = lastSeq + 1;
        sequencer = new Sequencer(epoch, journal.journal(), sequenced::offer, epochClock, journal.duplicates());
        collector = new ResponseCollector(ctx.collectorCapacity(), ctx.responseCacheBytes(), ctx.durability(), egress);
        collector.startAfter(lastSeq);
        retransmits = new RetransmitService(journal.journal(), replay, ctx.replayBatch());
        snapshotRelay = new SnapshotRelay(replay, collector);
        heartbeat = new HeartbeatPublisher(sequenced, ctx.gatewayId(), ctx.heartbeatIntervalNs());
        warmup = new TakeoverWarmup(ctx.gatewayId(),
            (replicaId, fromSeq, toSeq) -> control.responseFetch(sequenced, ctx.gatewayId(), replicaId, fromSeq, toSeq));
        warmingDesk = new LeaderDesk(ctx, epoch, journal, sequencer, collector, egress, counters, false);
        servingDesk = new LeaderDesk(ctx, epoch, journal, sequencer, collector, egress, counters, true);
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

    /**
     * @return how clients are answered while warming up: new requests wait.
     */
    ClientDesk warmingDesk()
    {
        return warmingDesk;
    }

    /**
     * @return how clients are answered once warm.
     */
    ClientDesk servingDesk()
    {
        return servingDesk;
    }

    long epochStartSeq()
    {
        return epochStartSeq;
    }

    ResponseCollector collector()
    {
        return collector;
    }

    @Override
    public void onReplicaResponse(
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

    @Override
    public void onResponseReplay(
        final int replicaId,
        final long seq,
        final boolean complete,
        final long firstAvailableSeq,
        final long responseEpoch,
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

    @Override
    public void onRetransmitRequest(final int requesterId, final long fromSeq, final long toSeq)
    {
        // only what is journaled and published may be replayed: a pending message is not yet on the stream
        retransmits.onRequest(requesterId, fromSeq, Math.min(toSeq, lastPublishedSeq()));
    }

    @Override
    public void onSnapshotRequest(final int requesterId, final long requestEpoch)
    {
        snapshotRelay.onRequest(requesterId, requestEpoch, nanoClock.nanoTime(), lastPublishedSeq());
    }

    @Override
    public Action onSnapshotChunk(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int donorId,
        final int requesterId,
        final long seq,
        final int totalLength,
        final int chunkOffset,
        final int dataLength)
    {
        return snapshotRelay.onChunk(buffer, offset, length, donorId, requesterId, seq, totalLength, chunkOffset,
            dataLength, nanoClock.nanoTime());
    }

    @Override
    public void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
    {
        if (null != effects)
        {
            effects.onSinkPosition(sinkEpoch, lastSeq, lastIndex);
        }
    }

    /**
     * A standby asks to follow: it keeps what this epoch's history adopted of its journal, and what is published.
     */
    @Override
    public void onJoinRequest(final int standbyId, final long standbyLastSeq, final long standbyLastEpoch)
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
