package io.hedge.chaos.run;

/**
 * A role's process that ends at once with the exit code it is given, as a role that could not write its journal does
 * (75).
 */
public final class ExitWith
{
    private ExitWith()
    {
    }

    public static void main(final String[] args)
    {
        Runtime.getRuntime().halt(Integer.parseInt(args[0]));
    }
}
