package io.hedge.replicas;

import io.hedge.ops.ReportingSettings;
import io.hedge.transport.ChannelCheck;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.GatewayMember;
import io.hedge.transport.RoleContext;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.hedge.replicas.ReplicaConfiguration.BOOTSTRAP_PEER;
import static io.hedge.replicas.ReplicaConfiguration.BOOTSTRAP_TIMEOUT_MS;
import static io.hedge.replicas.ReplicaConfiguration.GATEWAY_CHANNEL;
import static io.hedge.replicas.ReplicaConfiguration.SEQUENCED_CHANNEL;
import static io.hedge.replicas.ReplicaConfiguration.SNAPSHOT_INTERVAL;
import static io.hedge.replicas.ReplicaConfiguration.SNAPSHOT_RETAIN;
import static io.hedge.replicas.ReplicaConfiguration.QUERY_BUDGET;
import static io.hedge.replicas.ReplicaConfiguration.STATUS_MS;
import static io.hedge.replicas.ReplicaConfiguration.VOTE_HOLDOFF_MS;
import static io.hedge.transport.TransportConfiguration.GATEWAY_HOST;
import static io.hedge.transport.TransportConfiguration.HOST;
import static io.hedge.transport.TransportConfiguration.INGRESS_PORT;
import static io.hedge.transport.TransportConfiguration.REPLAY_PORT;
import static io.hedge.transport.TransportConfiguration.REPLAY_STREAM;
import static io.hedge.transport.TransportConfiguration.RESPONSES_PORT;
import static io.hedge.transport.TransportConfiguration.RESPONSES_STREAM;
import static io.hedge.transport.TransportConfiguration.SEQUENCED_PORT;
import static io.hedge.transport.TransportConfiguration.SEQUENCED_STREAM;

/**
 * Every setting of a replica, each with a default for one small machine, taken from {@link ReplicaConfiguration}
 * and {@link io.hedge.transport.TransportConfiguration}; {@link #conclude()} checks them once and names the key of
 * the one that is wrong. Settings that have no properties key are named as {@code replica.<setting>}.
 */
public final class ReplicaContext extends RoleContext<ReplicaContext>
{
    /** Its reports, counters, Prometheus endpoint and histogram logs (io.hedge.ops.OpsConfiguration). */
    private ReportingSettings reporting = new ReportingSettings();

    /** The default gateway, as a replica on this machine reaches it. */
    private static final GatewayEndpoints DEFAULT_GATEWAY = new GatewayEndpoints(1, GATEWAY_HOST.defaultValue(),
        INGRESS_PORT.defaultInt(), SEQUENCED_PORT.defaultInt(), RESPONSES_PORT.defaultInt(), REPLAY_PORT.defaultInt());
    /** Joins the gateway's multi-destination-cast stream from an ephemeral local port. */
    public static final String DEFAULT_SEQUENCED_CHANNEL =
        DEFAULT_GATEWAY.sequencedSubscriptionChannel(HOST.defaultValue());
    public static final int DEFAULT_SEQUENCED_STREAM_ID = SEQUENCED_STREAM.defaultInt();
    public static final String DEFAULT_GATEWAY_CHANNEL = DEFAULT_GATEWAY.inboundChannel();
    public static final int DEFAULT_GATEWAY_STREAM_ID = RESPONSES_STREAM.defaultInt();
    /** Retransmits from the gateway arrive here when this replica reports a gap. */
    public static final String DEFAULT_REPLAY_CHANNEL = DEFAULT_GATEWAY.replaySubscriptionChannel(HOST.defaultValue());
    public static final int DEFAULT_REPLAY_STREAM_ID = REPLAY_STREAM.defaultInt();
    public static final int MAX_REPLICA_ID = FabricLimits.MAX_REPLICAS - 1;
    /** Bytes of snapshot per chunk a donor sends: several Aeron frames, far below a publication's largest message. */
    public static final int DEFAULT_SNAPSHOT_CHUNK_LENGTH = 32 * 1024;
    public static final int MAX_SNAPSHOT_CHUNK_LENGTH = io.hedge.codecs.SnapshotChunkBounds.MAX_CHUNK_LENGTH;

