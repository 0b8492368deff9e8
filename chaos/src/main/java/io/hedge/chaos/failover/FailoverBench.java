package io.hedge.chaos.failover;

import io.hedge.chaos.JournalAudit;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code hedge bench failover}: failover time and the client's view of it, with real processes. Phase 0 runs with no
 * failover, for comparison; phase 1 kills the active gateway once, halfway through the run; phase 2 kills it
 * {@code kills} times, restarting each killed gateway as a standby. With {@code planned}, phases 1 and 2 ask the
 * active gateway for a planned switchover to the next gateway instead of killing it ({@code hedge admin switchover}).
 * Each phase ends with the journals audited. Phase 2 prints each failover's client impact: the largest latency of an
 * answer from the failover until the next, less phase 0's median.
 * <p>
 * It lives with the process harness and the fault injectors it drives (chaos), not with the load scenarios (perf):
 * it is a fault scenario that measures, and perf and chaos do not depend on each other.
 */
public final class FailoverBench
{
    private final Path dir;
    private final int kills;
    private final int rate;
    private final int durationSeconds;
    private final long settleMs;
    private final boolean planned;
    private final Supplier<? extends FailoverSettings> hedgeDefaults;
    private final String hedgeMainClass;
    private final PrintStream out;

    /**
     * @param dir             working directory; each phase's run keeps a directory of its own below it.
     * @param kills           failovers in phase 2.
     * @param rate            requests per second, open loop.
     * @param durationSeconds length of the phase 0 and 1 runs.
     * @param settleMs        load between two kills in phase 2.
     * @param planned         planned switchovers instead of kills.
     * @param hedgeDefaults   a fresh copy of Hedge's default settings on every call.
     * @param hedgeMainClass  the {@code hedge} command's main class.
     * @param out             where progress and the report are printed.
     */
    public FailoverBench(
        final Path dir,
        final int kills,
        final int rate,
        final int durationSeconds,
        final long settleMs,
        final boolean planned,
        final Supplier<? extends FailoverSettings> hedgeDefaults,
        final String hedgeMainClass,
        final PrintStream out)
    {
        if (kills < 1 || rate < 1 || durationSeconds < 2 || settleMs < 0)
        {
            throw new IllegalArgumentException("--kills, --rate and --duration (at least 2 s) must be positive");
        }
        this.dir = dir;
        this.kills = kills;
        this.rate = rate;
        this.durationSeconds = durationSeconds;
        this.settleMs = settleMs;
        this.planned = planned;
        this.hedgeDefaults = hedgeDefaults;
        this.hedgeMainClass = hedgeMainClass;
        this.out = out;
    }

    /**
     * @return true if every request of every phase completed exactly once, as executed, and every audit passed.
     */
    public boolean run() throws Exception
    {
        final String what = planned ? "planned switchover" : "failover";
        out.printf("phase 0: no failover, %d s at %,d requests/s (the same processes, for comparison)%n",
            durationSeconds, rate);
        final long[] typicalNs = new long[1];
        boolean ok = runOnce(false, typicalNs);
        out.printf("%nphase 1: one %s in %d s at %,d requests/s%n", what, durationSeconds, rate);
        ok &= runOnce(true, null);
        out.printf("%nphase 2: %d %ss at %,d requests/s%n", kills, what, rate);
        try (FailoverRun run = newRun(planned ? "switchovers-" : "kills-"))
        {
            run.startAll();
            final FailoverLoad load = run.startLoad(rate, (int)Math.min(Integer.MAX_VALUE - 1,
                (long)rate * (kills * (settleMs / 1000 + 10) + 120)));
            final long startNs = System.nanoTime();
            final List<Long> failovers = new ArrayList<>();
            final List<Long> impactsNs = new ArrayList<>();
            Thread.sleep(settleMs);
            for (int k = 1; k <= kills; k++)
            {
                failovers.add(planned ? run.switchOverActive(load, k, kills) : run.killActive(load, k, kills));
                Thread.sleep(settleMs);
                impactsNs.add(Math.max(0, load.maxLatencySinceMarkNs() - typicalNs[0]));
            }
            printImpacts(what, impactsNs, typicalNs[0], out);
            ok &= report(run.finish(load, failovers, startNs), planned, out);
        }
        return ok;
    }

    private FailoverRun newRun(final String prefix) throws Exception
    {
        return new FailoverRun(dir.resolve(prefix + System.currentTimeMillis()), true, out, hedgeDefaults.get(),
            hedgeMainClass);
    }

