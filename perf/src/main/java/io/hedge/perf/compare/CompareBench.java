package io.hedge.perf.compare;

import io.hedge.perf.EchoLoadGenerator;
import io.hedge.perf.cluster.ClusterLoadGenerator;
import io.hedge.perf.cluster.EchoCluster;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code hedge bench compare}: the same open-loop load shape against Hedge and against Aeron Cluster, one system
 * after the other, each started for its block of runs and stopped after it; then the tables. Optionally in the same
 * run: Hedge with one shared media driver, and the floor (a raw Aeron round trip between two processes).
 */
public final class CompareBench
{
    static final long P99_LIMIT_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private final Path dir;
    private final List<Integer> rates;
    private final int durationSeconds;
    private final int warmupSeconds;
    private final List<Integer> sweepRates;
    private final int sweepDurationSeconds;
    private final int sickRate;
    private final EchoCluster.Idle clusterIdle;
    private final long seed;
    private final HedgeVariant also;
    private final boolean sharedDriver;
    private final String driverThreading;
    private final boolean floor;
    private final boolean verbose;
    private final PrintWriter out;
    private final BenchHarness harness;

    /**
     * @param also           a second Hedge block with these settings changed (e.g. {@code gateway.durability=first}),
     *                       compared with the default in the same run; null for none.
     * @param sharedDriver   also a Hedge block with one {@code hedge driver} for all its processes.
     * @param driverThreading the threading mode of that driver: SHARED, SHARED_NETWORK or DEDICATED.
     * @param floor          also measure the floor: a raw Aeron UDP round trip between two processes.
     * @param harness        the processes, settings and main class of the systems compared.
     */
    public CompareBench(
        final Path dir,
        final List<Integer> rates,
        final int durationSeconds,
        final int warmupSeconds,
        final List<Integer> sweepRates,
        final int sweepDurationSeconds,
        final int sickRate,
        final EchoCluster.Idle clusterIdle,
        final long seed,
        final HedgeVariant also,
        final boolean sharedDriver,
        final String driverThreading,
        final boolean floor,
        final boolean verbose,
        final PrintWriter out,
        final BenchHarness harness)
    {
        this.also = also;
        this.sharedDriver = sharedDriver;
        this.driverThreading = driverThreading;
        this.floor = floor;
        this.dir = dir;
        this.rates = rates;
        this.durationSeconds = durationSeconds;
        this.warmupSeconds = warmupSeconds;
        this.sweepRates = sweepRates;
        this.sweepDurationSeconds = sweepDurationSeconds;
        this.sickRate = sickRate;
        this.clusterIdle = clusterIdle;
        this.seed = seed;
        this.verbose = verbose;
        this.out = out;
        this.harness = harness;
    }

