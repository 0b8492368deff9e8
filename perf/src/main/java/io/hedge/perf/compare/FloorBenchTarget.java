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
 * sequencer, a journal or a replica adds anything.
 */
final class FloorBenchTarget implements BenchTarget
{
    private final Path dir;
    private final PrintWriter out;
    private final boolean verbose;
    private final BenchHarness harness;
    private BenchProcesses.Child pong;
    private EmbeddedDriver pingDriver;
    private FloorPing ping;

    FloorBenchTarget(final Path dir, final PrintWriter out, final boolean verbose, final BenchHarness harness)
    {
        this.dir = dir;
        this.out = out;
        this.verbose = verbose;
        this.harness = harness;
    }

    @Override
    public String name()
    {
        return "Aeron floor";
    }

    @Override
    public String fileName()
    {
        return "aeron-floor";
    }

    @Override
    public void start() throws Exception
    {
        IoUtil.delete(dir.toFile(), true);
        Files.createDirectories(dir);
        final Path aeronRoot = AeronDirs.rootFor(dir);
        final FloorChannels channels = new FloorChannels("localhost", Ports.freeUdpPort(), Ports.freeUdpPort());
        pong = harness.processes().start("floor pong", FloorPong.class.getName(),
            List.of("embedded", aeronRoot.resolve("pong").resolve("aeron").toString(), channels.host(),
                Integer.toString(channels.pingPort()), Integer.toString(channels.pongPort())),
            dir.resolve("pong.log"));
        pong.awaitOutput(FloorPong.READY, 60, TimeUnit.SECONDS);
        pingDriver = EmbeddedDriver.launch(aeronRoot.resolve("ping").resolve("aeron"), ThreadingMode.SHARED);
        ping = new FloorPing(pingDriver.aeronDirectoryName(), channels);
        if (!ping.awaitConnected(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("the floor's ping and pong did not connect in 30 s (" + channels +
                "); pong log in " + dir);
        }
        out.printf("Aeron floor: pong %s (pid %d), its own process, and ping in this process, each with an " +
            "embedded media driver; %s and back on %s; logs in %s%n", FloorPong.class.getName(), pong.pid(),
            channels.pingChannel(), channels.pongChannel(), dir);
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
        AeronDirs.deleteRootOf(dir);
    }
}
