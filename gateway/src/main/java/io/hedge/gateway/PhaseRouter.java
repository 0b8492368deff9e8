package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.transport.FabricLimits;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;

/**
 * Hands what only feeds a phase to the object of the phase the gateway is in: the leader's stream to a following
 * {@link Follower}, pre-votes, votes and fetched journal entries to the {@link Candidacy} whose pre-vote, catch-up,
 * ballot or fill they answer,
 * fetched responses to the {@link TakeoverWarmup}. It also notes, in every phase, the epochs that others have taken
 * (a rival's real vote request, a refused real vote; never a pre-vote, which takes nothing), so that a later
 * candidacy stands above them. It never changes the phase:
 * the agent points it at each new one, from its one transition method.
 */
final class PhaseRouter implements PeerListener, ReplicaListener
{
    private final int gatewayId;
    private final Leadership leadership;
    private final GatewayCounters counters;
    private final NanoClock nanoClock;
    private GatewayState state = GatewayState.JOINING;
    private GatewayPhase phase;

    /**
     * The agent points the router at its first phase as soon as it has made it, before its first duty cycle, which
     * is when the adapters are first polled.
     */
    PhaseRouter(final int gatewayId, final Leadership leadership, final GatewayCounters counters,
        final NanoClock nanoClock)
    {
        this.gatewayId = gatewayId;
        this.leadership = leadership;
        this.counters = counters;
        this.nanoClock = nanoClock;
    }

    /**
     * From now on the gateway is in this state, and this is the object of its phase.
     */
    void enter(final GatewayState state, final GatewayPhase phase)
    {
        this.state = state;
        this.phase = phase;
    }

    // ---- other gateways

    @Override
    public void onPeerVoteRequest(final int peerId, final long requestEpoch, final boolean preVote)
    {
        if (preVote)
        {
            // a rival's pre-vote takes no epoch and is no reason to wait: a standby cut off from the replicas
            // pre-votes again and again, and must neither raise the epochs of others nor keep them from standing
            return;
        }
        // a rival candidate: its epoch is taken, so ours, if we stand, must be higher; and a standby gives it a
        // heartbeat timeout to win before standing itself, so that two standbys do not keep unseating each other
        if (!state.isLeader() && leadership.taken(requestEpoch) && state.isStandby())
        {
            ((Follower)phase).restartSilence(nanoClock.nanoTime());
        }
    }

    @Override
    public Action onPeerSequenced(final int peerId, final DirectBuffer buffer, final int offset, final int length,
        final long entryEpoch, final long seq, final long clientId, final long correlationId)
    {
        if (state == GatewayState.FOLLOWING)
        {
            ((Follower)phase).onSequenced(peerId, buffer, offset, length, entryEpoch, seq, clientId, correlationId);
        }
        return Action.CONTINUE;
    }

    @Override
    public void onUnreadablePeerMessage()
    {
        counters.onUnreadable();
    }

    // ---- replicas

    @Override
    public void onEpochVote(
        final int replicaId,
        final int candidateId,
        final long voteEpoch,
        final boolean granted,
        final long journaledSeq,
        final long lastEntryEpoch,
        final boolean preVote,
        final long[] historyEpochs,
        final long[] historyStarts,
        final int historyCount)
    {
        if (!FabricLimits.isReplicaId(replicaId))
        {
            counters.onUnreadable();
            return;
        }
        // a real refusal names the replica's promise: taken. A pre-vote answer may echo the epoch asked, which
        // nobody took: taking it would let failed pre-votes raise the epochs this gateway stands for
        if (!granted && !preVote)
        {
            leadership.taken(voteEpoch);
        }
        if ((state == GatewayState.CANDIDATE_PREVOTE || state == GatewayState.CANDIDATE_BALLOT) &&
            candidateId == gatewayId)
        {
            ((Candidacy)phase).onVote(replicaId, voteEpoch, granted, journaledSeq, lastEntryEpoch, preVote,
                historyEpochs, historyStarts, historyCount);
        }
    }

    @Override
    public Action onFetchedSequenced(final DirectBuffer buffer, final int offset, final int length,
        final long entryEpoch, final long seq, final long clientId, final long correlationId)
    {
        if (state == GatewayState.CANDIDATE_FILL || state == GatewayState.CANDIDATE_PREVOTE)
        {
            ((Candidacy)phase).onFetched(
                buffer, offset, length, entryEpoch, seq, clientId, correlationId, nanoClock.nanoTime());
        }
        return Action.CONTINUE;
    }

    @Override
    public void onResponseReplay(final int replicaId, final long seq, final boolean complete,
        final long firstAvailableSeq, final long responseEpoch, final long stateHash, final DirectBuffer payload,
        final int payloadOffset, final int payloadLength, final DirectBuffer effectBuffer, final int effectsOffset,
        final int effectsLength)
    {
        // outside a warm-up nothing was asked for: a late answer is let be
        if (state == GatewayState.LEADER_WARMUP)
        {
            ((TakeoverWarmup)phase).onResponseReplay(replicaId, seq, complete, firstAvailableSeq, stateHash, payload,
                payloadOffset, payloadLength, effectBuffer, effectsOffset, effectsLength);
        }
    }

    @Override
    public void onUnreadableReplicaMessage()
    {
        counters.onUnreadable();
    }
}
