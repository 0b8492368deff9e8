package io.hedge.chaos.net;

import java.util.List;

/**
 * Builds a topology with the prefix given, says so and waits, never closing it: the JVM's shutdown hook must remove it
 * when the process is stopped (SIGTERM, or SIGINT from Ctrl-C).
 */
public final class BuildAndWait
{
    private BuildAndWait()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        ChaosTopology.create(args[0], ChaosTopology.roles(List.of("A", "B"), 2, 1, false));
        System.out.println("built " + args[0]);
        System.out.flush();
        Thread.sleep(60_000);
    }
}
