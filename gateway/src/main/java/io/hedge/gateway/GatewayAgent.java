package io.hedge.gateway;

import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.gateway.auth.Authenticator;
import io.hedge.gateway.auth.Authenticators;
import io.hedge.gateway.auth.NoneAuthenticator;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.transport.FabricLimits;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * A gateway of the stream: its resources, its duty cycle, and its {@link GatewayState}, changed only by
 * {@link #state}. The work of each phase is an object that exists only in it: a {@link Follower} of the known leader
 * (JOINING, FOLLOWING), a {@link Candidacy} (CANDIDATE_PREVOTE, CANDIDATE_BALLOT, CANDIDATE_FILL), the
 * {@link TakeoverWarmup} of a new {@link LeaderTerm} (LEADER_WARMUP), the term itself (LEADER_ACTIVE), which lasts
 * while it holds its lease. The agent hears what may end a phase
 * ({@link LeadershipListener}: other gateways' heartbeats and join answers, replicas' status); at each change it
 * points the {@link PhaseRouter} (what only feeds a phase), the {@link ClientRouter} and the inbound
 * {@link TermListener} at the new phase. The takeover rule is in docs/FAILOVER.md. One thread; nothing on the
 * per-request path allocates, locks or logs.
 */
public final class GatewayAgent implements Agent, LeadershipListener
{
    /** The role a gateway plays, as the rest of the fabric sees it: a view of its {@link GatewayState}. */
    public enum Role
    {
        STANDBY, CANDIDATE, ACTIVE
    }

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAgent.class);

    private final GatewayContext ctx;
    private final int gatewayId;
    private final NanoClock nanoClock;
    private final GatewayJournal journal;
    private final GatewayIo io;
    private final EgressPublisher egress;
    private final ClientRouter clients;
    private final GatewayCounters counters = new GatewayCounters();
    private final AtomicCounter stateCounter;
    private final ReplicaLiveness replicas = new ReplicaLiveness();
    private final TermListener notLeading = TermListener.notLeading(counters);
    private final Leadership leadership;
    private final PhaseFactory phases;
    private final PhaseRouter router;
    private final Suspension suspension = new Suspension();
    private final AdminQueue adminQueue;
    private final AdminVerbs admin;

    private volatile GatewayState state = GatewayState.JOINING;
    private GatewayPhase phase;
    private volatile long epoch;
    private volatile boolean stoppedByAdmin;
    /** Until then a refused pre-vote is asked again at once: a handover's target may ask before the replicas heard it. */
    private long handoverStandUntilNs;
    /** The candidacy under way began on a handover: its predecessor answered everything, so there is nothing to warm. */
    private boolean standingOnHandover;

    /**
     * @param clientPublications opens the publication to a client's response channel.
     * @param ioFactory          opens the agent's other resources, given the listeners of its adapters.
     */
    GatewayAgent(
        final GatewayContext ctx,
        final ClientPublication.Opener clientPublications,
        final GatewayIo.Factory ioFactory,
        final NanoClock nanoClock,
        final EpochNanoClock epochClock)
    {
        this.ctx = ctx;
        // the ops agent offers what it receives on the ops port to this queue (OpsContext), so both share one
        adminQueue = ctx.ops().adminQueue();
        this.gatewayId = ctx.gatewayId();
        this.nanoClock = nanoClock;
        // before the journal opens: its rebuild tells the table who owns each client id it holds requests of
        final ClientOwnership ownership = new ClientOwnership(ctx.duplicateMaxClients());
        this.journal = GatewayJournal.open(ctx.journalDir(), ctx.duplicateWindow(), ctx.duplicateWindows(),
            ctx.duplicateMaxClients(), ownership, "gateway " + gatewayId);
        this.leadership = new Leadership(gatewayId, journal.lastEpoch());
        final Authenticator authenticator = null == ctx.authenticator() ?
            Authenticators.select(ctx.authenticatorName(), ctx.principalsFile()) : ctx.authenticator();
        if (authenticator instanceof NoneAuthenticator)
        {
            LOG.warn("gateway {}: {}", gatewayId, authenticator.describe());
        }
        else
        {
            LOG.info("gateway {}: {}", gatewayId, authenticator.describe());
        }
        final ClientSessions sessions = new ClientSessions(
            clientPublications, ctx.connectTimeoutNs(), ctx.sessionIdleTimeoutNs(), ctx.maxClients(), gatewayId,
            authenticator, ownership, ctx.securityCounters(), ctx.ingressChannel().startsWith("aeron:ipc"),
            ctx.securityCounters().malformedMessagesDropped());
        egress = new EgressPublisher(sessions);
        clients = new ClientRouter(sessions, egress, counters, nanoClock, leadership.notLeadingDesk(egress, counters),
            gatewayId, ctx.securityCounters());
        router = new PhaseRouter(gatewayId, leadership, counters, nanoClock);
        GatewayIo opened = null;
        try
        {
            opened = ioFactory.open(clients, router, notLeading, router, this);
        }
        finally
        {
            if (null == opened)
            {
                CloseHelper.closeAll(sessions, journal);
            }
        }
        io = opened;
        egress.dropCopy(io.dropCopy());
        stateCounter = io.stateCounter();
        phases = new PhaseFactory(
            ctx, journal, io, egress, counters, leadership, replicas, suspension, nanoClock, epochClock);
        admin = new AdminVerbs(gatewayId, ctx.replicaCount(), adminQueue, suspension, new AdminVerbs.Host()
        {
            public LeaderTerm servingTerm()
            {
                return state == GatewayState.LEADER_ACTIVE ? (LeaderTerm)phase : null;
            }

            public int activeGatewayId()
            {
                return state.isLeader() ? gatewayId : leadership.leaderId();
            }

            public long activeEpoch()
            {
                return state.isLeader() ? epoch : leadership.leaderEpoch();
            }

            public boolean isPeer(final int id)
            {
                return ctx.peers().stream().anyMatch(peer -> peer.gatewayId() == id);
            }

            public boolean handOver(final int targetId, final String reason)
            {
                if (!term().handover(targetId, io.peer(targetId)))
                {
                    return false;
                }
                stepDown(epoch, targetId, reason, nanoClock.nanoTime());
                return true;
            }

            public void stop(final String reason)
            {
                stoppedByAdmin = true;
                LOG.info("gateway {}: {}", gatewayId, reason);
                ctx.adminStopHandler().run();
            }
        });
        phase = phases.follower(nanoClock.nanoTime());
        router.enter(state, phase);
        stateCounter.setOrdered(state.code());
        LOG.info("gateway {}: journal {} holds seqs up to {} ({}); standing by with {} peer gateway(s) and {} replicas",
            gatewayId, ctx.journalDir(), journal.lastSeq(), journal.history(), ctx.peers().size(), ctx.replicaCount());
    }

    @Override
    public String roleName()
    {
        return "hedge-gateway-" + gatewayId;
    }

    @Override
    public int doWork()
    {
        final long nowNs = nanoClock.nanoTime();
        int work = 0;
        if (state.isLeader() && term().hasPending())
        {
            work += term().publishPending() ? 1 : 0;
        }
        work += io.pollInbound(ctx.fragmentLimit());
        switch (state)
        {
            case JOINING:
                work += follower().join(nowNs) + standIfLeaderSilent(nowNs);
                break;
            case FOLLOWING:
                // the stop first: standing replaces the follower
                work += follower().follow(nowNs) + stopIfLeaderStopped() + standIfLeaderSilent(nowNs);
                break;
            case CANDIDATE_PREVOTE:
                work += preVote(nowNs);
                break;
            case CANDIDATE_BALLOT:
                work += ballot(nowNs);
                break;
            case CANDIDATE_FILL:
                work += fill(nowNs);
                break;
            case LEADER_WARMUP:
                work += warmup().term().doWork(nowNs) + warmup().poll(nowNs);
                if (!checkLease(nowNs) && warmup().done())
                {
                    serve(nowNs);
                }
                break;
            case LEADER_ACTIVE:
                work += term().doWork(nowNs);
                checkLease(nowNs);
                break;
            default:
                break;
        }
        if (!state.isLeader() || !term().hasPending())
        {
            work += io.pollIngress(ctx.fragmentLimit());
        }
        work += clients.poll(nowNs);
        work += admin.doWork(nowNs);
        return work;
    }

    /**
     * The one place the state changes: logged once, with its reason, and shown in the state counter. A step-down and
     * a candidacy given up are warnings.
     */
    private void state(final GatewayState next, final long nowNs, final String reason)
    {
        final GatewayState previous = state;
        if (previous.isLeader() && !next.isLeader() || previous.isCandidate() && next.isStandby())
        {
            LOG.warn("gateway {}: {} -> {}: {}", gatewayId, previous, next, reason);
        }
        else
        {
            LOG.info("gateway {}: {} -> {}: {}", gatewayId, previous, next, reason);
        }
        state = next;
        router.enter(next, phase);
        stateCounter.setOrdered(next.code());
    }

    // ---- transitions

    /**
     * Stand by under the leader now known (leaderId, leaderEpoch; none when 0): every way back to standby.
     */
    private void standBy(final long nowNs, final String reason)
    {
        phase = phases.follower(nowNs);
        io.termListener(notLeading);
        clients.desk(leadership.notLeadingDesk(egress, counters));
        state(GatewayState.JOINING, nowNs, reason);
    }

    private int standIfLeaderSilent(final long nowNs)
    {
        if (stoppedByAdmin || !follower().leaderSilent(nowNs))
        {
            return 0; // a standby stopped by hedge admin shutdown never stands
        }
        final long candidateEpoch = leadership.nextCandidateEpoch(journal.lastEpoch());
        if (0 == candidateEpoch)
        {
            return 0; // the epochs reached their ceiling: no candidacy may raise them further (issue 14)
        }
        final String reason = follower().standReason(nowNs, candidateEpoch) + "; pre-vote first";
        standingOnHandover = false;
        counters.onElection();
        phase = phases.candidacy(candidateEpoch, nowNs);
        state(GatewayState.CANDIDATE_PREVOTE, nowNs, reason);
        return 1;
    }

    /**
     * hedge admin shutdown reaches a standby on its leader's stream: once it journaled the stop entry of the leader's
     * epoch it stands no more and runs the stop handler, as the leader and the replicas do.
     */
    private int stopIfLeaderStopped()
    {
        if (stoppedByAdmin || 0 == follower().stopSeq())
        {
            return 0;
        }
        stoppedByAdmin = true;
        LOG.info("gateway {}: hedge admin shutdown: gateway {} stopped the stream at seq {}; this standby stops too",
            gatewayId, leadership.leaderId(), follower().stopSeq());
        ctx.adminStopHandler().run();
        return 1;
    }

    /**
     * CANDIDATE_PREVOTE: on a majority of pre-grants the real ballot, for the same epoch; otherwise stand by again
     * with the epoch untouched (a pre-vote takes none), after the usual silence and stagger.
     */
    private int preVote(final long nowNs)
    {
        final int work = candidacy().requestVotes(nowNs);
        switch (candidacy().preVote(nowNs))
        {
            case GRANTED:
                final String reason = candidacy().preVotedReason(nowNs);
                candidacy().beginBallot(nowNs);
                state(GatewayState.CANDIDATE_BALLOT, nowNs, reason);
                return work + 1;

            case REFUSED:
            case GAVE_UP:
                if (standingOnHandover && nowNs - handoverStandUntilNs < 0 && !candidacy().ballotBegun())
                {
                    // a pre-vote takes no epoch: asking again costs the replicas one answer each
                    final String again = candidacy().refusedReason() + "; handed over to it: asking again";
                    phase = phases.candidacy(candidacy().epoch(), nowNs);
                    state(GatewayState.CANDIDATE_PREVOTE, nowNs, again);
                    return work + 1;
                }
                withdraw(nowNs, candidacy().refusedReason());
                return work + 1;

            default:
                return work;
        }
    }

    private int ballot(final long nowNs)
    {
        final int work = candidacy().requestVotes(nowNs);
        switch (candidacy().outcome(nowNs))
        {
            case WON:
                candidacy().beginFill(nowNs);
                state(GatewayState.CANDIDATE_FILL, nowNs, candidacy().wonReason(nowNs));
                return work + 1;

            case LOST:
                withdraw(nowNs, candidacy().lostReason());
                return work + 1;

            default:
                return work;
        }
    }

    private int fill(final long nowNs)
    {
        switch (candidacy().fill(nowNs))
        {
            case FILLED:
                lead(nowNs);
                return 1;

            case GAVE_UP:
                withdraw(nowNs, candidacy().gaveUpReason());
                return 1;

            default:
                return 0;
        }
    }

    /**
     * A candidacy ends without leading. Its epoch counts as taken only once its real ballot began (replicas may
     * have promised it); a pre-vote takes nothing.
     */
    private void withdraw(final long nowNs, final String reason)
    {
        if (candidacy().ballotBegun())
        {
            leadership.taken(candidacy().epoch());
        }
        standBy(nowNs, reason);
    }

    private void lead(final long nowNs)
    {
        final Candidacy won = candidacy();
        epoch = won.epoch();
        leadership.lead(epoch);
        final LeaderTerm term = phases.term(epoch, won.election().grantedMask(), nowNs);
        // after a handover every seq of the predecessor was committed and answered before it stepped down: no
        // responses to fetch for clients, and the sink's effects are caught up from the replicas as after any takeover
        final TakeoverWarmup warmup = standingOnHandover ? null :
            term.beginWarming(won.election().furthestVoter(-1), nowNs);
        standingOnHandover = false;
        term.markTermStart();
        phase = null == warmup ? term : warmup;
        io.termListener(term);
        final long standingNs = nowNs - won.election().startNs();
        counters.onTakeover(standingNs, term.collector());
        final String reason = "ACTIVE in epoch " + epoch + " from seq " + term.epochStartSeq() + " (" +
            TimeUnit.NANOSECONDS.toMillis(standingNs) + " ms after standing; " + won.seqsFilled() +
            " seqs filled from replica " + won.fillReplicaId() + ")";
        final boolean warming = null != warmup;
        clients.desk(warming ? term.warmingDesk() : term.servingDesk());
        state(warming ? GatewayState.LEADER_WARMUP : GatewayState.LEADER_ACTIVE, nowNs, reason);
        clients.announce();
    }

    /**
     * The warm-up is done: it is dropped, and its term serves new requests.
     */
    private void serve(final long nowNs)
    {
        final LeaderTerm term = warmup().term();
        phase = term;
        clients.desk(term.servingDesk());
        state(GatewayState.LEADER_ACTIVE, nowNs, "the predecessor's last responses are in");
    }

    /**
     * CheckQuorum: a term that has not heard a majority of the replicas in its epoch within the lease ends.
     *
     * @return true when it ended.
     */
    private boolean checkLease(final long nowNs)
    {
        final LeaderTerm term = term();
        if (term.leaseHeld(nowNs))
        {
            return false;
        }
        counters.onLeaseLost();
        stepDown(epoch, 0, term.leaseLostReason(nowNs), nowNs);
        return true;
    }

    private void stepDown(final long newEpoch, final int newLeaderId, final String why, final long nowNs)
    {
        counters.onStepDown();
        leadership.steppedDown(newEpoch, newLeaderId);
        term().close();
        admin.onTermEnded();
        standBy(nowNs, "stepping down from epoch " + epoch + ": " + why +
            "; nothing it sequenced after the new epoch began will be applied");
        clients.announce();
    }

    // the object of the current phase, as the state says it is
    private Follower follower()
    {
        return (Follower)phase;
    }

    private Candidacy candidacy()
    {
        return (Candidacy)phase;
    }

    private TakeoverWarmup warmup()
    {
        return (TakeoverWarmup)phase;
    }

    private LeaderTerm term()
    {
        return state == GatewayState.LEADER_WARMUP ? warmup().term() : (LeaderTerm)phase;
    }

    // ---- other gateways

    @Override
    public void onPeerHeartbeat(
        final int peerId,
        final long peerEpoch,
        final long lastSeq,
        final long epochStartSeq,
        final long[] historyEpochs,
        final long[] historyStarts,
        final int historyCount)
    {
        if (peerEpoch <= 0)
        {
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        if (state.isLeader())
        {
            if (peerEpoch > epoch)
            {
                stepDown(peerEpoch, peerId, "gateway " + peerId + " is active in epoch " + peerEpoch, nowNs);
                follower().onLeaderHeartbeat(lastSeq, historyEpochs, historyStarts, historyCount, nowNs);
            }
            return;
        }
        if (leadership.olderThanLeader(peerEpoch))
        {
            return;
        }
        if (state.isCandidate())
        {
            // a gateway leads an epoch at least as new as the one we stood against: it is alive, or it is newer
            if (candidacy().ballotBegun())
            {
                leadership.taken(candidacy().epoch());
            }
            leadership.follow(peerId, peerEpoch);
            standBy(nowNs, "gateway " + peerId + " is active in epoch " + peerEpoch + "; candidacy for epoch " +
                candidacy().epoch() + " withdrawn");
        }
        else if (leadership.follow(peerId, peerEpoch))
        {
            standBy(nowNs, "following gateway " + peerId + " in epoch " + peerEpoch + " (its epoch began at seq " +
                epochStartSeq + ")");
        }
        follower().onLeaderHeartbeat(lastSeq, historyEpochs, historyStarts, historyCount, nowNs);
    }

    @Override
    public void onJoinAccepted(final int peerId, final int targetId, final long acceptedEpoch, final long validSeq)
    {
        if (state == GatewayState.JOINING && follower().isAnswer(peerId, targetId, acceptedEpoch))
        {
            follower().onJoinAccepted(validSeq);
            state(GatewayState.FOLLOWING, nanoClock.nanoTime(), "joined gateway " + peerId + " in epoch " +
                acceptedEpoch + " as a standby at seq " + journal.lastSeq());
        }
    }

    // ---- replicas, at the inbound endpoint (what serves a term goes to the term itself)

    @Override
    public void onReplicaStatus(
        final int replicaId, final long replicaEpoch, final ReplicaState replicaState, final long appliedSeq,
        final long journaledSeq, final long matchedEpoch, final long stateHash)
    {
        if (!FabricLimits.isReplicaId(replicaId))
        {
            counters.onUnreadable();
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        replicas.onStatus(replicaId, nowNs);
        if (state.isLeader())
        {
            // one replica's newer promise does not depose this term: the lease does, when a majority stop
            // following it; a gateway heard leading a newer epoch does at once
            if (replicaEpoch == epoch)
            {
                term().onFollowedBy(replicaId, nowNs);
            }
            if (replicaEpoch <= epoch)
            {
                term().onReplicaStatus(
                    replicaId, replicaEpoch, replicaState, appliedSeq, journaledSeq, matchedEpoch, stateHash, nowNs);
            }
        }
        else
        {
            // a promise is an epoch taken: a later candidacy must stand above it (pre-vote refusals name none)
            leadership.taken(replicaEpoch);
        }
    }

    /**
     * hedge admin switchover: the leader handed over to this gateway, which stands at once (pre-vote first, as ever);
     * the replicas that follow the leader grant it without waiting for the leader's silence. A standby whose journal
     * is behind the handover's seq (its copy of the stream is best effort) is refused as behind and catches up from
     * a voter, as any candidate does, before the real vote.
     */
    @Override
    public void onHandover(final int peerId, final long handoverEpoch, final int targetId, final long lastSeq)
    {
        if (targetId != gatewayId || !state.isStandby() || peerId != leadership.leaderId() ||
            handoverEpoch != leadership.leaderEpoch())
        {
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        final long candidateEpoch = leadership.nextCandidateEpoch(journal.lastEpoch());
        if (0 == candidateEpoch)
        {
            return;
        }
        handoverStandUntilNs = nowNs + ctx.heartbeatTimeoutNs();
        standingOnHandover = true;
        phase = phases.candidacy(candidateEpoch, nowNs);
        state(GatewayState.CANDIDATE_PREVOTE, nowNs, "gateway " + peerId + " handed over in epoch " + handoverEpoch +
            " at seq " + lastSeq + " (hedge admin switchover); standing for epoch " + candidateEpoch +
            " with journal at seq " + journal.lastSeq() + ", pre-vote first" +
            (journal.lastSeq() < lastSeq ? " (refused as behind, it catches up from a voter)" : ""));
    }

    @Override
    public void onReplicaSnapshot(final int replicaId, final long lastSnapshotSeq)
    {
        admin.onReplicaSnapshot(replicaId, lastSnapshotSeq);
    }

    // ---- what other threads may read

    /**
     * @return where the ops agent hands admin verbs to this gateway ({@code GatewayContext.ops().adminQueue()});
     * taken every duty cycle.
     */
    public AdminQueue adminQueue()
    {
        return adminQueue;
    }

    /**
     * @return true while hedge admin suspend is in force: new requests are answered SUSPENDED.
     */
    public boolean suspended()
    {
        return suspension.suspended();
    }

    /**
     * @return true once hedge admin shutdown is done on this gateway (as the active one: the replicas told to stop and
     * the answer sent; as a standby: the stop entry journaled): it has run its admin stop handler, and stands no more.
     */
    public boolean stoppedByAdmin()
    {
        return stoppedByAdmin;
    }

    public GatewayState state()
    {
        return state;
    }

    public Role role()
    {
        return state.role();
    }

    /**
     * @return the epoch this gateway is, or was last, active in; 0 if never.
     */
    public long epoch()
    {
        return epoch;
    }

    public int gatewayId()
    {
        return gatewayId;
    }

    /**
     * @return which principal owns each client id, as this gateway knows it (tests).
     */
    ClientOwnership clientOwnership()
    {
        return clients.sessions().ownership();
    }

    /**
     * @return the last seq in this gateway's journal (sequenced by it, or followed as a standby).
     */
    public long lastSeq()
    {
        return journal.lastSeq();
    }

    /**
     * @return client sessions open (on the agent thread: its report).
     */
    int clientCount()
    {
        return clients.sessions().size();
    }

    public GatewayCounters counters()
    {
        return counters;
    }

    public long duplicatesSeen()
    {
        return counters.duplicatesSeen();
    }

    public long retransmittedMessages()
    {
        return counters.retransmittedMessages();
    }

    public long snapshotsRelayed()
    {
        return counters.snapshotsRelayed();
    }

    public long snapshotBytesRelayed()
    {
        return counters.snapshotBytesRelayed();
    }

    public long egressDropped()
    {
        return egress.dropped();
    }

    @Override
    public void onClose()
    {
        if (state.isLeader())
        {
            term().close();
        }
        CloseHelper.closeAll(clients, io, journal);
    }
}