    private int replicaId = 1;
    private String site = "A";
    private String sequencedChannel = DEFAULT_SEQUENCED_CHANNEL;
    private int sequencedStreamId = DEFAULT_SEQUENCED_STREAM_ID;
    private String gatewayChannel = DEFAULT_GATEWAY_CHANNEL;
    private int gatewayStreamId = DEFAULT_GATEWAY_STREAM_ID;
    private String replayChannel = DEFAULT_REPLAY_CHANNEL;
    private int replayStreamId = DEFAULT_REPLAY_STREAM_ID;
    private long retransmitTimeoutNs = TimeUnit.MILLISECONDS.toNanos(200);
    private Path journalDir = Path.of("hedge-work", "replica-A", "journal");
    private Path snapshotDir;
    private long snapshotInterval = SNAPSHOT_INTERVAL.defaultLong();
    private int snapshotRetain = SNAPSHOT_RETAIN.defaultInt();
    private Supplier<StateMachine> stateMachineSupplier;
    private long statusIntervalNs = STATUS_MS.defaultNanosFromMillis();
    private int maxResponseLength = 64 * 1024;
    private boolean bootstrapFromPeer = BOOTSTRAP_PEER.defaultBoolean();
    private long bootstrapRetryIntervalNs = TimeUnit.SECONDS.toNanos(1);
    private long bootstrapTimeoutNs = BOOTSTRAP_TIMEOUT_MS.defaultNanosFromMillis();
    private int queryBudget = QUERY_BUDGET.defaultInt();
    private int snapshotChunkLength = DEFAULT_SNAPSHOT_CHUNK_LENGTH;
    private List<GatewayMember> gateways = List.of();
    private long voteHoldoffNs = VOTE_HOLDOFF_MS.defaultNanosFromMillis();
    private int responseLogEntries = ResponseLog.DEFAULT_ENTRIES;
    private int responseLogBytes = ResponseLog.DEFAULT_BYTES;
    private Runnable adminStopHandler = () -> { };

    @Override
    public String roleName()
    {
        return "replica " + replicaId + " (site " + site + ")";
    }

    @Override
    protected boolean isMember()
    {
        return true;
    }

    @Override
    protected void concludeRole()
    {
        reporting.conclude();
        if (!FabricLimits.isReplicaId(replicaId))
        {
            throw new IllegalArgumentException("replica.id must be between 1 and " + MAX_REPLICA_ID + ", got " + replicaId);
        }
        if (null == site || site.isBlank())
        {
            throw new IllegalArgumentException("replica.site is required");
        }
        ChannelCheck.require(SEQUENCED_CHANNEL.key(), sequencedChannel);
        ChannelCheck.require(GATEWAY_CHANNEL.key(), gatewayChannel);
        ChannelCheck.require("replica.replay.channel", replayChannel);
        if (retransmitTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("replica.retransmit.timeout must be positive, got " + retransmitTimeoutNs +
                " ns");
        }
        if (null == journalDir)
        {
            throw new IllegalArgumentException("replica.journal.dir is required");
        }
        if (null == snapshotDir)
        {
            snapshotDir = journalDir.resolveSibling(journalDir.getFileName() + "-snapshots");
        }
        if (snapshotInterval < 0)
        {
            throw SNAPSHOT_INTERVAL.invalid("must be >= 0 (0: only on command), got " + snapshotInterval);
        }
        if (snapshotRetain < 1)
        {
            throw SNAPSHOT_RETAIN.invalid("must be >= 1, got " + snapshotRetain);
        }
        if (null == stateMachineSupplier)
        {
            throw new IllegalArgumentException("replica.state.machine is required: " + roleName() +
                " needs a state machine");
        }
        // fault injection for hedge chaos, off unless its system property is set
        stateMachineSupplier = SlowApplyFaultHook.wrapIfConfigured(stateMachineSupplier);
        if (statusIntervalNs <= 0)
        {
            throw STATUS_MS.invalid("must be positive, got " + statusIntervalNs + " ns");
        }
        if (maxResponseLength < 64)
        {
            throw new IllegalArgumentException("replica.max.response.length must be >= 64, got " + maxResponseLength);
        }
        if (snapshotChunkLength < 1 || snapshotChunkLength > MAX_SNAPSHOT_CHUNK_LENGTH)
        {
            throw new IllegalArgumentException("replica.snapshot.chunk.length must be between 1 and " +
                MAX_SNAPSHOT_CHUNK_LENGTH + ", got " + snapshotChunkLength);
        }
        if (gateways.isEmpty())
        {
            gateways = List.of(new GatewayMember(1, sequencedChannel, replayChannel, gatewayChannel));
        }
        GatewayMember.checkAll(roleName(), gateways, 0);
        if (voteHoldoffNs < 0)
        {
            throw VOTE_HOLDOFF_MS.invalid("must not be negative, got " + voteHoldoffNs + " ns");
        }
        if (responseLogEntries < 2 || Integer.bitCount(responseLogEntries) != 1 || responseLogBytes < maxResponseLength)
        {
            throw new IllegalArgumentException("replica.response.log needs a power-of-two entry count and at least " +
                "one largest response of bytes, got " + responseLogEntries + " entries and " + responseLogBytes + " bytes");
        }
        if (bootstrapRetryIntervalNs <= 0)
        {
            throw new IllegalArgumentException("replica.bootstrap.retry.interval must be positive, got " +
                bootstrapRetryIntervalNs + " ns");
        }
        if (bootstrapTimeoutNs <= 0)
        {
            throw BOOTSTRAP_TIMEOUT_MS.invalid("must be positive, got " + bootstrapTimeoutNs + " ns");
        }
        if (queryBudget < 1)
        {
            throw QUERY_BUDGET.invalid("must be >= 1, got " + queryBudget);
        }
    }

