package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.journal.SequencedJournal;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.function.Function;

/**
 * One replica: takes the sequenced stream in order, journals each request, applies it to the state machine, folds
 * the response into the rolling state hash and sends it to the gateway it follows. It never applies out of order: a
 * seq beyond the next one is a gap, which holds the replica where it is until the gateway has retransmitted what is
 * missing ({@link GapRepair}).
 * <p>
 * The agent owns the resources and the duty cycle and holds the replica's {@link ReplicaState}, changed only through
 * {@link #state(ReplicaState, long, String)}: STARTING (recovered by {@link ReplicaRecovery}, not yet on the stream),
 * then BOOTSTRAPPING (an empty directory fetching a live peer's snapshot, {@link PeerBootstrap}) or LIVE; LIVE and
 * HELD_AT_GAP alternate; REPAIRING (its journal holds what the leader it follows does not, {@link LogMatcher}) cuts
 * the journal back and rebuilds the state within one duty cycle ({@link ReplicaRepair}), then LIVE again, or
 * BOOTSTRAPPING when it set everything aside; STOPPED (the agent closed) is final. DIVERGED is no longer entered: no
 * state needs a human. A request the state machine throws on is rejected alike on every replica, which goes on
 * ({@link RequestApplier}); a journal that cannot be written ends the process
 * ({@link io.hedge.journal.JournalWriteException}). Elections are the {@link EpochVoter}'s; donating a snapshot to a
 * peer is the {@link SnapshotDonor}'s, and any replica can be a donor while it keeps serving live traffic.
 */
