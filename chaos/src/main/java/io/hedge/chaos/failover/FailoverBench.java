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
 * {@code kills} times, restarting each killed gateway as a standby. Each phase ends with the journals audited.
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
    private final Supplier<? extends FailoverSettings> hedgeDefaults;
    private final String hedgeMainClass;
    private final PrintStream out;

    /**
     * @param dir             working directory; each phase's run keeps a directory of its own below it.
     * @param kills           failovers in phase 2.
     * @param rate            requests per second, open loop.
     * @param durationSeconds length of the phase 0 and 1 runs.
     * @param settleMs        load between two kills in phase 2.
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
        this.hedgeDefaults = hedgeDefaults;
        this.hedgeMainClass = hedgeMainClass;
        this.out = out;
    }

    /**
     * @return true if every request of every phase completed exactly once, as executed, and every audit passed.
     */
    public boolean run() throws Exception
    {
        out.printf("phase 0: no failover, %d s at %,d requests/s (the same processes, for comparison)%n",
            durationSeconds, rate);
        boolean ok = runOnce(false);
        out.printf("%nphase 1: one failover in %d s at %,d requests/s%n", durationSeconds, rate);
        ok &= runOnce(true);
        out.printf("%nphase 2: %d failovers at %,d requests/s%n", kills, rate);
        try (FailoverRun run = newRun("kills-"))
        {
            run.startAll();
            final FailoverLoad load = run.startLoad(rate, (int)Math.min(Integer.MAX_VALUE - 1,
                (long)rate * (kills * (settleMs / 1000 + 10) + 120)));
            final long startNs = System.nanoTime();
            final List<Long> failovers = new ArrayList<>();
            for (int k = 1; k <= kills; k++)
            {
                Thread.sleep(settleMs);
                failovers.add(run.killActive(load, k, kills));
            }
            Thread.sleep(settleMs);
            ok &= report(run.finish(load, failovers, startNs), out);
        }
        return ok;
    }

    private FailoverRun newRun(final String prefix) throws Exception
    {
        return new FailoverRun(dir.resolve(prefix + System.currentTimeMillis()), true, out, hedgeDefaults.get(),
            hedgeMainClass);
    }

    private boolean runOnce(final boolean kill) throws Exception
    {
        try (FailoverRun run = newRun(kill ? "one-" : "none-"))
        {
            run.startAll();
            final FailoverLoad load = run.startLoad(rate, rate * (durationSeconds + 120));
            final long startNs = System.nanoTime();
            Thread.sleep(durationSeconds * 500L);
            final List<Long> failovers = new ArrayList<>();
            if (kill)
            {
                failovers.add(run.killActive(load, 1, 1));
            }
            final long leftMs = durationSeconds * 1000L - (System.nanoTime() - startNs) / 1_000_000;
            Thread.sleep(Math.max(0, leftMs));
            return report(run.finish(load, failovers, startNs), out);
        }
    }

    private static void printFailovers(final List<Long> sorted, final PrintStream out)
    {
        final double medianMs = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) / 1e6 :
            (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2e6;
        out.printf("failover time (kill to first answer from the new gateway), %d failovers: " +
            "median %.0f ms, min %.0f ms, max %.0f ms%n", sorted.size(), medianMs, sorted.get(0) / 1e6,
            sorted.get(sorted.size() - 1) / 1e6);
    }

    /**
     * Print what a run measured and found.
     *
     * @return true if every request completed exactly once, as executed, and the audit passed.
     */
    public static boolean report(final FailoverRun.Result result, final PrintStream out)
    {
        final List<Long> sorted = new ArrayList<>(result.failoverNs());
        sorted.sort(Long::compare);
        if (!sorted.isEmpty())
        {
            printFailovers(sorted, out);
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
