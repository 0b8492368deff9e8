package io.hedge.transport;

import java.util.Locale;

/**
 * How a gateway's sequenced stream reaches its replicas and standbys, and the channels that follow from it.
 * <ul>
 * <li>{@code mdc}: dynamic multi-destination-cast. Each subscriber adds itself to the gateway's control port and the
 * media driver sends every message once per subscriber. Works on any network that carries unicast UDP.</li>
 * <li>{@code multicast}: an Aeron multicast stream on a group. The driver sends every message once, whatever the number
 * of replicas and standbys; the network (or the loopback interface) copies it. Gateway g sends to the group on its own
 * sequenced port, so that each gateway's stream is apart from its peers'; every role joins the group on the interface
 * of its own host, so that the stream never leaves by the default route to a network it was not meant for.</li>
 * </ul>
 * Only the sequenced stream changes: the replay stream stays multi-destination-cast (see {@link GatewayEndpoints}).
 *
 * @param kind  mdc or multicast.
 * @param group the IPv4 multicast group of a multicast transport; null for mdc.
 */
public record SequencedTransport(Kind kind, String group)
{
    /** The choices of {@link TransportConfiguration#SEQUENCED_TRANSPORT}. */
    public enum Kind
    {
        MDC, MULTICAST
    }

    /** Multi-destination-cast: the layout before multicast existed, and the default. */
    public static final SequencedTransport MDC = new SequencedTransport(Kind.MDC, null);

    private static final int OCTETS = 4;
    private static final int MAX_OCTET = 255;

    public SequencedTransport
    {
        if (null == kind)
        {
            throw new IllegalArgumentException("a sequenced transport needs a kind");
        }
        if (Kind.MULTICAST == kind)
        {
            final String problem = groupProblem(group);
            if (null != problem)
            {
                throw new IllegalArgumentException(problem);
            }
        }
        else if (null != group)
        {
            throw new IllegalArgumentException("a multi-destination-cast sequenced stream has no multicast group");
        }
    }

    /**
     * @param group an IPv4 multicast group: see {@link #groupProblem(String)}.
     * @return a multicast transport on that group.
     * @throws IllegalArgumentException when the group cannot carry an Aeron multicast stream.
     */
    public static SequencedTransport multicast(final String group)
    {
        return new SequencedTransport(Kind.MULTICAST, group);
    }

    /**
     * The transport of the settings {@link TransportConfiguration#SEQUENCED_TRANSPORT} and
     * {@link TransportConfiguration#SEQUENCED_MULTICAST_GROUP}.
     *
     * @param transport {@code mdc} or {@code multicast}, in any case.
     * @param group     the group; read only for {@code multicast}.
     * @throws IllegalArgumentException naming the setting that is wrong.
     */
    public static SequencedTransport parse(final String transport, final String group)
    {
        final String value = null == transport ? "" : transport.trim().toLowerCase(Locale.ROOT);
        switch (value)
        {
            case "mdc":
                return MDC;
            case "multicast":
                final String problem = groupProblem(null == group ? null : group.trim());
                if (null != problem)
                {
                    throw new IllegalArgumentException("setting '" +
                        TransportConfiguration.SEQUENCED_MULTICAST_GROUP.key() + "' " + problem);
                }
                return multicast(group.trim());
            default:
                throw new IllegalArgumentException("setting '" + TransportConfiguration.SEQUENCED_TRANSPORT.key() +
                    "' must be mdc or multicast, got '" + transport + "'");
        }
    }

    public boolean isMulticast()
    {
        return Kind.MULTICAST == kind;
    }

    /**
     * @param host the gateway's address: the control port's (mdc) or the interface it sends on (multicast).
     * @param port the gateway's sequenced port.
     * @return the channel the gateway publishes the sequenced stream on.
     */
    public String publicationChannel(final String host, final int port)
    {
        if (isMulticast())
        {
            return "aeron:udp?endpoint=" + group + ":" + port + "|interface=" + host + "|fc=max";
        }
        return "aeron:udp?control=" + host + ":" + port + "|control-mode=dynamic|fc=max";
    }

    /**
     * @param host      the gateway's address.
     * @param port      the gateway's sequenced port.
     * @param localHost the subscriber's own address: where it receives (mdc) or the interface it joins on (multicast).
     * @return the channel a replica or a standby subscribes to the sequenced stream on.
     */
    public String subscriptionChannel(final String host, final int port, final String localHost)
    {
        if (isMulticast())
        {
            return "aeron:udp?endpoint=" + group + ":" + port + "|interface=" + localHost;
        }
        return "aeron:udp?endpoint=" + localHost + ":0|control=" + host + ":" + port + "|control-mode=dynamic";
    }

    /**
     * What stops a group from carrying an Aeron multicast stream, or null. Aeron sends data to the group and control
     * (status messages, NAKs) to the next address, so the last octet must be odd and below 255. 224.0.0.0/24 is
     * the block of routing protocols; names are refused because resolving them would block and could give anything.
     *
     * @param group the group, as set.
     * @return the problem, in words that follow the setting's name, or null.
     */
    public static String groupProblem(final String group)
    {
        if (null == group || group.isBlank())
        {
            return "is required with sequenced.transport=multicast (an IPv4 multicast group such as 239.255.20.1)";
        }
        final String[] parts = group.split("\\.", -1);
        final int[] octets = new int[OCTETS];
        if (parts.length != OCTETS)
        {
            return "must be an IPv4 multicast address such as 239.255.20.1, got '" + group + "'";
        }
        for (int i = 0; i < OCTETS; i++)
        {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit) ||
                Integer.parseInt(parts[i]) > MAX_OCTET)
            {
                return "must be an IPv4 multicast address such as 239.255.20.1, got '" + group + "'";
            }
            octets[i] = Integer.parseInt(parts[i]);
        }
        if (octets[0] < 224 || octets[0] > 239)
        {
            return "must be a multicast address (224.0.0.0 to 239.255.255.255), got '" + group + "'";
        }
        if (224 == octets[0] && 0 == octets[1] && 0 == octets[2])
        {
            return "must not be in 224.0.0.0/24, which routing protocols use, got '" + group + "'";
        }
        if (0 == (octets[3] & 1) || MAX_OCTET == octets[3])
        {
            return "must end in an odd number below 255 (Aeron sends the stream's control messages to the next " +
                "address), got '" + group + "'";
        }
        return null;
    }
}
