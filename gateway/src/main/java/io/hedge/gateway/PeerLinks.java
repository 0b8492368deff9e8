package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import org.agrona.CloseHelper;

import java.util.List;

/**
 * This gateway's links to the other gateways of its stream: it listens to each one's sequenced and replay streams
 * and can send to each one's inbound endpoint. A standby follows the active one through them; every gateway learns
 * of a higher epoch through them.
 */
final class PeerLinks implements AutoCloseable
{
    static final class Link
    {
        final int gatewayId;
        final Subscription sequenced;
        final Subscription replay;
        final ExclusivePublication inbound;
        final ControlledFragmentAssembler sequencedAssembler;
        final ControlledFragmentAssembler replayAssembler;

        Link(final int gatewayId, final Subscription sequenced, final Subscription replay,
            final ExclusivePublication inbound, final PeerAdapter adapter)
        {
            this.gatewayId = gatewayId;
            this.sequenced = sequenced;
            this.replay = replay;
            this.inbound = inbound;
            this.sequencedAssembler = new ControlledFragmentAssembler(adapter);
            this.replayAssembler = new ControlledFragmentAssembler(adapter);
        }
    }

    private final Link[] links;

    PeerLinks(final Aeron aeron, final List<GatewayPeer> peers, final int sequencedStreamId, final int replayStreamId,
        final int inboundStreamId, final GatewayAgent agent)
    {
        links = new Link[peers.size()];
        boolean ok = false;
        try
        {
            for (int i = 0; i < links.length; i++)
            {
                final GatewayPeer peer = peers.get(i);
                links[i] = new Link(
                    peer.gatewayId(),
                    aeron.addSubscription(peer.sequencedChannel(), sequencedStreamId),
                    aeron.addSubscription(peer.replayChannel(), replayStreamId),
                    aeron.addExclusivePublication(peer.inboundChannel(), inboundStreamId),
                    new PeerAdapter(agent, peer.gatewayId()));
            }
            ok = true;
        }
        finally
        {
            if (!ok)
            {
                close();
            }
        }
    }

    int poll(final int fragmentLimit)
    {
        int work = 0;
        for (final Link link : links)
        {
            work += link.sequenced.controlledPoll(link.sequencedAssembler, fragmentLimit);
            work += link.replay.controlledPoll(link.replayAssembler, fragmentLimit);
        }
        return work;
    }

    /**
     * @return the link to this gateway, or null when it is not a peer.
     */
    Link link(final int gatewayId)
    {
        for (final Link link : links)
        {
            if (link.gatewayId == gatewayId)
            {
                return link;
            }
        }
        return null;
    }

    int size()
    {
        return links.length;
    }

    /**
     * @return the peers' ids, in the order configured.
     */
    int gatewayIdAt(final int index)
    {
        return links[index].gatewayId;
    }

    @Override
    public void close()
    {
        for (final Link link : links)
        {
            if (null != link)
            {
                CloseHelper.closeAll(link.sequenced, link.replay, link.inbound);
            }
        }
    }
}
