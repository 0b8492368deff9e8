package io.hedge.chaos;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.hedge.gateway.Gateway;
import io.hedge.ops.ReportingSettings;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.Ports;
import io.hedge.transport.GatewayMember;
import io.hedge.transport.OpsChannel;
import io.hedge.transport.SequencedTransport;
import io.hedge.gateway.GatewayContext;
import io.hedge.replicas.Replica;
import io.hedge.replicas.ReplicaContext;
import io.hedge.replicas.StateMachine;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A gateway and replicas in this JVM over real Aeron UDP on loopback, on one embedded media driver, with a
 * directory and ports of their own; closing removes everything, also after a failed test.
 */
final class TestFabric implements AutoCloseable
{
    static final TradingConfig TRADING = new TradingConfig(100, 4, 1_000_000_000L, 1_000_000L, 100_000, 64);
    static final String[] SITES = {"A", "B", "C"};

    final Path dir;
    final MediaDriver driver;
    final Aeron aeron;
    /** The endpoints of each gateway, by id - 1; every one has ports of its own. */
    final List<GatewayEndpoints> endpoints = new ArrayList<>();
    /** The gateways running, by id - 1 (null where stopped). */
    final Gateway[] gateways;
    /** Gateway 1, the one the single-gateway tests use. */
    Gateway gateway;
    final List<Replica> replicas = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Function<String, StateMachine> stateMachines;
    private final int maxPayloadLength;
    long snapshotInterval;
    /** Whether a replica started with an empty directory bootstraps from a peer's snapshot (the default). */
    boolean bootstrapFromPeer = true;
    /** Bytes per chunk of a snapshot a replica donates. */
    int snapshotChunkLength = ReplicaContext.DEFAULT_SNAPSHOT_CHUNK_LENGTH;
    /** The effects sink's channel gateways started from now on forward to; empty for none. */
    String sinkChannel = "";
    /** The drop-copy channel gateways publish every session message on; empty for none. */
    final String dropCopyChannel;
    /** The principals file gateways authenticate clients with; null for the none authenticator. */
    private final Path principalsFile;
    /** The cluster key file of every gateway and replica started; empty: member authentication off. */
    final String memberKeyFile;
    /** The thresholds of every gateway's health monitor; null: the defaults. */
    private final io.hedge.ops.health.HealthPolicy healthPolicy;

    TestFabric(final String name, final int maxPayloadLength, final Function<String, StateMachine> stateMachines)
    {
        this(name, maxPayloadLength, stateMachines, SITES.length);
    }

    TestFabric(
        final String name,
        final int maxPayloadLength,
        final Function<String, StateMachine> stateMachines,
        final int replicasAtStart)
    {
        this(name, maxPayloadLength, stateMachines, replicasAtStart, 1);
    }

    TestFabric(
        final String name,
        final int maxPayloadLength,
        final Function<String, StateMachine> stateMachines,
        final int replicasAtStart,
        final int gatewayCount)
    {
        this(name, maxPayloadLength, stateMachines, replicasAtStart, gatewayCount, "");
    }

    /**
     * @param dropCopyChannel where gateways publish a copy of every session message; empty for none.
     */
    TestFabric(
        final String name,
        final int maxPayloadLength,
        final Function<String, StateMachine> stateMachines,
        final int replicasAtStart,
        final int gatewayCount,
        final String dropCopyChannel)
    {
        this(name, maxPayloadLength, stateMachines, replicasAtStart, gatewayCount, dropCopyChannel, null, "");
    }

    /**
     * @param principalsFile the gateways authenticate clients with it (gateway.authenticator=file); null: none.
     */
    TestFabric(
        final String name,
        final int maxPayloadLength,
        final Function<String, StateMachine> stateMachines,
        final int replicasAtStart,
        final int gatewayCount,
        final String dropCopyChannel,
        final Path principalsFile)
    {
        this(name, maxPayloadLength, stateMachines, replicasAtStart, gatewayCount, dropCopyChannel, principalsFile, "");
    }

    /**
     * @param memberKeyFile the cluster key every gateway and replica seals its messages with; empty for none.
     */
    TestFabric(
        final String name,
        final int maxPayloadLength,
        final Function<String, StateMachine> stateMachines,
        final int replicasAtStart,
        final int gatewayCount,
        final String dropCopyChannel,
        final String memberKeyFile)
    {
        this(name, maxPayloadLength, stateMachines, replicasAtStart, gatewayCount, dropCopyChannel, null,
            memberKeyFile);
    }

