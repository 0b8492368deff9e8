package io.hedge.transport;

import java.util.List;

/**
 * The keys every role shares: the working directory, addresses, ports and stream ids of the one channel layout
 * ({@link GatewayEndpoints}), the gateways and sites of the stream, the idle strategy and the media driver.
 */
public final class TransportConfiguration
{
    public static final Setting DIR = new Setting(
        "hedge.dir", "hedge-work", "working directory: journals and Aeron directories go below it");
    public static final Setting HOST = new Setting(
        "host", "localhost", "address at which this machine's replicas and clients receive from gateways");
    public static final Setting GATEWAY_HOST = new Setting("gateway.host", "localhost",
        "address of the gateway (of every gateway unless gateway.hosts is set): it binds there, others reach it there");
    public static final Setting INGRESS_PORT = new Setting("ingress.port", "20121", "UDP port of the gateway's client ingress");
    public static final Setting SEQUENCED_PORT = new Setting(
        "sequenced.port", "20122", "UDP port of the gateway's sequenced stream: its control port (mdc) or the " +
        "group's port (multicast)");
    public static final Setting SEQUENCED_TRANSPORT = new Setting("sequenced.transport", "mdc",
        "how the sequenced stream reaches replicas and standbys: 'mdc' (multi-destination-cast, one send per " +
        "subscriber, needs only unicast UDP) or 'multicast' (one send per message to sequenced.multicast.group, " +
        "joined on each role's host address; needs a network, or loopback, that carries multicast). " +
        "The replay stream stays mdc");
    public static final Setting SEQUENCED_MULTICAST_GROUP = new Setting("sequenced.multicast.group", "239.255.20.1",
        "IPv4 multicast group of the sequenced streams with sequenced.transport=multicast, last octet odd (Aeron " +
        "uses the next address for control); each gateway sends to it on its own sequenced port");
    public static final Setting RESPONSES_PORT = new Setting(
        "responses.port", "20123", "UDP port on which the gateway receives replica responses");
    public static final Setting REPLAY_PORT = new Setting(
        "replay.port", "20124", "UDP control port of the gateway's retransmit (replay) stream");
    public static final Setting INGRESS_STREAM = new Setting("ingress.stream", "10", "stream id of client requests");
    public static final Setting CLIENT_STREAM = new Setting("client.stream", "11", "stream id of responses to clients");
    public static final Setting SEQUENCED_STREAM = new Setting("sequenced.stream", "20", "stream id of the sequenced stream");
    public static final Setting RESPONSES_STREAM = new Setting(
        "responses.stream", "21", "stream id of replica responses and status");
    public static final Setting REPLAY_STREAM = new Setting(
        "replay.stream", "22", "stream id of retransmits to replicas that found a gap");
    public static final Setting GATEWAY_COUNT = new Setting(
        "gateway.count", "1", "gateways of the stream: one active, the others standbys that take over");
    public static final Setting GATEWAY_HOSTS = new Setting(
        "gateway.hosts", "", "comma-separated address of each gateway, by id (default: gateway.host for all)");
    public static final Setting GATEWAY_PORT_STRIDE = new Setting(
        "gateway.port.stride", "10", "gateway g uses the four gateway ports, the standbys' (sequenced.port + 3) and the ops port (sequenced.port + 4) plus (g - 1) times this; at least 6");
    public static final Setting SITES = new Setting(
        "sites", "A,B,C", "site names of the replicas; a site's replica id is its position, from 1");
    public static final Setting IDLE = new Setting(
        "idle", "backoff", "idle strategy of every agent: backoff, yield, busy, sleep:MICROS, or Aeron's noop, spin, sleep-ns, sleep-ms");
    public static final Setting DRIVER = new Setting(
        "driver", "embedded", "'embedded': each process runs its own media driver; 'external': use aeron.dir");
    public static final Setting AERON_ROOT = new Setting(
        "aeron.root", "", "where embedded drivers keep their log buffers (default: /dev/shm/hedge-..., else hedge.dir)");
    public static final Setting AERON_DIR = new Setting(
        "aeron.dir", "", "directory of an external media driver (with driver=external)");
    public static final Setting MEMBER_KEY_FILE = new Setting("member.key.file", "",
        "file holding the cluster key (first line, at least 32 hex characters, readable by its owner only) that " +
        "gateways, replicas and the effects sink seal their messages with; empty: member authentication off");

    /** Every shared key, in the order {@code hedge settings} lists them. */
    public static final List<Setting> SETTINGS = Setting.list(
        DIR, HOST, GATEWAY_HOST, INGRESS_PORT, SEQUENCED_PORT, SEQUENCED_TRANSPORT, SEQUENCED_MULTICAST_GROUP,
        RESPONSES_PORT, REPLAY_PORT, INGRESS_STREAM, CLIENT_STREAM, SEQUENCED_STREAM, RESPONSES_STREAM, REPLAY_STREAM,
        GATEWAY_COUNT, GATEWAY_HOSTS, GATEWAY_PORT_STRIDE, SITES, IDLE, DRIVER, AERON_ROOT, AERON_DIR, MEMBER_KEY_FILE);

    private TransportConfiguration()
    {
    }
}
