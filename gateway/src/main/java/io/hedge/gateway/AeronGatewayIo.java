package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.hedge.transport.GatewayMember;
import io.hedge.transport.InboundCheck;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.StandbyChannel;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A gateway's Aeron resources: its sequenced and replay publications, the ingress and inbound subscriptions with
 * their adapters, the links to its peers, the publications to the effects sink and the drop copy, and the state
 * counter. Made when the agent starts, closed with it.
 * <p>
 * The sequenced stream goes out twice: to the replicas on the sequenced channel, and to the standby gateways on a
 * channel of their own ({@link StandbyChannel}), so that a standby that cannot be reached never slows the replicas'
 * copy (rule 4). Each message is offered to the replicas first, and to the standbys only once the replicas' copy took
 * it; what the standbys' publication refuses is let go (a standby that misses messages has them retransmitted, as
 * after any loss). A multicast sequenced stream has no standbys' channel: the standbys join the replicas' group, and
 * the one copy the gateway sends reaches them all.
 */
final class AeronGatewayIo implements GatewayIo
{
    /** Ingress sources whose shares are kept each on its own; further ones share one. */
    private static final int MAX_SOURCES = 65_536;

    private final ExclusivePublication sequencedPublication;
    private final ExclusivePublication standbyPublication;
    private final ExclusivePublication replayPublication;
    private final IngressAdapter ingress;
    private final ReplicaAdapter inbound;
    private final PeerAdapter peers;
    private final ExclusivePublication sinkPublication;
    private final StreamOffer sink;
    private final ExclusivePublication dropCopyPublication;
    private final StreamOffer dropCopy;
    private final AtomicCounter stateCounter;
    private final StreamOffer sequenced;
    private final StreamOffer replay;
    private final Int2ObjectHashMap<StreamOffer> peerOffers = new Int2ObjectHashMap<>();

    static AeronGatewayIo open(
        final GatewayContext ctx,
        final Aeron aeron,
        final IngressListener clients,
        final ReplicaListener inbound,
        final TermListener term,
        final PeerListener peerListener,
        final LeadershipListener leadership)
    {
        final AutoCloseable[] opened = new AutoCloseable[10];
        boolean ok = false;
        try
        {
            final ExclusivePublication sequenced = track(opened, 0,
                aeron.addExclusivePublication(ctx.sequencedChannel(), ctx.sequencedStreamId()));
            // standbys have a publication of their own; a single gateway has none to open (nor a port to take)
            final String standbyChannel = ctx.peers().isEmpty() ? null : StandbyChannel.of(ctx.sequencedChannel());
            final ExclusivePublication standby = null == standbyChannel ? null : track(opened, 7,
                aeron.addExclusivePublication(standbyChannel, ctx.sequencedStreamId()));
            final ExclusivePublication replay = track(opened, 1,
                aeron.addExclusivePublication(ctx.replayChannel(), ctx.replayStreamId()));
            final Subscription ingressSubscription = track(opened, 2,
                aeron.addSubscription(ctx.ingressChannel(), ctx.ingressStreamId()));
            final Subscription inboundSubscription = track(opened, 3,
                aeron.addSubscription(ctx.replicaChannel(), ctx.replicaStreamId()));
            // one sealing for the agent's thread: every member stream is sealed and checked by it, client streams not
            final MemberSealing sealing = ctx.newMemberSealing();
            final PeerAdapter peers = track(opened, 4, new PeerAdapter(aeron, ctx.peers(), ctx.sequencedStreamId(),
                ctx.replayStreamId(), ctx.replicaStreamId(), sealing, ctx.securityCounters(), peerListener, leadership,
                inboundCheck(ctx, "peers")));
            final ExclusivePublication sink = ctx.sinkChannel().isEmpty() ? null :
                track(opened, 5, aeron.addExclusivePublication(ctx.sinkChannel(), ctx.sinkStreamId()));
            final ExclusivePublication dropCopy = ctx.dropCopyChannel().isEmpty() ? null :
                track(opened, 9, aeron.addExclusivePublication(ctx.dropCopyChannel(), ctx.dropCopyStreamId()));
            final AtomicCounter stateCounter = track(opened, 6, aeron.addCounter(GatewayState.COUNTER_TYPE_ID,
                "gateway " + ctx.gatewayId() + " state"));
            final AeronGatewayIo io = new AeronGatewayIo(ctx, sequenced, standby, replay,
                new IngressAdapter(ingressSubscription, clients, inboundCheck(ctx, "ingress"), new SourceLimits(
                    ctx.sourceConnectsPerSecond(), ctx.sourceRequestsPerSecond(), MAX_SOURCES,
                    ctx.securityCounters().sourceLimitDrops())),
                new ReplicaAdapter(inboundSubscription, sealing, ctx.securityCounters(), inbound, leadership, term,
                    ctx.replicaCount(), ctx.peers().stream().mapToInt(GatewayMember::gatewayId).toArray(),
                    inboundCheck(ctx, "inbound")),
                peers, sink, dropCopy, stateCounter, sealing);
            ok = true;
            return io;
        }
        finally
        {
            if (!ok)
            {
                CloseHelper.quietCloseAll(opened);
            }
        }
    }