    /**
     * @param principalsFile the gateways authenticate clients with it (gateway.authenticator=file); null: none.
     * @param memberKeyFile  the cluster key every gateway and replica seals its messages with; empty for none.
     */
    TestFabric(
        final String name,
        final int maxPayloadLength,
        final Function<String, StateMachine> stateMachines,
        final int replicasAtStart,
        final int gatewayCount,
        final String dropCopyChannel,
        final Path principalsFile,
        final String memberKeyFile)
    {
        this(name, maxPayloadLength, stateMachines, replicasAtStart, gatewayCount, dropCopyChannel, principalsFile,
            memberKeyFile, null);
    }

    /**
     * @param healthPolicy the thresholds of every gateway's health monitor; null for the defaults.
     */
    TestFabric(
        final String name,
        final int maxPayloadLength,
        final Function<String, StateMachine> stateMachines,
        final int replicasAtStart,
        final int gatewayCount,
        final String dropCopyChannel,
        final Path principalsFile,
        final String memberKeyFile,
        final io.hedge.ops.health.HealthPolicy healthPolicy)
    {
        this(name, maxPayloadLength, stateMachines, replicasAtStart, gatewayCount, dropCopyChannel, principalsFile,
            memberKeyFile, healthPolicy, SequencedTransport.MDC, driverContext -> { });
    }

