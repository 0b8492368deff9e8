package io.hedge.replicas;

import io.hedge.transport.Setting;

import java.util.List;

/**
 * The replica's keys, each with its default and one line of documentation: {@link ReplicaContext} takes its
 * defaults from here, and {@code hedge settings} lists them.
 */
public final class ReplicaConfiguration
{
    public static final Setting SEQUENCED_CHANNEL = new Setting(
        "replica.sequenced.channel", "", "override: the channel on which a replica receives the sequenced stream");
    public static final Setting GATEWAY_CHANNEL = new Setting(
        "replica.gateway.channel", "", "override: the channel on which a replica sends to the gateway");
    public static final Setting VOTE_HOLDOFF_MS = new Setting("replica.vote.holdoff.ms", "250",
        "a replica votes for a rival only if the gateway it follows has been silent this long");
    public static final Setting STATUS_MS = new Setting("replica.status.ms", "100", "interval of replica status reports");
    public static final Setting SNAPSHOT_INTERVAL = new Setting(
        "replica.snapshot.interval", "1000000", "a replica writes a snapshot every this many seqs; 0: only on SIGHUP");
    public static final Setting SNAPSHOT_RETAIN = new Setting("replica.snapshot.retain", "3", "snapshots a replica keeps");
    public static final Setting BOOTSTRAP_PEER = new Setting("replica.bootstrap.peer", "true",
        "a replica with an empty directory fetches a snapshot from a live peer (via the gateway) before going live");
    public static final Setting BOOTSTRAP_TIMEOUT_MS = new Setting("replica.bootstrap.timeout.ms", "10000",
        "how long a bootstrapping replica waits for a peer's snapshot before falling back to a full retransmit");
    public static final Setting QUERY_BUDGET = new Setting("replica.query.budget", "16",
        "read-only queries a replica answers per duty cycle at most, so that queries cannot starve the sequenced stream");
    public static final Setting STATE_MACHINE = new Setting("replica.state.machine",
        "io.hedge.replicas.trading.TradingEngine", "the class of the state machine a replica runs (docs/STATE-MACHINES.md)");
    public static final Setting STATE_MACHINE_PATH = new Setting("replica.state.machine.path", "",
        "a jar or directory holding replica.state.machine's classes; empty: the class path");

    /** Every replica key, in the order {@code hedge settings} lists them. */
    public static final List<Setting> SETTINGS = Setting.list(
        SEQUENCED_CHANNEL, GATEWAY_CHANNEL, VOTE_HOLDOFF_MS, STATUS_MS, SNAPSHOT_INTERVAL, SNAPSHOT_RETAIN,
        BOOTSTRAP_PEER, BOOTSTRAP_TIMEOUT_MS, QUERY_BUDGET, STATE_MACHINE, STATE_MACHINE_PATH);

    private ReplicaConfiguration()
    {
    }
}
