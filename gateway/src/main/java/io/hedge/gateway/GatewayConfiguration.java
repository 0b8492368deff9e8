package io.hedge.gateway;

import io.hedge.transport.Setting;

import java.util.List;

/**
 * The gateway's keys, each with its default and one line of documentation: {@link GatewayContext} takes its
 * defaults from here, and {@code hedge settings} lists them.
 */
public final class GatewayConfiguration
{
    public static final Setting ID = new Setting("gateway.id", "1", "id of this gateway, from 1 to gateway.count");
    public static final Setting INGRESS_CHANNEL = new Setting(
        "gateway.ingress.channel", "", "override: the gateway's ingress channel");
    public static final Setting SEQUENCED_CHANNEL = new Setting(
        "gateway.sequenced.channel", "", "override: the gateway's sequenced publication channel");
    public static final Setting REPLICA_CHANNEL = new Setting(
        "gateway.replica.channel", "", "override: the channel on which the gateway receives replicas");
    public static final Setting HEARTBEAT_TIMEOUT_MS = new Setting("gateway.heartbeat.timeout.ms", "500",
        "silence from the active gateway after which a standby stands for election (failover time vs false takeovers)");
    public static final Setting CANDIDATE_STAGGER_MS = new Setting(
        "gateway.candidate.stagger.ms", "100", "extra wait of each further standby, so that they rarely compete");
    public static final Setting ELECTION_TIMEOUT_MS = new Setting(
        "gateway.election.timeout.ms", "200", "how long a candidate waits for every live replica's vote");
    public static final Setting STANDBY_SLEEP_US = new Setting("gateway.standby.sleep.us", "1000",
        "a standby's sleep between idle polls, leaving the cores to the active gateway; 0: idle like it");
    public static final Setting SINK_HOST = new Setting("sink.host", "localhost", "address of the external effects sink");
    public static final Setting SINK_PORT = new Setting(
        "sink.port", "0", "UDP port of the external effects sink; 0: no sink");
    public static final Setting SINK_STREAM = new Setting("sink.stream", "30", "stream id of external effects");
    public static final Setting DROPCOPY_CHANNEL = new Setting("gateway.dropcopy.channel", "",
        "Aeron channel on which the active gateway publishes a copy of every session message (docs/SESSION-MESSAGES.md); " +
        "empty: no drop copy");
    public static final Setting DROPCOPY_STREAM = new Setting(
        "gateway.dropcopy.stream", "31", "stream id of the drop-copy channel");
    public static final Setting MAX_PAYLOAD = new Setting(
        "gateway.max.payload", "4096", "largest request payload the gateway accepts, bytes");
    public static final Setting DURABILITY = new Setting(
        "gateway.durability", "majority", "'majority': answer once a majority of replicas agree (nothing answered is " +
        "lost while a majority survives); 'first': on the first response; 'quorum:K': once K replicas agree");
    public static final Setting HEARTBEAT_MS = new Setting(
        "gateway.heartbeat.ms", "100", "interval of gateway heartbeats on the sequenced stream");
    public static final Setting LEASE_MS = new Setting("gateway.lease.ms", "",
        "the active gateway steps down when fewer than a majority of replicas were heard in its epoch for this long; " +
        "default: gateway.heartbeat.timeout.ms");
    public static final Setting SESSION_IDLE_TIMEOUT_MS = new Setting("gateway.session.idle.timeout.ms", "300000",
        "a client session not heard from this long expires and its publication is closed; at least 10000 " +
        "(an idle SDK sends a keep-alive at least every 5 s)");
    public static final Setting MAX_CLIENTS = new Setting("gateway.max.clients", "4096",
        "client sessions a gateway keeps at most; a connect beyond them is refused (ClientConnected REJECTED)");
    public static final Setting DUPLICATE_WINDOWS = new Setting("gateway.duplicate.windows", "1024",
        "clients whose recent correlation ids keep their seqs; the least recently active beyond keep only their highest");
    public static final Setting DUPLICATE_MAX_CLIENTS = new Setting("gateway.duplicate.max.clients", "1048576",
        "client ids the duplicate table remembers at most; a request of a new id beyond is answered REJECTED_BUSY");
    public static final Setting QUERY_TIMEOUT_MS = new Setting("gateway.query.timeout.ms", "1000",
        "a read-only query no live replica can answer (none has applied its minimum seq) within this is answered NOT_YET");
    public static final Setting MAX_QUERIES = new Setting("gateway.max.queries", "1024",
        "read-only queries the active gateway holds unanswered at most (up to 65536); one beyond is answered REJECTED_BUSY");
    public static final Setting SOURCE_CONNECTS_PER_SECOND = new Setting("gateway.source.connects.per.second", "1000",
        "connects one source (an address and port sending to the ingress) may send per second, with a burst of a " +
        "second's worth; beyond, they are dropped and counted (source limit drops); 0: no limit");
    public static final Setting SOURCE_REQUESTS_PER_SECOND = new Setting("gateway.source.requests.per.second",
        "1000000", "requests and queries one source may send per second, with a burst of a second's worth; beyond, " +
        "they are dropped and counted (source limit drops); 0: no limit");
    public static final Setting AUTHENTICATOR = new Setting("gateway.authenticator", "none",
        "who may connect: 'none' (anyone reaching the ingress port, as principal 0), 'file' (gateway.principals.file, " +
        "challenge and answer) or the class name of an io.hedge.gateway.auth.Authenticator");
    public static final Setting PRINCIPALS_FILE = new Setting("gateway.principals.file", "",
        "with gateway.authenticator=file: the principals, their ids, secrets and permissions (docs/SECURITY.md); " +
        "refused if group or others may read it");
    public static final Setting OPS_MAX_SESSIONS = new Setting("ops.max.sessions", "16",
        "ops sessions (hedge status, hedge admin, hedge dashboard) a gateway keeps at most, 1 to 1024; one beyond is " +
        "refused (OpsConnected REJECTED)");
    public static final Setting OPS_SESSION_TIMEOUT_MS = new Setting("ops.session.timeout.ms", "30000",
        "an ops session not heard from this long is closed; at least 3000 (a tool sends a keep-alive every second)");

    /** Every gateway key, in the order {@code hedge settings} lists them. */
    public static final List<Setting> SETTINGS = Setting.list(
        ID, INGRESS_CHANNEL, SEQUENCED_CHANNEL, REPLICA_CHANNEL, HEARTBEAT_TIMEOUT_MS, CANDIDATE_STAGGER_MS,
        ELECTION_TIMEOUT_MS, STANDBY_SLEEP_US, SINK_HOST, SINK_PORT, SINK_STREAM, DROPCOPY_CHANNEL,
        DROPCOPY_STREAM, MAX_PAYLOAD, DURABILITY, HEARTBEAT_MS, LEASE_MS, SESSION_IDLE_TIMEOUT_MS, MAX_CLIENTS,
        DUPLICATE_WINDOWS, DUPLICATE_MAX_CLIENTS, QUERY_TIMEOUT_MS, MAX_QUERIES, SOURCE_CONNECTS_PER_SECOND,
        SOURCE_REQUESTS_PER_SECOND, AUTHENTICATOR, PRINCIPALS_FILE, OPS_MAX_SESSIONS, OPS_SESSION_TIMEOUT_MS);

    private GatewayConfiguration()
    {
    }
}
