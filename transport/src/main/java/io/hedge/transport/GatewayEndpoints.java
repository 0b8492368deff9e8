package io.hedge.transport;

/**
 * Where one gateway listens and publishes, and the Aeron channels every role derives from that: clients send to its
 * ingress, replicas and standbys join its sequenced and replay streams (multi-destination-cast, dynamic control) and
 * send to its inbound endpoint. One place for the channel layout, so that gateway, replicas, clients and tools agree.
 *
 * @param gatewayId     the gateway's id, from 1.
 * @param host          the address the gateway is reached at.
 * @param ingressPort   UDP port of client requests.
 * @param sequencedPort UDP control port of the sequenced stream.
 * @param inboundPort   UDP port of what replicas, standbys and the sink send to the gateway.
 * @param replayPort    UDP control port of the replay (retransmit) stream.
 */
public record GatewayEndpoints(
    int gatewayId, String host, int ingressPort, int sequencedPort, int inboundPort, int replayPort)
{
    /**
     * @param basePort the ingress port; the other three follow it.
     */
    public static GatewayEndpoints fromBase(final int gatewayId, final String host, final int basePort)
    {
        return new GatewayEndpoints(gatewayId, host, basePort, basePort + 1, basePort + 2, basePort + 3);
    }

    public String ingressChannel()
    {
        return "aeron:udp?endpoint=" + host + ":" + ingressPort;
    }

    public String sequencedPublicationChannel()
    {
        return "aeron:udp?control=" + host + ":" + sequencedPort + "|control-mode=dynamic|fc=max";
    }

    /**
     * @param localHost the subscriber's own address; it receives on an ephemeral port there.
     */
    public String sequencedSubscriptionChannel(final String localHost)
    {
        return "aeron:udp?endpoint=" + localHost + ":0|control=" + host + ":" + sequencedPort + "|control-mode=dynamic";
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
