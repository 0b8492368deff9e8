package io.hedge.perf.compare;

import io.aeron.driver.ThreadingMode;
import io.hedge.client.FabricStatus;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeSession;
import io.hedge.perf.LoadGenerator;
import io.hedge.perf.LoadResult;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingWorkload;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hedge as {@code hedge bench compare} runs it: a gateway and three replicas (sites A, B, C), each role in a JVM
 * of its own with its own embedded media driver (SHARED threading, backoff idle), and a client in this JVM with
 * its own embedded driver, sending 64-byte NewOrder requests. A sick run pauses replica A. With one shared driver,
 * a {@code hedge driver} process (same settings) serves every role and the client instead ({@code driver=external}).
 */
final class HedgeBenchTarget implements BenchTarget
{
    private static final long PAUSE_MS = 50;
    private static final long PAUSE_PERIOD_MS = 1000;

    private final Path dir;
    private final long seed;
    private final PrintWriter out;
    private final boolean verbose;
    private final BenchHarness harness;
    private final HedgeVariant variant;
    private final boolean sharedDriver;
    private final String driverThreading;
    private final List<BenchProcesses.Child> roles = new ArrayList<>();
    private HedgeSettings config;
    private EmbeddedDriver clientDriver;
    private SharedDriverProcess driver;
    private String clientAeronDir;
    private TradingWorkload workload;

    /**
     * @param variant      the settings changed from the defaults, or null for none.
     * @param sharedDriver    one {@code hedge driver} for every role and the client, instead of one driver each.
     * @param driverThreading the threading mode of that driver.
     */
    HedgeBenchTarget(final Path dir, final long seed, final PrintWriter out, final boolean verbose,
        final BenchHarness harness, final HedgeVariant variant, final boolean sharedDriver,
        final String driverThreading)
    {
        this.driverThreading = driverThreading;
        this.variant = variant;
        this.sharedDriver = sharedDriver;
        this.dir = dir;
        this.seed = seed;
        this.out = out;
        this.verbose = verbose;
        this.harness = harness;
    }

    @Override
    public String name()
    {
        return (null == variant ? "Hedge" : "Hedge " + variant.name()) + (sharedDriver ? " 1 driver" : "");
    }

    @Override
    public String fileName()
    {
        return (null == variant ? "hedge" : "hedge-" + variant.fileName()) + (sharedDriver ? "-1-driver" : "");
    }

