package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.ControlEntry;
import io.hedge.codecs.SequencedPrincipal;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.sequencer.DuplicateTable;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.sequencer.Sequencer;
import io.aeron.Publication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

import java.util.function.LongSupplier;

/**
 * One term of leadership, from the takeover to the step-down: the sequencer and the collector of this epoch, the
 * retransmits and snapshot relay replicas ask for, the {@link TakeoverWarmup} that fetches the predecessor's last
 * responses (made here, held by the agent while it lasts), the heartbeats (with the history tail; the first one goes
 * out before anything the term sequences), the {@link LeaderLease}, the effects sent on, the answers to joining
 * standbys, and the {@link LeaderDesk}s that answer clients.
 * Nothing here allocates, locks or logs per request.
 */
final class LeaderTerm implements GatewayPhase, TermListener, AutoCloseable
{
    /** The client id of a term's first entry; clients' ids are positive. */
    static final long TERM_START_CLIENT_ID = 0;
    private static final org.agrona.concurrent.UnsafeBuffer EMPTY = new org.agrona.concurrent.UnsafeBuffer(new byte[0]);

    private final GatewayContext ctx;
    private final long epoch;
    private final long epochStartSeq;
    private final GatewayJournal journal;
    private final ReplicaPublisher replicas;
    private final EgressPublisher egress;
    private final EffectForwarder effects;
    private final GatewayCounters counters;
    private final EpochNanoClock epochClock;
    private final NanoClock nanoClock;
    private final Sequencer sequencer;
    private final ResponseCollector collector;
    private final RetransmitService retransmits;
    private final SnapshotRelay snapshotRelay;
    private final long heartbeatIntervalNs;
    private final LeaderDesk warmingDesk;
    private final LeaderDesk servingDesk;
    private final LeaderLease lease;
    private final QueryRouter queries;
    private LongSupplier commitSeq = () -> 0L;
    private boolean announced;
    private long heartbeatDueNs;

    /**
     * Take over: continue the journal in this epoch; {@link #beginWarming} then fetches the responses of the last
     * seqs before it, when there are any.
     *
     * @param replicas the sequenced stream (sequenced messages, heartbeats, fetches) and join answers.
     * @param replay   the replay stream: retransmits and relayed snapshots.
     * @param effects  this term's effects forwarder (rule 7), or null without a sink: it hears every committed seq
     *                 from the collector, and is dropped with the term.
     * @param voters   a bit per replica that voted for this term: heard from as it begins (its lease).
     */
    LeaderTerm(
        final GatewayContext ctx,
        final long epoch,
        final GatewayJournal journal,
        final ReplicaPublisher replicas,
        final StreamOffer replay,
        final EgressPublisher egress,
        final EffectForwarder effects,
        final GatewayCounters counters,
        final Suspension suspension,
        final NanoClock nanoClock,
        final EpochNanoClock epochClock,
        final CollectorSlots collectorSlots,
        final long voters,
        final long nowNs)
    {
        this.ctx = ctx;
        this.epoch = epoch;
        this.journal = journal;
        this.replicas = replicas;
        this.egress = egress;
        this.effects = effects;
        this.counters = counters;
        this.epochClock = epochClock;
        this.nanoClock = nanoClock;
        final long lastSeq = journal.lastSeq();
        this.epochStartSeq = lastSeq + 1;
        lease = new LeaderLease(ctx.replicaCount(), ctx.leaseNs(), voters, nowNs);
        sequencer = new Sequencer(epoch, journal.journal(), this::offerSequenced, epochClock, journal.duplicates());
        // effects reach the sink only for committed seqs, in seq order: the collector's commit listener
        counters.termEffects(effects);
        final GatewayHops hops = counters.hops();
        hops.beginTerm(ctx.collectorCapacity(), ctx.replicaCount(), nanoClock);
        final CommitListener committed = null == effects ? (seq, replicaId, buffer, offset, length) -> hops.onCommitted(seq) :
            (seq, replicaId, buffer, offset, length) ->
            {
                hops.onCommitted(seq);
                effects.onCommitted(seq, replicaId, buffer, offset, length);
            };
        collector = new ResponseCollector(collectorSlots, ctx.durability(), epoch, ctx.gatewayId(), egress, committed,
            (replicaId, seq, majorityHash) -> replicas.repairOrder(replicaId, epoch, seq, majorityHash));
        commitSeq(collector::commitSeq);
        collector.startAfter(lastSeq);
        retransmits = new RetransmitService(journal.journal(), replay, ctx.replayBatch());
        snapshotRelay = new SnapshotRelay(replay, collector);
        heartbeatIntervalNs = ctx.heartbeatIntervalNs();
        queries = new QueryRouter(ctx.maxQueries(), ctx.replicaCount(), ctx.maxPayloadLength(), ctx.queryTimeoutNs(),
            this::readableSeq, replicas::query, egress::sendQueryAnswer);
        warmingDesk = new LeaderDesk(ctx, epoch, journal, sequencer, collector, egress, counters, queries, suspension, false);
        servingDesk = new LeaderDesk(ctx, epoch, journal, sequencer, collector, egress, counters, queries, suspension, true);
        egress.epoch(epoch);
        heartbeat(nowNs, lastSeq);
    }