    public int replicaId()
    {
        return replicaId;
    }

    public ReplicaContext replicaId(final int replicaId)
    {
        this.replicaId = replicaId;
        return this;
    }

    public String site()
    {
        return site;
    }

    public ReplicaContext site(final String site)
    {
        this.site = site;
        return this;
    }

    public String sequencedChannel()
    {
        return sequencedChannel;
    }

    public ReplicaContext sequencedChannel(final String sequencedChannel)
    {
        this.sequencedChannel = sequencedChannel;
        return this;
    }

    public int sequencedStreamId()
    {
        return sequencedStreamId;
    }

    public ReplicaContext sequencedStreamId(final int sequencedStreamId)
    {
        this.sequencedStreamId = sequencedStreamId;
        return this;
    }

    public String gatewayChannel()
    {
        return gatewayChannel;
    }

    public ReplicaContext gatewayChannel(final String gatewayChannel)
    {
        this.gatewayChannel = gatewayChannel;
        return this;
    }

    public int gatewayStreamId()
    {
        return gatewayStreamId;
    }

    public ReplicaContext gatewayStreamId(final int gatewayStreamId)
    {
        this.gatewayStreamId = gatewayStreamId;
        return this;
    }

    public String replayChannel()
    {
        return replayChannel;
    }

    public ReplicaContext replayChannel(final String replayChannel)
    {
        this.replayChannel = replayChannel;
        return this;
    }

    public int replayStreamId()
    {
        return replayStreamId;
    }

    public ReplicaContext replayStreamId(final int replayStreamId)
    {
        this.replayStreamId = replayStreamId;
        return this;
    }

    /**
     * @return how long a replica held at a gap waits for its retransmit before asking again.
     */
    public long retransmitTimeoutNs()
    {
        return retransmitTimeoutNs;
    }

    public ReplicaContext retransmitTimeoutNs(final long retransmitTimeoutNs)
    {
        this.retransmitTimeoutNs = retransmitTimeoutNs;
        return this;
    }

    public Path journalDir()
    {
        return journalDir;
    }

    public ReplicaContext journalDir(final Path journalDir)
    {
        this.journalDir = journalDir;
        return this;
    }

    /**
     * @return where snapshots go; by default beside the journal, in {@code <journal>-snapshots}.
     */
    public Path snapshotDir()
    {
        return snapshotDir;
    }

    public ReplicaContext snapshotDir(final Path snapshotDir)
    {
        this.snapshotDir = snapshotDir;
        return this;
    }

    /**
     * @return a snapshot is written after every this many seqs; 0 writes them only on command.
     */
    public long snapshotInterval()
    {
        return snapshotInterval;
    }

    public ReplicaContext snapshotInterval(final long snapshotInterval)
    {
        this.snapshotInterval = snapshotInterval;
        return this;
    }

    /**
     * @return how many snapshots are kept, newest first.
     */
    public int snapshotRetain()
    {
        return snapshotRetain;
    }

    public ReplicaContext snapshotRetain(final int snapshotRetain)
    {
        this.snapshotRetain = snapshotRetain;
        return this;
    }

    public Supplier<StateMachine> stateMachineSupplier()
    {
        return stateMachineSupplier;
    }

    public ReplicaContext stateMachineSupplier(final Supplier<StateMachine> stateMachineSupplier)
    {
        this.stateMachineSupplier = stateMachineSupplier;
        return this;
    }

    /**
     * Run the state machines this factory builds, with responses of up to its {@link
     * StateMachineFactory#maxResponseLength()}: sets {@link #stateMachineSupplier} and {@link #maxResponseLength}.
     *
     * @return this.
     */
    public ReplicaContext stateMachineFactory(final StateMachineFactory factory)
    {
        this.stateMachineSupplier = factory::newStateMachine;
        this.maxResponseLength = factory.maxResponseLength();
        return this;
    }

    public long statusIntervalNs()
    {
        return statusIntervalNs;
    }

