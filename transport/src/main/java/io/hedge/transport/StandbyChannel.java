package io.hedge.transport;

import io.aeron.ChannelUri;

/**
 * Where standby gateways hear the active gateway's sequenced stream: a multi-destination-cast channel of its own, not
 * the replicas'. Each publication of the stream has a socket of its own, so a standby that cannot be reached (its
 * neighbour entry unresolved, its sends queued until the socket returns EAGAIN) slows only the standbys' copy of the
 * stream; the replicas' copy, on which commits depend, goes on. Derived from the sequenced channel, so that gateway and
 * standbys agree without a setting: the same control host, the control port {@link #PORT_OFFSET} above the sequenced
 * one (the first port after the gateway's four: see {@link GatewayEndpoints#fromBase}).
 */
public final class StandbyChannel
{
    /** The standby channel's control port, above the sequenced stream's. */
    public static final int PORT_OFFSET = 3;

    private static final String CONTROL = "control";

    private StandbyChannel()
    {
    }

    /**
     * @param sequencedChannel the sequenced stream's channel, as the gateway publishes it or a peer subscribes to it.
     * @return the standbys' channel of the same stream, or null when the sequenced channel is not a multi-destination
     * cast with a control port (IPC, unicast, multicast): then standbys share the sequenced channel. A multicast stream
     * needs no channel of their own: the gateway sends each message once to the group and never addresses a standby,
     * so no standby's unresolved address can hold up its socket.
     */
    public static String of(final String sequencedChannel)
    {
        final ChannelUri uri = ChannelUri.parse(sequencedChannel);
        final String control = uri.get(CONTROL);
        if (!uri.isUdp() || null == control)
        {
            return null;
        }
        final int colon = control.lastIndexOf(':');
        if (colon < 0)
        {
            return null;
        }
        final int port;
        try
        {
            port = Integer.parseInt(control.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
        if (port <= 0 || port + PORT_OFFSET > 65_535)
        {
            return null;
        }
        uri.put(CONTROL, control.substring(0, colon + 1) + (port + PORT_OFFSET));
        return uri.toString();
    }
}
