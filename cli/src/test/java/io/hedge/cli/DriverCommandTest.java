package io.hedge.cli;

import io.hedge.chaos.RoleProcess;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeSession;
import io.hedge.perf.LoadGenerator;
import io.hedge.perf.LoadResult;
import io.hedge.replicas.trading.TradingWorkload;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.Ports;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hedge driver}: one media driver that a gateway, a replica and a client with {@code driver=external} share
 * over loopback; a second driver on its directory is refused; it deletes its directory when stopped.
 */
class DriverCommandTest
{
    private Path dir;
    private Path aeronDir;
    private final List<RoleProcess> processes = new ArrayList<>();

    @BeforeEach
    void createDirectory() throws Exception
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "driver-" + System.nanoTime())
            .toAbsolutePath();
        Files.createDirectories(dir);
        aeronDir = dir.resolve("shared-aeron");
    }

    @AfterEach
    void killAndDelete()
    {
        processes.forEach(RoleProcess::kill);
        AeronDirs.deleteRootOf(dir);
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void rolesWithAnExternalDriverShareItASecondDriverIsRefusedAndAStopCleansItsDirectory() throws Exception
    {
        final HedgeConfig config = HedgeConfig.defaults()
            .set("hedge.dir", dir.toString(), "test")
            .set("ingress.port", Integer.toString(Ports.freeUdpPort()), "test")
            .set("sequenced.port", Integer.toString(Ports.freeUdpPort()), "test")
            .set("responses.port", Integer.toString(Ports.freeUdpPort()), "test")
            .set("replay.port", Integer.toString(Ports.freeUdpPort()), "test")
            .set("sites", "A", "test")
            .set("trading.accounts", "100", "test")
            .set("trading.instruments", "4", "test")
            .set("driver", "external", "test")
            .set("aeron.dir", aeronDir.toString(), "test");
        final Path configFile = dir.resolve("hedge.properties");
        config.store(configFile);

        final RoleProcess driver = start("driver", "driver", "--config", configFile.toString());
        driver.awaitOutput("hedge driver: media driver at " + aeronDir + " (pid " + driver.pid() + "), SHARED " +
            "threading, backoff idle", 60, TimeUnit.SECONDS);

        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new StringWriter(), err, "driver", "--config", configFile.toString()), err.toString());
        assertTrue(err.toString().contains("hedge driver: a media driver is already running at aeron.dir=" + aeronDir +
            " (pid " + driver.pid() + ")"), err.toString());
        assertTrue(driver.isAlive(), "the refused second driver left the first alone");

        final RoleProcess gateway = start("gateway", "gateway", "--config", configFile.toString());
        gateway.awaitOutput("hedge gateway", 60, TimeUnit.SECONDS);
        final RoleProcess replica = start("replica-A", "replica", "--site", "A", "--config", configFile.toString());
        replica.awaitOutput("hedge replica", 60, TimeUnit.SECONDS);

        final HedgeClientContext ctx = config.clientContext(aeronDir.toString())
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(30))
            .requestTimeoutNs(TimeUnit.SECONDS.toNanos(30));
        final LoadGenerator generator = new LoadGenerator(ctx.maxInFlight());
        final TradingWorkload workload = new TradingWorkload(7, config.tradingConfig(), 100, 0, 0);
        final LoadResult result;
        try (HedgeSession session = HedgeSession.connect(ctx, generator))
        {
            assertNotNull(generator.awaitReplicasLive(session, 1, TimeUnit.SECONDS.toNanos(60)), "replica A is live");
            result = generator.run(session, workload::next, 200, 0, TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(20), null, null);
        }
        assertEquals(200, result.sent());
        assertTrue(result.allAnswered(), result.toString());
        assertFalse(Files.exists(AeronDirs.rootFor(dir)), "no process ran an embedded driver of its own");

        replica.stop();
        gateway.stop();
        assertTrue(Files.exists(aeronDir.resolve("cnc.dat")));
        driver.stop();
        assertFalse(driver.isAlive());
        assertTrue(driver.output().contains("hedge driver: media driver at"), driver.output());
        assertFalse(Files.exists(aeronDir), "the driver deleted its directory on a clean stop");
    }

    @Test
    void withoutAeronDirOrWithABadOptionItIsRefusedAndItsHelpNamesWhatItDoes()
    {
        StringWriter err = new StringWriter();
        assertEquals(2, execute(new StringWriter(), err, "driver", "--set", "hedge.dir=" + dir), err.toString());
        assertTrue(err.toString().contains("hedge driver: setting 'aeron.dir' is empty"), err.toString());

        err = new StringWriter();
        assertEquals(2, execute(new StringWriter(), err, "driver", "--set", "aeron.dir=" + aeronDir, "--threading",
            "FAST"), err.toString());
        assertTrue(err.toString().contains("--threading must be SHARED, SHARED_NETWORK or DEDICATED, got 'FAST'"),
            err.toString());

        err = new StringWriter();
        assertEquals(2, execute(new StringWriter(), err, "driver", "--set", "aeron.dir=" + aeronDir, "--idle",
            "fast"), err.toString());
        assertTrue(err.toString().contains("--idle must be backoff, yield, busy or sleep:MICROS"), err.toString());
        assertFalse(Files.exists(aeronDir), "nothing started");

        final StringWriter out = new StringWriter();
        assertEquals(0, execute(out, new StringWriter(), "driver", "--help"));
        assertTrue(out.toString().contains("driver=external") && out.toString().contains("--threading") &&
            out.toString().contains("--idle") && out.toString().contains("aeron.dir"), out.toString());
    }

    private RoleProcess start(final String name, final String... args)
    {
        final RoleProcess process = RoleProcess.start(name, HedgeCommand.class.getName(), List.of(args),
            dir.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    private static int execute(final StringWriter out, final StringWriter err, final String... args)
    {
        final CommandLine commandLine = HedgeCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
