package io.hedge.cli;

/**
 * The commands that run the benchmark harness (hedge-perf: the load generator, the benchmarks) or the chaos harness
 * (hedge-chaos: role processes, the sample sink, the nemesis). Where a harness is absent, as in the distribution
 * archive, each is replaced by {@link NotInThisDistribution}, which says so in one line; its own class is never loaded.
 */
final class HarnessCommands
{
    static final String PERF = "the benchmark harness (hedge-perf)";
    static final String CHAOS = "the chaos harness (hedge-chaos)";
    /** One class of each harness, looked up without initialising it. */
    private static final String PERF_CLASS = "io.hedge.perf.LoadRun";
    private static final String CHAOS_CLASS = "io.hedge.chaos.RoleProcess";

    private HarnessCommands()
    {
    }

    static Object demo()
    {
        final String missing = missing(PERF_CLASS, CHAOS_CLASS);
        return null == missing ? new DemoCommand() : new NotInThisDistribution(missing);
    }

    static Object sink()
    {
        final String missing = missing(CHAOS_CLASS);
        return null == missing ? new SinkCommand() : new NotInThisDistribution(missing);
    }

    static Object chaos()
    {
        final String missing = missing(CHAOS_CLASS);
        return null == missing ? new ChaosCommand() : new NotInThisDistribution(missing);
    }

    static Object load()
    {
        final String missing = missing(PERF_CLASS);
        return null == missing ? new LoadCommand() : new NotInThisDistribution(missing);
    }

    static Object bench()
    {
        final String missing = missing(PERF_CLASS, CHAOS_CLASS);
        return null == missing ? new BenchCommand() : new NotInThisDistribution(missing);
    }

    /** The harnesses of these classes that are absent, as words, or null when all are present. */
    private static String missing(final String... classNames)
    {
        String missing = null;
        for (final String className : classNames)
        {
            if (!present(className))
            {
                final String harness = className.equals(PERF_CLASS) ? PERF : CHAOS;
                missing = null == missing ? harness : missing + " and " + harness;
            }
        }
        return missing;
    }

    private static boolean present(final String className)
    {
        try
        {
            Class.forName(className, false, HarnessCommands.class.getClassLoader());
            return true;
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return false;
        }
    }
}
