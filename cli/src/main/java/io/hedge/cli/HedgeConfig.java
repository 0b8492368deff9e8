package io.hedge.cli;

import io.hedge.client.ClientConfiguration;
import io.hedge.client.HedgeClientContext;
import io.hedge.transport.GatewayMember;
import io.hedge.gateway.Durability;
import io.hedge.gateway.GatewayConfiguration;
import io.hedge.gateway.GatewayContext;
import io.hedge.ops.OpsConfiguration;
import io.hedge.ops.ReportingSettings;
import io.hedge.replicas.ReplicaConfiguration;
import io.hedge.replicas.ReplicaContext;
import io.hedge.replicas.StateMachineFactory;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingConfiguration;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.IdleStrategies;
import io.hedge.transport.OpsChannel;
import io.hedge.transport.SequencedTransport;
import io.hedge.transport.Setting;
import io.hedge.transport.TransportConfiguration;
import org.agrona.concurrent.IdleStrategy;

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
        for (final List<Setting> settings : List.of(TransportConfiguration.SETTINGS, GatewayConfiguration.SETTINGS,
            ReplicaConfiguration.SETTINGS, OpsConfiguration.SETTINGS, io.hedge.ops.health.HealthConfiguration.SETTINGS,
            TradingConfiguration.SETTINGS, ClientConfiguration.SETTINGS))
        {
            for (final Setting setting : settings)
            {
                if (null != KEYS.put(setting.key(), new String[]{setting.defaultValue(), setting.doc()}))
                {
                    throw new IllegalStateException("setting " + setting.key() + " is declared by two roles");
                }
            }
        }
    }

    /** The prefix of Aeron's own system properties: such keys go to the media driver as they are. */
    static final String AERON_PREFIX = "aeron.";
    /** The prefix of the state machine's own settings: such keys go to its constructor, without the prefix. */
    static final String APP_PREFIX = "app.";
    static final int MAX_PORT = 65535;

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> aeronProperties = new LinkedHashMap<>();
    private final Map<String, String> appProperties = new LinkedHashMap<>();

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
            catch (final java.nio.file.NoSuchFileException ex)
            {
                throw new IllegalArgumentException("cannot read configuration file " + file + ": no such file", ex);
            }
            catch (final java.nio.file.AccessDeniedException ex)
            {
                throw new IllegalArgumentException("cannot read configuration file " + file + ": permission denied", ex);
            }
            catch (final IOException | IllegalArgumentException ex)
            {
                // IllegalArgumentException: how Properties.load reports a malformed unicode escape
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
            if (key.startsWith(AERON_PREFIX) && key.length() > AERON_PREFIX.length())
            {
                aeronProperties.put(key, value.trim());
                return this;
            }
            if (key.startsWith(APP_PREFIX) && key.length() > APP_PREFIX.length())
            {
                appProperties.put(key.substring(APP_PREFIX.length()), value.trim());
                return this;
            }
            throw new IllegalArgumentException("unknown setting '" + key + "' in " + source + "; known settings: " +
                String.join(", ", KEYS.keySet()) + ", aeron.* properties for the media driver and app.* settings for the " +
                "state machine");
        }
        values.put(key, value.trim());
        return this;
    }

    /**
     * @return the {@code aeron.*} keys that are not Hedge's own, for the media driver and the Aeron clients.
     */
    Map<String, String> aeronProperties()
    {
        return java.util.Collections.unmodifiableMap(aeronProperties);
    }

    /**
     * Make the {@code aeron.*} keys system properties, where Aeron's contexts read their defaults, so that a media
     * driver started afterwards in this process takes them. Hedge's own choices (threading mode, idle strategies,
     * directory) are set on the context and win.
     */
    void applyAeronProperties()
    {
        aeronProperties.forEach(System::setProperty);
    }

    /**
     * @return the working directory, created if need be.
     * @throws IllegalArgumentException naming hedge.dir when it cannot be created or written.
     */
    Path requireWritableWorkDir()
    {
        final Path dir = workDir();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final java.nio.file.FileAlreadyExistsException ex)
        {
            throw new IllegalArgumentException("setting 'hedge.dir': " + dir + " is a file, not a directory");
        }
        catch (final IOException ex)
        {
            final String reason = ex instanceof java.nio.file.FileSystemException &&
                null != ((java.nio.file.FileSystemException)ex).getReason() ?
                ((java.nio.file.FileSystemException)ex).getReason() : "the file system refused to create it";
            throw new IllegalArgumentException("setting 'hedge.dir': cannot create the working directory " + dir +
                ": " + reason);
        }
        if (!Files.isWritable(dir))
        {
            throw new IllegalArgumentException("setting 'hedge.dir': the working directory " + dir + " is not writable");
        }
        return dir;
    }

    /**
     * Resolve every address a role may bind to or send to, so that a typo is named with its key before anything
     * starts, not reported by the media driver later without it.
     *
     * @throws IllegalArgumentException naming the key of a host that does not resolve.
     */
    void requireResolvableHosts()
    {
        gatewayEndpoints(); // the count, hosts and ports first: a host list of the wrong length is the clearer error
        requireResolvable("host", get("host"));
        requireResolvable("gateway.host", get("gateway.host"));
        for (final String host : get("gateway.hosts").split(","))
        {
            if (!host.isBlank())
            {
                requireResolvable("gateway.hosts", host.trim());
            }
        }
        if (sinkPort() > 0)
        {
            requireResolvable("sink.host", get("sink.host"));
        }
    }

    private static void requireResolvable(final String key, final String host)
    {
        try
        {
            java.net.InetAddress.getByName(host);
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalArgumentException("setting '" + key + "': cannot resolve the host '" + host +
                "' to an address");
        }
    }

    /**
     * @return a port setting, checked to be a UDP port.
     */
    int port(final String key, final int min)
    {
        final int port = getInt(key);
        if (port < min || port > MAX_PORT)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be a UDP port between " + min + " and " +
                MAX_PORT + ", got " + port);
        }
        return port;
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

    double getDouble(final String key)
    {
        try
        {
            return Double.parseDouble(get(key));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be a number, got '" + get(key) + "'");
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
     * io.hedge.transport.AeronDirs#rootFor}: a directory in /dev/shm named after the working directory.
     */
    Path embeddedAeronRoot()
    {
        final String root = get("aeron.root");
        if (!root.isEmpty())
        {
            return Path.of(root);
        }
        return io.hedge.transport.AeronDirs.rootFor(workDir());
    }

    public Supplier<IdleStrategy> idleStrategy()
    {
        return idleStrategy(get("idle"));
    }

    static Supplier<IdleStrategy> idleStrategy(final String name)
    {
        return IdleStrategies.parse(name);
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
        if (count > 1 && stride < OpsChannel.PORTS_PER_GATEWAY)
        {
            throw new IllegalArgumentException("setting 'gateway.port.stride' must be at least " +
                OpsChannel.PORTS_PER_GATEWAY + " (each gateway uses that many ports from its " +
                "ingress.port up: four gateway ports, the standbys' and the ops port), got " + stride);
        }
        final SequencedTransport sequencedTransport = sequencedTransport();
        final List<GatewayEndpoints> endpoints = new java.util.ArrayList<>();
        for (int id = 1; id <= count; id++)
        {
            final int offset = stride * (id - 1);
            endpoints.add(new GatewayEndpoints(id, hosts.isEmpty() ? get("gateway.host") : hosts.get(id - 1),
                gatewayPort("ingress.port", id, offset), gatewayPort("sequenced.port", id, offset),
                gatewayPort("responses.port", id, offset), gatewayPort("replay.port", id, offset), sequencedTransport));
        }
        return endpoints;
    }

    /**
     * @return how every gateway sends its sequenced stream (sequenced.transport, sequenced.multicast.group).
     * @throws IllegalArgumentException naming the setting that is wrong.
     */
    public SequencedTransport sequencedTransport()
    {
        return SequencedTransport.parse(get(TransportConfiguration.SEQUENCED_TRANSPORT.key()),
            get(TransportConfiguration.SEQUENCED_MULTICAST_GROUP.key()));
    }

    /** Gateway g's port: the setting plus its offset, both checked. */
    private int gatewayPort(final String key, final int gatewayId, final int offset)
    {
        final int port = port(key, 1) + offset;
        if (port < 1 || port > MAX_PORT)
        {
            throw new IllegalArgumentException("setting '" + key + "': gateway " + gatewayId + "'s port would be " +
                port + " (" + key + " " + getInt(key) + " + gateway.port.stride " + getInt("gateway.port.stride") +
                " x " + (gatewayId - 1) + "), outside 1.." + MAX_PORT);
        }
        return port;
    }

    public int sinkStreamId()
    {
        return getInt("sink.stream");
    }

    public int responsesStreamId()
    {
        return getInt("responses.stream");
    }

    int sinkPort()
    {
        return port("sink.port", 0);
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
        final List<GatewayMember> peers = all.stream().filter(e -> e.gatewayId() != gatewayId)
            .map(e -> e.member(own.host()))
            .toList();
        final int sinkPort = sinkPort();
        // read here, so that a bad health.* value is named before anything starts
        final io.hedge.ops.health.HealthPolicy healthPolicy = io.hedge.ops.health.HealthPolicy.parse(this::get);
        return new GatewayContext()
            .aeronDirectoryName(aeronDir)
            .gatewayId(gatewayId)
            .peers(peers)
            .replicaCount(sites().size())
            .heartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getLong("gateway.heartbeat.timeout.ms")))
            .candidateStaggerNs(TimeUnit.MILLISECONDS.toNanos(getLong("gateway.candidate.stagger.ms")))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getLong("gateway.election.timeout.ms")))
            .leaseNs(get("gateway.lease.ms").isEmpty() ? 0 : TimeUnit.MILLISECONDS.toNanos(getLong("gateway.lease.ms")))
            .standbySleepNs(TimeUnit.MICROSECONDS.toNanos(getLong("gateway.standby.sleep.us")))
            .sinkChannel(0 == sinkPort ? "" : GatewayEndpoints.sinkChannel(get("sink.host"), sinkPort))
            .sinkStreamId(getInt("sink.stream"))
            .dropCopyChannel(get("gateway.dropcopy.channel"))
            .dropCopyStreamId(getInt("gateway.dropcopy.stream"))
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
            .queryTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getLong("gateway.query.timeout.ms")))
            .maxQueries(getInt("gateway.max.queries"))
            .sourceConnectsPerSecond(getLong("gateway.source.connects.per.second"))
            .sourceRequestsPerSecond(getLong("gateway.source.requests.per.second"))
            .durability(Durability.parse(get("gateway.durability")))
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(getInt("gateway.heartbeat.ms")))
            .sessionIdleTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getLong("gateway.session.idle.timeout.ms")))
            .maxClients(getInt("gateway.max.clients"))
            .duplicateWindows(getInt("gateway.duplicate.windows"))
            .duplicateMaxClients(getInt("gateway.duplicate.max.clients"))
            .authenticatorName(get("gateway.authenticator"))
            .principalsFile(optionalPath("gateway.principals.file"))
            .memberKeyFile(get("member.key.file"))
            .idleStrategySupplier(idleStrategy())
            .ops(ops -> ops
                .channel(OpsChannel.channel(own))
                .maxSessions(getInt("ops.max.sessions"))
                .sessionTimeoutMs(getLong("ops.session.timeout.ms"))
                .fabricViewFactory(gateway -> new io.hedge.ops.health.HealthMonitor(healthPolicy, all.size(), sites())))
            .reporting(reportingSettings());
    }

    /**
     * @return the {@code app.*} settings without their prefix: the state machine's own configuration.
     */
    public Properties stateMachineProperties()
    {
        final Properties properties = new Properties();
        appProperties.forEach(properties::setProperty);
        return properties;
    }

    /**
     * @return the state machine the replicas run, see {@link StateMachineChoice}.
     * @throws IllegalArgumentException naming the setting, if the class cannot be loaded or constructed.
     */
    public StateMachineFactory stateMachineFactory()
    {
        return StateMachineChoice.factory(this);
    }

    public ReplicaContext replicaContext(final String site, final String aeronDir)
    {
        return replicaContext(site, aeronDir, stateMachineFactory());
    }

    /**
     * @param stateMachines the state machine the replica runs, when the caller has made it already.
     */
    public ReplicaContext replicaContext(final String site, final String aeronDir, final StateMachineFactory stateMachines)
    {
        return new ReplicaContext()
            .aeronDirectoryName(aeronDir)
            .replicaId(replicaId(site))
            .site(site)
            .gateways(gatewayEndpoints().stream().map(e -> 1 != e.gatewayId() ? e.member(get("host")) :
                new GatewayMember(e.gatewayId(),
                channel("replica.sequenced.channel", e.sequencedSubscriptionChannel(get("host"))),
                e.replaySubscriptionChannel(get("host")),
                channel("replica.gateway.channel", e.inboundChannel())))
                .toList())
            .sequencedStreamId(getInt("sequenced.stream"))
            .gatewayStreamId(getInt("responses.stream"))
            .replayStreamId(getInt("replay.stream"))
            .voteHoldoffNs(TimeUnit.MILLISECONDS.toNanos(getLong("replica.vote.holdoff.ms")))
            .journalDir(workDir().resolve("replica-" + site).resolve("journal"))
            .stateMachineFactory(stateMachines)
            .statusIntervalNs(TimeUnit.MILLISECONDS.toNanos(getInt("replica.status.ms")))
            .snapshotInterval(getLong("replica.snapshot.interval"))
            .snapshotRetain(getInt("replica.snapshot.retain"))
            .bootstrapFromPeer(getBoolean("replica.bootstrap.peer"))
            .bootstrapTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getLong("replica.bootstrap.timeout.ms")))
            .queryBudget(getInt("replica.query.budget"))
            .memberKeyFile(get("member.key.file"))
            .reporting(reportingSettings())
            .idleStrategySupplier(idleStrategy());
    }

    /**
     * @return the cluster key of {@code member.key.file}, or null when it is not set (member authentication off): for
     * a member that is not built from a role Context (the effects sink).
     * @throws IllegalArgumentException naming the key (never the key's bytes) if the file cannot be used.
     */
    byte[] memberKey()
    {
        final String file = get("member.key.file");
        if (file.isEmpty())
        {
            return null;
        }
        try
        {
            return io.hedge.transport.MemberKeyFile.read(Path.of(file));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("setting 'member.key.file': " + ex.getMessage());
        }
    }

    public HedgeClientContext clientContext(final String aeronDir)
    {
        return new HedgeClientContext()
            .aeronDirectoryName(aeronDir)
            .gatewayIngressChannels(gatewayEndpoints().stream()
                .map(e -> 1 == e.gatewayId() ? channel("client.ingress.channel", e.ingressChannel()) : e.ingressChannel())
                .toList())
            .ingressStreamId(getInt("ingress.stream"))
            .responseChannel(channel("client.response.channel", GatewayEndpoints.clientResponseChannel(get("host"))))
            .responseStreamId(getInt("client.stream"))
            .requestTimeoutNs(TimeUnit.MILLISECONDS.toNanos(getInt("client.timeout.ms")))
            .connectRetryIntervalNs(TimeUnit.MILLISECONDS.toNanos(getLong("client.backoff.initial.ms")))
            .connectBackoffMaxNs(TimeUnit.MILLISECONDS.toNanos(getLong("client.backoff.max.ms")))
            .connectBackoffJitter(getDouble("client.backoff.jitter"))
            .principal(get("client.principal"))
            .secretFile(optionalPath("client.secret.file"))
            .idleStrategySupplier(idleStrategy());
    }

    /**
     * @return the credentials of client.principal and client.secret.file (the secret file read now), as a client or
     * an operator's tool logs on with them.
     * @throws IllegalArgumentException naming the setting that is wrong, never the secret.
     */
    public io.hedge.transport.ClientCredentials clientCredentials()
    {
        return io.hedge.transport.ClientCredentials.resolve(ClientConfiguration.PRINCIPAL,
            ClientConfiguration.SECRET_FILE, get("client.principal"), optionalPath("client.secret.file"), null);
    }

    /**
     * @return a role's ops settings (docs/OPERATIONS.md): it reports to every gateway's ops port.
     */
    public ReportingSettings reportingSettings()
    {
        return new ReportingSettings()
            .reportMs(getLong(OpsConfiguration.REPORT_MS.key()))
            .httpPort(getInt(OpsConfiguration.HTTP_PORT.key()))
            .httpHost(get(OpsConfiguration.HTTP_HOST.key()))
            .histogramLogDir(optionalPath(OpsConfiguration.HISTOGRAM_LOG.key()))
            .reportChannels(gatewayEndpoints().stream().map(OpsChannel::channel).toList());
    }

    /**
     * @return the file a setting names, or null when it is empty.
     */
    private Path optionalPath(final String key)
    {
        final String value = get(key);
        return value.isBlank() ? null : Path.of(value.trim());
    }

    /**
     * Write these settings as a properties file, for child processes.
     */
    public void store(final Path file)
    {
        final Properties properties = new Properties();
        values.forEach(properties::setProperty);
        aeronProperties.forEach(properties::setProperty);
        appProperties.forEach((k, v) -> properties.setProperty(APP_PREFIX + k, v));
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
