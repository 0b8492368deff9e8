package io.hedge.perf.compare;

import io.aeron.driver.ThreadingMode;
import io.hedge.perf.EchoLoadGenerator;
import io.hedge.perf.LoadResult;
import io.hedge.perf.floor.FloorChannels;
import io.hedge.perf.floor.FloorPing;
import io.hedge.perf.floor.FloorPong;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The physical floor as {@code hedge bench compare} measures it: one raw Aeron UDP round trip between two
 * processes, a pong in a JVM of its own ({@link FloorPong}) and the ping in this JVM ({@link FloorPing}), each with
 * an embedded media driver of Hedge's settings (SHARED threading, backoff idle), 64-byte messages at the same rates
 * and with the same open-loop timing as the other rows. What any request/response over Aeron costs here, before a
 * sequencer, a journal or a replica adds anything. With one shared driver, ping and pong both use one
 * {@code hedge driver} process instead, as Hedge's roles do in that mode.
 */
final class FloorBenchTarget implements BenchTarget
{
    private final Path dir;
    private final PrintWriter out;
    private final boolean verbose;
    private final BenchHarness harness;
    private final boolean sharedDriver;
    private final String driverThreading;
    private SharedDriverProcess driver;
    private BenchProcesses.Child pong;
    private EmbeddedDriver pingDriver;
    private FloorPing ping;

    /**
     * @param sharedDriver    ping and pong on one {@code hedge driver}, instead of an embedded driver each.
     * @param driverThreading the threading mode of that driver.
     */
    FloorBenchTarget(
        final Path dir, final PrintWriter out, final boolean verbose, final BenchHarness harness,
        final boolean sharedDriver, final String driverThreading)
    {
        this.driverThreading = driverThreading;
        this.sharedDriver = sharedDriver;
        this.dir = dir;
        this.out = out;
        this.verbose = verbose;
        this.harness = harness;
    }

    @Override
    public String name()
    {
        return sharedDriver ? "floor 1 driver" : "Aeron floor";
    }

    @Override
    public String fileName()
    {
        return sharedDriver ? "aeron-floor-1-driver" : "aeron-floor";
    }

    @Override
    public void start() throws Exception
    {
        IoUtil.delete(dir.toFile(), true);
        Files.createDirectories(dir);
        final Path aeronRoot = AeronDirs.rootFor(dir);
        final FloorChannels channels = new FloorChannels("localhost", Ports.freeUdpPort(), Ports.freeUdpPort());
        if (sharedDriver)
        {
            driver = SharedDriverProcess.start(harness, aeronRoot.resolve("driver"), dir.resolve("driver.log"),
                driverThreading);
        }
        pong = harness.processes().start("floor pong", FloorPong.class.getName(),
            List.of(sharedDriver ? "external" : "embedded", sharedDriver ? driver.aeronDirectoryName() :
                aeronRoot.resolve("pong").resolve("aeron").toString(), channels.host(),
                Integer.toString(channels.pingPort()), Integer.toString(channels.pongPort())),
            dir.resolve("pong.log"));
        pong.awaitOutput(FloorPong.READY, 60, TimeUnit.SECONDS);
        final String pingAeronDir;
        if (sharedDriver)
        {
            pingAeronDir = driver.aeronDirectoryName();
        }
        else
        {
            pingDriver = EmbeddedDriver.launch(aeronRoot.resolve("ping").resolve("aeron"), ThreadingMode.SHARED);
            pingAeronDir = pingDriver.aeronDirectoryName();
        }
        ping = new FloorPing(pingAeronDir, channels);
        if (!ping.awaitConnected(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("the floor's ping and pong did not connect in 30 s (" + channels +
                "); pong log in " + dir);
        }
        final String drivers = sharedDriver ? "both on one hedge driver (pid " + driver.pid() + ", " +
            driverThreading + " threading)" : "each with an embedded media driver";
        out.printf("%s: pong %s (pid %d), its own process, and ping in this process, %s; %s and back on %s; " +
            "logs in %s%n", name(), FloorPong.class.getName(), pong.pid(), drivers, channels.pingChannel(),
            channels.pongChannel(), dir);
    }

    @Override
    public Outcome run(
        final int rate, final long warmupNs, final long durationNs, final Path intervalLog, final boolean sick)
        throws Exception
    {
        if (sick)
        {
            throw new UnsupportedOperationException("the floor has no sick run");
        }
        final LoadResult result;
        try (PrintStream log = new PrintStream(Files.newOutputStream(intervalLog), false))
        {
            result = ping.run(rate, warmupNs, durationNs, log, verbose ? new PrintStream(System.out, true) : null);
        }
        final String detail = String.format("sent %,d echoed %,d wrong or duplicate %,d unanswered %,d; %d-byte " +
            "messages", result.sent(), result.answered(), result.notOk(), result.timedOut(),
            EchoLoadGenerator.MESSAGE_LENGTH);
        return new Outcome(result, result.allAnswered(), detail);
    }

    @Override
    public BenchProcesses.Child sickProcess()
    {
        return pong;
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(ping);
        ping = null;
        if (null != pong)
        {
            pong.resume();
            pong.close();
            if (pong.isAlive())
            {
                pong.kill();
            }
            pong = null;
        }
        CloseHelper.quietClose(pingDriver);
        pingDriver = null;
        CloseHelper.quietClose(driver);
        driver = null;
        AeronDirs.deleteRootOf(dir);
    }
}
