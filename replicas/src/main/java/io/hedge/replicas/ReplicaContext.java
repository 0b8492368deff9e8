package io.hedge.replicas;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every setting of a replica, each with a default for one small machine; {@link #conclude()} checks them
 * once and names the one that is wrong.
 */
public final class ReplicaContext
{
    /** Joins the gateway's multi-destination-cast stream from an ephemeral local port. */
    public static final String DEFAULT_SEQUENCED_CHANNEL =
        "aeron:udp?endpoint=localhost:0|control=localhost:20122|control-mode=dynamic";
    public static final int DEFAULT_SEQUENCED_STREAM_ID = 20;
    public static final String DEFAULT_GATEWAY_CHANNEL = "aeron:udp?endpoint=localhost:20123";
    public static final int DEFAULT_GATEWAY_STREAM_ID = 21;
    /** Retransmits from the gateway arrive here when this replica reports a gap. */
    public static final String DEFAULT_REPLAY_CHANNEL =
        "aeron:udp?endpoint=localhost:0|control=localhost:20124|control-mode=dynamic";
    public static final int DEFAULT_REPLAY_STREAM_ID = 22;
    public static final int MAX_REPLICA_ID = 63;
    /** Bytes of snapshot per chunk a donor sends: several Aeron frames, far below a publication's largest message. */
    public static final int DEFAULT_SNAPSHOT_CHUNK_LENGTH = 32 * 1024;
    public static final int MAX_SNAPSHOT_CHUNK_LENGTH = 1024 * 1024;

    private int replicaId = 1;
    private String site = "A";
    private String aeronDirectoryName;
    private Aeron aeron;
    private String sequencedChannel = DEFAULT_SEQUENCED_CHANNEL;
    private int sequencedStreamId = DEFAULT_SEQUENCED_STREAM_ID;
    private String gatewayChannel = DEFAULT_GATEWAY_CHANNEL;
    private int gatewayStreamId = DEFAULT_GATEWAY_STREAM_ID;
    private String replayChannel = DEFAULT_REPLAY_CHANNEL;
    private int replayStreamId = DEFAULT_REPLAY_STREAM_ID;
    private long retransmitTimeoutNs = TimeUnit.MILLISECONDS.toNanos(200);
    private Path journalDir = Path.of("hedge-work", "replica-A", "journal");
    private Path snapshotDir;
    private long snapshotInterval = 1_000_000;
    private int snapshotRetain = 3;
    private Supplier<StateMachine> stateMachineSupplier;
    private long statusIntervalNs = TimeUnit.MILLISECONDS.toNanos(100);
    private int maxResponseLength = 64 * 1024;
    private Supplier<IdleStrategy> idleStrategySupplier = ReplicaContext::defaultIdleStrategy;
    private int fragmentLimit = 64;
    private boolean bootstrapFromPeer = true;
    private long bootstrapRetryIntervalNs = TimeUnit.SECONDS.toNanos(1);
    private long bootstrapTimeoutNs = TimeUnit.SECONDS.toNanos(10);
    private int snapshotChunkLength = DEFAULT_SNAPSHOT_CHUNK_LENGTH;
    private java.util.List<GatewayLink> gateways = java.util.List.of();
    private long voteHoldoffNs = TimeUnit.MILLISECONDS.toNanos(250);
    private int responseLogEntries = 64 * 1024;
    private int responseLogBytes = 16 * 1024 * 1024;

    /**
     * @return a new backoff idle strategy that parks for at most 100 µs.
     */
    public static IdleStrategy defaultIdleStrategy()
    {
        return new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * Check every setting.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first setting that is wrong.
     */
    public ReplicaContext conclude()
    {
        if (replicaId < 1 || replicaId > MAX_REPLICA_ID)
        {
            throw new IllegalArgumentException("replica.id must be between 1 and " + MAX_REPLICA_ID + ", got " + replicaId);
        }
        if (null == site || site.isBlank())
        {
            throw new IllegalArgumentException("replica.site is required");
        }
        if (null == aeron && null == aeronDirectoryName)
        {
            throw new IllegalArgumentException("replica needs an Aeron client or aeron.dir");
        }
        checkChannel("replica.sequenced.channel", sequencedChannel);
        checkChannel("replica.gateway.channel", gatewayChannel);
        checkChannel("replica.replay.channel", replayChannel);
        if (retransmitTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("replica retransmit timeout must be positive");
        }
        if (null == journalDir)
        {
            throw new IllegalArgumentException("replica.journal.dir is required");
        }
        if (null == snapshotDir)
        {
            snapshotDir = journalDir.resolveSibling(journalDir.getFileName() + "-snapshots");
        }
        if (snapshotInterval < 0 || snapshotRetain < 1)
        {
            throw new IllegalArgumentException("replica.snapshot.interval must be >= 0 (0: only on command) and " +
                "replica.snapshot.retain >= 1, got " + snapshotInterval + " and " + snapshotRetain);
        }
        if (null == stateMachineSupplier)
        {
            throw new IllegalArgumentException("replica needs a state machine");
        }
        if (statusIntervalNs <= 0 || maxResponseLength < 64 || fragmentLimit <= 0 || null == idleStrategySupplier)
        {
            throw new IllegalArgumentException("replica status interval, max response length (>= 64), " +
                "fragment limit and idle strategy must be set");
        }
        if (snapshotChunkLength < 1 || snapshotChunkLength > MAX_SNAPSHOT_CHUNK_LENGTH)
        {
            throw new IllegalArgumentException("replica snapshot chunk length must be between 1 and " +
                MAX_SNAPSHOT_CHUNK_LENGTH + ", got " + snapshotChunkLength);
        }
        if (gateways.isEmpty())
        {
            gateways = java.util.List.of(new GatewayLink(1, sequencedChannel, replayChannel, gatewayChannel));
        }
        final java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (final GatewayLink link : gateways)
        {
            if (link.gatewayId() <= 0 || !ids.add(link.gatewayId()))
            {
                throw new IllegalArgumentException("replica gateway ids must be positive and distinct, got " +
                    link.gatewayId() + " in " + gateways);
            }
            checkChannel("gateway " + link.gatewayId() + " sequenced channel", link.sequencedChannel());
            checkChannel("gateway " + link.gatewayId() + " replay channel", link.replayChannel());
            checkChannel("gateway " + link.gatewayId() + " inbound channel", link.gatewayChannel());
        }
        if (voteHoldoffNs < 0)
        {
            throw new IllegalArgumentException("replica vote hold-off must not be negative");
        }
        if (responseLogEntries < 2 || Integer.bitCount(responseLogEntries) != 1 || responseLogBytes < maxResponseLength)
        {
            throw new IllegalArgumentException("replica response log needs a power-of-two entry count and at least " +
                "one largest response of bytes, got " + responseLogEntries + " entries and " + responseLogBytes + " bytes");
        }
        if (bootstrapRetryIntervalNs <= 0 || bootstrapTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("replica bootstrap retry interval and timeout must be positive, got " +
                bootstrapRetryIntervalNs + " ns and " + bootstrapTimeoutNs + " ns");
        }
        return this;
    }

    private static void checkChannel(final String name, final String channel)
    {
        if (null == channel || channel.isBlank())
        {
            throw new IllegalArgumentException(name + " is required");
        }
        try
        {
            ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(name + " is not a valid Aeron channel: '" + channel + "' (" +
                ex.getMessage() + ")", ex);
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

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    public ReplicaContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @param aeron a client the caller owns and closes; when set, aeron.dir is not used.
     * @return this.
     */
    public ReplicaContext aeron(final Aeron aeron)
    {
        this.aeron = aeron;
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

    public long statusIntervalNs()
    {
        return statusIntervalNs;
    }

    public ReplicaContext statusIntervalNs(final long statusIntervalNs)
    {
        this.statusIntervalNs = statusIntervalNs;
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

    public Supplier<IdleStrategy> idleStrategySupplier()
    {
        return idleStrategySupplier;
    }

    public ReplicaContext idleStrategySupplier(final Supplier<IdleStrategy> idleStrategySupplier)
    {
        this.idleStrategySupplier = idleStrategySupplier;
        return this;
    }

    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    public ReplicaContext fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
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
    public java.util.List<GatewayLink> gateways()
    {
        return gateways;
    }

    public ReplicaContext gateways(final java.util.List<GatewayLink> gateways)
    {
        this.gateways = java.util.List.copyOf(gateways);
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
}