    /**
     * Register the last seqs before the takeover with the collector and fetch their responses from a replica: a
     * client's resent request then gets its original answer, and the sink the effects its predecessor did not send.
     * New requests wait until this is done, so that effects reach the sink in seq order.
     *
     * @param warmReplicaId the voter to fetch the last responses from, 0 for none.
     * @return the warm-up, the object of LEADER_WARMUP; null when there is nothing to warm (straight to LEADER_ACTIVE).
     */
    TakeoverWarmup beginWarming(final int warmReplicaId, final long nowNs)
    {
        final long lastSeq = epochStartSeq - 1;
        final long warmFromSeq = Math.max(Math.max(1, journal.firstSeq()), lastSeq - ctx.takeoverWarmSeqs() + 1);
        if (0 == ctx.takeoverWarmSeqs() || lastSeq < warmFromSeq || 0 == warmReplicaId)
        {
            return null;
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
        return new TakeoverWarmup(this, ctx.gatewayId(), replicas::responseFetch, collector, warmFromSeq, lastSeq,
            warmReplicaId, nowNs + ctx.takeoverWarmTimeoutNs());
    }

    /**
     * Sequence the term's first entry: a marker of this epoch (client 0, correlation id the epoch, no payload) that
     * replicas journal and answer without the state machine. Entries of earlier epochs are committed only once an
     * entry of this epoch is on a majority (the collector's rule, Raft's): a majority that holds this epoch's entry
     * elects nobody whose last entry is older, so the seqs before it can be answered and their effects sent. Without
     * the marker, a takeover with no new request would hold its warm range uncommitted.
     */
    void markTermStart()
    {
        final long seq = sequencer.sequence(TERM_START_CLIENT_ID, SequencedPrincipal.ANONYMOUS, epoch, EMPTY, 0, 0);
        journal.onSequenced(epoch, seq);
        collector.onSequenced(seq, TERM_START_CLIENT_ID, epoch);
    }

    /**
     * Sequence a control entry (hedge admin snapshot, shutdown): shaped as a term marker, so that replicas journal,
     * answer and hash it as one and never pass it to the state machine ({@link ControlEntry}).
     *
     * @param code {@link ControlEntry#SNAPSHOT} or {@link ControlEntry#SNAPSHOT_AND_STOP}.
     * @return its seq, or 0 when the stream cannot take it now (a message pending, or the collector full): try again.
     */
    long sequenceControl(final long code)
    {
        if (sequencer.hasPending() || !collector.hasCapacity())
        {
            return 0;
        }
        final long seq = sequencer.sequence(ControlEntry.CLIENT_ID, SequencedPrincipal.ANONYMOUS, code, EMPTY, 0, 0);
        journal.onSequenced(epoch, seq);
        collector.onSequenced(seq, ControlEntry.CLIENT_ID, code);
        return seq;
    }

    /**
     * @return true when everything this gateway sequenced is published and committed, and every request answered
     * (the collector passed its last seq on in seq order, which it does only once each is answered or settled).
     */
    boolean drained()
    {
        return !sequencer.hasPending() && collector.notifiedSeq() >= sequencer.lastSeq();
    }

    /**
     * hedge admin switchover: tell the replicas and standbys, on the sequenced stream, that targetId takes over now,
     * and the target itself at its inbound endpoint.
     *
     * @param target the target's inbound endpoint, or null.
     * @return false when the stream pushed it back: try again.
     */
    boolean handover(final int targetId, final StreamOffer target)
    {
        if (!replicas.handover(epoch, targetId, sequencer.lastSeq()))
        {
            return false;
        }
        if (null != target)
        {
            replicas.handoverTo(target, epoch, targetId, sequencer.lastSeq()); // best effort: the stream's copy follows
        }
        return true;
    }

    /**
     * @return the last seq sequenced (published or pending).
     */
    long lastSeq()
    {
        return sequencer.lastSeq();
    }

    int doWork(final long nowNs)
    {
        final int retransmitted = retransmits.doWork();
        counters.onRetransmitted(retransmitted);
        int work = retransmitted;
        work += snapshotRelay.doWork(nowNs);
        counters.snapshotRelay(
            snapshotRelay.snapshotsRelayed(), snapshotRelay.bytesRelayed(), snapshotRelay.requestsWithoutDonor());
        work += heartbeat(nowNs, lastPublishedSeq());
        work += collector.doWork();
        work += queries.doWork(nowNs);
        if (null != effects)
        {
            work += effects.doWork(nowNs);
        }
        return work;
    }

    /**
     * The heartbeat, every interval; until the stream has taken the term's first one, at every duty cycle.
     */
    private int heartbeat(final long nowNs, final long lastPublishedSeq)
    {
        if (announced && nowNs - heartbeatDueNs < 0)
        {
            return 0;
        }
        final boolean sent = replicas.heartbeat(epoch, lastPublishedSeq, epochStartSeq, commitSeq.getAsLong(),
            journal.history(), epochClock.nanoTime());
        announced |= sent;
        heartbeatDueNs = nowNs + heartbeatIntervalNs;
        return 1;
    }

    /**
     * The sequencer's sink. Nothing of the term goes out before its first heartbeat has: a replica checks its
     * journal against the history that heartbeat carries before it applies anything of this epoch, so a Sequenced
     * message ahead of it would only be dropped. Until then the message waits as the sequencer's pending one.
     */
    private long offerSequenced(final DirectBuffer message, final int offset, final int length)
    {
        if (!announced)
        {
            announced = replicas.heartbeat(epoch, epochStartSeq - 1, epochStartSeq, commitSeq.getAsLong(),
                journal.history(), epochClock.nanoTime());
            if (!announced)
            {
                return Publication.BACK_PRESSURED;
            }
        }
        return replicas.offerSequenced(message, offset, length);
    }

    /**
     * @param commitSeq how far this term's stream is committed (a majority journaled it), carried in heartbeats;
     *                  0 until it is given.
     */
    void commitSeq(final LongSupplier commitSeq)
    {
        this.commitSeq = commitSeq;
    }

    /**
     * A replica showed it follows this term (a status in its epoch; responses of the term are counted here).
     */
    void onFollowedBy(final int replicaId, final long nowNs)
    {
        lease.onHeard(replicaId, nowNs);
    }

    /**
     * @return false when fewer than a majority of the configured replicas were heard within the lease: the term
     * must end.
     */
    boolean leaseHeld(final long nowNs)
    {
        return lease.held(nowNs);
    }

    String leaseLostReason(final long nowNs)
    {
        return "only " + lease.heardWithin(nowNs) + " of the " + lease.majority() + " replicas needed were heard in " +
            "epoch " + epoch + " within the lease of " + lease.leaseNs() / 1_000_000 + " ms";
    }

    boolean hasPending()
    {
        return sequencer.hasPending();
    }

    boolean publishPending()
    {
        if (sequencer.publishPending())
        {
            return true;
        }
        counters.onBackPressureRetry();
        return false;
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

    /**
     * @return every seq up to this one is journaled on a majority of the configured replicas, by this term's evidence.
     */
    long commitSeq()
    {
        return collector.commitSeq();
    }

    @Override
    public void onReplicaResponse(
        final long responseEpoch,
        final long seq,
        final int replicaId,
        final long stateHash,
        final int outcome,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int payloadOffset,
        final int payloadLength)
    {
        if (responseEpoch != epoch)
        {
            counters.onStaleEpochResponse();
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        lease.onHeard(replicaId, nowNs);
        counters.hops().onResponse(seq, replicaId, nowNs);
        collector.onResponse(
            seq, replicaId, stateHash, outcome, buffer, messageOffset, messageLength, payloadOffset, payloadLength);
    }

    /**
     * The query router's view of a replica: able to answer a query when heard within the heartbeat timeout, in a whole
     * state, and not divergent; it has applied at least what it last reported, and every seq it answered in this term.
     *
     * @return the seq it has applied at least, or -1 if it cannot answer now.
     */
    private long readableSeq(final int replicaId, final long nowNs)
    {
        final ReplicaStats stats = collector.knownReplica(replicaId);
        if (null == stats || stats.divergent() || 0 == stats.lastStatusNs() ||
            nowNs - stats.lastStatusNs() > ctx.heartbeatTimeoutNs())
        {
            return -1;
        }
        final ReplicaState state = stats.state();
        if (state != ReplicaState.LIVE && state != ReplicaState.HELD_AT_GAP)
        {
            return -1;
        }
        return Math.max(stats.appliedSeq(), stats.highestResponseSeq());
    }

    @Override
    public void onQueryAnswer(final long queryId, final int replicaId, final io.hedge.codecs.fabric.QueryStatus status,
        final long appliedSeq, final DirectBuffer payload, final int offset, final int length)
    {
        queries.onAnswer(queryId, replicaId, status, appliedSeq, payload, offset, length, nanoClock.nanoTime());
    }

    /**
     * LEADER_WARMUP: a response of the predecessor's last seqs, fetched by the {@link TakeoverWarmup}: its client is
     * answered once the seq is committed in this term.
     */
    void onFetchedResponse(
        final long seq,
        final int replicaId,
        final long stateHash,
        final int outcome,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int payloadOffset,
        final int payloadLength)
    {
        collector.onFetchedResponse(
            seq, replicaId, stateHash, outcome, buffer, messageOffset, messageLength, payloadOffset, payloadLength);
    }

    void onReplicaStatus(
        final int replicaId,
        final long statusEpoch,
        final ReplicaState state,
        final long appliedSeq,
        final long journaledSeq,
        final long matchedEpoch,
        final long stateHash,
        final long nowNs)
    {
        collector.onReplicaStatus(
            replicaId, statusEpoch, state, appliedSeq, journaledSeq, matchedEpoch, stateHash, nowNs);
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
        // a journal of term markers alone holds no state: an empty replica takes it by retransmit, at once
        final DuplicateTable duplicates = journal.duplicates();
        final boolean markersOnly =
            duplicates.clientCount() == (duplicates.highestCorrelationId(TERM_START_CLIENT_ID) > 0 ? 1 : 0);
        snapshotRelay.onRequest(requesterId, requestEpoch, nanoClock.nanoTime(), markersOnly ? 0 : lastPublishedSeq());
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

    @Override
    public void onEffectsReplay(final int replicaId, final long seq, final boolean complete,
        final long firstAvailableSeq, final DirectBuffer effectsBuffer, final int offset, final int length)
    {
        if (null != effects)
        {
            effects.onEffectsReplay(replicaId, seq, complete, firstAvailableSeq, effectsBuffer, offset, length);
        }
    }

    /**
     * A standby asks to follow. It cuts its own journal to where it agrees with this one, from the history tail of
     * this term's heartbeats (it knows its own history; the leader would only know its last entry); the answer only
     * caps it at what is published, since the stream goes on from there.
     */
    @Override
    public void onJoinRequest(final int standbyId, final long standbyLastSeq, final long standbyLastEpoch)
    {
        if (standbyLastEpoch > epoch)
        {
            return;
        }
        replicas.joinAccepted(standbyId, epoch, Math.min(standbyLastSeq, lastPublishedSeq()));
    }

    /**
     * The term is over (a step-down): stop the retransmits; nothing of it is used again (a warm-up under way is dropped
     * with it by the agent).
     */
    @Override
    public void close()
    {
        queries.abandonAll();
        CloseHelper.quietClose(retransmits);
    }
}