    /**
     * @return true if every request of every run was answered correctly and nothing failed to start.
     */
    public boolean run() throws Exception
    {
        Files.createDirectories(dir);
        final int hedgePayload = HedgeBenchTarget.payloadLength(harness.hedgeDefaults().get().tradingConfig());
        out.printf("hedge bench compare: Hedge (gateway + 3 replicas) vs Aeron Cluster (3-node echo service), each " +
            "process with an embedded media driver (SHARED threading, backoff idle), on %d cores%n",
            Runtime.getRuntime().availableProcessors());
        out.printf("load: open loop, one client thread, Hedge %d-byte NewOrder requests, Aeron Cluster %d-byte " +
            "messages; rates %s/s, %d s measured after %d s warm-up; Aeron Cluster idle: %s%n", hedgePayload,
            ClusterLoadGenerator.MESSAGE_LENGTH, rates, durationSeconds, warmupSeconds, clusterIdle ==
            EchoCluster.Idle.HEDGE ? "Hedge's backoff (parks up to 100 us)" : "Aeron's default backoff (parks up to 1 ms)");
        if (sharedDriver)
        {
            out.printf("Hedge 1 driver: the same Hedge, its roles (driver=external) and its client sharing one media " +
                "driver (a 'hedge driver' process: %s threading, backoff idle)%n", driverThreading);
        }
        if (floor)
        {
            out.printf("Aeron floor: one raw Aeron UDP round trip between two processes (ping in this one, pong its " +
                "own), each with an embedded media driver as above, %d-byte messages at the same rates and timing%s%n",
                EchoLoadGenerator.MESSAGE_LENGTH, sharedDriver ? "; floor 1 driver: the same on one hedge driver" : "");
        }
        out.printf("working directory %s%n%n", dir);

        final Map<Integer, BenchTarget.Outcome> hedge = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> cluster = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> hedgeSick = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> clusterSick = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> alsoResults = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> alsoSick = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> shared = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> sharedSick = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> floorResults = new LinkedHashMap<>();
        final Map<Integer, BenchTarget.Outcome> sharedFloor = new LinkedHashMap<>();
        boolean ok = block(this::hedge, hedge, hedgeSick);
        if (null != also)
        {
            ok &= block(this::hedgeVariant, alsoResults, alsoSick);
        }
        if (sharedDriver)
        {
            ok &= block(this::hedgeSharedDriver, shared, sharedSick);
        }
        ok &= block(this::cluster, cluster, clusterSick);
        if (floor)
        {
            ok &= block(() -> floor(false), floorResults, null);
            if (sharedDriver)
            {
                ok &= block(() -> floor(true), sharedFloor, null);
            }
        }

        String hedgeSweep = null;
        String clusterSweep = null;
        if (!sweepRates.isEmpty())
        {
            final String[] result = new String[1];
            ok &= sweep(this::hedge, result);
            hedgeSweep = result[0];
            ok &= sweep(this::cluster, result);
            clusterSweep = result[0];
        }

        out.println();
        for (final int rate : rates)
        {
            out.printf("== %,d requests/s, %d s measured after %d s warm-up; ms from each request's scheduled " +
                "send time%n", rate, durationSeconds, warmupSeconds);
            table(new Row(hedge.get(rate), cluster.get(rate), alsoResults.get(rate), shared.get(rate),
                floorResults.get(rate), sharedFloor.get(rate), floor));
        }
        if (sickRate > 0)
        {
            out.printf("== sick replica: %,d requests/s, SIGSTOP for 50 ms every second of Hedge's replica A and of " +
                "Aeron Cluster's leader; ms%n", sickRate);
            table(new Row(hedgeSick.get(sickRate), clusterSick.get(sickRate), alsoSick.get(sickRate),
                sharedSick.get(sickRate), null, null, false));
        }
        if (!sweepRates.isEmpty())
        {
            out.printf("== highest rate with p99 under %d ms (steps %s/s, %d s measured after %d s warm-up each)%n",
                TimeUnit.NANOSECONDS.toMillis(P99_LIMIT_NS), sweepRates, sweepDurationSeconds, warmupSeconds);
            out.printf("  %-15s %s%n", "Hedge", hedgeSweep);
            out.printf("  %-15s %s%n", "Aeron Cluster", clusterSweep);
            out.println();
        }
        out.println(ok ? "result: PASS (every request of every run answered correctly)" : "result: FAIL");
        out.flush();
        return ok;
    }

    private BenchTarget hedge()
    {
        return new HedgeBenchTarget(dir.resolve("hedge"), seed, out, verbose, harness, null, false, null);
    }

    private BenchTarget hedgeVariant()
    {
        return new HedgeBenchTarget(dir.resolve("hedge-" + also.fileName()), seed, out, verbose, harness, also, false,
            null);
    }

    private BenchTarget hedgeSharedDriver()
    {
        return new HedgeBenchTarget(dir.resolve("hedge-1-driver"), seed, out, verbose, harness, null, true,
            driverThreading);
    }

    private BenchTarget floor(final boolean oneDriver)
    {
        return new FloorBenchTarget(dir.resolve(oneDriver ? "aeron-floor-1-driver" : "aeron-floor"), out, verbose,
            harness, oneDriver, driverThreading);
    }

    private BenchTarget cluster()
    {
        return new ClusterBenchTarget(dir.resolve("aeron-cluster"), clusterIdle, out, verbose, harness.processes());
    }

    /**
     * @param sickResults null for a target without a sick run.
     */
    private boolean block(
        final Supplier<BenchTarget> factory,
        final Map<Integer, BenchTarget.Outcome> results,
        final Map<Integer, BenchTarget.Outcome> sickResults)
    {
        boolean ok = true;
        final BenchTarget target = factory.get();
        try (target)
        {
            target.start();
            for (final int rate : rates)
            {
                final BenchTarget.Outcome outcome = target.run(rate, TimeUnit.SECONDS.toNanos(warmupSeconds),
                    TimeUnit.SECONDS.toNanos(durationSeconds), log(target, "", rate), false);
                results.put(rate, outcome);
                ok &= outcome.correct();
                line(target.name(), rate, "", outcome);
            }
            if (sickRate > 0 && null != sickResults)
            {
                final BenchTarget.Outcome outcome = target.run(sickRate, TimeUnit.SECONDS.toNanos(warmupSeconds),
                    TimeUnit.SECONDS.toNanos(durationSeconds), log(target, "sick-", sickRate), true);
                sickResults.put(sickRate, outcome);
                ok &= outcome.correct();
                line(target.name(), sickRate, " sick", outcome);
            }
        }
        catch (final Exception ex)
        {
            out.printf("%s: FAILED: %s%n", target.name(), ex);
            ok = false;
        }
        out.flush();
        return ok;
    }