    /**
     * @param typicalNs where to put the run's median latency, or null.
     */
    private boolean runOnce(final boolean kill, final long[] typicalNs) throws Exception
    {
        try (FailoverRun run = newRun(kill ? (planned ? "one-switchover-" : "one-") : "none-"))
        {
            run.startAll();
            final FailoverLoad load = run.startLoad(rate, rate * (durationSeconds + 120));
            final long startNs = System.nanoTime();
            Thread.sleep(durationSeconds * 500L);
            final List<Long> failovers = new ArrayList<>();
            if (kill)
            {
                failovers.add(planned ? run.switchOverActive(load, 1, 1) : run.killActive(load, 1, 1));
            }
            final long leftMs = durationSeconds * 1000L - (System.nanoTime() - startNs) / 1_000_000;
            Thread.sleep(Math.max(0, leftMs));
            final FailoverRun.Result result = run.finish(load, failovers, startNs);
            if (null != typicalNs)
            {
                typicalNs[0] = result.latencyNs().getValueAtPercentile(50);
            }
            return report(result, planned, out);
        }
    }

    private static void printImpacts(
        final String what, final List<Long> impactsNs, final long typicalNs, final PrintStream out)
    {
        final StringBuilder each = new StringBuilder();
        impactsNs.forEach(ns -> each.append(each.length() == 0 ? "" : " ").append(String.format("%.0f", ns / 1e6)));
        final List<Long> sorted = new ArrayList<>(impactsNs);
        sorted.sort(Long::compare);
        final double medianMs = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) / 1e6 :
            (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2e6;
        out.printf("client impact of each %s (largest latency until the next, less phase 0's median of %.2f ms), " +
            "ms: %s%n", what, typicalNs / 1e6, each);
        out.printf("client impact, %d %ss: median %.0f ms, max %.0f ms%n", sorted.size(), what, medianMs,
            sorted.get(sorted.size() - 1) / 1e6);
    }

    private static void printFailovers(final List<Long> sorted, final boolean planned, final PrintStream out)
    {
        final double medianMs = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) / 1e6 :
            (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2e6;
        out.printf("%s, %d failovers: median %.0f ms, min %.0f ms, max %.0f ms%n",
            planned ? "switchover time (request to first answer from the new gateway)" :
            "failover time (kill to first answer from the new gateway)", sorted.size(), medianMs, sorted.get(0) / 1e6,
            sorted.get(sorted.size() - 1) / 1e6);
    }

    /**
     * Print what a run measured and found.
     *
     * @return true if every request completed exactly once, as executed, and the audit passed.
     */
    public static boolean report(final FailoverRun.Result result, final PrintStream out)
    {
        return report(result, false, out);
    }

    /**
     * Print what a run measured and found.
     *
     * @param planned its failovers were planned switchovers, not kills.
     * @return true if every request completed exactly once, as executed, and the audit passed.
     */
    public static boolean report(final FailoverRun.Result result, final boolean planned, final PrintStream out)
    {
        final List<Long> sorted = new ArrayList<>(result.failoverNs());
        sorted.sort(Long::compare);
        if (!sorted.isEmpty())
        {
            printFailovers(sorted, planned, out);
        }
        final Histogram h = result.latencyNs();
        out.printf("client latency over %.1f s, %,d requests: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, " +
            "p99.9 %.2f ms, max %.2f ms%n", result.seconds(), h.getTotalCount(), h.getValueAtPercentile(50) / 1e6,
            h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
            h.getMaxValue() / 1e6);
        final JournalAudit.Result audit = result.audit();
        out.printf("requests: %,d offered, %,d completed, %,d completed twice, %,d unknown outcome, %,d not " +
            "executed; journals: %,d records in %d epochs, client's requests %,d, each once; total cash %,d -> %,d; " +
            "external effects: %,d at the sink, as the journals imply, %,d received twice%n",
            result.offered(), result.completions(), result.duplicates(), result.timeouts(), result.notExecuted(),
            audit.records(), audit.epochs(), audit.clientRequests(), audit.cashBefore(), audit.cashAfter(),
            result.effectsAtSink(), result.effectDuplicatesAtSink());
        final boolean ok = result.offered() == result.completions() && 0 == result.duplicates() &&
            0 == result.effectDuplicatesAtSink() && result.effectsAtSink() == audit.effects() &&
            0 == result.timeouts() && 0 == result.notExecuted() && audit.cashBefore() == audit.cashAfter() &&
            audit.clientRequests() == result.offered();
        out.println(ok ? "correct" : "INCORRECT");
        return ok;
    }
}
