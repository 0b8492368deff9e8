package io.hedge.transport;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import org.agrona.SystemUtil;

import java.util.Set;
import java.util.TreeSet;

/**
 * The one check of an Aeron channel setting, so that every role says the same thing about the same mistake. It checks
 * what the media driver would otherwise refuse only when the role asks it for a publication or subscription, with a
 * message that does not name the setting: the address and port of {@code endpoint} and {@code control}, and the
 * sizes {@code term-length} and {@code mtu}.
 */
public final class ChannelCheck
{
    /**
     * Parameters a client may put in the response channel it asks a gateway to answer on; they concern only the
     * client's own subscription, and the gateway leaves them out of the channel it opens.
     */
    public static final Set<String> CLIENT_RESPONSE_PARAMETERS = Set.of("endpoint", "alias", "rcv-wnd", "so-rcvbuf");
    /** Longest response channel a client may name, characters: a real one is a host and a port. */
    public static final int MAX_CLIENT_RESPONSE_CHANNEL_LENGTH = 256;
    private static final int MAX_PORT = 65535;
    /**
     * The largest UDP payload the media driver accepts as an mtu (its Configuration.MAX_UDP_PAYLOAD_LENGTH): the driver
     * module is optional here, so that the client SDK does not pull a media driver in.
     */
    private static final int MAX_UDP_PAYLOAD_LENGTH = 65504;

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
        return clientResponseChannel(channel, false);
    }

    /**
     * As {@link #clientResponseChannel(String)}, where {@code aeron:ipc} is allowed only with {@code ipcAllowed}: an
     * IPC publication is a log buffer in the gateway's media driver, so only a gateway whose clients can reach it
     * through that driver alone (its ingress is IPC) lets them ask for one.
     */
    public static String clientResponseChannel(final String channel, final boolean ipcAllowed)
    {
        if (channel.length() > MAX_CLIENT_RESPONSE_CHANNEL_LENGTH)
        {
            throw new IllegalArgumentException("response channel of " + channel.length() + " characters is too long " +
                "(at most " + MAX_CLIENT_RESPONSE_CHANNEL_LENGTH + ")");
        }
        for (int i = 0; i < channel.length(); i++)
        {
            final char c = channel.charAt(i);
            if (c < 0x20 || c == 0x7f)
            {
                throw new IllegalArgumentException("response channel holds a control character at " + i);
            }
        }
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
        if (!"udp".equals(media) && !("ipc".equals(media) && ipcAllowed))
        {
            throw new IllegalArgumentException("media '" + media + "' is not allowed: only udp" +
                (ipcAllowed ? " and ipc" : " (ipc only where the gateway's ingress is ipc)"));
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
     * Where to tell a client that its response channel was refused: the channel with its endpoint alone, when that
     * endpoint would itself be allowed, else null (the client cannot be answered, only counted).
     */
    public static String refusalChannel(final String requested)
    {
        try
        {
            final ChannelUri uri = ChannelUri.parse(requested);
            final String endpoint = uri.get("endpoint");
            return "udp".equals(uri.media()) && null != endpoint ?
                clientResponseChannel("aeron:udp?endpoint=" + endpoint) : null;
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
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
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            throw invalid(key, channel, ex.getMessage(), ex);
        }
        final String problem = problem(uri);
        if (null != problem)
        {
            throw invalid(key, channel, problem, null);
        }
        return uri;
    }

    private static IllegalArgumentException invalid(
        final String key, final String channel, final String why, final Throwable cause)
    {
        return new IllegalArgumentException(
            key + " is not a valid Aeron channel: '" + channel + "' (" + why + ")", cause);
    }

    /** What is wrong with a channel that parses, or null. */
    private static String problem(final ChannelUri uri)
    {
        for (final String param : new String[]{CommonContext.ENDPOINT_PARAM_NAME, CommonContext.MDC_CONTROL_PARAM_NAME})
        {
            final String address = uri.get(param);
            if (null != address)
            {
                final String problem = addressProblem(param, address);
                if (null != problem)
                {
                    return problem;
                }
            }
        }
        final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
        if (null != endpoint)
        {
            final String problem = multicastProblem(endpoint.substring(0, endpoint.lastIndexOf(':')));
            if (null != problem)
            {
                return problem;
            }
        }
        try
        {
            final String termLength = uri.get(CommonContext.TERM_LENGTH_PARAM_NAME);
            if (null != termLength)
            {
                LogBufferDescriptor.checkTermLength(sizeAsInt(CommonContext.TERM_LENGTH_PARAM_NAME, termLength));
            }
            final String mtu = uri.get(CommonContext.MTU_LENGTH_PARAM_NAME);
            if (null != mtu)
            {
                checkMtu(sizeAsInt(CommonContext.MTU_LENGTH_PARAM_NAME, mtu));
            }
        }
        catch (final RuntimeException ex)
        {
            return ex.getMessage();
        }
        return null;
    }

    /**
     * The media driver's rule for an IPv4 multicast endpoint, which it would otherwise report only when the role adds
     * the publication: data goes to the address and control to the next one, so the last octet is odd and below 255.
     */
    private static String multicastProblem(final String host)
    {
        if (!isMulticast(host) || host.indexOf('.') < 0)
        {
            return null;
        }
        final String tail = host.substring(host.lastIndexOf('.') + 1);
        final int last = tail.isEmpty() || tail.length() > 3 ? -1 : Integer.parseInt(tail);
        return last > 0 && 1 == (last & 1) && last < 255 ? null : "endpoint " + host + " is a multicast group " +
            "whose last octet is not odd and below 255 (Aeron sends the stream's control messages to the next address)";
    }

    /** The media driver's own rule for an mtu. */
    private static void checkMtu(final int mtu)
    {
        if (mtu < DataHeaderFlyweight.HEADER_LENGTH || mtu > MAX_UDP_PAYLOAD_LENGTH)
        {
            throw new IllegalArgumentException("mtu must be between " + DataHeaderFlyweight.HEADER_LENGTH + " and " +
                MAX_UDP_PAYLOAD_LENGTH + " bytes, got " + mtu);
        }
        if (0 != (mtu & (FrameDescriptor.FRAME_ALIGNMENT - 1)))
        {
            throw new IllegalArgumentException("mtu must be a multiple of " + FrameDescriptor.FRAME_ALIGNMENT +
                " bytes, got " + mtu);
        }
    }

    private static int sizeAsInt(final String param, final String value)
    {
        final long size;
        try
        {
            size = SystemUtil.parseSize(param, value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(param + " must be a size such as 64k, got '" + value + "'", ex);
        }
        if (size > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(param + " is too large: " + value);
        }
        return (int)size;
    }

    /** host:port, [ipv6]:port; port 0 lets the system choose, as a replica's own endpoint does. */
    private static String addressProblem(final String param, final String address)
    {
        final int colon = address.lastIndexOf(':');
        final int bracket = address.lastIndexOf(']');
        if (colon <= 0 || colon < bracket || colon == address.length() - 1)
        {
            return param + " must be host:port, got '" + address + "'";
        }
        final String port = address.substring(colon + 1);
        try
        {
            final int value = Integer.parseInt(port);
            if (value < 0 || value > MAX_PORT)
            {
                return param + " port must be between 0 and " + MAX_PORT + ", got " + port;
            }
        }
        catch (final NumberFormatException ex)
        {
            return param + " port must be a number between 0 and " + MAX_PORT + ", got '" + port + "'";
        }
        return null;
    }
}
