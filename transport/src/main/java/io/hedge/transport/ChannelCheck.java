package io.hedge.transport;

import io.aeron.ChannelUri;

import java.util.Set;
import java.util.TreeSet;

/**
 * The one check of an Aeron channel setting, so that every role says the same thing about the same mistake.
 */
public final class ChannelCheck
{
    /**
     * Parameters a client may put in the response channel it asks a gateway to answer on; they concern only the
     * client's own subscription, and the gateway leaves them out of the channel it opens.
     */
    public static final Set<String> CLIENT_RESPONSE_PARAMETERS = Set.of("endpoint", "alias", "rcv-wnd", "so-rcvbuf");

    private ChannelCheck()
    {
    }

    /**
     * Check a response channel a client asked a gateway to answer on, and make the channel the gateway opens from it.
     * The client chooses where a gateway sends, so only this is allowed: {@code aeron:ipc}, or {@code aeron:udp} with
     * an {@code endpoint} of a host and a port other than 0 that is not a multicast address, and besides it only the
     * parameters of {@link #CLIENT_RESPONSE_PARAMETERS}. Anything that would make the gateway listen (control,
     * control-mode), send from or to somewhere else (interface, multicast, ttl, tags, session-id) or allocate what the
     * client chooses (term-length, mtu) is refused by name. The channel returned has the endpoint alone.
     *
     * @param channel as the client sent it.
     * @return the channel the gateway opens: {@code aeron:udp?endpoint=host:port} or {@code aeron:ipc}.
     * @throws IllegalArgumentException naming what is wrong.
     */
    public static String clientResponseChannel(final String channel)
    {
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("not a valid Aeron channel (" + ex.getMessage() + ")", ex);
        }
        if (null != uri.prefix() && !uri.prefix().isEmpty())
        {
            throw new IllegalArgumentException("prefix '" + uri.prefix() + "' is not allowed");
        }
        final String media = uri.media();
        if (!"udp".equals(media) && !"ipc".equals(media))
        {
            throw new IllegalArgumentException("media '" + media + "' is not allowed: only udp and ipc");
        }
        final Set<String> refused = new TreeSet<>();
        uri.forEachParameter((key, value) ->
        {
            if (!CLIENT_RESPONSE_PARAMETERS.contains(key) || "ipc".equals(media) && !"alias".equals(key))
            {
                refused.add(key);
            }
        });
        if (!refused.isEmpty())
        {
            throw new IllegalArgumentException("parameter(s) " + String.join(", ", refused) + " not allowed in a response channel (only " +
                ("ipc".equals(media) ? "alias" : "endpoint, alias, rcv-wnd, so-rcvbuf") + ")");
        }
        if ("ipc".equals(media))
        {
            return "aeron:ipc";
        }
        final String endpoint = uri.get("endpoint");
        if (null == endpoint || endpoint.isBlank())
        {
            throw new IllegalArgumentException("an endpoint (host:port) is required");
        }
        final int colon = endpoint.lastIndexOf(':');
        final String host = colon > 0 ? endpoint.substring(0, colon) : "";
        final int port;
        try
        {
            port = colon > 0 ? Integer.parseInt(endpoint.substring(colon + 1)) : -1;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' has no numeric port", ex);
        }
        if (host.isEmpty() || port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' must be host:port with a port of 1 to 65535" +
                " (port 0 is the client's to resolve before it connects)");
        }
        if (isMulticast(host))
        {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is a multicast address");
        }
        return "aeron:udp?endpoint=" + endpoint;
    }

    /**
     * A literal IPv4 address in 224.0.0.0/4 or IPv6 address in ff00::/8; names are not resolved (that would block).
     */
    private static boolean isMulticast(final String host)
    {
        final String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.regionMatches(true, 0, "ff", 0, 2) && h.indexOf(':') > 0)
        {
            return true;
        }
        final int dot = h.indexOf('.');
        if (dot > 0 && h.chars().allMatch(c -> c == '.' || Character.isDigit(c)))
        {
            final int first = Integer.parseInt(h.substring(0, dot));
            return first >= 224 && first <= 239;
        }
        return false;
    }

    /**
     * @param key     the setting's key (or a description of it), named in the message.
     * @param channel its value.
     * @return the channel, parsed.
     * @throws IllegalArgumentException when it is missing or Aeron cannot parse it.
     */
    public static ChannelUri require(final String key, final String channel)
    {
        if (null == channel || channel.isBlank())
        {
            throw new IllegalArgumentException(key + " is required");
        }
        try
        {
            return ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(
                key + " is not a valid Aeron channel: '" + channel + "' (" + ex.getMessage() + ")", ex);
        }
    }
}
