package io.hedge.gateway;

import io.hedge.sequencer.GatewayJournal;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * Builds the object of a phase from the gateway's resources, at the transition into it: a {@link Follower} of the
 * leader now known, a {@link Candidacy} for an epoch, a {@link LeaderTerm} once elected. It holds what only the phases
 * use (the publishers to the replicas and to the peer gateways, the standby order, the clocks a term needs) so that
 * the agent does not, and decides nothing: which phase comes next is the agent's.
 */
final class PhaseFactory
{
    private final GatewayContext ctx;
    private final int gatewayId;
    private final GatewayJournal journal;
    private final GatewayIo io;
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private final Leadership leadership;
    private final ReplicaLiveness replicas;
    private final NanoClock nanoClock;
    private final EpochNanoClock epochClock;
    private final ReplicaPublisher toReplicas;
    private final PeerPublisher toPeers;
    private final int[] gatewayOrder;
    private final Suspension suspension;
    /** Allocated once, when the gateway starts: a term's collector borrows them rather than allocating at takeover. */
    private final CollectorSlots collectorSlots;

    PhaseFactory(
        final GatewayContext ctx,
        final GatewayJournal journal,
        final GatewayIo io,
        final EgressPublisher egress,
        final GatewayCounters counters,
        final Leadership leadership,
        final ReplicaLiveness replicas,
        final Suspension suspension,
        final NanoClock nanoClock,
        final EpochNanoClock epochClock)
    {
        this.ctx = ctx;
        this.gatewayId = ctx.gatewayId();
        this.journal = journal;
        this.io = io;
        this.egress = egress;
        this.counters = counters;
        this.leadership = leadership;
        this.replicas = replicas;
        this.suspension = suspension;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.gatewayOrder = Follower.gatewayOrder(ctx);
        this.toReplicas = new ReplicaPublisher(gatewayId, io.sequenced(), io.replay());
        this.toPeers = new PeerPublisher(gatewayId);
        this.collectorSlots = new CollectorSlots(ctx.collectorCapacity(), ctx.replicaCount(), ctx.responseCacheBytes());
    }

    /**
     * @return a standby under the leader the {@link Leadership} knows now (none when its id is 0).
     */
    Follower follower(final long nowNs)
    {
        final int leaderId = leadership.leaderId();
        return new Follower(gatewayId, leaderId, leadership.leaderEpoch(), journal, toPeers,
            0 == leaderId ? null : io.peer(leaderId), Follower.standAfterNs(ctx, gatewayOrder, leaderId), nowNs);
    }

    /**
     * @return a candidacy for this epoch, waiting for the vote of every replica heard from recently.
     */
    Candidacy candidacy(final long candidateEpoch, final long nowNs)
    {
        return new Candidacy(gatewayId, candidateEpoch, journal, new Election(ctx.replicaCount(), ctx.electionTimeoutNs()),
            toReplicas, ctx.fillTimeoutNs(), nowNs, replicas.liveMask(nowNs, ctx.heartbeatTimeoutNs()));
    }

    /**
     * @param voters a bit per replica that voted for the term: its lease begins with them.
     *               The term's collector takes the gateway's one set of slots: the term before it has ended.
     * @return a term of leadership in this epoch; its {@link LeaderTerm#beginWarming} makes the warm-up, if any.
     */
    LeaderTerm term(final long epoch, final long voters, final long nowNs)
    {
        final EffectForwarder effects = null == io.sink() ? null :
            new EffectForwarder(io.sink(), gatewayId, epoch, ctx.replicaCount(), toReplicas::effectsFetch, nowNs);
        return new LeaderTerm(ctx, epoch, journal, toReplicas, io.replay(), egress, effects, counters, suspension,
            nanoClock, epochClock, collectorSlots.lend(), voters, nowNs);
    }
}