    public ReplicaContext statusIntervalNs(final long statusIntervalNs)
    {
        this.statusIntervalNs = statusIntervalNs;
        return this;
    }

    /**
     * @return what runs, on the replica agent's thread, once the replica has snapshotted and stopped at a control entry
     * of hedge admin shutdown; the command line's ends the process with exit code 0 (it must not block). Default:
     * nothing; the replica stays up, taking nothing more from the stream.
     */
    public Runnable adminStopHandler()
    {
        return adminStopHandler;
    }

    public ReplicaContext adminStopHandler(final Runnable adminStopHandler)
    {
        this.adminStopHandler = null == adminStopHandler ? () -> { } : adminStopHandler;
        return this;
    }

    public int maxResponseLength()
    {
        return maxResponseLength;
    }

    public ReplicaContext maxResponseLength(final int maxResponseLength)
    {
        this.maxResponseLength = maxResponseLength;
        return this;
    }

    /**
     * @return true (the default) if a replica that starts with an empty journal and no snapshot first fetches a
     * live peer's snapshot through the gateway, then only the journal after it; false to have the gateway retransmit
     * the whole journal from seq 1.
     */
    public boolean bootstrapFromPeer()
    {
        return bootstrapFromPeer;
    }

    public ReplicaContext bootstrapFromPeer(final boolean bootstrapFromPeer)
    {
        this.bootstrapFromPeer = bootstrapFromPeer;
        return this;
    }

    /**
     * @return how long a bootstrapping replica waits for chunks after a snapshot request before asking again
     * (default 1 s).
     */
    public long bootstrapRetryIntervalNs()
    {
        return bootstrapRetryIntervalNs;
    }

    public ReplicaContext bootstrapRetryIntervalNs(final long bootstrapRetryIntervalNs)
    {
        this.bootstrapRetryIntervalNs = bootstrapRetryIntervalNs;
        return this;
    }

    /**
     * @return how long a bootstrapping replica goes without any chunk (none at all, or no next one) before it gives
     * up and falls back to a retransmit of the whole journal (default 10 s).
     */
    /**
     * @return read-only queries answered per duty cycle at most.
     */
    public int queryBudget()
    {
        return queryBudget;
    }

    public ReplicaContext queryBudget(final int queryBudget)
    {
        this.queryBudget = queryBudget;
        return this;
    }

    public long bootstrapTimeoutNs()
    {
        return bootstrapTimeoutNs;
    }

    public ReplicaContext bootstrapTimeoutNs(final long bootstrapTimeoutNs)
    {
        this.bootstrapTimeoutNs = bootstrapTimeoutNs;
        return this;
    }

    /**
     * @return bytes of snapshot per chunk when this replica donates its state to a bootstrapping peer (32 KiB).
     */
    public int snapshotChunkLength()
    {
        return snapshotChunkLength;
    }

    public ReplicaContext snapshotChunkLength(final int snapshotChunkLength)
    {
        this.snapshotChunkLength = snapshotChunkLength;
        return this;
    }

    /**
     * @return every gateway of the stream; when none are set, the one given by the single-gateway channels, id 1.
     */
    public List<GatewayMember> gateways()
    {
        return gateways;
    }

    public ReplicaContext gateways(final List<GatewayMember> gateways)
    {
        this.gateways = List.copyOf(gateways);
        return this;
    }

    /**
     * @return how long the active gateway must have been silent before this replica votes for a rival: a standby
     * that merely missed some heartbeats cannot unseat an active gateway the replicas still hear.
     */
    public long voteHoldoffNs()
    {
        return voteHoldoffNs;
    }

    public ReplicaContext voteHoldoffNs(final long voteHoldoffNs)
    {
        this.voteHoldoffNs = voteHoldoffNs;
        return this;
    }

    /**
     * @return where the replica's promise (highest epoch voted for, and its gateway) is kept.
     */
    public Path promiseFile()
    {
        return journalDir.resolveSibling(journalDir.getFileName() + "-promise");
    }

    public int responseLogEntries()
    {
        return responseLogEntries;
    }

    public ReplicaContext responseLogEntries(final int responseLogEntries)
    {
        this.responseLogEntries = responseLogEntries;
        return this;
    }

    public int responseLogBytes()
    {
        return responseLogBytes;
    }

    public ReplicaContext responseLogBytes(final int responseLogBytes)
    {
        this.responseLogBytes = responseLogBytes;
        return this;
    }

    /**
     * @return its ops settings: report interval and channels, Prometheus endpoint, histogram logs.
     */
    public ReportingSettings reporting()
    {
        return reporting;
    }

    public ReplicaContext reporting(final ReportingSettings reporting)
    {
        this.reporting = reporting;
        return this;
    }
}
