package io.hedge.fix;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.gateway.Gateway;
import io.hedge.gateway.GatewayAgent;
import io.hedge.gateway.GatewayContext;
import io.hedge.replicas.Replica;
import io.hedge.replicas.ReplicaContext;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.GatewayMember;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Gateways and three replicas of the sample trading engine in this JVM, over Aeron UDP on loopback with one embedded
 * media driver, in a directory of their own under target/; closing removes everything, also after a failed test.
 */
final class FixFabric implements AutoCloseable
{
    static final TradingConfig TRADING = new TradingConfig(10, 4, 1_000_000_000L, 1_000_000L, 10_000, 64, 0);
    private static final String[] SITES = {"A", "B", "C"};

    final Path dir;
    final MediaDriver driver;
    final Aeron aeron;
    final List<GatewayEndpoints> endpoints = new ArrayList<>();
    final Gateway[] gateways;
    final List<Replica> replicas = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    FixFabric(final String name, final int gatewayCount)
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), name + "-" + System.nanoTime())
            .toAbsolutePath();
        gateways = new Gateway[gatewayCount];
        // every gateway's six ports free, its ops port (sequenced port + 4) among them
        final int stride = io.hedge.transport.OpsChannel.PORTS_PER_GATEWAY;
        final int base = io.hedge.transport.Ports.freeGatewayBase(gatewayCount, stride);
        for (int id = 1; id <= gatewayCount; id++)
        {
            endpoints.add(GatewayEndpoints.fromBase(id, "localhost", base + stride * (id - 1)));
        }
        boolean started = false;
        try
        {
            Files.createDirectories(dir);
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("aeron").toString())
                .threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            closeables.add(driver);
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            closeables.add(aeron);
            for (int id = 1; id <= gatewayCount; id++)
            {
                startGateway(id);
            }
            for (final String site : SITES)
            {
                startReplica(site);
            }
            awaitTrue("every replica is live", 30,
                () -> replicas.stream().allMatch(r -> r.agent().state() == ReplicaState.LIVE));
            awaitTrue("a gateway is active", 30, () -> null != activeGateway());
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

    private void startGateway(final int id)
    {
        final GatewayEndpoints own = endpoints.get(id - 1);
        final List<GatewayMember> peers = new ArrayList<>();
        endpoints.stream().filter(e -> e.gatewayId() != id).forEach(e -> peers.add(e.member("localhost")));
        gateways[id - 1] = Gateway.launch(new GatewayContext()
            .aeron(aeron)
            .gatewayId(id)
            .peers(peers)
            .replicaCount(SITES.length)
            .ingressChannel(own.ingressChannel())
            .sequencedChannel(own.sequencedPublicationChannel())
            .replicaChannel(own.inboundChannel())
            .replayChannel(own.replayPublicationChannel())
            .journalDir(dir.resolve("gateway-" + id))
            .maxPayloadLength(4096)
            .idleStrategySupplier(FixFabric::idle));
        closeables.add(gateways[id - 1]);
    }

    private void startReplica(final String site)
    {
        final int id = List.of(SITES).indexOf(site) + 1;
        final Replica replica = Replica.launch(new ReplicaContext()
            .aeron(aeron)
            .replicaId(id)
            .site(site)
            .gateways(endpoints.stream().map(e -> e.member("localhost")).toList())
            .journalDir(dir.resolve("replica-" + site))
            .stateMachineSupplier(() -> new TradingEngine(TRADING))
            .statusIntervalNs(TimeUnit.MILLISECONDS.toNanos(20))
            .idleStrategySupplier(FixFabric::idle));
        replicas.add(replica);
        closeables.add(replica);
    }

    Gateway activeGateway()
    {
        for (final Gateway gateway : gateways)
        {
            if (null != gateway && gateway.agent().role() == GatewayAgent.Role.ACTIVE)
            {
                return gateway;
            }
        }
        return null;
    }

    /**
     * Close the active gateway, as a crash of its process would stop it.
     *
     * @return its id.
     */
    int stopActiveGateway()
    {
        awaitTrue("a gateway is active", 30, () -> null != activeGateway());
        final Gateway active = activeGateway();
        final int id = active.agent().gatewayId();
        gateways[id - 1] = null;
        active.close();
        return id;
    }

    String ingressChannels()
    {
        return String.join(",", endpoints.stream().map(GatewayEndpoints::ingressChannel).toList());
    }

    /**
     * @return the engine of every replica, once all have applied what the active gateway sequenced.
     */
    List<TradingEngine> settledEngines()
    {
        final long lastSeq = activeGateway().agent().lastSeq();
        final List<TradingEngine> engines = new ArrayList<>();
        for (final Replica replica : replicas)
        {
            awaitTrue("site " + replica.agent().site() + " applied seq " + lastSeq, 30,
                () -> replica.agent().appliedSeq() >= lastSeq);
            engines.add((TradingEngine)replica.agent().stateMachine());
        }
        return engines;
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

    static int freeTcpPort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
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
