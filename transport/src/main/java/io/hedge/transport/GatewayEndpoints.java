package io.hedge.transport;

/**
 * Where one gateway listens and publishes, and the Aeron channels every role derives from that: clients send to its
 * ingress, replicas and standbys join its sequenced stream (multi-destination-cast or multicast, see
 * {@link SequencedTransport}) and its replay stream, and send to its inbound endpoint. One place for the channel
 * layout, so that gateway, replicas, clients and tools agree.
 * <p>
 * The replay stream stays multi-destination-cast whatever the sequenced stream's transport: it carries the repair of
 * what a replica lost, so it must not share the failure of the path it repairs (a network that drops or filters
 * multicast), and its traffic is a rare burst for one replica, where one send per subscriber costs little.
 *
 * @param gatewayId     the gateway's id, from 1.
 * @param host          the address the gateway is reached at.
 * @param ingressPort   UDP port of client requests.
 * @param sequencedPort UDP control port of the sequenced stream.
 * @param inboundPort   UDP port of what replicas, standbys and the sink send to the gateway.
 * @param replayPort    UDP control port of the replay (retransmit) stream.
 * @param sequencedTransport how the sequenced stream is sent: multi-destination-cast (control port
 *                      {@code sequencedPort}) or multicast (to the group, on port {@code sequencedPort}).
 */
public record GatewayEndpoints(
    int gatewayId,
    String host,
    int ingressPort,
    int sequencedPort,
    int inboundPort,
    int replayPort,
    SequencedTransport sequencedTransport)
{
    public GatewayEndpoints
    {
        if (null == sequencedTransport)
        {
            throw new IllegalArgumentException("gateway " + gatewayId + " needs a sequenced transport");
        }
    }

    /**
     * A gateway whose sequenced stream is multi-destination-cast.
     */
    public GatewayEndpoints(
        final int gatewayId,
        final String host,
        final int ingressPort,
        final int sequencedPort,
        final int inboundPort,
        final int replayPort)
    {
        this(gatewayId, host, ingressPort, sequencedPort, inboundPort, replayPort, SequencedTransport.MDC);
    }

    /**
     * @param basePort the ingress port; the other three follow it.
     */
    public static GatewayEndpoints fromBase(final int gatewayId, final String host, final int basePort)
    {
        return new GatewayEndpoints(gatewayId, host, basePort, basePort + 1, basePort + 2, basePort + 3);
    }

    /**
     * @return the same gateway with its sequenced stream sent as {@code transport} says.
     */
    public GatewayEndpoints withSequencedTransport(final SequencedTransport transport)
    {
        return new GatewayEndpoints(gatewayId, host, ingressPort, sequencedPort, inboundPort, replayPort, transport);
    }

    public String ingressChannel()
    {
        return "aeron:udp?endpoint=" + host + ":" + ingressPort;
    }

    public String sequencedPublicationChannel()
    {
        return sequencedTransport.publicationChannel(host, sequencedPort);
    }

    /**
     * @param localHost the subscriber's own address: it receives on an ephemeral port there (multi-destination-cast)
     *                  or joins the group on its interface (multicast).
     */
    public String sequencedSubscriptionChannel(final String localHost)
    {
        return sequencedTransport.subscriptionChannel(host, sequencedPort, localHost);
    }

    public String inboundChannel()
    {
        return "aeron:udp?endpoint=" + host + ":" + inboundPort;
    }

    public String replayPublicationChannel()
    {
        return "aeron:udp?control=" + host + ":" + replayPort + "|control-mode=dynamic|fc=max";
    }

    public String replaySubscriptionChannel(final String localHost)
    {
        return "aeron:udp?endpoint=" + localHost + ":0|control=" + host + ":" + replayPort + "|control-mode=dynamic";
    }

    /**
     * @param localHost the address of the role that reaches this gateway (a replica or another gateway).
     * @return this gateway as that role reaches it.
     */
    public GatewayMember member(final String localHost)
    {
        return new GatewayMember(
            gatewayId, sequencedSubscriptionChannel(localHost), replaySubscriptionChannel(localHost), inboundChannel());
    }

    /**
     * @param host where a client receives; the media driver picks a free port there and the gateway is told it.
     * @return the channel on which a client receives its responses.
     */
    public static String clientResponseChannel(final String host)
    {
        return "aeron:udp?endpoint=" + host + ":0";
    }

    /**
     * @param host the external effects sink's address.
     * @param port its UDP port.
     * @return the channel the active gateway sends effects on and the sink receives them on.
     */
    public static String sinkChannel(final String host, final int port)
    {
        return "aeron:udp?endpoint=" + host + ":" + port;
    }
}
