package io.hedge.cli;

import io.hedge.client.HedgeClientContext;
import io.hedge.codecs.GatewayEndpoints;
import io.hedge.gateway.Durability;
import io.hedge.gateway.GatewayContext;
import io.hedge.gateway.GatewayPeer;
import io.hedge.replicas.GatewayLink;
import io.hedge.replicas.ReplicaContext;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The settings of every role, from a properties file and command-line overrides, with defaults that run the
 * whole fabric on one machine. An unknown key is an error, so that a typo is not silently ignored.
 * Channels are derived from {@code host} and the ports unless set explicitly.
 */
public final class HedgeConfig
{
    /** Every key, its default and what it means; the source of {@code hedge config --help}-style listings. */
    static final Map<String, String[]> KEYS = new LinkedHashMap<>();

    static
    {
        key("hedge.dir", "hedge-work", "working directory: journals and Aeron directories go below it");
        key("host", "localhost", "address at which this machine's replicas and clients receive from gateways");
        key("gateway.host", "localhost",
            "address of the gateway (of every gateway unless gateway.hosts is set): it binds there, others reach it there");
        key("ingress.port", "20121", "UDP port of the gateway's client ingress");
        key("sequenced.port", "20122", "UDP control port of the gateway's sequenced (multi-destination-cast) stream");
        key("responses.port", "20123", "UDP port on which the gateway receives replica responses");
        key("replay.port", "20124", "UDP control port of the gateway's retransmit (replay) stream");
        key("ingress.stream", "10", "stream id of client requests");
        key("client.stream", "11", "stream id of responses to clients");
        key("sequenced.stream", "20", "stream id of the sequenced stream");
        key("responses.stream", "21", "stream id of replica responses and status");
        key("replay.stream", "22", "stream id of retransmits to replicas that found a gap");
        key("gateway.ingress.channel", "", "override: the gateway's ingress channel");
        key("gateway.sequenced.channel", "", "override: the gateway's sequenced publication channel");
        key("gateway.replica.channel", "", "override: the channel on which the gateway receives replicas");
        key("replica.sequenced.channel", "", "override: the channel on which a replica receives the sequenced stream");
        key("replica.gateway.channel", "", "override: the channel on which a replica sends to the gateway");
        key("client.ingress.channel", "", "override: the channel on which a client sends requests");
        key("client.response.channel", "", "override: the channel on which a client receives responses");
        key("gateway.id", "1", "id of this gateway, from 1 to gateway.count");
        key("gateway.count", "1", "gateways of the stream: one active, the others standbys that take over");
        key("gateway.hosts", "", "comma-separated address of each gateway, by id (default: gateway.host for all)");
        key("gateway.port.stride", "10", "gateway g uses the four gateway ports plus (g - 1) times this");
        key("gateway.heartbeat.timeout.ms", "500",
            "silence from the active gateway after which a standby stands for election (failover time vs false takeovers)");
        key("gateway.candidate.stagger.ms", "100", "extra wait of each further standby, so that they rarely compete");
        key("gateway.election.timeout.ms", "200", "how long a candidate waits for every live replica's vote");
        key("gateway.standby.sleep.us", "1000",
            "a standby's sleep between idle polls, leaving the cores to the active gateway; 0: idle like it");
        key("replica.vote.holdoff.ms", "250",
            "a replica votes for a rival only if the gateway it follows has been silent this long");
        key("sink.host", "localhost", "address of the external effects sink");
        key("sink.port", "0", "UDP port of the external effects sink; 0: no sink");
        key("sink.stream", "30", "stream id of external effects");
        key("gateway.max.payload", "4096", "largest request payload the gateway accepts, bytes");
        key("gateway.durability", "first", "'first': answer on the first response; 'quorum:K': once K replicas agree");
        key("gateway.heartbeat.ms", "100", "interval of gateway heartbeats on the sequenced stream");
        key("replica.status.ms", "100", "interval of replica status reports");
        key("replica.snapshot.interval", "1000000", "a replica writes a snapshot every this many seqs; 0: only on SIGHUP");
        key("replica.snapshot.retain", "3", "snapshots a replica keeps");
        key("replica.bootstrap.peer", "true",
            "a replica with an empty directory fetches a snapshot from a live peer (via the gateway) before going live");
        key("replica.bootstrap.timeout.ms", "10000",
            "how long a bootstrapping replica waits for a peer's snapshot before falling back to a full retransmit");
        key("sites", "A,B,C", "site names of the replicas; a site's replica id is its position, from 1");
        key("idle", "backoff", "idle strategy of every agent: backoff, yield, busy, or sleep:MICROS");
        key("driver", "embedded", "'embedded': each process runs its own media driver; 'external': use aeron.dir");
        key("aeron.root", "", "where embedded drivers keep their log buffers (default: /dev/shm/hedge-..., else hedge.dir)");
        key("aeron.dir", "", "directory of an external media driver (with driver=external)");
        key("trading.accounts", "1000", "accounts of the sample trading engine");
        key("trading.instruments", "16", "instruments of the sample trading engine");
        key("trading.routed.every", "4",
            "fills of instruments whose id is a multiple of this become ExchangeOrder external effects; 0: none");
        key("client.timeout.ms", "5000", "request timeout of clients");
    }