    /**
     * @return the length of every request payload (NewOrder only).
     */
    static int payloadLength(final TradingConfig trading)
    {
        final TradingWorkload probe = new TradingWorkload(1, trading, 100, 0, 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TradingWorkload.MAX_REQUEST_LENGTH]);
        return probe.next(buffer, 0);
    }

    @Override
    public void start() throws Exception
    {
        IoUtil.delete(dir.toFile(), true);
        Files.createDirectories(dir);
        config = harness.hedgeDefaults().get()
            .set("hedge.dir", dir.toString(), "bench")
            .set("idle", "backoff", "bench")
            .set("ingress.port", Integer.toString(Ports.freeUdpPort()), "bench")
            .set("sequenced.port", Integer.toString(Ports.freeUdpPort()), "bench")
            .set("responses.port", Integer.toString(Ports.freeUdpPort()), "bench")
            .set("replay.port", Integer.toString(Ports.freeUdpPort()), "bench");
        if (null != variant)
        {
            variant.settings().forEach((key, value) -> config.set(key, value, "bench variant"));
        }
        if (sharedDriver)
        {
            driver = SharedDriverProcess.start(harness, AeronDirs.rootFor(dir).resolve("driver"),
                dir.resolve("driver.log"), driverThreading);
            config.set("driver", "external", "bench").set("aeron.dir", driver.aeronDirectoryName(), "bench");
        }
        final Path configFile = dir.resolve("bench.properties");
        config.store(configFile);
        workload = new TradingWorkload(seed, config.tradingConfig(), 100, 0, 0);

        final BenchProcesses.Child gateway = harness.processes().start("gateway", harness.hedgeMainClass(),
            List.of("gateway", "--config", configFile.toString()), dir.resolve("gateway.log"));
        roles.add(gateway);
        gateway.awaitOutput("hedge gateway", 60, TimeUnit.SECONDS);
        for (final String site : config.sites())
        {
            roles.add(harness.processes().start("replica " + site, harness.hedgeMainClass(),
                List.of("replica", "--site", site, "--config", configFile.toString()),
                dir.resolve("replica-" + site + ".log")));
        }
        for (final BenchProcesses.Child replica : roles.subList(1, roles.size()))
        {
            replica.awaitOutput("hedge replica", 60, TimeUnit.SECONDS);
        }
        if (sharedDriver)
        {
            clientAeronDir = driver.aeronDirectoryName();
        }
        else
        {
            clientDriver = EmbeddedDriver.launch(
                AeronDirs.rootFor(dir).resolve("client").resolve("aeron"), ThreadingMode.SHARED);
            clientAeronDir = clientDriver.aeronDirectoryName();
        }
        out.printf("%s: gateway (pid %d) and replicas %s (pids %s), each its own process, %s; logs in %s%n",
            name(), gateway.pid(), String.join(", ", config.sites()),
            roles.subList(1, roles.size()).stream().map(r -> Long.toString(r.pid())).toList(),
            sharedDriver ? "all and the client on one hedge driver (pid " + driver.pid() + ", " + driverThreading +
            " threading)" :
            "each with its own media driver", dir);
    }

    @Override
    public BenchProcesses.Child sickProcess()
    {
        return roles.get(1);
    }

    @Override
    public Outcome run(
        final int rate, final long warmupNs, final long durationNs, final Path intervalLog, final boolean sick)
        throws Exception
    {
        final HedgeClientContext ctx = config.clientContext(clientAeronDir);
        final LoadGenerator generator = new LoadGenerator(ctx.maxInFlight());
        final LoadResult result;
        final FabricStatus status;
        String pauses = "";
        try (HedgeSession session = HedgeSession.connect(ctx, generator);
            PrintStream log = new PrintStream(Files.newOutputStream(intervalLog), false))
        {
            final FabricStatus live = generator.awaitReplicasLive(session, config.sites().size(),
                TimeUnit.SECONDS.toNanos(30));
            if (null == live || live.replicas().size() < config.sites().size())
            {
                return new Outcome(new LoadResult(0, 0, 0, 0, new org.HdrHistogram.Histogram(3), java.util.Map.of(), 0),
                    false, "only " + (null == live ? 0 : live.replicas().size()) + " of " + config.sites().size() +
                    " replicas live after 30 s");
            }
            final PrintStream progress = verbose ? new PrintStream(System.out, true) : null;
            if (sick)
            {
                final BenchProcesses.Sickness pauser = sickProcess().sicken(PAUSE_MS, PAUSE_PERIOD_MS);
                try
                {
                    result = generator.run(session, workload::next, rate, warmupNs, durationNs,
                        TimeUnit.SECONDS.toNanos(10), log, progress);
                }
                finally
                {
                    pauser.close();
                }
                pauses = "; replica " + config.sites().get(0) + ": " + pauser.summary();
            }
            else
            {
                result = generator.run(session, workload::next, rate, warmupNs, durationNs,
                    TimeUnit.SECONDS.toNanos(10), log, progress);
            }
            status = generator.awaitConvergence(TimeUnit.SECONDS.toNanos(20));
        }
        final boolean converged = null != status && status.converged() &&
            status.replicas().size() == config.sites().size();
        final String detail = String.format("sent %,d answered %,d not OK %,d unanswered %,d; answers by site %s; " +
            "replicas %s%s", result.sent(), result.answered(), result.notOk(), result.timedOut(), wins(result),
            converged ? "converged at seq " + status.lastSeq() + " with one state hash" :
            "DID NOT CONVERGE" + (null == status ? " (no status)" : " (" + status.replicas().size() + " reporting)"),
            pauses);
        return new Outcome(result, result.allAnswered() && converged, detail);
    }

    private String wins(final LoadResult result)
    {
        final StringBuilder sb = new StringBuilder();
        result.sortedWins().forEach((id, count) ->
        {
            final String site = id >= 1 && id <= config.sites().size() ? config.sites().get(id - 1) : "#" + id;
            sb.append(sb.length() == 0 ? "" : " ").append(site).append(' ').append(String.format("%,d", count));
        });
        return sb.toString();
    }

    @Override
    public void close()
    {
        for (final BenchProcesses.Child role : roles)
        {
            role.resume();
        }
        for (int i = roles.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(roles.get(i));
        }
        for (final BenchProcesses.Child role : roles)
        {
            if (role.isAlive())
            {
                role.kill();
            }
        }
        roles.clear();
        CloseHelper.quietClose(clientDriver);
        clientDriver = null;
        CloseHelper.quietClose(driver);
        driver = null;
        AeronDirs.deleteRootOf(dir);
    }
}
