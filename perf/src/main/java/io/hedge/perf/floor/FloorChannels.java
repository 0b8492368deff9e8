package io.hedge.perf.floor;

/**
 * The two UDP channels of the floor's round trip: ping to pong on one port, pong back to ping on another, both
 * unicast on the loopback or LAN address given, as Hedge's client ingress and responses are.
 *
 * @param host     address both ends receive at.
 * @param pingPort port the pong process receives pings on.
 * @param pongPort port the ping side receives echoes on.
 */
public record FloorChannels(String host, int pingPort, int pongPort)
{
    /** Stream id of pings. */
    public static final int PING_STREAM_ID = 1001;
    /** Stream id of echoes. */
    public static final int PONG_STREAM_ID = 1002;

    public String pingChannel()
    {
        return "aeron:udp?endpoint=" + host + ":" + pingPort;
    }

    public String pongChannel()
    {
        return "aeron:udp?endpoint=" + host + ":" + pongPort;
    }
}
