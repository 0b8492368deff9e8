package io.hedge.chaos.failover;

import io.aeron.Aeron;
import io.aeron.driver.ThreadingMode;
import io.hedge.chaos.EffectSink;
import io.hedge.chaos.JournalAudit;
import io.hedge.chaos.RoleProcess;
import io.hedge.client.FabricStatus;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.Ports;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gateway failover with real processes: three replicas and three gateways, each a JVM started through the hedge
 * command, and a client in this JVM under open-loop load. The faults are process signals: SIGKILL of the active
 * gateway (and of a standby in the middle of its takeover), SIGSTOP/SIGCONT of the active gateway. After the run every
 * process is stopped and the replicas' journals are audited ({@link JournalAudit}).
 */
public final class FailoverRun implements AutoCloseable
{
    public static final String[] SITES = {"A", "B", "C"};
    public static final int GATEWAYS = 3;
    public static final long CLIENT_ID = 7_001;
    /** A switchover answered NOT_ACTIVE or BUSY is asked again, of the gateway the client then follows, this often. */
    private static final int SWITCHOVER_ATTEMPTS = 10;

    /**
     * What a run measured and found.
     *
     * @param failoverNs     from each kill (or pause) to the client's first answer from the new gateway.
     * @param latencyNs      every request's latency from its intended send time.
     * @param offered        requests sent.
     * @param completions    completions delivered (one per request, if all is well).
     * @param duplicates     second completions of one request: must be 0.
     * @param timeouts       requests that completed with an unknown outcome.
     * @param notExecuted    requests answered, but not as executed.
     * @param audit          what the journals say.
     * @param seconds        length of the load.
     * @param effectsAtSink  external effects the sink accepted; equal to the journals' by the audit.
     * @param effectDuplicatesAtSink effects the sink received twice: must be 0.
     */
    public record Result(List<Long> failoverNs, Histogram latencyNs, long offered, long completions, long duplicates,
        long timeouts, long notExecuted, JournalAudit.Result audit, double seconds, long effectsAtSink,
        long effectDuplicatesAtSink)
    {
    }

    final Path dir;
    final FailoverSettings config;
    final Path configFile;
    final TradingConfig trading;
    final RoleProcess[] gateways = new RoleProcess[GATEWAYS + 1];
    final List<RoleProcess> replicas = new ArrayList<>();
    private final List<RoleProcess> retired = new ArrayList<>();
    private final EmbeddedDriver clientDriver;
    private final Aeron sinkAeron;
    private final EffectSink sink;
    private final AgentRunner sinkRunner;
    private final org.agrona.collections.LongArrayList sinkEffects = new org.agrona.collections.LongArrayList();
    private final PrintStream out;
    private final boolean keepDir;
    private final String hedgeMainClass;
    private final PlannedSwitchover switchovers;

