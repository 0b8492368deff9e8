package io.hedge.cli;

import io.aeron.driver.ThreadingMode;
import io.hedge.chaos.RoleProcess;
import io.hedge.client.FabricStatus;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeSession;
import io.hedge.perf.LoadGenerator;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fabric as it is deployed: the gateway and each replica in a JVM of its own, started through the hedge
 * command, with their own media drivers; a client in this JVM. Closing kills every process and removes the
 * directory, also after a failed test.
 */
final class ProcessFabric implements AutoCloseable
{
    final Path dir;
    final Path configFile;
    final HedgeConfig config;
    final Map<String, RoleProcess> roles = new LinkedHashMap<>();
    private final EmbeddedDriver clientDriver;

    ProcessFabric(final String name) throws Exception
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), name + "-" + System.nanoTime())
            .toAbsolutePath();
        Files.createDirectories(dir);
        // the gateway's six ports free, its ops port (sequenced port + 4) among them
        final int base = Ports.freeGatewayBase(1, io.hedge.transport.OpsChannel.PORTS_PER_GATEWAY);
        config = HedgeConfig.defaults()
            .set("hedge.dir", dir.toString(), "test")
            .set("ingress.port", Integer.toString(base), "test")
            .set("sequenced.port", Integer.toString(base + 1), "test")
            .set("responses.port", Integer.toString(base + 2), "test")
            .set("replay.port", Integer.toString(base + 3), "test")
            .set("trading.accounts", "100", "test")
            .set("trading.instruments", "4", "test");
        configFile = dir.resolve("hedge.properties");
        config.store(configFile);
        clientDriver = EmbeddedDriver.launch(dir.resolve("client-aeron"), ThreadingMode.SHARED);
    }

    RoleProcess startGateway() throws TimeoutException
    {
        final RoleProcess gateway = RoleProcess.start("gateway", HedgeCommand.class.getName(),
            List.of("gateway", "--config", configFile.toString()), dir.resolve("gateway-" + System.nanoTime() + ".log"));
        roles.put("gateway", gateway);
        gateway.awaitOutput("hedge gateway", 60, TimeUnit.SECONDS);
        return gateway;
    }

    RoleProcess startReplica(final String site) throws TimeoutException
    {
        final RoleProcess replica = RoleProcess.start("replica " + site, HedgeCommand.class.getName(),
            List.of("replica", "--site", site, "--config", configFile.toString()),
            dir.resolve("replica-" + site + "-" + System.nanoTime() + ".log"));
        roles.put(site, replica);
        replica.awaitOutput("hedge replica", 60, TimeUnit.SECONDS);
        return replica;
    }

    HedgeSession connect(final LoadGenerator generator, final long clientId)
    {
        final HedgeClientContext ctx = config.clientContext(clientDriver.aeronDirectoryName())
            .clientId(clientId)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(30))
            .requestTimeoutNs(TimeUnit.SECONDS.toNanos(30));
        return HedgeSession.connect(ctx, generator);
    }

    /**
     * @return the fabric status once every replica has applied all that was sequenced with one state hash.
     */
    static FabricStatus awaitConverged(final LoadGenerator generator, final HedgeSession session, final int replicas)
    {
        generator.awaitReplicasLive(session, replicas, TimeUnit.SECONDS.toNanos(60));
        final FabricStatus status = generator.awaitConvergence(TimeUnit.SECONDS.toNanos(60));
        if (null == status || !status.converged() || status.replicas().size() != replicas)
        {
            throw new AssertionError("replicas did not converge: " + status);
        }
        return status;
    }

    @Override
    public void close()
    {
        roles.values().forEach(RoleProcess::kill);
        CloseHelper.quietClose(clientDriver);
        io.hedge.transport.AeronDirs.deleteRootOf(dir);
        IoUtil.delete(dir.toFile(), true);
    }
}