    private boolean sweep(final Supplier<BenchTarget> factory, final String[] result)
    {
        final BenchTarget target = factory.get();
        int best = 0;
        String stop = "every step sustained";
        try (target)
        {
            target.start();
            for (final int rate : sweepRates)
            {
                final BenchTarget.Outcome outcome = target.run(rate, TimeUnit.SECONDS.toNanos(warmupSeconds),
                    TimeUnit.SECONDS.toNanos(sweepDurationSeconds), log(target, "sweep-", rate), false);
                line(target.name(), rate, " sweep", outcome);
                if (!outcome.sustained(P99_LIMIT_NS))
                {
                    stop = String.format("at %,d/s: %s", rate, outcome.correct() ?
                        String.format("p99 %.3f ms", outcome.result().histogram().getValueAtPercentile(99) / 1e6) :
                        outcome.detail());
                    break;
                }
                best = rate;
            }
        }
        catch (final Exception ex)
        {
            out.printf("%s sweep: FAILED: %s%n", target.name(), ex);
            result[0] = "failed: " + ex;
            return false;
        }
        result[0] = (best == 0 ? "none of the steps" : String.format("%,d/s", best)) + "  (stopped " + stop + ")";
        return true;
    }

    private Path log(final BenchTarget target, final String kind, final int rate)
    {
        return dir.resolve(target.fileName() + "-" + kind + rate + ".hlog");
    }

    private void line(final String name, final int rate, final String kind, final BenchTarget.Outcome outcome)
    {
        final Histogram h = outcome.result().histogram();
        out.printf("%s%s %,d/s: p50 %.3f p99 %.3f p99.9 %.3f max %.3f ms; %s -> %s%n", name, kind, rate,
            h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
            h.getMaxValue() / 1e6, outcome.detail(), outcome.correct() ? "OK" : "FAIL");
        out.flush();
    }

    /**
     * The outcomes of one table, null where a run is missing.
     *
     * @param withFloor the table has a floor row (the floor has no sick run).
     */
    private record Row(
        BenchTarget.Outcome hedge, BenchTarget.Outcome cluster, BenchTarget.Outcome variant,
        BenchTarget.Outcome shared, BenchTarget.Outcome floor, BenchTarget.Outcome sharedFloor, boolean withFloor)
    {
    }

    private void table(final Row r)
    {
        final BenchTarget.Outcome hedge = r.hedge();
        final BenchTarget.Outcome cluster = r.cluster();
        final BenchTarget.Outcome variant = r.variant();
        final boolean withFloor = r.withFloor();
        out.printf("  %-15s", "");
        for (final double p : PERCENTILES)
        {
            out.printf(" %9s", "p" + (p == Math.rint(p) ? Long.toString((long)p) : Double.toString(p)));
        }
        out.printf(" %9s %10s  %s%n", "max", "count", "answers");
        row("Hedge", hedge);
        if (null != also)
        {
            row("Hedge " + also.name(), variant);
        }
        if (sharedDriver)
        {
            row("Hedge 1 driver", r.shared());
        }
        row("Aeron Cluster", cluster);
        if (withFloor)
        {
            row("Aeron floor", r.floor());
            if (sharedDriver)
            {
                row("floor 1 driver", r.sharedFloor());
            }
        }
        ratioRow("Hedge/Cluster", hedge, cluster);
        if (withFloor)
        {
            ratioRow("Hedge/floor", hedge, r.floor());
        }
        if (null != also)
        {
            ratioRow("Hedge/" + also.name(), hedge, variant);
        }
        if (sharedDriver)
        {
            ratioRow("1 driver/Hedge", r.shared(), hedge);
            if (withFloor)
            {
                ratioRow("1 driver/floor", r.shared(), r.sharedFloor());
            }
        }
        out.println();
    }

    private void ratioRow(final String name, final BenchTarget.Outcome a, final BenchTarget.Outcome b)
    {
        out.printf("  %-15s", name);
        if (null == a || null == b)
        {
            out.println(" (a run is missing)");
            return;
        }
        final Histogram ha = a.result().histogram();
        final Histogram hb = b.result().histogram();
        for (final double p : PERCENTILES)
        {
            out.printf(" %9s", ratio(ha.getValueAtPercentile(p), hb.getValueAtPercentile(p)));
        }
        out.printf(" %9s%n", ratio(ha.getMaxValue(), hb.getMaxValue()));
    }

    private void row(final String name, final BenchTarget.Outcome outcome)
    {
        out.printf("  %-15s", name);
        if (null == outcome)
        {
            out.println(" (no run)");
            return;
        }
        final Histogram h = outcome.result().histogram();
        for (final double p : PERCENTILES)
        {
            out.printf(" %9.3f", h.getValueAtPercentile(p) / 1e6);
        }
        out.printf(" %9.3f %,10d  %s%n", h.getMaxValue() / 1e6, h.getTotalCount(),
            outcome.correct() ? "all answered, correct" : "INCORRECT: " + outcome.detail());
    }

    private static String ratio(final long a, final long b)
    {
        if (b <= 0 || a <= 0)
        {
            return "-";
        }
        final double ratio = (double)a / b;
        return String.format(ratio < 0.1 ? "%.3f" : "%.2f", ratio);
    }
}
