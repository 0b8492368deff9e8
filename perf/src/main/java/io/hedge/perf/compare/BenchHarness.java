package io.hedge.perf.compare;

import java.util.function.Supplier;

/**
 * What the {@code hedge} command gives a benchmark: the process harness, Hedge's default settings, and the main
 * class that starts a Hedge role from a settings file ({@code gateway --config FILE},
 * {@code replica --site S --config FILE}).
 *
 * @param processes      starts, pauses and stops processes.
 * @param hedgeDefaults  a fresh copy of the defaults on every call.
 * @param hedgeMainClass the {@code hedge} command's main class.
 */
public record BenchHarness(
    BenchProcesses processes, Supplier<? extends HedgeSettings> hedgeDefaults, String hedgeMainClass)
{
}