    /**
     * Write the settings, start the client's media driver and the effects sink; the roles start in {@link #startAll()}.
     *
     * @param dir            the run's directory.
     * @param keepDir        keep it after the run, for its logs.
     * @param out            where progress is printed.
     * @param hedgeDefaults  Hedge's default settings, as the {@code hedge} command binds them.
     * @param hedgeMainClass the {@code hedge} command's main class, which starts each role from the settings file.
     */
    public FailoverRun(
        final Path dir,
        final boolean keepDir,
        final PrintStream out,
        final FailoverSettings hedgeDefaults,
        final String hedgeMainClass)
        throws Exception
    {
        this.hedgeMainClass = hedgeMainClass;
        this.dir = dir.toAbsolutePath();
        this.keepDir = keepDir;
        this.out = out;
        Files.createDirectories(this.dir);
        final int base = Ports.freeGatewayBase(GATEWAYS, 10);
        // the one port of gateway 1's block of ten that no gateway uses
        final int sinkPort = base + 9;
        config = hedgeDefaults
            .set("hedge.dir", this.dir.toString(), "failover")
            .set("gateway.count", Integer.toString(GATEWAYS), "failover")
            .set("ingress.port", Integer.toString(base), "failover")
            .set("sequenced.port", Integer.toString(base + 1), "failover")
            .set("responses.port", Integer.toString(base + 2), "failover")
            .set("replay.port", Integer.toString(base + 3), "failover")
            .set("trading.accounts", "100", "failover")
            .set("trading.instruments", "4", "failover")
            .set("client.timeout.ms", "30000", "failover")
            .set("sink.port", Integer.toString(sinkPort), "failover");
        configFile = this.dir.resolve("failover.properties");
        config.store(configFile);
        trading = config.tradingConfig();
        clientDriver = EmbeddedDriver.launch(this.dir.resolve("client-aeron"), ThreadingMode.SHARED);
        // the external sink (the exchange of the seeds' example) runs here, beside the client
        sinkAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(clientDriver.aeronDirectoryName()));
        sink = new EffectSink(sinkAeron, GatewayEndpoints.sinkChannel("localhost", sinkPort), config.sinkStreamId(),
            config.gatewayEndpoints().stream().map(GatewayEndpoints::inboundChannel).toList(),
            config.responsesStreamId(),
            (seq, index, buffer, offset, length) ->
            {
                synchronized (sinkEffects)
                {
                    sinkEffects.addLong(JournalAudit.effectId(seq, index));
                }
            });
        switchovers = new PlannedSwitchover(sinkAeron, config.gatewayEndpoints());
        sinkRunner = new AgentRunner(new BackoffIdleStrategy(10, 20, 1_000, 100_000), Throwable::printStackTrace,
            null, sink);
        AgentRunner.startOnThread(sinkRunner);
    }

    public void startAll() throws Exception
    {
        for (final String site : SITES)
        {
            final RoleProcess replica = RoleProcess.start("replica " + site, hedgeMainClass,
                List.of("replica", "--site", site, "--config", configFile.toString()),
                dir.resolve("replica-" + site + ".log"));
            replicas.add(replica);
        }
        for (int id = 1; id <= GATEWAYS; id++)
        {
            startGateway(id);
        }
        for (final RoleProcess replica : replicas)
        {
            replica.awaitOutput("hedge replica", 60, TimeUnit.SECONDS);
        }
        for (int id = 1; id <= GATEWAYS; id++)
        {
            gateways[id].awaitOutput("hedge gateway", 60, TimeUnit.SECONDS);
        }
        awaitConverged();
    }

    public RoleProcess startGateway(final int id)
    {
        if (null != gateways[id])
        {
            retired.add(gateways[id]);
        }
        // the run follows each gateway's role changes in its log, whatever the log level of the rest
        gateways[id] = RoleProcess.start("gateway " + id, hedgeMainClass,
            List.of("gateway", "--config", configFile.toString(), "--set", "gateway.id=" + id),
            dir.resolve("gateway-" + id + "-" + System.nanoTime() + ".log"), System.getProperty("java.class.path"),
            List.of("-Dorg.slf4j.simpleLogger.log.io.hedge.gateway.GatewayAgent=info"), null);
        return gateways[id];
    }

    public FailoverLoad startLoad(final int ratePerSecond, final int capacity) throws Exception
    {
        final HedgeClientContext ctx = config.clientContext(clientDriver.aeronDirectoryName())
            .clientId(CLIENT_ID)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(60))
            .requestTimeoutNs(TimeUnit.SECONDS.toNanos(30));
        final FailoverLoad load = new FailoverLoad(ctx, ratePerSecond, trading, capacity);
        load.start();
        awaitTrue("the first answers", 60, () -> load.completions() > 10 || null != load.failure(), load);
        return load;
    }

    /**
     * Kill the active gateway with SIGKILL and wait for the client's first answer from its successor; then start
     * the killed one again as a standby and wait until it has joined.
     *
     * @return from the kill to the first answer from the new gateway, ns.
     */
    public long killActive(final FailoverLoad load, final int round, final int rounds) throws Exception
    {
        final int active = load.gatewayId();
        final long epoch = load.epoch();
        load.markFailover(epoch);
        gateways[active].kill();
        final long killNs = System.nanoTime();
        awaitTrue("an answer from the gateway after " + active, 30, () -> 0 != load.firstAnswerAfterMarkNs(), load);
        final long failoverNs = load.firstAnswerAfterMarkNs() - killNs;
        out.printf("kill %d/%d: gateway %d (epoch %d) killed; gateway %d (epoch %d) answered after %.0f ms%n",
            round, rounds, active, epoch, load.gatewayId(), load.epoch(), failoverNs / 1e6);
        out.flush();
        startGateway(active).awaitOutput("as a standby", 60, TimeUnit.SECONDS);
        return failoverNs;
    }

    /**
     * A planned switchover: ask the active gateway (over its ops port) to hand over to the next gateway, and wait for
     * its OK and for the client's first answer from the target.
     *
     * @return from the request to the first answer from the new gateway, ns.
     */
    public long switchOverActive(final FailoverLoad load, final int round, final int rounds) throws Exception
    {
        // the client's view of the active gateway can be a moment behind a step-down (a lease lost on a starved
        // machine): a NOT_ACTIVE or BUSY answer is asked again of the gateway the client follows by then
        final long[] askedNs = new long[1];
        int active;
        long epoch;
        int attempt = 0;
        while (true)
        {
            active = load.gatewayId();
            epoch = load.epoch();
            final long epochAsked = epoch;
            final String answer = switchovers.switchOver(active, active % GATEWAYS + 1, 30, () ->
            {
                load.markFailover(epochAsked);
                askedNs[0] = System.nanoTime();
            });
            if (answer.startsWith(AdminResult.OK.name()))
            {
                break;
            }
            final boolean retryable = answer.startsWith(AdminResult.NOT_ACTIVE.name()) ||
                answer.startsWith(AdminResult.BUSY.name());
            if (!retryable || ++attempt == SWITCHOVER_ATTEMPTS)
            {
                throw new IllegalStateException("switchover " + round + "/" + rounds + " from gateway " + active +
                    " to gateway " + (active % GATEWAYS + 1) + " failed (attempt " + (attempt + 1) + "): " + answer);
            }
            out.printf("switchover %d/%d: gateway %d answered %s; asking again%n", round, rounds, active, answer);
            Thread.sleep(500);
        }
        awaitTrue("an answer from a gateway after " + active, 30, () -> 0 != load.firstAnswerAfterMarkNs(), load);
        final long switchoverNs = load.firstAnswerAfterMarkNs() - askedNs[0];
        out.printf("switchover %d/%d: gateway %d (epoch %d) handed over; gateway %d (epoch %d) answered after %.0f ms%n",
            round, rounds, active, epoch, load.gatewayId(), load.epoch(), switchoverNs / 1e6);
        out.flush();
        return switchoverNs;
    }

    /**
     * SIGSTOP the active gateway past the heartbeat timeout, wait for the successor's first answer, then SIGCONT it
     * and wait until it has stepped down and rejoined as a standby.
     *
     * @return from the pause to the first answer from the new gateway, ns.
     */
    public long pauseActive(final FailoverLoad load, final long pauseMs) throws Exception
    {
        final int active = load.gatewayId();
        final long epoch = load.epoch();
        load.markFailover(epoch);
        final RoleProcess paused = gateways[active];
        paused.pause();
        final long pauseNs = System.nanoTime();
        try
        {
            awaitTrue("an answer from the gateway after paused " + active, 30,
                () -> 0 != load.firstAnswerAfterMarkNs(), load);
            final long remainingMs = pauseMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pauseNs);
            if (remainingMs > 0)
            {
                Thread.sleep(remainingMs);
            }
        }
        finally
        {
            paused.resume();
        }
        final long failoverNs = load.firstAnswerAfterMarkNs() - pauseNs;
        out.printf("gateway %d (epoch %d) paused; gateway %d (epoch %d) answered after %.0f ms; resumed after %d ms%n",
            active, epoch, load.gatewayId(), load.epoch(), failoverNs / 1e6, pauseMs);
        paused.awaitOutput("stepping down", 30, TimeUnit.SECONDS);
        paused.awaitOutput("as a standby", 30, TimeUnit.SECONDS);
        return failoverNs;
    }

    /**
     * Kill the active gateway, and kill the standby that stands first the moment it stands: the third gateway must
     * still take over.
     *
     * @return the id of the gateway that took over.
     */
    public int killActiveAndFirstCandidate(final FailoverLoad load) throws Exception
    {
        final int active = load.gatewayId();
        final long epoch = load.epoch();
        final int first = active % GATEWAYS + 1;
        load.markFailover(epoch);
        gateways[active].kill();
        gateways[first].awaitOutput("standing for epoch", 30, TimeUnit.SECONDS);
        gateways[first].kill();
        out.printf("gateway %d (epoch %d) killed, then gateway %d killed as it stood for election%n",
            active, epoch, first);
        awaitTrue("an answer from the third gateway", 30, () -> 0 != load.firstAnswerAfterMarkNs(), load);
        out.printf("gateway %d answered in epoch %d%n", load.gatewayId(), load.epoch());
        return load.gatewayId();
    }

    /**
     * Stop the load (every request answered), stop every process, and audit the journals.
     */
    public Result finish(final FailoverLoad load, final List<Long> failovers, final long loadStartNs) throws Exception
    {
        load.close();
        final double seconds = (System.nanoTime() - loadStartNs) / 1e9;
        if (null != load.failure())
        {
            throw new AssertionError("the load failed", load.failure());
        }
        awaitConverged();
        for (int id = 1; id <= GATEWAYS; id++)
        {
            if (null != gateways[id])
            {
                gateways[id].stop();
            }
        }
        for (final RoleProcess replica : replicas)
        {
            replica.stop();
        }
        final List<Path> journals = new ArrayList<>();
        for (final String site : SITES)
        {
            journals.add(config.workDir().resolve("replica-" + site).resolve("journal"));
        }
        final long[] effects;
        synchronized (sinkEffects)
        {
            effects = sinkEffects.toLongArray();
        }
        final JournalAudit.Result audit = JournalAudit.check(journals, CLIENT_ID, load.executed(), trading, effects);
        return new Result(failovers, load.latencyNs(), load.offered(), load.completions(), load.duplicateCompletions(),
            load.timeouts(), load.notExecuted(), audit, seconds, sink.accepted(), sink.duplicates());
    }

    /**
     * Wait until the active gateway reports every replica live at its last seq with one state hash: before the load,
     * so that the measurement starts on a fabric that is up, and after it, so that the journals are complete when
     * the processes stop.
     */
    private void awaitConverged() throws Exception
    {
        final HedgeClientContext ctx = config.clientContext(clientDriver.aeronDirectoryName())
            .clientId(CLIENT_ID + 1)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(30));
        try (HedgeClient client = HedgeClient.connect(ctx))
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            FabricStatus status = null;
            while (System.nanoTime() - deadlineNs < 0)
            {
                status = client.fabricStatus().get(10, TimeUnit.SECONDS);
                if (status.converged() && status.replicas().size() == SITES.length && status.replicas().stream()
                    .allMatch(r -> r.state() == io.hedge.codecs.fabric.ReplicaState.LIVE))
                {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("replicas did not converge: " + status);
        }
    }

    private static void awaitTrue(
        final String what, final int seconds, final java.util.function.BooleanSupplier condition, final FailoverLoad load)
        throws TimeoutException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean())
        {
            if (null != load.failure())
            {
                throw new IllegalStateException("the load failed while waiting for " + what, load.failure());
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new TimeoutException("no " + what + " within " + seconds + " s");
            }
            Thread.sleep(1);
        }
    }

    @Override
    public void close()
    {
        for (final RoleProcess gateway : gateways)
        {
            if (null != gateway)
            {
                gateway.kill();
            }
        }
        retired.forEach(RoleProcess::kill);
        replicas.forEach(RoleProcess::kill);
        CloseHelper.quietCloseAll(sinkRunner, sinkAeron, clientDriver);
        AeronDirs.deleteRootOf(dir);
        if (!keepDir)
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }
}
