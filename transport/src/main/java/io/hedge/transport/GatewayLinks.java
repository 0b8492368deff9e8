package io.hedge.transport;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import org.agrona.CloseHelper;

import java.util.List;
import java.util.function.IntFunction;

/**
 * One role's links to gateways of its stream: it hears each gateway's sequenced and replay streams and can send to
 * each one's inbound endpoint. A replica links to every gateway; a gateway to its peers. Which gateway to obey is the
 * owner's decision; the links only carry, and hand each message to the handler made for the gateway it came from.
 * A gateway hears its peers' sequenced streams on their standby channels ({@link StandbyChannel}), so that the
 * replicas' copy of the stream never waits for a standby.
 */
public final class GatewayLinks implements AutoCloseable
{
    private final int[] ids;
    private final Subscription[] sequenced;
    private final Subscription[] replay;
    private final ExclusivePublication[] publications;
    private final ControlledFragmentAssembler[] sequencedAssemblers;
    private final ControlledFragmentAssembler[] replayAssemblers;
    private final MemberSealing sealing;

    /**
     * @param aeron             the client to add the subscriptions and publications with.
     * @param members           the gateways to link to.
     * @param sequencedStreamId stream id of the sequenced stream.
     * @param replayStreamId    stream id of the replay stream.
     * @param inboundStreamId   stream id of the gateways' inbound endpoint.
     * @param handlerFactory    makes the handler of one gateway's messages, given its id; called once per gateway.
     */
    public GatewayLinks(
        final Aeron aeron,
        final List<GatewayMember> members,
        final int sequencedStreamId,
        final int replayStreamId,
        final int inboundStreamId,
        final IntFunction<ControlledFragmentHandler> handlerFactory)
    {
        this(aeron, members, sequencedStreamId, replayStreamId, inboundStreamId, false, MemberSealing.off(),
            handlerFactory);
    }

    /**
     * @param asStandby true for a gateway's links to its peers: it hears their sequenced streams on the standby
     *                  channels ({@link StandbyChannel#of}), not on the replicas'.
     * @param sealing   seals what is offered to a gateway and checks what is heard from one: every link is a member
     *                  stream.
     * @see #GatewayLinks(Aeron, List, int, int, int, IntFunction)
     */
    public GatewayLinks(
        final Aeron aeron,
        final List<GatewayMember> members,
        final int sequencedStreamId,
        final int replayStreamId,
        final int inboundStreamId,
        final boolean asStandby,
        final MemberSealing sealing,
        final IntFunction<ControlledFragmentHandler> handlerFactory)
    {
        this.sealing = sealing;
        final int n = members.size();
        ids = new int[n];
        sequenced = new Subscription[n];
        replay = new Subscription[n];
        publications = new ExclusivePublication[n];
        sequencedAssemblers = new ControlledFragmentAssembler[n];
        replayAssemblers = new ControlledFragmentAssembler[n];
        boolean ok = false;
        try
        {
            for (int i = 0; i < n; i++)
            {
                final GatewayMember member = members.get(i);
                ids[i] = member.gatewayId();
                sequenced[i] = aeron.addSubscription(sequencedChannel(member, asStandby), sequencedStreamId);
                replay[i] = aeron.addSubscription(member.replayChannel(), replayStreamId);
                publications[i] = aeron.addExclusivePublication(member.inboundChannel(), inboundStreamId);
                final ControlledFragmentHandler handler = handlerFactory.apply(member.gatewayId());
                // the seal covers the whole message: checked once it is reassembled, before the adapter decodes it
                sequencedAssemblers[i] = new ControlledFragmentAssembler(sealing.wrap(handler));
                replayAssemblers[i] = new ControlledFragmentAssembler(sealing.wrap(handler));
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

    /**
     * Poll every gateway: its replay stream first, so that a repair is not overtaken by the live stream it repairs.
     *
     * @return fragments read.
     */
    public int poll(final int fragmentLimit)
    {
        int work = 0;
        for (int i = 0; i < ids.length; i++)
        {
            work += replay[i].controlledPoll(replayAssemblers[i], fragmentLimit);
            work += sequenced[i].controlledPoll(sequencedAssemblers[i], fragmentLimit);
        }
        return work;
    }

    /**
     * @return true once some gateway's sequenced stream has connected.
     */
    public boolean anySequencedConnected()
    {
        for (final Subscription subscription : sequenced)
        {
            if (null != subscription && subscription.isConnected())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the publication to this gateway's inbound endpoint, or null if it is not linked.
     */
    public ExclusivePublication publication(final int gatewayId)
    {
        final int index = indexOf(gatewayId);
        return index < 0 ? null : publications[index];
    }

    /**
     * @return true when this gateway's replay stream and its inbound endpoint are both connected.
     */
    public boolean replayConnected(final int gatewayId)
    {
        final int index = indexOf(gatewayId);
        return index >= 0 && replay[index].isConnected() && publications[index].isConnected();
    }

    /**
     * @return true when this gateway is linked.
     */
    public boolean contains(final int gatewayId)
    {
        return indexOf(gatewayId) >= 0;
    }

    public int size()
    {
        return ids.length;
    }

    /**
     * @return the id of the gateway at this position, in the order configured.
     */
    public int gatewayIdAt(final int index)
    {
        return ids[index];
    }

    public ExclusivePublication publicationAt(final int index)
    {
        return publications[index];
    }

    /**
     * Offer a message, sealed, to the inbound endpoint of the gateway at this position.
     *
     * @return as {@link ExclusivePublication#offer(org.agrona.DirectBuffer, int, int)}.
     */
    public long offer(final int index, final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        return sealing.offer(publications[index], buffer, offset, length);
    }

    private static String sequencedChannel(final GatewayMember member, final boolean asStandby)
    {
        final String standby = asStandby ? StandbyChannel.of(member.sequencedChannel()) : null;
        return null == standby ? member.sequencedChannel() : standby;
    }

    private int indexOf(final int gatewayId)
    {
        for (int i = 0; i < ids.length; i++)
        {
            if (ids[i] == gatewayId)
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close()
    {
        for (int i = 0; i < ids.length; i++)
        {
            CloseHelper.closeAll(sequenced[i], replay[i], publications[i]);
        }
    }
}
