package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.transport.FabricLimits;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A gateway of the stream: its resources, its duty cycle, and its {@link GatewayState}, changed only by
 * {@link #state}. The work of each phase is an object that exists only in it: a {@link Follower} of the known leader
 * (JOINING, FOLLOWING), a {@link Candidacy} (CANDIDATE_BALLOT, CANDIDATE_FILL), a {@link LeaderTerm} (LEADER_WARMUP,
 * LEADER_ACTIVE). The agent hears the adapters as their listener and hands each message to the phase it concerns;
 * the takeover rule is in docs/FAILOVER.md. One thread; nothing on the per-request path allocates, locks or logs.
 */
public final class GatewayAgent implements Agent, IngressListener, ReplicaListener, PeerListener
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
    private final EpochNanoClock epochClock;
    private final GatewayJournal journal;
    private final GatewayIo io;
    private final ClientSessions sessions;
    private final EgressPublisher egress;
    private final ControlPublisher control = new ControlPublisher();
    private final GatewayCounters counters = new GatewayCounters();
    private final AtomicCounter stateCounter;
    private final ClientSessions.ConnectedNotifier connectedNotifier = this::onSessionEstablished;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
    private final int[] gatewayOrder;
    private final long[] replicaStatusNs = new long[FabricLimits.MAX_REPLICAS];

    private volatile GatewayState state = GatewayState.JOINING;
    private Follower follower;
    private Candidacy candidacy;
    private LeaderTerm term;

    private volatile long epoch;
    private long highestEpoch;
    private int leaderId;
    private long leaderEpoch;
    private long stepDownEpoch;

    GatewayAgent(final GatewayContext ctx, final Aeron aeron, final NanoClock nanoClock, final EpochNanoClock epochClock)
    {
        this(ctx, agent -> AeronGatewayIo.open(ctx, aeron, agent), nanoClock, epochClock);
    }

    /**
     * @param ioFactory opens the agent's resources, given the agent as the adapters' listener.
     */
    GatewayAgent(
        final GatewayContext ctx,
        final Function<GatewayAgent, GatewayIo> ioFactory,
        final NanoClock nanoClock,
        final EpochNanoClock epochClock)
    {
        this.ctx = ctx;
        this.gatewayId = ctx.gatewayId();
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.journal = GatewayJournal.open(ctx.journalDir(), ctx.duplicateWindow(), "gateway " + gatewayId);
        GatewayIo opened = null;
        try
        {
            opened = ioFactory.apply(this);
        }
        finally
        {
            if (null == opened)
            {
                journal.close();
            }
        }
        io = opened;
        sessions = io.sessions();
        egress = new EgressPublisher(sessions);
        stateCounter = io.stateCounter();
        gatewayOrder = new int[ctx.peers().size() + 1];
        gatewayOrder[0] = gatewayId;
        for (int i = 0; i < ctx.peers().size(); i++)
        {
            gatewayOrder[i + 1] = ctx.peers().get(i).gatewayId();
        }
        Arrays.sort(gatewayOrder);
        highestEpoch = journal.lastEpoch();
        follower = newFollower(nanoClock.nanoTime());
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
        if (state.isLeader() && term.hasPending())
        {
            work += term.publishPending() ? 1 : 0;
        }
        work += io.pollInbound(ctx.fragmentLimit());
        switch (state)
        {
            case JOINING:
                work += follower.join(nowNs) + standIfLeaderSilent(nowNs);
                break;
            case FOLLOWING:
                work += follower.follow(nowNs) + standIfLeaderSilent(nowNs);
                break;
            case CANDIDATE_BALLOT:
                work += ballot(nowNs);
                break;
            case CANDIDATE_FILL:
                work += fill(nowNs);
                break;
            case LEADER_WARMUP:
                work += term.doWork(nowNs) + term.warm(nowNs);
                if (!term.warming())
                {
                    state(GatewayState.LEADER_ACTIVE, nowNs, "the predecessor's last responses are in");
                }
                break;
            case LEADER_ACTIVE:
                work += term.doWork(nowNs);
                break;
            default:
                break;
        }
        if (!state.isLeader() || !term.hasPending())
        {
            work += io.pollIngress(ctx.fragmentLimit());
        }
        work += sessions.poll(nowNs, connectedNotifier);
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
        stateCounter.setOrdered(next.code());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transitions
    // ---------------------------------------------------------------------------------------------------------------

    private Follower newFollower(final long nowNs)
    {
        final long standAfterNs = ctx.peers().isEmpty() && 0 == leaderId ? 0 :
            ctx.heartbeatTimeoutNs() + Follower.rank(gatewayOrder, gatewayId, leaderId) * ctx.candidateStaggerNs();
        return new Follower(gatewayId, leaderId, leaderEpoch, journal, control,
            0 == leaderId ? null : io.peer(leaderId), standAfterNs, nowNs);
    }

    /**
     * Stand by under the leader now known (leaderId, leaderEpoch; none when 0): every way back to standby.
     */
    private void standBy(final long nowNs, final String reason)
    {
        candidacy = null;
        term = null;
        follower = newFollower(nowNs);
        state(GatewayState.JOINING, nowNs, reason);
    }

    private int standIfLeaderSilent(final long nowNs)
    {
        if (!follower.leaderSilent(nowNs))
        {
            return 0;
        }
        final long candidateEpoch = Math.max(highestEpoch, journal.lastEpoch()) + 1;
        long live = 0;
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            if (0 != replicaStatusNs[id] && nowNs - replicaStatusNs[id] < ctx.heartbeatTimeoutNs())
            {
                live |= 1L << id;
            }
        }
        final String reason = "no heartbeat from " + (0 == leaderId ? "any gateway" : "gateway " + leaderId) +
            " for " + TimeUnit.NANOSECONDS.toMillis(follower.silenceNs(nowNs)) + " ms; standing for epoch " +
            candidateEpoch + " with journal at seq " + journal.lastSeq();
        follower = null;
        candidacy = new Candidacy(gatewayId, candidateEpoch, journal,
            new Election(ctx.replicaCount(), ctx.electionTimeoutNs()), control, io.sequenced(), ctx.fillTimeoutNs(),
            nowNs, live);
        state(GatewayState.CANDIDATE_BALLOT, nowNs, reason);
        return 1;
    }

    private int ballot(final long nowNs)
    {
        final int work = candidacy.requestVotes(nowNs);
        final Election election = candidacy.election();
        switch (candidacy.outcome(nowNs))
        {
            case WON:
                candidacy.beginFill(nowNs);
                state(GatewayState.CANDIDATE_FILL, nowNs, "elected for epoch " + candidacy.epoch() + " by replicas " +
                    election.voters() + " in " + TimeUnit.NANOSECONDS.toMillis(nowNs - election.startNs()) +
                    " ms; filling the journal up to seq " + candidacy.fillTargetSeq());
                return work + 1;

            case LOST:
                withdraw(nowNs, "epoch " + candidacy.epoch() + " won " + election.granted() + " of the " +
                    election.majority() + " votes needed; standing by again");
                return work + 1;

            default:
                return work;
        }
    }

    private int fill(final long nowNs)
    {
        switch (candidacy.fill(nowNs))
        {
            case FILLED:
                lead(nowNs);
                return 1;

            case GAVE_UP:
                withdraw(nowNs, "no voter sent seqs " + (journal.lastSeq() + 1) + ".." + candidacy.fillTargetSeq() +
                    " after " + Candidacy.MAX_FILL_ATTEMPTS + " requests; candidacy for epoch " + candidacy.epoch() +
                    " withdrawn");
                return 1;

            default:
                return 0;
        }
    }

    private void withdraw(final long nowNs, final String reason)
    {
        highestEpoch = Math.max(highestEpoch, candidacy.epoch());
        standBy(nowNs, reason);
    }

    private void lead(final long nowNs)
    {
        final Election election = candidacy.election();
        epoch = candidacy.epoch();
        highestEpoch = epoch;
        leaderId = gatewayId;
        leaderEpoch = epoch;
        term = new LeaderTerm(ctx, epoch, journal, io.sequenced(), io.replay(), control, egress, io.effects(), counters,
            epochClock, election.furthestVoter(-1), nowNs);
        final long standingNs = nowNs - election.startNs();
        counters.onTakeover(standingNs, term.collector());
        final String reason = "ACTIVE in epoch " + epoch + " from seq " + term.epochStartSeq() + " (" +
            TimeUnit.NANOSECONDS.toMillis(standingNs) + " ms after standing; " + candidacy.seqsFilled() +
            " seqs filled from replica " + candidacy.fillReplicaId() + ")";
        candidacy = null;
        state(term.warming() ? GatewayState.LEADER_WARMUP : GatewayState.LEADER_ACTIVE, nowNs, reason);
        sessions.forEachEstablished(this::onSessionEstablished);
    }

    private void stepDown(final long newEpoch, final int newLeaderId, final String why, final long nowNs)
    {
        counters.onStepDown();
        stepDownEpoch = newEpoch;
        highestEpoch = Math.max(highestEpoch, newEpoch);
        leaderId = newLeaderId;
        leaderEpoch = 0 == newLeaderId ? 0 : newEpoch;
        term.close();
        standBy(nowNs, "stepping down from epoch " + epoch + ": " + why +
            "; nothing it sequenced after the new epoch began will be applied");
        sessions.forEachEstablished(this::onSessionEstablished);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // other gateways
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void onPeerHeartbeat(final int peerId, final long peerEpoch, final long lastSeq, final long epochStartSeq)
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
            }
            return;
        }
        if (peerEpoch < leaderEpoch)
        {
            // a gateway older than the one we follow (a stale one, not yet stepped down); a failed candidacy's epoch
            // may be higher than both, which is why this compares with the leader's epoch, not the highest seen
            return;
        }
        highestEpoch = Math.max(highestEpoch, peerEpoch);
        if (state.isCandidate())
        {
            // a gateway leads an epoch at least as new as the one we stood against: it is alive, or it is newer
            highestEpoch = Math.max(highestEpoch, candidacy.epoch());
            leaderId = peerId;
            leaderEpoch = peerEpoch;
            standBy(nowNs, "gateway " + peerId + " is active in epoch " + peerEpoch + "; candidacy for epoch " +
                candidacy.epoch() + " withdrawn");
        }
        else if (peerId != leaderId || peerEpoch != leaderEpoch)
        {
            leaderId = peerId;
            leaderEpoch = peerEpoch;
            standBy(nowNs, "following gateway " + peerId + " in epoch " + peerEpoch + " (its epoch began at seq " +
                epochStartSeq + ")");
        }
        follower.onLeaderHeartbeat(lastSeq, nowNs);
    }

    @Override
    public void onPeerVoteRequest(final int peerId, final long requestEpoch)
    {
        // a rival candidate: its epoch is taken, so ours, if we stand, must be higher; and a standby gives it a
        // heartbeat timeout to win before standing itself, so that two standbys do not keep unseating each other
        if (requestEpoch > highestEpoch && !state.isLeader())
        {
            highestEpoch = requestEpoch;
            if (state.isStandby())
            {
                follower.restartSilence(nanoClock.nanoTime());
            }
        }
    }

    @Override
    public Action onPeerSequenced(
        final int peerId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long entryEpoch,
        final long seq,
        final long clientId,
        final long correlationId)
    {
        if (state == GatewayState.FOLLOWING)
        {
            follower.onSequenced(peerId, buffer, offset, length, entryEpoch, seq, clientId, correlationId);
        }
        return Action.CONTINUE;
    }

    @Override
    public void onJoinAccepted(final int peerId, final int targetId, final long acceptedEpoch, final long validSeq)
    {
        if (state == GatewayState.JOINING && follower.isAnswer(peerId, targetId, acceptedEpoch))
        {
            follower.onJoinAccepted(validSeq);
            state(GatewayState.FOLLOWING, nanoClock.nanoTime(), "joined gateway " + peerId + " in epoch " +
                acceptedEpoch + " as a standby at seq " + journal.lastSeq());
        }
    }

    @Override
    public void onUnreadablePeerMessage()
    {
        counters.onUnreadable();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // replicas, standbys and the sink, at the inbound endpoint
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void onReplicaStatus(
        final int replicaId, final long replicaEpoch, final ReplicaState replicaState, final long appliedSeq,
        final long stateHash)
    {
        if (!FabricLimits.isReplicaId(replicaId))
        {
            counters.onUnreadable();
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        replicaStatusNs[replicaId] = nowNs;
        if (state.isLeader())
        {
            if (replicaEpoch > epoch)
            {
                stepDown(replicaEpoch, 0, "replica " + replicaId + " has promised epoch " + replicaEpoch, nowNs);
                return;
            }
            term.onReplicaStatus(replicaId, replicaState, appliedSeq, stateHash, nowNs);
        }
    }

    @Override
    public void onEpochVote(
        final int replicaId, final int candidateId, final long voteEpoch, final boolean granted, final long journaledSeq)
    {
        if (!FabricLimits.isReplicaId(replicaId))
        {
            counters.onUnreadable();
            return;
        }
        if (!granted && voteEpoch > highestEpoch)
        {
            highestEpoch = voteEpoch;
        }
        if (state == GatewayState.CANDIDATE_BALLOT && candidateId == gatewayId)
        {
            candidacy.onVote(replicaId, voteEpoch, granted, journaledSeq);
        }
    }

    @Override
    public Action onFetchedSequenced(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long entryEpoch,
        final long seq,
        final long clientId,
        final long correlationId)
    {
        if (state == GatewayState.CANDIDATE_FILL)
        {
            candidacy.onFetched(buffer, offset, length, entryEpoch, seq, clientId, correlationId, nanoClock.nanoTime());
        }
        return Action.CONTINUE;
    }

    @Override
    public void onJoinRequest(final int standbyId, final long standbyLastSeq, final long standbyLastEpoch)
    {
        if (state.isLeader())
        {
            term.onJoinRequest(standbyId, standbyLastSeq, standbyLastEpoch);
        }
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
        if (!state.isLeader())
        {
            counters.onStaleEpochResponse();
            return;
        }
        term.onReplicaResponse(responseEpoch, seq, replicaId, stateHash, payload, offset, length, effectBuffer,
            effectsOffset, effectsLength);
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
        if (state.isLeader())
        {
            term.onResponseReplay(replicaId, seq, complete, firstAvailableSeq, stateHash, payload, payloadOffset,
                payloadLength, effectBuffer, effectsOffset, effectsLength);
        }
    }

    @Override
    public void onRetransmitRequest(final int requesterId, final long fromSeq, final long toSeq)
    {
        if (state.isLeader())
        {
            term.onRetransmitRequest(requesterId, fromSeq, toSeq);
        }
    }

    @Override
    public void onSnapshotRequest(final int requesterId, final long requestEpoch)
    {
        if (state.isLeader())
        {
            term.onSnapshotRequest(requesterId, requestEpoch, nanoClock.nanoTime());
        }
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
        if (!state.isLeader())
        {
            return Action.CONTINUE;
        }
        return term.onSnapshotChunk(buffer, offset, length, donorId, requesterId, seq, totalLength, chunkOffset,
            dataLength, nanoClock.nanoTime());
    }

    @Override
    public void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
    {
        if (state.isLeader())
        {
            term.onSinkPosition(sinkEpoch, lastSeq, lastIndex);
        }
    }

    @Override
    public void onUnreadableReplicaMessage()
    {
        counters.onUnreadable();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // clients
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public Action onRequest(
        final long clientId, final long correlationId, final DirectBuffer payload, final int offset, final int length)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            counters.onUnknownClient();
            return Action.CONTINUE;
        }
        if (!state.isLeader())
        {
            counters.onRequestWhileNotActive();
            onSessionEstablished(session);
            return Action.CONTINUE;
        }
        return term.onRequest(
            session, clientId, correlationId, payload, offset, length, state == GatewayState.LEADER_ACTIVE);
    }

    @Override
    public void onOutcomeQuery(final long clientId, final long correlationId)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            counters.onUnknownClient();
        }
        else if (!state.isLeader())
        {
            onSessionEstablished(session);
        }
        else
        {
            term.onOutcomeQuery(session, clientId, correlationId);
        }
    }

    @Override
    public void onStatusQuery(final long clientId, final long correlationId)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            return;
        }
        if (!state.isLeader())
        {
            onSessionEstablished(session);
            return;
        }
        term.onStatusQuery(session, correlationId, nanoClock.nanoTime());
    }

    @Override
    public void onMalformedRequest(final long clientId, final long correlationId)
    {
        counters.onRejected();
        final ClientSession session = sessions.established(clientId);
        if (null != session)
        {
            egress.sendResponse(
                session.publication, correlationId, 0, ResponseStatus.REJECTED_MALFORMED, 0, empty, 0, 0);
        }
    }

    @Override
    public void onConnect(final long clientId, final String responseChannel, final int responseStreamId)
    {
        sessions.onConnect(clientId, responseChannel, responseStreamId, nanoClock.nanoTime());
    }

    @Override
    public void onUnreadableIngress()
    {
        counters.onUnreadable();
    }

    private boolean onSessionEstablished(final ClientSession session)
    {
        if (state.isLeader())
        {
            return term.sendConnected(session);
        }
        // the epoch of the gateway we know to lead (after a step-down: the epoch that unseated us), never a failed
        // candidacy's: a client raises its fence to what a stepped-down gateway tells it
        final boolean leaderKnown = 0 != leaderId && leaderId != gatewayId;
        return egress.sendNotActive(session.publication, session.clientId, leaderKnown ? leaderEpoch : stepDownEpoch,
            gatewayId, leaderKnown ? leaderId : 0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // what other threads may read
    // ---------------------------------------------------------------------------------------------------------------

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
     * @return the last seq in this gateway's journal (sequenced by it, or followed as a standby).
     */
    public long lastSeq()
    {
        return journal.lastSeq();
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
            term.close();
        }
        CloseHelper.closeAll(io, journal);
    }
}