    private static void key(final String name, final String defaultValue, final String description)
    {
        KEYS.put(name, new String[]{defaultValue, description});
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    private HedgeConfig()
    {
        KEYS.forEach((k, v) -> values.put(k, v[0]));
    }

    /**
     * @param file      a properties file, or null for defaults only.
     * @param overrides {@code key=value} settings that win over the file.
     * @return the configuration.
     * @throws IllegalArgumentException for an unknown key or an unreadable file.
     */
    public static HedgeConfig load(final Path file, final Map<String, String> overrides)
    {
        final HedgeConfig config = new HedgeConfig();
        if (null != file)
        {
            final Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file))
            {
                properties.load(reader);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read configuration file " + file + ": " + ex.getMessage(), ex);
            }
            properties.stringPropertyNames().forEach(k -> config.set(k, properties.getProperty(k), file.toString()));
        }
        overrides.forEach((k, v) -> config.set(k, v, "the command line"));
        return config;
    }

    /**
     * @return the defaults.
     */
    public static HedgeConfig defaults()
    {
        return new HedgeConfig();
    }

    /**
     * Set one key.
     *
     * @return this.
     */
    public HedgeConfig set(final String key, final String value, final String source)
    {
        if (!KEYS.containsKey(key))
        {
            throw new IllegalArgumentException("unknown setting '" + key + "' in " + source + "; known settings: " +
                String.join(", ", KEYS.keySet()));
        }
        values.put(key, value.trim());
        return this;
    }

    String get(final String key)
    {
        return values.get(key);
    }

    long getLong(final String key)
    {
        try
        {
            return Long.parseLong(get(key));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got '" + get(key) + "'");
        }
    }

    int getInt(final String key)
    {
        try
        {
            return Integer.parseInt(get(key));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got '" + get(key) + "'");
        }
    }

    boolean getBoolean(final String key)
    {
        final String value = get(key);
        if ("true".equalsIgnoreCase(value))
        {
            return true;
        }
        if ("false".equalsIgnoreCase(value))
        {
            return false;
        }
        throw new IllegalArgumentException("setting '" + key + "' must be true or false, got '" + value + "'");
    }

    private String channel(final String key, final String derived)
    {
        final String explicit = get(key);
        return explicit.isEmpty() ? derived : explicit;
    }

    public Path workDir()
    {
        return Path.of(get("hedge.dir"));
    }

    public List<String> sites()
    {
        return Arrays.stream(get("sites").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * @return the replica id of a site: its position in {@code sites}, from 1.
     */
    public int replicaId(final String site)
    {
        final int index = sites().indexOf(site);
        if (index < 0)
        {
            throw new IllegalArgumentException("site '" + site + "' is not one of sites=" + get("sites"));
        }
        return index + 1;
    }

    public boolean embeddedDriver()
    {
        final String driver = get("driver");
        if (!"embedded".equals(driver) && !"external".equals(driver))
        {
            throw new IllegalArgumentException("setting 'driver' must be 'embedded' or 'external', got '" + driver + "'");
        }
        return "embedded".equals(driver);
    }

    /**
     * @return the Aeron directory of a role: its own under the working directory with an embedded driver,
     * aeron.dir with an external one.
     */
    public Path aeronDir(final String role)
    {
        if (embeddedDriver())
        {
            return embeddedAeronRoot().resolve(role).resolve("aeron");
        }
        final String dir = get("aeron.dir");
        if (dir.isEmpty())
        {
            throw new IllegalArgumentException("driver=external needs aeron.dir, the directory of the running media driver");
        }
        return Path.of(dir);
    }

    /**
     * Where embedded drivers keep their log buffers: {@code aeron.root} if set, else {@link
     * io.hedge.perf.AeronDirs#rootFor}: a directory in /dev/shm named after the working directory.
     */
    Path embeddedAeronRoot()
    {
        final String root = get("aeron.root");
        if (!root.isEmpty())
        {
            return Path.of(root);
        }
        return io.hedge.perf.AeronDirs.rootFor(workDir());
    }

    public Supplier<IdleStrategy> idleStrategy()
    {
        return idleStrategy(get("idle"));
    }

    static Supplier<IdleStrategy> idleStrategy(final String name)
    {
        switch (name)
        {
            case "backoff":
                return () -> new BackoffIdleStrategy(
                    10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
            case "yield":
                return YieldingIdleStrategy::new;
            case "busy":
                return BusySpinIdleStrategy::new;
            default:
                if (name.startsWith("sleep:"))
                {
                    try
                    {
                        final long micros = Long.parseLong(name.substring("sleep:".length()));
                        if (micros <= 0)
                        {
                            throw new IllegalArgumentException(
                                "setting 'idle' sleep:MICROS needs a positive number of microseconds, got '" + name + "'");
                        }
                        return () -> new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(micros));
                    }
                    catch (final NumberFormatException ignore)
                    {
                        // falls through to the error below
                    }
                }
                throw new IllegalArgumentException(
                    "setting 'idle' must be backoff, yield, busy or sleep:MICROS, got '" + name + "'");
        }
    }

    public TradingConfig tradingConfig()
    {
        final TradingConfig defaults = TradingConfig.defaults();
        return new TradingConfig(getInt("trading.accounts"), getInt("trading.instruments"), defaults.initialCash(),
            defaults.initialPosition(), defaults.maxOrders(), defaults.maxFillsPerOrder(),
            getInt("trading.routed.every"));
    }

    /**
     * @return every gateway's endpoints, by id.
     */
    public List<GatewayEndpoints> gatewayEndpoints()
    {
        final int count = getInt("gateway.count");
        if (count < 1 || count > 9)
        {
            throw new IllegalArgumentException("setting 'gateway.count' must be between 1 and 9, got " + count);
        }
        final List<String> hosts = Arrays.stream(get("gateway.hosts").split(",")).map(String::trim)
            .filter(h -> !h.isEmpty()).toList();
        if (!hosts.isEmpty() && hosts.size() != count)
        {
            throw new IllegalArgumentException("setting 'gateway.hosts' names " + hosts.size() + " hosts but " +
                "gateway.count is " + count);
        }
        if (count > 1)
        {
            for (final String key : List.of("gateway.ingress.channel", "gateway.sequenced.channel",
                "gateway.replica.channel", "replica.sequenced.channel", "replica.gateway.channel", "client.ingress.channel"))
            {
                if (!get(key).isEmpty())
                {
                    throw new IllegalArgumentException("setting '" + key + "' overrides one gateway's channel and " +
                        "cannot be used with gateway.count " + count + "; set gateway.hosts and the ports instead");
                }
            }
        }
        final int stride = getInt("gateway.port.stride");
        final List<GatewayEndpoints> endpoints = new java.util.ArrayList<>();
        for (int id = 1; id <= count; id++)
        {
            final int offset = stride * (id - 1);
            endpoints.add(new GatewayEndpoints(id, hosts.isEmpty() ? get("gateway.host") : hosts.get(id - 1),
                getInt("ingress.port") + offset, getInt("sequenced.port") + offset, getInt("responses.port") + offset,
                getInt("replay.port") + offset));
        }
        return endpoints;
    }

    int sinkStreamId()
    {
        return getInt("sink.stream");
    }

    int sinkPort()
    {
        return getInt("sink.port");
    }

    String sinkHost()
    {
        return get("sink.host");
    }

    /**
     * @return the id of the gateway these settings start.
     */
    int gatewayContextId()
    {
        return getInt("gateway.id");
    }

    public GatewayContext gatewayContext(final String aeronDir)
    {
        final int gatewayId = getInt("gateway.id");
        final List<GatewayEndpoints> all = gatewayEndpoints();
        if (gatewayId < 1 || gatewayId > all.size())
        {
            throw new IllegalArgumentException("setting 'gateway.id' must be between 1 and gateway.count (" +
                all.size() + "), got " + gatewayId);
        }
        final GatewayEndpoints own = all.get(gatewayId - 1);
        final List<GatewayPeer> peers = all.stream().filter(e -> e.gatewayId() != gatewayId)
            .map(e -> new GatewayPeer(e.gatewayId(), e.sequencedSubscriptionChannel(own.host()),
                e.replaySubscriptionChannel(own.host()), e.inboundChannel()))
            .toList();
        final int sinkPort = getInt("sink.port");
        return new GatewayContext()
            .aeronDirectoryName(aeronDir)
            .gatewayId(gatewayId)
            .peers(peers)
            .replicaCount(sites().size())
            .heartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getLong("gateway.heartbeat.timeout.ms")))
            .candidateStaggerNs(TimeUnit.MILLISECONDS.toNanos(getLong("gateway.candidate.stagger.ms")))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getLong("gateway.election.timeout.ms")))
            .standbySleepNs(TimeUnit.MICROSECONDS.toNanos(getLong("gateway.standby.sleep.us")))
            .sinkChannel(0 == sinkPort ? "" : "aeron:udp?endpoint=" + get("sink.host") + ":" + sinkPort)
            .sinkStreamId(getInt("sink.stream"))
            .ingressChannel(channel("gateway.ingress.channel", own.ingressChannel()))
            .ingressStreamId(getInt("ingress.stream"))
            .sequencedChannel(channel("gateway.sequenced.channel", own.sequencedPublicationChannel()))
            .sequencedStreamId(getInt("sequenced.stream"))
            .replicaChannel(channel("gateway.replica.channel", own.inboundChannel()))
            .replicaStreamId(getInt("responses.stream"))
            .replayChannel(own.replayPublicationChannel())
            .replayStreamId(getInt("replay.stream"))
            .journalDir(workDir().resolve(1 == gatewayId ? "gateway" : "gateway-" + gatewayId).resolve("journal"))
            .maxPayloadLength(getInt("gateway.max.payload"))
            .durability(Durability.parse(get("gateway.durability")))
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(getInt("gateway.heartbeat.ms")))
            .idleStrategySupplier(idleStrategy());
    }

    public ReplicaContext replicaContext(final String site, final String aeronDir)
    {
        final TradingConfig trading = tradingConfig();
        return new ReplicaContext()
            .aeronDirectoryName(aeronDir)
            .replicaId(replicaId(site))
            .site(site)
            .gateways(gatewayEndpoints().stream().map(e -> new GatewayLink(e.gatewayId(),
                1 == e.gatewayId() ? channel("replica.sequenced.channel", e.sequencedSubscriptionChannel(get("host"))) :
                e.sequencedSubscriptionChannel(get("host")),
                e.replaySubscriptionChannel(get("host")),
                1 == e.gatewayId() ? channel("replica.gateway.channel", e.inboundChannel()) : e.inboundChannel()))
                .toList())
            .sequencedStreamId(getInt("sequenced.stream"))
            .gatewayStreamId(getInt("responses.stream"))
            .replayStreamId(getInt("replay.stream"))
            .voteHoldoffNs(TimeUnit.MILLISECONDS.toNanos(getLong("replica.vote.holdoff.ms")))
            .journalDir(workDir().resolve("replica-" + site).resolve("journal"))
            .stateMachineSupplier(() -> new TradingEngine(trading))
            .maxResponseLength(TradingEngine.maxResponseLength(trading))
            .statusIntervalNs(TimeUnit.MILLISECONDS.toNanos(getInt("replica.status.ms")))
            .snapshotInterval(getLong("replica.snapshot.interval"))
            .snapshotRetain(getInt("replica.snapshot.retain"))
            .bootstrapFromPeer(getBoolean("replica.bootstrap.peer"))
            .bootstrapTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getLong("replica.bootstrap.timeout.ms")))
            .idleStrategySupplier(idleStrategy());
    }

    public HedgeClientContext clientContext(final String aeronDir)
    {
        return new HedgeClientContext()
            .aeronDirectoryName(aeronDir)
            .gatewayIngressChannels(gatewayEndpoints().stream()
                .map(e -> 1 == e.gatewayId() ? channel("client.ingress.channel", e.ingressChannel()) : e.ingressChannel())
                .toList())
            .ingressStreamId(getInt("ingress.stream"))
            .responseChannel(channel("client.response.channel", "aeron:udp?endpoint=" + get("host") + ":0"))
            .responseStreamId(getInt("client.stream"))
            .requestTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getInt("client.timeout.ms")))
            .idleStrategySupplier(idleStrategy());
    }

    /**
     * Write these settings as a properties file, for child processes.
     */
    public void store(final Path file)
    {
        final Properties properties = new Properties();
        values.forEach(properties::setProperty);
        try (var writer = Files.newBufferedWriter(file))
        {
            properties.store(writer, "Hedge settings");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
