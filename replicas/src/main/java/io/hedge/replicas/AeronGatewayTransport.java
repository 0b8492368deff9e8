package io.hedge.replicas;

import io.aeron.Aeron;
import io.hedge.transport.GatewayLinks;
import io.hedge.transport.InboundCheck;
import org.agrona.DirectBuffer;

/**
 * The replica's {@link GatewayTransport} over Aeron: one {@link GatewayLinks} to every gateway of the stream, each
 * gateway's messages decoded by a {@link GatewayAdapter} of its own. Every link is a member stream: sealed and
 * checked by the links with the role's cluster key.
 */
final class AeronGatewayTransport implements GatewayTransport
{
    private final GatewayLinks links;

    AeronGatewayTransport(final Aeron aeron, final ReplicaContext ctx, final GatewayListener listener)
    {
        links = new GatewayLinks(aeron, ctx.gateways(), ctx.sequencedStreamId(), ctx.replayStreamId(),
            ctx.gatewayStreamId(), false, ctx.newMemberSealing(), gatewayId -> new GatewayAdapter(gatewayId, listener,
            new InboundCheck(ctx.roleName() + " from gateway " + gatewayId,
                ctx.securityCounters().malformedMessagesDropped()), ctx.securityCounters(),
            ctx.gateways().stream().mapToInt(io.hedge.transport.GatewayMember::gatewayId).toArray()));
    }

    @Override
    public int poll(final int fragmentLimit)
    {
        return links.poll(fragmentLimit);
    }

    @Override
    public boolean anySequencedConnected()
    {
        return links.anySequencedConnected();
    }

    @Override
    public boolean replayConnected(final int gatewayId)
    {
        return links.replayConnected(gatewayId);
    }

    @Override
    public int size()
    {
        return links.size();
    }

    @Override
    public int indexOf(final int gatewayId)
    {
        for (int i = 0; i < links.size(); i++)
        {
            if (links.gatewayIdAt(i) == gatewayId)
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public long offer(final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        return links.offer(index, buffer, offset, length);
    }

    @Override
    public void close()
    {
        links.close();
    }
}