    private static InboundCheck inboundCheck(final GatewayContext ctx, final String stream)
    {
        return new InboundCheck(ctx.roleName() + " " + stream, ctx.securityCounters().malformedMessagesDropped());
    }

    private static <T extends AutoCloseable> T track(final AutoCloseable[] opened, final int index, final T resource)
    {
        opened[index] = resource;
        return resource;
    }

    private AeronGatewayIo(
        final GatewayContext ctx,
        final ExclusivePublication sequencedPublication,
        final ExclusivePublication standbyPublication,
        final ExclusivePublication replayPublication,
        final IngressAdapter ingress,
        final ReplicaAdapter inbound,
        final PeerAdapter peers,
        final ExclusivePublication sinkPublication,
        final ExclusivePublication dropCopyPublication,
        final AtomicCounter stateCounter,
        final MemberSealing sealing)
    {
        this.dropCopyPublication = dropCopyPublication;
        this.dropCopy = null == dropCopyPublication ? null : dropCopyPublication::offer;
        this.sequencedPublication = sequencedPublication;
        this.standbyPublication = standbyPublication;
        this.replayPublication = replayPublication;
        this.ingress = ingress;
        this.inbound = inbound;
        this.peers = peers;
        this.sinkPublication = sinkPublication;
        this.stateCounter = stateCounter;
        // member streams: sealed (the drop copy goes to clients, who hold no key, and is not)
        this.sink = null == sinkPublication ? null : sealed(sealing, sinkPublication);
        final StreamOffer toReplicas = sealed(sealing, sequencedPublication);
        // the standbys' copy is offered right after the replicas' took the same bytes: it reuses their seal
        this.sequenced = null == standbyPublication ? toReplicas : StreamOffer.withStandbyCopy(toReplicas,
            (buffer, offset, length) -> sealing.offerAgain(standbyPublication, buffer, offset, length));
        this.replay = sealed(sealing, replayPublication);
        for (final GatewayMember peer : ctx.peers())
        {
            peerOffers.put(peer.gatewayId(), peers.offerTo(peer.gatewayId()));
        }
    }

    private static StreamOffer sealed(final MemberSealing sealing, final ExclusivePublication publication)
    {
        return (buffer, offset, length) -> sealing.offer(publication, buffer, offset, length);
    }

    @Override
    public int pollInbound(final int fragmentLimit)
    {
        return inbound.poll(fragmentLimit) + peers.poll(fragmentLimit);
    }

    @Override
    public int pollIngress(final int fragmentLimit)
    {
        return ingress.poll(fragmentLimit);
    }

    @Override
    public void termListener(final TermListener listener)
    {
        inbound.term(listener);
    }

    @Override
    public StreamOffer sequenced()
    {
        return sequenced;
    }

    @Override
    public StreamOffer replay()
    {
        return replay;
    }

    @Override
    public StreamOffer peer(final int gatewayId)
    {
        return peerOffers.get(gatewayId);
    }

    @Override
    public StreamOffer sink()
    {
        return sink;
    }

    @Override
    public StreamOffer dropCopy()
    {
        return dropCopy;
    }

    @Override
    public AtomicCounter stateCounter()
    {
        return stateCounter;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(peers, ingress, inbound, replayPublication, standbyPublication, sequencedPublication,
            sinkPublication, dropCopyPublication, stateCounter);
    }
}
