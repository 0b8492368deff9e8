package io.hedge.transport;

/**
 * Where a gateway hears the operations traffic (docs/OPERATIONS.md): the role reports of every gateway, replica and
 * sink, and the ops sessions of {@code hedge status}, {@code hedge admin} and {@code hedge dashboard}. Out of band: a
 * port and streams of its own, never a client's or a member's data stream, so that observing the fabric cannot slow
 * it and still works while ingress is saturated. The port is derived from the gateway's endpoints, as
 * {@link StandbyChannel}'s is, so that every role agrees without a setting: {@link #PORT_OFFSET} above the sequenced
 * port (with the default ports, ingress.port + 5: 20126 for gateway 1).
 */
public final class OpsChannel
{
    /** The ops port, above the sequenced stream's control port (the standby channel has +3). */
    public static final int PORT_OFFSET = 4;

    /** Ports each gateway uses from its ingress port up: four gateway ports, the standby channel's, the ops port. */
    public static final int PORTS_PER_GATEWAY = 6;

    /** Stream of ops sessions: OpsConnect, OpsChallengeResponse, AdminRequest. */
    public static final int OPS_STREAM_ID = 40;

    /** Stream of RoleReports from every role. */
    public static final int METRICS_STREAM_ID = 41;

    /** Stream on which a gateway answers an ops session (OpsConnected, AdminResponse, FabricHealth, relayed reports). */
    public static final int OPS_RESPONSE_STREAM_ID = 42;

    private OpsChannel()
    {
    }

    /**
     * @return the gateway's ops port.
     */
    public static int port(final GatewayEndpoints gateway)
    {
        return gateway.sequencedPort() + PORT_OFFSET;
    }

    /**
     * @return the channel on which the gateway receives ops traffic and every role and tool sends it.
     */
    public static String channel(final GatewayEndpoints gateway)
    {
        return "aeron:udp?endpoint=" + gateway.host() + ":" + port(gateway);
    }
}
