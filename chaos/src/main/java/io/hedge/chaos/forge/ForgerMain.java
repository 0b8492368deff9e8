package io.hedge.chaos.forge;

import java.nio.file.Path;

/**
 * The forger's process: {@code java ... ForgerMain <forge-plan.properties>}, started by {@code hedge chaos} in a
 * network namespace of its own for each forge window. A test tool: it sends forged member messages and logons to the
 * chaos fabric (see {@link Forger}) and prints, at the end of its window, how many of each kind it sent. Exits 0 when
 * the window has run, 1 if it could not.
 */
public final class ForgerMain
{
    private ForgerMain()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length != 1)
        {
            System.err.println("usage: ForgerMain <forge-plan.properties>  (hedge chaos's test tool: sends forged " +
                "traffic to the chaos fabric)");
            System.exit(2);
        }
        int exitCode = 0;
        try
        {
            final ForgePlan plan = ForgePlan.load(Path.of(args[0]));
            System.out.println("forger: window " + plan.window() + ", " + plan.lengthMs() + " ms, " + plan.rate() +
                " per second per kind and target");
            try (Forger forger = new Forger(plan, System.out))
            {
                forger.run();
            }
        }
        catch (final Exception ex)
        {
            System.out.println("forger: failed: " + ex);
            ex.printStackTrace(System.out);
            exitCode = 1;
        }
        System.out.flush();
        System.exit(exitCode);
    }
}