    /**
     * @param sequencedTransport how every gateway sends its sequenced stream.
     * @param driverContext      completes the fabric's media driver context before it starts (a send channel endpoint
     *                           that counts what it sends, say).
     */
    TestFabric(
        final String name,
        final int maxPayloadLength,
        final Function<String, StateMachine> stateMachines,
        final int replicasAtStart,
        final int gatewayCount,
        final String dropCopyChannel,
        final Path principalsFile,
        final String memberKeyFile,
        final io.hedge.ops.health.HealthPolicy healthPolicy,
        final SequencedTransport sequencedTransport,
        final Consumer<MediaDriver.Context> driverContext)
    {
        this.healthPolicy = healthPolicy;
        this.dropCopyChannel = dropCopyChannel;
        this.principalsFile = principalsFile;
        this.memberKeyFile = memberKeyFile;
        // one block per gateway, the standby channel's port (sequenced + 3) included: ports drawn one by one could
        // give a gateway's standby port to another gateway's stream
        final int stride = 10;
        final int base = Ports.freeGatewayBase(gatewayCount, stride);
        for (int id = 1; id <= gatewayCount; id++)
        {
            endpoints.add(GatewayEndpoints.fromBase(id, "localhost", base + stride * (id - 1))
                .withSequencedTransport(sequencedTransport));
        }
        gateways = new Gateway[gatewayCount];
        this.stateMachines = stateMachines;
        this.maxPayloadLength = maxPayloadLength;
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), name + "-" + System.nanoTime());
        boolean started = false;
        try
        {
            Files.createDirectories(dir);
            final MediaDriver.Context driverCtx = new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("aeron").toAbsolutePath().toString())
                .threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true);
            driverContext.accept(driverCtx);
            driver = MediaDriver.launch(driverCtx);
            closeables.add(driver);
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            closeables.add(aeron);
            for (int id = 1; id <= gatewayCount; id++)
            {
                startGateway(id);
            }
            for (int i = 0; i < replicasAtStart; i++)
            {
                startReplica(SITES[i]);
            }
            awaitTrue("every replica joined the sequenced stream", 20, () -> replicas.stream()
                .allMatch(r -> r.agent().state() == io.hedge.codecs.fabric.ReplicaState.LIVE));
            if (replicasAtStart > SITES.length / 2)
            {
                awaitTrue("a gateway was elected", 20, () -> null != activeGateway());
            }
            started = true;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            if (!started)
            {
                close();
            }
        }
    }

    TestFabric(final String name)
    {
        this(name, 4096, site -> new TradingEngine(TRADING));
    }

    /**
     * Keep something for closing with the fabric, in reverse order of adding.
     */
    <T extends AutoCloseable> T closeWithFabric(final T closeable)
    {
        closeables.add(closeable);
        return closeable;
    }

    /**
     * Start a gateway on the fabric's journal directory and ports: at first, or again after {@link #gateway} was
     * closed, as a restart.
     */
    Gateway startGateway()
    {
        return startGateway(1);
    }

    /**
     * Start (or restart) gateway {@code id} on its own journal directory and ports.
     */
    Gateway startGateway(final int id)
    {
        final GatewayEndpoints own = endpoints.get(id - 1);
        final List<GatewayMember> peers = new ArrayList<>();
        for (final GatewayEndpoints other : endpoints)
        {
            if (other.gatewayId() != id)
            {
                peers.add(other.member("localhost"));
            }
        }
        final Gateway started = Gateway.launch(new GatewayContext()
            .aeron(aeron)
            .gatewayId(id)
            .peers(peers)
            .replicaCount(SITES.length)
            .ingressChannel(own.ingressChannel())
            .sequencedChannel(own.sequencedPublicationChannel())
            .replicaChannel(own.inboundChannel())
            .replayChannel(own.replayPublicationChannel())
            .journalDir(dir.resolve(1 == id ? "gateway" : "gateway-" + id))
            .maxPayloadLength(maxPayloadLength)
            .sinkChannel(sinkChannel)
            .dropCopyChannel(dropCopyChannel)
            .authenticatorName(null == principalsFile ? "none" : "file")
            .principalsFile(principalsFile)
            .memberKeyFile(memberKeyFile)
            .reporting(reportingSettings())
            .ops(ops ->
            {
                if (null != healthPolicy)
                {
                    final io.hedge.ops.health.HealthPolicy policy = healthPolicy;
                    ops.fabricViewFactory(g -> new io.hedge.ops.health.HealthMonitor(
                        policy, endpoints.size(), java.util.List.of(SITES)));
                }
            })
            .idleStrategySupplier(TestFabric::idle));
        gateways[id - 1] = started;
        if (1 == id)
        {
            gateway = started;
        }
        closeables.add(started);
        return started;
    }

    /**
     * @return the gateway that is active now, or null while none is.
     */
    Gateway activeGateway()
    {
        for (final Gateway g : gateways)
        {
            if (null != g && g.agent().role() == io.hedge.gateway.GatewayAgent.Role.ACTIVE)
            {
                return g;
            }
        }
        return null;
    }

    /**
     * Start the replica of a site (ids follow {@link #SITES}); it joins the running fabric.
     */
    Replica startReplica(final String site)
    {
        return startReplica(site, aeron);
    }

    /**
     * Start the replica of a site on a media driver of its own (one with a loss generator, say).
     */
    Replica startReplica(final String site, final Aeron replicaAeron)
    {
        final int id = java.util.Arrays.asList(SITES).indexOf(site) + 1;
        final Replica replica = Replica.launch(new ReplicaContext()
            .aeron(replicaAeron)
            .replicaId(id)
            .site(site)
            .gateways(endpoints.stream().map(e -> e.member("localhost")).toList())
            .journalDir(journalDir(site))
            .snapshotInterval(snapshotInterval)
            .bootstrapFromPeer(bootstrapFromPeer)
            .snapshotChunkLength(snapshotChunkLength)
            .stateMachineSupplier(() -> stateMachines.apply(site))
            .statusIntervalNs(TimeUnit.MILLISECONDS.toNanos(20))
            .memberKeyFile(memberKeyFile)
            .reporting(reportingSettings())
            .idleStrategySupplier(TestFabric::idle));
        replicas.add(replica);
        closeables.add(replica);
        return replica;
    }

    /**
     * @return what every role of the fabric reports, as a role launched by hedge does: once a second to every
     * gateway's ops port.
     */
    ReportingSettings reportingSettings()
    {
        return new ReportingSettings().reportChannels(endpoints.stream().map(OpsChannel::channel).toList());
    }

    Path journalDir(final String site)
    {
        return dir.resolve("replica-" + site);
    }

    String ingressChannel()
    {
        return endpoints.get(0).ingressChannel();
    }

    /**
     * @return every gateway's ingress channel, in id order: what a client is configured with.
     */
    List<String> ingressChannels()
    {
        return endpoints.stream().map(GatewayEndpoints::ingressChannel).toList();
    }

    static BackoffIdleStrategy idle()
    {
        return new BackoffIdleStrategy(10, 20, 1_000, 100_000);
    }

    static void awaitTrue(final String what, final int seconds, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what);
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    @Override
    public void close()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
        IoUtil.delete(dir.toFile(), true);
    }
}
