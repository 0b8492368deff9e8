package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every setting of a gateway, each with a default that serves one small machine; {@link #conclude()} checks
 * them once, before anything starts, and says which one is wrong.
 */
public final class GatewayContext
{
    public static final String DEFAULT_INGRESS_CHANNEL = "aeron:udp?endpoint=localhost:20121";
    public static final int DEFAULT_INGRESS_STREAM_ID = 10;
    /** Multi-destination-cast: replicas at any address add themselves; max flow control so a slow site never holds the others back. */
    public static final String DEFAULT_SEQUENCED_CHANNEL = "aeron:udp?control=localhost:20122|control-mode=dynamic|fc=max";
    public static final int DEFAULT_SEQUENCED_STREAM_ID = 20;
    public static final String DEFAULT_REPLICA_CHANNEL = "aeron:udp?endpoint=localhost:20123";
    public static final int DEFAULT_REPLICA_STREAM_ID = 21;
    /** Retransmits to replicas that found a gap: multi-destination-cast like the sequenced stream, separate from it. */
    public static final String DEFAULT_REPLAY_CHANNEL = "aeron:udp?control=localhost:20124|control-mode=dynamic|fc=max";
    public static final int DEFAULT_REPLAY_STREAM_ID = 22;
    public static final int MAX_PAYLOAD_LIMIT = 1024 * 1024;

    private int gatewayId = 1;
    private String aeronDirectoryName;
    private Aeron aeron;
    private String ingressChannel = DEFAULT_INGRESS_CHANNEL;
    private int ingressStreamId = DEFAULT_INGRESS_STREAM_ID;
    private String sequencedChannel = DEFAULT_SEQUENCED_CHANNEL;
    private int sequencedStreamId = DEFAULT_SEQUENCED_STREAM_ID;
    private String replicaChannel = DEFAULT_REPLICA_CHANNEL;
    private int replicaStreamId = DEFAULT_REPLICA_STREAM_ID;
    private String replayChannel = DEFAULT_REPLAY_CHANNEL;
    private int replayStreamId = DEFAULT_REPLAY_STREAM_ID;
    private int replayBatch = 256;
    private Path journalDir = Path.of("hedge-work", "gateway", "journal");
    private int maxPayloadLength = 4096;
    private int collectorCapacity = 64 * 1024;
    private int responseCacheBytes = 16 * 1024 * 1024;
    private int duplicateWindow = 4096;
    private long heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(100);
    private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(5);
    private Durability durability = Durability.first();
    private Supplier<IdleStrategy> idleStrategySupplier = GatewayContext::defaultIdleStrategy;
    private int fragmentLimit = 64;
    private java.util.List<GatewayPeer> peers = java.util.List.of();
    private int replicaCount = 3;
    private long heartbeatTimeoutNs = TimeUnit.MILLISECONDS.toNanos(500);
    private long candidateStaggerNs = TimeUnit.MILLISECONDS.toNanos(100);
    private long electionTimeoutNs = TimeUnit.MILLISECONDS.toNanos(200);
    private long fillTimeoutNs = TimeUnit.MILLISECONDS.toNanos(500);
    private int takeoverWarmSeqs = 4096;
    private long takeoverWarmTimeoutNs = TimeUnit.MILLISECONDS.toNanos(500);
    private String sinkChannel = "";
    private long standbySleepNs = TimeUnit.MILLISECONDS.toNanos(1);
    private int sinkStreamId = 30;

    /**
     * The default when idle: spin briefly, yield, then park for at most 100 µs, so that several roles share
     * two cores without starving each other.
     *
     * @return a new idle strategy.
     */
    public static IdleStrategy defaultIdleStrategy()
    {
        return new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * Check every setting.
     *
     * @return this, for chaining.
     * @throws IllegalArgumentException naming the first setting that is wrong.
     */
    public GatewayContext conclude()
    {
        if (gatewayId <= 0)
        {
            throw new IllegalArgumentException("gateway.id must be positive, got " + gatewayId);
        }
        if (null == aeron && null == aeronDirectoryName)
        {
            throw new IllegalArgumentException("gateway needs an Aeron client or aeron.dir");
        }
        checkChannel("gateway.ingress.channel", ingressChannel);
        checkChannel("gateway.sequenced.channel", sequencedChannel);
        checkChannel("gateway.replica.channel", replicaChannel);
        checkChannel("gateway.replay.channel", replayChannel);
        if (replayBatch <= 0)
        {
            throw new IllegalArgumentException("gateway.replay.batch must be positive, got " + replayBatch);
        }
        if (ingressStreamId == sequencedStreamId || ingressStreamId == replicaStreamId ||
            sequencedStreamId == replicaStreamId)
        {
            throw new IllegalArgumentException("ingress, sequenced and replica stream ids must differ, got " +
                ingressStreamId + ", " + sequencedStreamId + ", " + replicaStreamId);
        }
        if (null == journalDir)
        {
            throw new IllegalArgumentException("gateway.journal.dir is required");
        }
        if (maxPayloadLength < 1 || maxPayloadLength > MAX_PAYLOAD_LIMIT)
        {
            throw new IllegalArgumentException(
                "gateway.max.payload must be between 1 and " + MAX_PAYLOAD_LIMIT + " bytes, got " + maxPayloadLength);
        }
        checkPowerOfTwo("gateway.collector.capacity", collectorCapacity);
        checkPowerOfTwo("gateway.duplicate.window", duplicateWindow);
        if (responseCacheBytes < 4 * maxPayloadLength)
        {
            throw new IllegalArgumentException("gateway.response.cache.bytes must hold at least 4 payloads (" +
                4 * maxPayloadLength + " bytes), got " + responseCacheBytes);
        }
        if (heartbeatIntervalNs <= 0 || connectTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("gateway heartbeat interval and connect timeout must be positive");
        }
        if (replicaCount < 1 || replicaCount > 63)
        {
            throw new IllegalArgumentException("gateway.replicas must be between 1 and 63, got " + replicaCount);
        }
        if (heartbeatTimeoutNs <= heartbeatIntervalNs)
        {
            throw new IllegalArgumentException("gateway heartbeat timeout (" + heartbeatTimeoutNs / 1_000_000 +
                " ms) must be longer than the heartbeat interval (" + heartbeatIntervalNs / 1_000_000 + " ms)");
        }
        if (standbySleepNs < 0 || standbySleepNs >= heartbeatTimeoutNs / 4)
        {
            throw new IllegalArgumentException("gateway standby sleep must be between 0 and a quarter of the heartbeat " +
                "timeout, got " + standbySleepNs + " ns");
        }
        if (candidateStaggerNs < 0 || electionTimeoutNs <= 0 || fillTimeoutNs <= 0 || takeoverWarmTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("gateway election timings must be positive");
        }
        if (takeoverWarmSeqs < 0 || takeoverWarmSeqs > collectorCapacity)
        {
            throw new IllegalArgumentException("gateway.takeover.warm must be between 0 and the collector capacity (" +
                collectorCapacity + "), got " + takeoverWarmSeqs);
        }
        final java.util.Set<Integer> ids = new java.util.HashSet<>();
        ids.add(gatewayId);
        for (final GatewayPeer peer : peers)
        {
            if (!ids.add(peer.gatewayId()) || peer.gatewayId() <= 0)
            {
                throw new IllegalArgumentException("gateway ids must be positive and distinct; gateway " + gatewayId +
                    " has peer id " + peer.gatewayId() + " twice or equal to its own");
            }
            checkChannel("peer " + peer.gatewayId() + " sequenced channel", peer.sequencedChannel());
            checkChannel("peer " + peer.gatewayId() + " replay channel", peer.replayChannel());
            checkChannel("peer " + peer.gatewayId() + " inbound channel", peer.inboundChannel());
        }
        if (!sinkChannel.isEmpty())
        {
            checkChannel("gateway.sink.channel", sinkChannel);
        }
        if (null == durability || null == idleStrategySupplier || fragmentLimit <= 0)
        {
            throw new IllegalArgumentException("gateway durability, idle strategy and fragment limit are required");
        }
        return this;
    }

    static void checkChannel(final String name, final String channel)
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

    private static void checkPowerOfTwo(final String name, final int value)
    {
        if (value < 2 || Integer.bitCount(value) != 1)
        {
            throw new IllegalArgumentException(name + " must be a power of two, got " + value);
        }
    }

    public int gatewayId()
    {
        return gatewayId;
    }

    public GatewayContext gatewayId(final int gatewayId)
    {
        this.gatewayId = gatewayId;
        return this;
    }


    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    public GatewayContext aeronDirectoryName(final String aeronDirectoryName)
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
    public GatewayContext aeron(final Aeron aeron)
    {
        this.aeron = aeron;
        return this;
    }

    public String ingressChannel()
    {
        return ingressChannel;
    }

    public GatewayContext ingressChannel(final String ingressChannel)
    {
        this.ingressChannel = ingressChannel;
        return this;
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public GatewayContext ingressStreamId(final int ingressStreamId)
    {
        this.ingressStreamId = ingressStreamId;
        return this;
    }

    public String sequencedChannel()
    {
        return sequencedChannel;
    }

    public GatewayContext sequencedChannel(final String sequencedChannel)
    {
        this.sequencedChannel = sequencedChannel;
        return this;
    }

    public int sequencedStreamId()
    {
        return sequencedStreamId;
    }

    public GatewayContext sequencedStreamId(final int sequencedStreamId)
    {
        this.sequencedStreamId = sequencedStreamId;
        return this;
    }

    public String replicaChannel()
    {
        return replicaChannel;
    }

    public GatewayContext replicaChannel(final String replicaChannel)
    {
        this.replicaChannel = replicaChannel;
        return this;
    }

    public int replicaStreamId()
    {
        return replicaStreamId;
    }

    public GatewayContext replicaStreamId(final int replicaStreamId)
    {
        this.replicaStreamId = replicaStreamId;
        return this;
    }

    public String replayChannel()
    {
        return replayChannel;
    }

    public GatewayContext replayChannel(final String replayChannel)
    {
        this.replayChannel = replayChannel;
        return this;
    }

    public int replayStreamId()
    {
        return replayStreamId;
    }

    public GatewayContext replayStreamId(final int replayStreamId)
    {
        this.replayStreamId = replayStreamId;
        return this;
    }

    /**
     * @return how many journaled messages a retransmit sends per duty cycle, so repair never starves live traffic.
     */
    public int replayBatch()
    {
        return replayBatch;
    }

    public GatewayContext replayBatch(final int replayBatch)
    {
        this.replayBatch = replayBatch;
        return this;
    }

    public Path journalDir()
    {
        return journalDir;
    }

    public GatewayContext journalDir(final Path journalDir)
    {
        this.journalDir = journalDir;
        return this;
    }

    public int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    public GatewayContext maxPayloadLength(final int maxPayloadLength)
    {
        this.maxPayloadLength = maxPayloadLength;
        return this;
    }

    public int collectorCapacity()
    {
        return collectorCapacity;
    }

    public GatewayContext collectorCapacity(final int collectorCapacity)
    {
        this.collectorCapacity = collectorCapacity;
        return this;
    }

    public int responseCacheBytes()
    {
        return responseCacheBytes;
    }

    public GatewayContext responseCacheBytes(final int responseCacheBytes)
    {
        this.responseCacheBytes = responseCacheBytes;
        return this;
    }

    public int duplicateWindow()
    {
        return duplicateWindow;
    }

    public GatewayContext duplicateWindow(final int duplicateWindow)
    {
        this.duplicateWindow = duplicateWindow;
        return this;
    }

    public long heartbeatIntervalNs()
    {
        return heartbeatIntervalNs;
    }

    public GatewayContext heartbeatIntervalNs(final long heartbeatIntervalNs)
    {
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        return this;
    }

    public long connectTimeoutNs()
    {
        return connectTimeoutNs;
    }

    public GatewayContext connectTimeoutNs(final long connectTimeoutNs)
    {
        this.connectTimeoutNs = connectTimeoutNs;
        return this;
    }

    public Durability durability()
    {
        return durability;
    }

    public GatewayContext durability(final Durability durability)
    {
        this.durability = durability;
        return this;
    }

    public Supplier<IdleStrategy> idleStrategySupplier()
    {
        return idleStrategySupplier;
    }

    public GatewayContext idleStrategySupplier(final Supplier<IdleStrategy> idleStrategySupplier)
    {
        this.idleStrategySupplier = idleStrategySupplier;
        return this;
    }

    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    public GatewayContext fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
        return this;
    }

    /**
     * @return the other gateways of this stream; empty for a lone gateway, which elects itself.
     */
    public java.util.List<GatewayPeer> peers()
    {
        return peers;
    }

    public GatewayContext peers(final java.util.List<GatewayPeer> peers)
    {
        this.peers = java.util.List.copyOf(peers);
        return this;
    }

    /**
     * @return how many replicas the stream has: a takeover needs the votes of more than half of them.
     */
    public int replicaCount()
    {
        return replicaCount;
    }

    public GatewayContext replicaCount(final int replicaCount)
    {
        this.replicaCount = replicaCount;
        return this;
    }

    /**
     * @return silence from the active gateway after which the first standby stands for election. Shorter fails over
     * sooner; too short takes over from a gateway that was only paused (a GC pause, a busy core), which then steps
     * down: no request is lost or applied twice, but clients see a needless failover.
     */
    public long heartbeatTimeoutNs()
    {
        return heartbeatTimeoutNs;
    }

    public GatewayContext heartbeatTimeoutNs(final long heartbeatTimeoutNs)
    {
        this.heartbeatTimeoutNs = heartbeatTimeoutNs;
        return this;
    }

    /**
     * @return how much longer each standby after the first waits before standing, so that they rarely compete.
     */
    public long candidateStaggerNs()
    {
        return candidateStaggerNs;
    }

    public GatewayContext candidateStaggerNs(final long candidateStaggerNs)
    {
        this.candidateStaggerNs = candidateStaggerNs;
        return this;
    }

    /**
     * @return how long a candidate waits for the votes of every live replica before settling for a majority.
     */
    public long electionTimeoutNs()
    {
        return electionTimeoutNs;
    }

    public GatewayContext electionTimeoutNs(final long electionTimeoutNs)
    {
        this.electionTimeoutNs = electionTimeoutNs;
        return this;
    }

    /**
     * @return how long an elected gateway waits for a voter's journal entries before asking another voter.
     */
    public long fillTimeoutNs()
    {
        return fillTimeoutNs;
    }

    public GatewayContext fillTimeoutNs(final long fillTimeoutNs)
    {
        this.fillTimeoutNs = fillTimeoutNs;
        return this;
    }

    /**
     * @return how many of the last seqs before a takeover have their responses fetched from a replica, so that a
     * client's resent request gets its original answer.
     */
    public int takeoverWarmSeqs()
    {
        return takeoverWarmSeqs;
    }

    public GatewayContext takeoverWarmSeqs(final int takeoverWarmSeqs)
    {
        this.takeoverWarmSeqs = takeoverWarmSeqs;
        return this;
    }

    public long takeoverWarmTimeoutNs()
    {
        return takeoverWarmTimeoutNs;
    }

    public GatewayContext takeoverWarmTimeoutNs(final long takeoverWarmTimeoutNs)
    {
        this.takeoverWarmTimeoutNs = takeoverWarmTimeoutNs;
        return this;
    }

    /**
     * @return the channel of the external effects sink, or empty for none.
     */
    public String sinkChannel()
    {
        return sinkChannel;
    }

    public GatewayContext sinkChannel(final String sinkChannel)
    {
        this.sinkChannel = null == sinkChannel ? "" : sinkChannel;
        return this;
    }

    public int sinkStreamId()
    {
        return sinkStreamId;
    }

    public GatewayContext sinkStreamId(final int sinkStreamId)
    {
        this.sinkStreamId = sinkStreamId;
        return this;
    }

    /**
     * @return how long a standby's thread sleeps when it finds nothing to do (0: idle like the active gateway). A
     * standby follows the stream and watches for silence of hundreds of ms; sleeping leaves the cores to the active
     * gateway and the replicas.
     */
    public long standbySleepNs()
    {
        return standbySleepNs;
    }

    public GatewayContext standbySleepNs(final long standbySleepNs)
    {
        this.standbySleepNs = standbySleepNs;
        return this;
    }
}
