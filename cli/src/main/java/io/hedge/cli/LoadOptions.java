package io.hedge.cli;

import io.hedge.perf.LoadRun;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The shape of an open-loop load run, shared by {@code demo} and {@code load}.
 */
final class LoadOptions
{
    @Option(names = "--rate", defaultValue = "5000", paramLabel = "PER_SECOND",
        description = "requests per second, open loop (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
        description = "measured seconds, after the warm-up (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "SECONDS",
        description = "seconds of load before measuring, not counted in the percentiles (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--mix", defaultValue = "80,15,5", paramLabel = "ORDERS,CANCELS,TRANSFERS",
        description = "percentages of new orders, cancels and transfers (default: ${DEFAULT-VALUE})")
    String mix;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the request generator (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sessions", defaultValue = "1", paramLabel = "N",
        description = "client sessions sharing the load, each with its own client id (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--histogram-log", paramLabel = "FILE",
        description = "write an HdrHistogram interval log, one interval per second")
    Path histogramLog;

    int[] mixPercentages()
    {
        final String[] parts = mix.split(",");
        if (parts.length != 3)
        {
            throw new IllegalArgumentException("--mix needs three percentages ORDERS,CANCELS,TRANSFERS, got '" + mix + "'");
        }
        final int[] result = new int[3];
        for (int i = 0; i < 3; i++)
        {
            try
            {
                result[i] = Integer.parseInt(parts[i].trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--mix needs whole numbers, got '" + mix + "'");
            }
        }
        return result;
    }

    /**
     * @return the run these options describe, checked.
     * @throws IllegalArgumentException naming the first option that is wrong.
     */
    LoadRun.Plan plan()
    {
        validate();
        final int[] mix = mixPercentages();
        return new LoadRun.Plan(
            rate, durationSeconds, warmupSeconds, mix[0], mix[1], mix[2], seed, sessions, histogramLog);
    }

    void validate()
    {
        if (rate <= 0 || rate > 1_000_000)
        {
            throw new IllegalArgumentException("--rate must be between 1 and 1,000,000 per second, got " + rate);
        }
        if (durationSeconds <= 0)
        {
            throw new IllegalArgumentException("--duration must be at least 1 second, got " + durationSeconds);
        }
        if (warmupSeconds < 0)
        {
            throw new IllegalArgumentException("--warmup cannot be negative, got " + warmupSeconds);
        }
        if (sessions < 1 || sessions > 64)
        {
            throw new IllegalArgumentException("--sessions must be between 1 and 64, got " + sessions);
        }
        mixPercentages();
    }
}
