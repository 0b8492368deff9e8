package io.hedge.cli;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Failover time and the client's view of it, with real processes.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
    description = {
        "Gateway failover with real processes: three replicas and three gateways (one active, two standbys), each " +
            "its own JVM, default settings, and a client in this JVM under open-loop load of orders and transfers.",
        "Phase 0: the same run with no failover, for comparison. Phase 1: one failover in a run of --duration seconds (the active gateway is killed with SIGKILL halfway); " +
            "prints the latency percentiles of every request of the run, from its scheduled send time.",
        "Phase 2: kills the active gateway with SIGKILL --kills times, restarting each killed gateway as a standby; " +
            "prints the failover time (kill to the client's first answer from the new gateway) of each, its median " +
            "and its maximum.",
        "After each phase every process is stopped and the replicas' journals are audited: identical on every " +
            "replica, each request exactly once, epochs never falling, total cash conserved. Exit code 0 only if " +
            "every request completed exactly once, as executed, and the audit passed."})
final class FailoverBench implements Callable<Integer>
{
    @Option(names = "--kills", defaultValue = "20", paramLabel = "N",
        description = "failovers in phase 2 (default: ${DEFAULT-VALUE})")
    int kills;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "PER_SECOND",
        description = "requests per second, open loop (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
        description = "length of the phase 1 run (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--settle", defaultValue = "1500", paramLabel = "MS",
        description = "load between two kills in phase 2 (default: ${DEFAULT-VALUE})")
    long settleMs;

    @Option(names = "--dir", defaultValue = "hedge-work/failover", paramLabel = "DIR",
        description = "working directory; kept after the run for its logs (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception
    {
        if (kills < 1 || rate < 1 || durationSeconds < 2 || settleMs < 0)
        {
            throw new IllegalArgumentException("--kills, --rate and --duration (at least 2 s) must be positive");
        }
        System.out.printf("phase 0: no failover, %d s at %,d requests/s (the same processes, for comparison)%n",
            durationSeconds, rate);
        boolean ok = runOnce(false);
        System.out.printf("%nphase 1: one failover in %d s at %,d requests/s%n", durationSeconds, rate);
        ok &= runOnce(true);
        System.out.printf("%nphase 2: %d failovers at %,d requests/s%n", kills, rate);
        try (FailoverRun run = new FailoverRun(dir.resolve("kills-" + System.currentTimeMillis()), true, System.out))
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
            ok &= report(run.finish(load, failovers, startNs));
        }
        return ok ? 0 : 1;
    }

    private boolean runOnce(final boolean kill) throws Exception
    {
        try (FailoverRun run = new FailoverRun(
            dir.resolve((kill ? "one-" : "none-") + System.currentTimeMillis()), true, System.out))
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
            return report(run.finish(load, failovers, startNs));
        }
    }

    private static void printFailovers(final List<Long> sorted)
    {
        final double medianMs = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) / 1e6 :
            (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2e6;
        System.out.printf("failover time (kill to first answer from the new gateway), %d failovers: " +
            "median %.0f ms, min %.0f ms, max %.0f ms%n", sorted.size(), medianMs, sorted.get(0) / 1e6,
            sorted.get(sorted.size() - 1) / 1e6);
    }

    static boolean report(final FailoverRun.Result result)
    {
        final List<Long> sorted = new ArrayList<>(result.failoverNs());
        sorted.sort(Long::compare);
        if (!sorted.isEmpty())
        {
            printFailovers(sorted);
        }
        final Histogram h = result.latencyNs();
        System.out.printf("client latency over %.1f s, %,d requests: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, " +
            "p99.9 %.2f ms, max %.2f ms%n", result.seconds(), h.getTotalCount(), h.getValueAtPercentile(50) / 1e6,
            h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
            h.getMaxValue() / 1e6);
        final JournalAudit.Result audit = result.audit();
        System.out.printf("requests: %,d offered, %,d completed, %,d completed twice, %,d unknown outcome, %,d not " +
            "executed; journals: %,d records in %d epochs, client's requests %,d, each once; total cash %,d -> %,d; " +
            "external effects: %,d at the sink, as the journals imply, %,d received twice%n",
            result.offered(), result.completions(), result.duplicates(), result.timeouts(), result.notExecuted(),
            audit.records(), audit.epochs(), audit.clientRequests(), audit.cashBefore(), audit.cashAfter(),
            result.effectsAtSink(), result.effectDuplicatesAtSink());
        final boolean ok = result.offered() == result.completions() && 0 == result.duplicates() &&
            0 == result.effectDuplicatesAtSink() && result.effectsAtSink() == audit.effects() &&
            0 == result.timeouts() && 0 == result.notExecuted() && audit.cashBefore() == audit.cashAfter() &&
            audit.clientRequests() == result.offered();
        System.out.println(ok ? "correct" : "INCORRECT");
        return ok;
    }
}
