package io.hedge.gateway;

import io.hedge.gateway.auth.Authenticator;
import io.hedge.gateway.auth.Authenticators;
import io.hedge.gateway.ops.OpsContext;
import io.hedge.ops.ReportingSettings;
import io.hedge.transport.ChannelCheck;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.GatewayMember;
import io.hedge.transport.RoleContext;
import io.hedge.transport.TransportConfiguration;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every setting of a gateway, each with a default that serves one small machine, taken from
 * {@link GatewayConfiguration} and {@link TransportConfiguration} where the setting has a key; {@link #conclude()}
 * checks them once, before anything starts, and names the key of the one that is wrong.
 */
public final class GatewayContext extends RoleContext<GatewayContext>
{
    /** Its reports, counters, Prometheus endpoint and histogram logs (io.hedge.ops.OpsConfiguration). */
    private ReportingSettings reporting = new ReportingSettings();

    /** The one gateway of the default layout: host and ports as the shared keys default them. */
    /** Shortest session idle timeout: twice the longest interval between an idle SDK's keep-alives (5 s). */
    public static final long MIN_SESSION_IDLE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private static final GatewayEndpoints DEFAULT_ENDPOINTS = new GatewayEndpoints(
        GatewayConfiguration.ID.defaultInt(),
        TransportConfiguration.GATEWAY_HOST.defaultValue(),
        TransportConfiguration.INGRESS_PORT.defaultInt(),
        TransportConfiguration.SEQUENCED_PORT.defaultInt(),
        TransportConfiguration.RESPONSES_PORT.defaultInt(),
        TransportConfiguration.REPLAY_PORT.defaultInt());
    public static final String DEFAULT_INGRESS_CHANNEL = DEFAULT_ENDPOINTS.ingressChannel();
    public static final int DEFAULT_INGRESS_STREAM_ID = TransportConfiguration.INGRESS_STREAM.defaultInt();
    /** Multi-destination-cast: replicas at any address add themselves; max flow control so a slow site never holds the others back. */
    public static final String DEFAULT_SEQUENCED_CHANNEL = DEFAULT_ENDPOINTS.sequencedPublicationChannel();
    public static final int DEFAULT_SEQUENCED_STREAM_ID = TransportConfiguration.SEQUENCED_STREAM.defaultInt();
    public static final String DEFAULT_REPLICA_CHANNEL = DEFAULT_ENDPOINTS.inboundChannel();
    public static final int DEFAULT_REPLICA_STREAM_ID = TransportConfiguration.RESPONSES_STREAM.defaultInt();
    /** Retransmits to replicas that found a gap: multi-destination-cast like the sequenced stream, separate from it. */
    public static final String DEFAULT_REPLAY_CHANNEL = DEFAULT_ENDPOINTS.replayPublicationChannel();
    public static final int DEFAULT_REPLAY_STREAM_ID = TransportConfiguration.REPLAY_STREAM.defaultInt();

    private int gatewayId = GatewayConfiguration.ID.defaultInt();
    private String ingressChannel = DEFAULT_INGRESS_CHANNEL;
    private int ingressStreamId = DEFAULT_INGRESS_STREAM_ID;
    private String sequencedChannel = DEFAULT_SEQUENCED_CHANNEL;
    private int sequencedStreamId = DEFAULT_SEQUENCED_STREAM_ID;
    private String replicaChannel = DEFAULT_REPLICA_CHANNEL;
    private int replicaStreamId = DEFAULT_REPLICA_STREAM_ID;
    private String replayChannel = DEFAULT_REPLAY_CHANNEL;
    private int replayStreamId = DEFAULT_REPLAY_STREAM_ID;
    private int replayBatch = 256;
    private Path journalDir = Path.of(TransportConfiguration.DIR.defaultValue(), "gateway", "journal");
    private int maxPayloadLength = GatewayConfiguration.MAX_PAYLOAD.defaultInt();
    private int collectorCapacity = 64 * 1024;
    private int responseCacheBytes = 16 * 1024 * 1024;
    private int duplicateWindow = 4096;
    private long heartbeatIntervalNs = GatewayConfiguration.HEARTBEAT_MS.defaultNanosFromMillis();
    private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(5);
    private long sessionIdleTimeoutNs = GatewayConfiguration.SESSION_IDLE_TIMEOUT_MS.defaultNanosFromMillis();
    private int maxClients = GatewayConfiguration.MAX_CLIENTS.defaultInt();
    private int duplicateWindows = GatewayConfiguration.DUPLICATE_WINDOWS.defaultInt();
    private int duplicateMaxClients = GatewayConfiguration.DUPLICATE_MAX_CLIENTS.defaultInt();
    private Durability durability = Durability.parse(GatewayConfiguration.DURABILITY.defaultValue());
    private List<GatewayMember> peers = List.of();
    private int replicaCount = TransportConfiguration.SITES.defaultValue().split(",").length;
    private long heartbeatTimeoutNs = GatewayConfiguration.HEARTBEAT_TIMEOUT_MS.defaultNanosFromMillis();
    private long candidateStaggerNs = GatewayConfiguration.CANDIDATE_STAGGER_MS.defaultNanosFromMillis();
    private long electionTimeoutNs = GatewayConfiguration.ELECTION_TIMEOUT_MS.defaultNanosFromMillis();
    private long fillTimeoutNs = TimeUnit.MILLISECONDS.toNanos(500);
    /** 0: the heartbeat timeout, set by {@link #concludeRole()}. */
    private long leaseNs;
    private int takeoverWarmSeqs = 4096;
    private long takeoverWarmTimeoutNs = TimeUnit.MILLISECONDS.toNanos(500);
    private String sinkChannel = "";
    private long standbySleepNs = GatewayConfiguration.STANDBY_SLEEP_US.defaultNanosFromMicros();
    private int sinkStreamId = GatewayConfiguration.SINK_STREAM.defaultInt();
    private long queryTimeoutNs = GatewayConfiguration.QUERY_TIMEOUT_MS.defaultNanosFromMillis();
    private int maxQueries = GatewayConfiguration.MAX_QUERIES.defaultInt();
    private long sourceConnectsPerSecond = GatewayConfiguration.SOURCE_CONNECTS_PER_SECOND.defaultLong();
    private long sourceRequestsPerSecond = GatewayConfiguration.SOURCE_REQUESTS_PER_SECOND.defaultLong();
    private String dropCopyChannel = GatewayConfiguration.DROPCOPY_CHANNEL.defaultValue();
    private int dropCopyStreamId = GatewayConfiguration.DROPCOPY_STREAM.defaultInt();
    private String authenticatorName = GatewayConfiguration.AUTHENTICATOR.defaultValue();
    private Path principalsFile;
    private Authenticator authenticator;
    private Runnable adminStopHandler = () -> { };
    private final OpsContext ops = new OpsContext();
    private boolean authenticatorFromName;

    @Override
    public String roleName()
    {
        return "gateway " + gatewayId;
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
        if (gatewayId <= 0 || gatewayId > FabricLimits.MAX_GATEWAYS)
        {
            throw GatewayConfiguration.ID.invalid(
                "must be between 1 and " + FabricLimits.MAX_GATEWAYS + ", got " + gatewayId);
        }
        ChannelCheck.require(GatewayConfiguration.INGRESS_CHANNEL.key(), ingressChannel);
        ChannelCheck.require(GatewayConfiguration.SEQUENCED_CHANNEL.key(), sequencedChannel);
        ChannelCheck.require(GatewayConfiguration.REPLICA_CHANNEL.key(), replicaChannel);
        ChannelCheck.require("gateway replay channel (from " + TransportConfiguration.REPLAY_PORT.key() + ")",
            replayChannel);
        if (replayBatch <= 0)
        {
            throw new IllegalArgumentException("gateway.replay.batch must be positive, got " + replayBatch);
        }
        if (ingressStreamId == sequencedStreamId || ingressStreamId == replicaStreamId ||
            sequencedStreamId == replicaStreamId)
        {
            throw new IllegalArgumentException(TransportConfiguration.INGRESS_STREAM.key() + ", " +
                TransportConfiguration.SEQUENCED_STREAM.key() + " and " + TransportConfiguration.RESPONSES_STREAM.key() +
                " must differ, got " + ingressStreamId + ", " + sequencedStreamId + ", " + replicaStreamId);
        }
        if (null == journalDir)
        {
            throw TransportConfiguration.DIR.invalid("is required: the gateway journal goes below it");
        }
        if (maxPayloadLength < 1 || maxPayloadLength > FabricLimits.MAX_PAYLOAD_LIMIT)
        {
            throw GatewayConfiguration.MAX_PAYLOAD.invalid("must be between 1 and " + FabricLimits.MAX_PAYLOAD_LIMIT +
                " bytes, got " + maxPayloadLength);
        }
        checkPowerOfTwo("gateway.collector.capacity", collectorCapacity);
        checkPowerOfTwo("gateway.duplicate.window", duplicateWindow);
        if (responseCacheBytes < 4 * maxPayloadLength)
        {
            throw new IllegalArgumentException("gateway.response.cache.bytes must hold at least 4 payloads of " +
                GatewayConfiguration.MAX_PAYLOAD.key() + " (" + 4 * maxPayloadLength + " bytes), got " +
                responseCacheBytes);
        }
        if (queryTimeoutNs <= 0)
        {
            throw GatewayConfiguration.QUERY_TIMEOUT_MS.invalid("must be positive, got " + queryTimeoutNs + " ns");
        }
        if (sourceConnectsPerSecond < 0)
        {
            throw GatewayConfiguration.SOURCE_CONNECTS_PER_SECOND.invalid(
                "must be 0 (no limit) or positive, got " + sourceConnectsPerSecond);
        }
        if (sourceRequestsPerSecond < 0)
        {
            throw GatewayConfiguration.SOURCE_REQUESTS_PER_SECOND.invalid(
                "must be 0 (no limit) or positive, got " + sourceRequestsPerSecond);
        }
        if (maxQueries < 1 || maxQueries > QueryRouter.MAX_CAPACITY)
        {
            throw GatewayConfiguration.MAX_QUERIES.invalid(
                "must be between 1 and " + QueryRouter.MAX_CAPACITY + ", got " + maxQueries);
        }
        if (heartbeatIntervalNs <= 0)
        {
            throw GatewayConfiguration.HEARTBEAT_MS.invalid("must be positive, got " + heartbeatIntervalNs + " ns");
        }
        if (connectTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("gateway connect timeout must be positive, got " + connectTimeoutNs +
                " ns");
        }
        if (replicaCount < 1 || replicaCount >= FabricLimits.MAX_REPLICAS)
        {
            throw TransportConfiguration.SITES.invalid("must name between 1 and " + (FabricLimits.MAX_REPLICAS - 1) +
                " replicas, got " + replicaCount);
        }
        if (heartbeatTimeoutNs <= heartbeatIntervalNs)
        {
            throw GatewayConfiguration.HEARTBEAT_TIMEOUT_MS.invalid("(the heartbeat timeout, " +
                heartbeatTimeoutNs / 1_000_000 + " ms) must be longer than " + GatewayConfiguration.HEARTBEAT_MS.key() +
                " (the heartbeat interval, " + heartbeatIntervalNs / 1_000_000 + " ms)");
        }
        if (standbySleepNs < 0 || standbySleepNs >= heartbeatTimeoutNs / 4)
        {
            throw GatewayConfiguration.STANDBY_SLEEP_US.invalid("must be between 0 and a quarter of " +
                GatewayConfiguration.HEARTBEAT_TIMEOUT_MS.key() + ", got " + standbySleepNs + " ns");
        }
        if (candidateStaggerNs < 0)
        {
            throw GatewayConfiguration.CANDIDATE_STAGGER_MS.invalid("must not be negative, got " + candidateStaggerNs +
                " ns");
        }
        if (0 == leaseNs)
        {
            leaseNs = heartbeatTimeoutNs;
        }
        if (leaseNs <= heartbeatIntervalNs)
        {
            throw GatewayConfiguration.LEASE_MS.invalid("(the lease, " + leaseNs / 1_000_000 + " ms) must be longer " +
                "than " + GatewayConfiguration.HEARTBEAT_MS.key() + " (the heartbeat interval, " +
                heartbeatIntervalNs / 1_000_000 + " ms), or 0 for " + GatewayConfiguration.HEARTBEAT_TIMEOUT_MS.key());
        }
        if (electionTimeoutNs <= 0)
        {
            throw GatewayConfiguration.ELECTION_TIMEOUT_MS.invalid("must be positive, got " + electionTimeoutNs + " ns");
        }
        if (fillTimeoutNs <= 0 || takeoverWarmTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("gateway fill and takeover warm-up timeouts must be positive");
        }
        if (takeoverWarmSeqs < 0 || takeoverWarmSeqs > collectorCapacity)
        {
            throw new IllegalArgumentException("gateway.takeover.warm must be between 0 and the collector capacity (" +
                collectorCapacity + "), got " + takeoverWarmSeqs);
        }
        try
        {
            GatewayMember.checkAll(roleName(), peers, gatewayId);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("peer gateways (from " + TransportConfiguration.GATEWAY_COUNT.key() +
                " and " + TransportConfiguration.GATEWAY_HOSTS.key() + "): " + ex.getMessage(), ex);
        }
        if (!sinkChannel.isEmpty())
        {
            ChannelCheck.require("sink channel (from " + GatewayConfiguration.SINK_HOST.key() + " and " +
                GatewayConfiguration.SINK_PORT.key() + ")", sinkChannel);
        }
        if (!dropCopyChannel.isEmpty())
        {
            ChannelCheck.require(GatewayConfiguration.DROPCOPY_CHANNEL.key(), dropCopyChannel);
        }
        if (null == durability)
        {
            throw GatewayConfiguration.DURABILITY.invalid("is required");
        }
        if (durability.requiredMatches(replicaCount) > replicaCount)
        {
            throw GatewayConfiguration.DURABILITY.invalid("(" + durability + ") asks more replicas to agree than the " +
                replicaCount + " configured: no request would ever be answered");
        }
        concludeClientBounds();
        ops.conclude(this, authenticatorFromName);
    }

    /**
     * @return the settings of this gateway's ops port (ops sessions, role reports, admin verbs), concluded with it.
     */
    public OpsContext ops()
    {
        return ops;
    }

    /**
     * @param settings sets the ops port's settings, in a chain of this context's setters.
     */
    public GatewayContext ops(final java.util.function.Consumer<OpsContext> settings)
    {
        settings.accept(ops);
        return this;
    }

    private void concludeClientBounds()
    {
        if (sessionIdleTimeoutNs < MIN_SESSION_IDLE_TIMEOUT_NS)
        {
            throw GatewayConfiguration.SESSION_IDLE_TIMEOUT_MS.invalid("must be at least " +
                TimeUnit.NANOSECONDS.toMillis(MIN_SESSION_IDLE_TIMEOUT_NS) + " ms (twice the longest interval between " +
                "an idle client's keep-alives), got " + TimeUnit.NANOSECONDS.toMillis(sessionIdleTimeoutNs) + " ms");
        }
        if (maxClients < 1)
        {
            throw GatewayConfiguration.MAX_CLIENTS.invalid("must be positive, got " + maxClients);
        }
        if (duplicateWindows < 1)
        {
            throw GatewayConfiguration.DUPLICATE_WINDOWS.invalid("must be positive, got " + duplicateWindows);
        }
        if (null == authenticator)
        {
            // the principals file is read and checked here, at start, never on the duty cycle
            authenticator = Authenticators.select(authenticatorName, principalsFile);
            authenticatorFromName = true;
        }
        if (duplicateMaxClients < duplicateWindows || duplicateMaxClients < maxClients)
        {
            throw GatewayConfiguration.DUPLICATE_MAX_CLIENTS.invalid("must be at least " +
                GatewayConfiguration.DUPLICATE_WINDOWS.key() + " (" + duplicateWindows + ") and " +
                GatewayConfiguration.MAX_CLIENTS.key() + " (" + maxClients + "), got " + duplicateMaxClients);
        }
    }

    private static void checkPowerOfTwo(final String name, final int value)
    {
        if (value < 2 || Integer.bitCount(value) != 1)
        {
            throw new IllegalArgumentException(name + " must be a power of two, got " + value);
        }
    }

    /**
     * @return the authenticator of connects: made by {@link #conclude()} from {@link #authenticatorName()} unless one
     * was set.
     */
    public Authenticator authenticator()
    {
        return authenticator;
    }

    /**
     * Use this authenticator (an embedding application's own) instead of the one the settings name.
     */
    public GatewayContext authenticator(final Authenticator authenticator)
    {
        this.authenticator = authenticator;
        return this;
    }

    public String authenticatorName()
    {
        return authenticatorName;
    }

    /**
     * @param authenticatorName {@code none}, {@code file} or a class name (gateway.authenticator).
     */
    public GatewayContext authenticatorName(final String authenticatorName)
    {
        this.authenticatorName = authenticatorName;
        return this;
    }

    public Path principalsFile()
    {
        return principalsFile;
    }

    /**
     * @param principalsFile read at start with {@code file} (gateway.principals.file); null for none.
     */
    public GatewayContext principalsFile(final Path principalsFile)
    {
        this.principalsFile = principalsFile;
        return this;
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

    /**
     * @return how long the active gateway holds a read-only query that no live replica can answer yet.
     */
    public long queryTimeoutNs()
    {
        return queryTimeoutNs;
    }

    public GatewayContext queryTimeoutNs(final long queryTimeoutNs)
    {
        this.queryTimeoutNs = queryTimeoutNs;
        return this;
    }

    /**
     * @return read-only queries the active gateway holds unanswered at most.
     */
    public int maxQueries()
    {
        return maxQueries;
    }

    public GatewayContext maxQueries(final int maxQueries)
    {
        this.maxQueries = maxQueries;
        return this;
    }

    /**
     * @return connects one ingress source may send per second; 0 for no limit.
     */
    public long sourceConnectsPerSecond()
    {
        return sourceConnectsPerSecond;
    }

    public GatewayContext sourceConnectsPerSecond(final long sourceConnectsPerSecond)
    {
        this.sourceConnectsPerSecond = sourceConnectsPerSecond;
        return this;
    }

    /**
     * @return requests and queries one ingress source may send per second; 0 for no limit.
     */
    public long sourceRequestsPerSecond()
    {
        return sourceRequestsPerSecond;
    }

    public GatewayContext sourceRequestsPerSecond(final long sourceRequestsPerSecond)
    {
        this.sourceRequestsPerSecond = sourceRequestsPerSecond;
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

    /**
     * @return how long a client session may go unheard before it expires.
     */
    public long sessionIdleTimeoutNs()
    {
        return sessionIdleTimeoutNs;
    }

    public GatewayContext sessionIdleTimeoutNs(final long sessionIdleTimeoutNs)
    {
        this.sessionIdleTimeoutNs = sessionIdleTimeoutNs;
        return this;
    }

    public int maxClients()
    {
        return maxClients;
    }

    public GatewayContext maxClients(final int maxClients)
    {
        this.maxClients = maxClients;
        return this;
    }

    public int duplicateWindows()
    {
        return duplicateWindows;
    }

    public GatewayContext duplicateWindows(final int duplicateWindows)
    {
        this.duplicateWindows = duplicateWindows;
        return this;
    }

    public int duplicateMaxClients()
    {
        return duplicateMaxClients;
    }

    public GatewayContext duplicateMaxClients(final int duplicateMaxClients)
    {
        this.duplicateMaxClients = duplicateMaxClients;
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

    /**
     * @return the other gateways of this stream; empty for a lone gateway, which elects itself.
     */
    public List<GatewayMember> peers()
    {
        return peers;
    }

    public GatewayContext peers(final List<GatewayMember> peers)
    {
        this.peers = List.copyOf(peers);
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
    /**
     * @return how long the active gateway keeps leading without hearing a majority of the replicas in its epoch
     * (CheckQuorum); 0 until concluded means the heartbeat timeout.
     */
    public long leaseNs()
    {
        return leaseNs;
    }

    /**
     * @param leaseNs the lease, {@code gateway.lease.ms}; 0: the heartbeat timeout.
     */
    public GatewayContext leaseNs(final long leaseNs)
    {
        this.leaseNs = leaseNs;
        return this;
    }

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

    /**
     * @return what runs, on the gateway agent's thread, once hedge admin shutdown is done on this gateway; the
     * command line's ends the process with exit code 0 (it must not block). Default: nothing; the gateway stays up,
     * suspended.
     */
    public Runnable adminStopHandler()
    {
        return adminStopHandler;
    }

    public GatewayContext adminStopHandler(final Runnable adminStopHandler)
    {
        this.adminStopHandler = null == adminStopHandler ? () -> { } : adminStopHandler;
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
     * @return the channel on which the active gateway publishes a copy of every session message, or empty for none.
     */
    public String dropCopyChannel()
    {
        return dropCopyChannel;
    }

    public GatewayContext dropCopyChannel(final String dropCopyChannel)
    {
        this.dropCopyChannel = null == dropCopyChannel ? "" : dropCopyChannel.trim();
        return this;
    }

    public int dropCopyStreamId()
    {
        return dropCopyStreamId;
    }

    public GatewayContext dropCopyStreamId(final int dropCopyStreamId)
    {
        this.dropCopyStreamId = dropCopyStreamId;
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

    /**
     * @return its ops settings: report interval and channels, Prometheus endpoint, histogram logs.
     */
    public ReportingSettings reporting()
    {
        return reporting;
    }

    public GatewayContext reporting(final ReportingSettings reporting)
    {
        this.reporting = reporting;
        return this;
    }
}
