package io.hedge.cli;

import io.hedge.perf.LoadResult;
import io.hedge.perf.LoadRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Drives a running fabric from this process: one fixed rate, or a sweep of rising rates.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = {
        "Drive a running gateway at a fixed rate (open loop) with sample trading requests, print the latency " +
            "percentiles and check that every replica converged. Exit code 0 only if every request was answered " +
            "and the replicas agree.",
        "With --sweep, run at each of --sweep-rates in turn until p99 passes --p99-limit-ms or a request goes " +
            "unanswered, and report the highest rate sustained under the limit."})
final class LoadCommand implements Callable<Integer>
{
    @Mixin
    ConfigOptions options;

    @Mixin
    LoadOptions load;

    @Option(names = "--sweep", description = "step the rate up instead of running once at --rate")
    boolean sweep;

    @Option(names = "--sweep-rates", defaultValue = "1000,2000,5000,10000,15000,20000,30000,40000,60000",
        paramLabel = "R1,R2,...", description = "rates of the sweep, requests/s (default: ${DEFAULT-VALUE})")
    String sweepRates;

    @Option(names = "--p99-limit-ms", defaultValue = "10", paramLabel = "MS",
        description = "the sweep stops at the first rate whose p99 is above this (default: ${DEFAULT-VALUE})")
    double p99LimitMs;

    @Override
    public Integer call()
    {
        load.validate();
        final HedgeConfig config = options.load();
        try (RoleRuntime runtime = new RoleRuntime(config, "client-" + ProcessHandle.current().pid()))
        {
            if (!sweep)
            {
                return LoadRun.execute(config.clientContext(runtime.aeronDir()), load.plan(), config.tradingConfig(),
                    config.sites(), System.out).ok() ? 0 : 1;
            }
            return runSweep(config, runtime.aeronDir());
        }
    }

    private int runSweep(final HedgeConfig config, final String aeronDir)
    {
        final List<Integer> rates = new ArrayList<>();
        for (final String rate : sweepRates.split(","))
        {
            try
            {
                rates.add(Integer.parseInt(rate.trim()));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--sweep-rates needs whole numbers, got '" + sweepRates + "'");
            }
        }
        final List<String> rows = new ArrayList<>();
        int sustained = 0;
        boolean allCorrect = true;
        for (final int rate : rates)
        {
            load.rate = rate;
            System.out.printf("%n=== sweep: %,d requests/s ===%n", rate);
            final LoadRun.Outcome outcome = LoadRun.execute(
                config.clientContext(aeronDir), load.plan(), config.tradingConfig(), config.sites(), System.out);
            final LoadResult r = outcome.result();
            final double p99 = r.histogram().getValueAtPercentile(99) / 1e6;
            rows.add(String.format("%10d %10.3f %10.3f %10.3f %10.3f %s", rate,
                r.histogram().getValueAtPercentile(50) / 1e6, p99, r.histogram().getValueAtPercentile(99.9) / 1e6,
                r.histogram().getMaxValue() / 1e6, outcome.ok() ? "PASS" : "FAIL"));
            if (!r.allAnswered() || p99 > p99LimitMs)
            {
                // the rate past the limit is where the sweep ends, not a failure of the fabric
                break;
            }
            allCorrect &= outcome.ok();
            sustained = rate;
        }
        System.out.printf("%n%10s %10s %10s %10s %10s %s%n", "rate/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "check");
        rows.forEach(System.out::println);
        System.out.printf("highest rate with every request answered and p99 under %s ms: %s%n",
            p99LimitMs, sustained == 0 ? "none of " + Arrays.toString(rates.toArray()) : String.format("%,d/s", sustained));
        return allCorrect && sustained > 0 ? 0 : 1;
    }
}