public final class ReplicaAgent implements Agent, GatewayListener
{
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaAgent.class);
    private static final String CLOSED = "closed";
    /** After a shutdown's snapshot, statuses go on this long (the gateway learns of it) before the replica stops. */
    static final long ADMIN_STOP_LINGER_NS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);

    private final ReplicaContext ctx;
    private final NanoClock nanoClock;
    private final AtomicCounter stateCounter;
    private final ReplicaCounters counters = new ReplicaCounters();
    private final ReplicaResources resources;
    private final SequencedJournal journal;
    private final SnapshotWriter snapshots;
    private final GatewayTransport transport;
    private final GatewayPublisher publisher;
    private final EpochVoter voter;
    private final GapRepair gapRepair;
    private final SnapshotDonor donor;
    private final TakeoverFetches fetches;
    private final RequestApplier applier;
    private final LeaderMatching leaderMatching;
    private final QueryServer queries;
    private PeerBootstrap bootstrap;
    private volatile ReplicaState state = ReplicaState.STARTING;
    private long stateChangeNs;
    private long nextStatusNs;
    /** Set by a control entry of hedge admin shutdown: nothing more is taken from the stream, no vote is given. */
    private boolean stopping;
    private long stopAtNs;
    private volatile boolean stoppedByAdmin;

    /**
     * Recover the replica's state (snapshot, journal, promise) and link it to the gateways: {@link ReplicaResources}.
     *
     * @param ctx              its settings, concluded.
     * @param nanoClock        its clock.
     * @param stateCounter     where its state's code is published; closed with the agent.
     * @param transportFactory links it to the gateways, given the listener their messages go to.
     */
    ReplicaAgent(
        final ReplicaContext ctx,
        final NanoClock nanoClock,
        final AtomicCounter stateCounter,
        final Function<GatewayListener, GatewayTransport> transportFactory)
    {
        this.ctx = ctx;
        this.nanoClock = nanoClock;
        this.stateCounter = stateCounter;
        try
        {
            resources = ReplicaResources.open(ctx, counters, transportFactory, this);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.close(stateCounter);
            throw ex;
        }
        journal = resources.journal;
        snapshots = resources.snapshots;
        transport = resources.transport;
        publisher = resources.publisher;
        voter = resources.voter;
        gapRepair = resources.gapRepair;
        donor = resources.donor;
        fetches = resources.fetches;
        applier = resources.applier;
        leaderMatching = new LeaderMatching(ctx.replicaId(), ctx.site(), resources, counters,
            ctx.stateMachineSupplier(), new LeaderMatching.Transitions()
            {
                public ReplicaState state()
                {
                    return state;
                }

                public void state(final ReplicaState next, final long nowNs, final String reason)
                {
                    ReplicaAgent.this.state(next, nowNs, reason);
                }

                public long nowNs()
                {
                    return nanoClock.nanoTime();
                }

                public void rejoinEmpty(final long nowNs)
                {
                    join(nowNs, ctx.bootstrapFromPeer());
                }
            });
        queries = new QueryServer(ctx.replicaId(), ctx.queryBudget(), Math.max(ctx.maxResponseLength(), 16 * 1024),
            (gatewayId, buffer, offset, length) ->
            {
                final int index = transport.indexOf(gatewayId);
                return index < 0 ? io.aeron.Publication.NOT_CONNECTED : transport.offer(index, buffer, offset, length);
            });
        stateChangeNs = nanoClock.nanoTime();
        voter.started(stateChangeNs);
        stateCounter.setRelease(state.value());
    }

    /**
     * The one place the replica's state changes: published in its counter and logged once, with why.
     */
    void state(final ReplicaState next, final long nowNs, final String reason)
    {
        final ReplicaState previous = state;
        if (next == previous)
        {
            return;
        }
        state = next;
        stateCounter.setRelease(next.value());
        final long inPreviousMs = (nowNs - stateChangeNs) / 1_000_000;
        stateChangeNs = nowNs;
        // as loud as the change: a gap is a warning, a replica that can no longer serve an error
        final Level level = next == ReplicaState.HELD_AT_GAP || next == ReplicaState.REPAIRING ? Level.WARN :
            next == ReplicaState.STOPPED && !CLOSED.equals(reason) ? Level.ERROR : Level.INFO;
        LOG.atLevel(level).log("replica {} (site {}): {} -> {} after {} ms: {}", ctx.replicaId(), ctx.site(), previous,
            next, inPreviousMs, reason);
    }

    @Override
    public String roleName()
    {
        return "hedge-replica-" + ctx.site();
    }

    @Override
    public int doWork()
    {
        int work = 0;
        queries.newCycle();
        if (state == ReplicaState.STARTING && transport.anySequencedConnected())
        {
            join(nanoClock.nanoTime());
        }
        if (state != ReplicaState.STOPPED && publisher.retry() && !stopping)
        {
            work += transport.poll(ctx.fragmentLimit());
        }
        work += fetches.doWork();
        work += resources.effectsFetch.doWork();
        // the snapshot carries the epoch of its last entry: the requester matches its journal at that seq with it
        work += donor.doWork(
            state, applier.stateMachine(), applier.appliedSeq(), applier.entryEpoch(), applier.stateHash());
        if (state != ReplicaState.STOPPED && snapshots.takeRequest())
        {
            applier.writeSnapshot();
            work++;
        }
        final long nowNs = nanoClock.nanoTime();
        if (state == ReplicaState.BOOTSTRAPPING)
        {
            final int leaderId = voter.leaderId();
            work += bootstrap.doWork(nowNs, 0 != leaderId && transport.replayConnected(leaderId), voter.epoch());
            if (bootstrap.done())
            {
                endBootstrap(nowNs);
            }
        }
        if (state == ReplicaState.HELD_AT_GAP)
        {
            work += gapRepair.onTimer(applier.appliedSeq(), nowNs);
        }
        if (nowNs - nextStatusNs >= 0)
        {
            publisher.sendStatus(ctx.replicaId(), voter.epoch(), applier.appliedSeq(), journal.lastSeq(),
                applier.stateHash(), state, gapRepair.heldSeq(), leaderMatching.matchedEpoch(),
                leaderMatching.lastEntryEpoch(), snapshots.lastSnapshotSeq());
            nextStatusNs = nowNs + ctx.statusIntervalNs();
            work++;
        }
        if (stopping && 0 != stopAtNs && nowNs - stopAtNs >= 0)
        {
            stopAtNs = 0;
            stoppedByAdmin = true;
            LOG.info("replica {} (site {}): stopped by hedge admin shutdown at seq {}, its snapshot written; a " +
                "restart replays nothing", ctx.replicaId(), ctx.site(), applier.appliedSeq());
            ctx.adminStopHandler().run();
            work++;
        }
        return work;
    }

    /**
     * A control entry of hedge admin shutdown, in the epoch this replica follows, is applied and its snapshot
     * written: take nothing more from the stream, tell the gateways at once, and stop after a short linger. An older
     * epoch's (a replica catching up after a restart) is only a snapshot.
     */
    private void beginStop(final long seq, final long nowNs)
    {
        stopping = true;
        stopAtNs = nowNs + ADMIN_STOP_LINGER_NS;
        nextStatusNs = nowNs;
        LOG.info("replica {} (site {}): hedge admin shutdown at seq {}: snapshot written, taking nothing more",
            ctx.replicaId(), ctx.site(), seq);
    }

    /**
     * Joined the sequenced stream: from here on every message the gateway publishes reaches this replica.
     */
    private void join(final long nowNs)
    {
        join(nowNs, resources.bootstrapOnJoin);
    }

    /**
     * On the stream: bootstrap from a peer (an empty replica), or live from the seq after the one applied.
     */
    private void join(final long nowNs, final boolean bootstrapFromPeer)
    {
        if (bootstrapFromPeer)
        {
            bootstrap = new PeerBootstrap(ctx.replicaId(), ctx.site(), ctx.bootstrapRetryIntervalNs(),
                ctx.bootstrapTimeoutNs(), ctx.stateMachineSupplier(), snapshots, publisher, nowNs);
            state(ReplicaState.BOOTSTRAPPING, nowNs,
                "joined the sequenced stream with an empty directory: bootstrapping from a live peer's snapshot");
        }
        else
        {
            state(ReplicaState.LIVE, nowNs, "joined the sequenced stream at seq " + applier.appliedSeq());
        }
    }

    @Override
    public Action onSequenced(
        final int gatewayId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long messageEpoch,
        final long seq,
        final long timestampNs,
        final long clientId,
        final long correlationId,
        final int payloadOffset,
        final int payloadLength)
    {
        final ReplicaState state = this.state;
        if (publisher.hasPending() || state == ReplicaState.STOPPED || stopping)
        {
            return Action.ABORT;
        }
        if (state == ReplicaState.BOOTSTRAPPING)
        {
            bootstrap.onLiveMessageLetGo();
            return Action.CONTINUE;
        }
        if (!voter.follows(gatewayId, messageEpoch))
        {
            // from a gateway this replica does not follow: a stale active one, or a new one not yet heard to lead
            counters.staleEpochMessage();
            return Action.CONTINUE;
        }
        if (!leaderMatching.matchedWithLeader())
        {
            // its journal is not yet known to agree with this leader's: gap repair fetches these once it is matched
            return Action.CONTINUE;
        }
        final long appliedSeq = applier.appliedSeq();
        if (seq <= appliedSeq)
        {
            counters.duplicateIgnored();
        }
        else if (seq != appliedSeq + 1)
        {
            final long nowNs = nanoClock.nanoTime();
            if (gapRepair.onGap(seq, appliedSeq, nowNs))
            {
                state(ReplicaState.HELD_AT_GAP, nowNs, gapRepair.openedReason());
            }
        }
        else if (!leaderMatching.agrees(messageEpoch, seq))
        {
            return Action.CONTINUE; // contradicts the leader's history: never journaled (rule 2)
        }
        else
        {
            // a request the state machine throws on is rejected alike on every replica, which goes on (rule 9)
            final boolean stop = applier.apply(buffer, offset, length, voter.epoch(), seq, timestampNs, clientId,
                correlationId, payloadOffset, payloadLength);
            voter.onJournaled(messageEpoch);
            if (stop && messageEpoch == voter.epoch())
            {
                beginStop(seq, nanoClock.nanoTime());
                return Action.BREAK;
            }
            if (state == ReplicaState.HELD_AT_GAP)
            {
                final long nowNs = nanoClock.nanoTime();
                if (gapRepair.onApplied(seq, nowNs))
                {
                    state(ReplicaState.LIVE, nowNs, gapRepair.repairedReason(nowNs));
                }
            }
        }
        return Action.CONTINUE;
    }

    @Override
    public void onHeartbeat(
        final int gatewayId,
        final long heartbeatEpoch,
        final long lastSeq,
        final long epochStartSeq,
        final long[] historyEpochs,
        final long[] historyStarts,
        final int historyCount)
    {
        final long nowNs = nanoClock.nanoTime();
        if (voter.onHeartbeat(gatewayId, heartbeatEpoch, epochStartSeq, nowNs) != EpochVoter.Heard.FROM_LEADER ||
            state == ReplicaState.STOPPED)
        {
            return;
        }
        leaderMatching.onLeaderHeartbeat(gatewayId, heartbeatEpoch, lastSeq, epochStartSeq, historyEpochs,
            historyStarts, historyCount, nowNs);
    }

    @Override
    public void onRepairOrder(
        final int fromGatewayId,
        final int gatewayId,
        final int replicaId,
        final long orderEpoch,
        final long seq,
        final long majorityHash)
    {
        leaderMatching.onRepairOrder(
            fromGatewayId, gatewayId, replicaId, orderEpoch, seq, majorityHash, nanoClock.nanoTime());
    }

    @Override
    public void onHandover(final int fromGatewayId, final long epoch, final int targetId)
    {
        voter.onHandover(fromGatewayId, epoch, targetId);
    }

    @Override
    public void onVoteRequest(
        final int gatewayId,
        final int candidateId,
        final long requestEpoch,
        final long lastSeq,
        final long lastEpoch,
        final boolean preVote)
    {
        // a bootstrapping replica votes too (it reports journaled seq 0): a fresh stream's replicas all bootstrap,
        // and need an elected gateway to relay their snapshots
        final boolean able = state != ReplicaState.STOPPED && state != ReplicaState.REPAIRING && !stopping;
        voter.onVoteRequest(gatewayId, candidateId, requestEpoch, lastSeq, lastEpoch, preVote, able,
            nanoClock.nanoTime());
    }

    @Override
    public void onJournalFetch(
        final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
    {
        fetches.onJournalFetch(fromGatewayId, gatewayId, replicaId, fromSeq, toSeq);
    }

    @Override
    public void onResponseFetch(
        final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
    {
        fetches.onResponseFetch(fromGatewayId, gatewayId, replicaId, fromSeq, toSeq);
    }

    /**
     * Served to any gateway that asks for itself, leader or not: a newly active gateway may ask before this replica
     * has heard its heartbeat, and the effects of applied seqs are the same whoever asks.
     */
    @Override
    public void onEffectsFetch(
        final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
    {
        if (replicaId == ctx.replicaId() && gatewayId == fromGatewayId && state != ReplicaState.STOPPED)
        {
            resources.effectsFetch.start(publisher.sinkTo(gatewayId), fromSeq, toSeq);
        }
    }

    @Override
    public void onSnapshotRequest(final int gatewayId, final int requesterId, final long requestEpoch, final int donorId)
    {
        if (!voter.isLeader(gatewayId))
        {
            return;
        }
        if (donorId == ctx.replicaId() && requesterId != ctx.replicaId())
        {
            donor.onRequest(requesterId);
        }
        else if (0 == donorId && requesterId == ctx.replicaId() && state == ReplicaState.BOOTSTRAPPING &&
            bootstrap.onNoDonor())
        {
            endBootstrap(nanoClock.nanoTime());
        }
    }

    /**
     * Answered from the applied state only for the gateway this replica follows, only once its journal is known to
     * agree with that gateway's history, and only while its state is whole (LIVE, or held at a gap: everything up to
     * the applied seq is applied); otherwise NOT_YET.
     */
    @Override
    public Action onQuery(
        final int fromGatewayId,
        final int replicaId,
        final long token,
        final long minSeq,
        final DirectBuffer buffer,
        final int payloadOffset,
        final int payloadLength)
    {
        final ReplicaState state = this.state;
        final boolean serving = voter.isLeader(fromGatewayId) && leaderMatching.matchedWithLeader() &&
            (state == ReplicaState.LIVE || state == ReplicaState.HELD_AT_GAP);
        return queries.onQuery(fromGatewayId, replicaId, token, minSeq, buffer, payloadOffset, payloadLength, serving,
            applier.appliedSeq(), applier.stateMachine());
    }

    @Override
    public boolean wantsChunk(final int gatewayId, final int requesterId)
    {
        return voter.isLeader(gatewayId) && requesterId == ctx.replicaId() && state == ReplicaState.BOOTSTRAPPING;
    }

    @Override
    public void onSnapshotChunk(
        final int donorId,
        final long seq,
        final long chunkEpoch,
        final long rollingStateHash,
        final long fullStateHash,
        final int totalLength,
        final int chunkOffset,
        final DirectBuffer buffer,
        final int dataOffset,
        final int dataLength)
    {
        if (state != ReplicaState.BOOTSTRAPPING)
        {
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        if (bootstrap.onSnapshotChunk(donorId, seq, chunkEpoch, rollingStateHash, fullStateHash, totalLength,
            chunkOffset, buffer, dataOffset, dataLength, nowNs))
        {
            endBootstrap(nowNs);
        }
    }

    @Override
    public void onUnreadableMessage()
    {
        counters.unreadableMessage();
    }

    /**
     * The bootstrap is over: take the peer's state if it installed one (its journal starts after the snapshot) and go
     * live; gap repair fetches what follows.
     */
    private void endBootstrap(final long nowNs)
    {
        final PeerBootstrap ended = bootstrap;
        bootstrap = null;
        final StateMachine installed = ended.installed();
        if (null != installed)
        {
            applier.install(installed, ended.seq(), ended.epoch(), ended.rollingStateHash());
            voter.raiseEpoch(ended.epoch());
            gapRepair.restartHeartbeatCheck();
            counters.bootstrappedAt(ended.seq());
        }
        // the snapshot was taken under the leader last heard (it relayed it): matched in its epoch
        leaderMatching.onBootstrapped();
        state(ReplicaState.LIVE, nowNs, ended.outcome());
    }

    /** Ask for a snapshot at the next seq boundary the agent reaches; safe from any thread. */
    public void requestSnapshot()
    {
        snapshots.request();
    }

    /** @return the seq of the last snapshot written or loaded, 0 if none. */
    public long lastSnapshotSeq()
    {
        return snapshots.lastSnapshotSeq();
    }

    /** @return true once hedge admin shutdown stopped this replica (its snapshot written, its stop handler run). */
    public boolean stoppedByAdmin()
    {
        return stoppedByAdmin;
    }

    /** @return seqs the recovery at start replayed from the journal after the snapshot it loaded. */
    public long replayedAtStart()
    {
        return resources.replayedAtStart;
    }

    /** @return the seq of the peer snapshot this replica bootstrapped from, 0 if it did not. */
    public long bootstrapSnapshotSeq()
    {
        return counters.bootstrapSnapshotSeq();
    }

    /** @return snapshots this replica sent to bootstrapping peers. */
    public long snapshotsDonated()
    {
        return donor.transfersDonated();
    }

    /** @return the gateway this replica follows, 0 if none yet. */
    public int leaderId()
    {
        return voter.leaderId();
    }

    /** @return the highest epoch this replica has promised. */
    public long epoch()
    {
        return voter.epoch();
    }

    public int replicaId()
    {
        return ctx.replicaId();
    }

    public String site()
    {
        return ctx.site();
    }

    public long appliedSeq()
    {
        return applier.appliedSeq();
    }

    public long stateHash()
    {
        return applier.stateHash();
    }

    public ReplicaState state()
    {
        return state;
    }

    public long gapsRepaired()
    {
        return counters.gapsRepaired();
    }

    public long gapsDetected()
    {
        return counters.gapsDetected();
    }

    public long unreadableMessages()
    {
        return counters.unreadableMessages();
    }

    /** @return the epoch whose leader's history this replica's journal is matched with, 0 if none. */
    public long matchedEpoch()
    {
        return leaderMatching.matchedEpoch();
    }

    /** @return what this replica counts: votes, gaps, duplicates, stale and unreadable messages. */
    /**
     * @return what the agent runs on: for its report, on the agent thread.
     */
    ReplicaResources resources()
    {
        return resources;
    }

    public ReplicaCounters counters()
    {
        return counters;
    }

    /** @return the state machine; read it only when the agent is stopped. */
    public StateMachine stateMachine()
    {
        return applier.stateMachine();
    }

    @Override
    public void onClose()
    {
        state(ReplicaState.STOPPED, nanoClock.nanoTime(), CLOSED);
        CloseHelper.closeAll(resources, stateCounter);
    }
}
