package io.hedge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Stands in for a command whose harness the distribution archive leaves out: whatever it is given, it says in one
 * line what is missing and where the command is, and exits with 2.
 */
@Command(description = "Not in this distribution: run it from a build of the source (./hedge).")
final class NotInThisDistribution implements Callable<Integer>
{
    private final String missing;

    @Spec
    CommandSpec spec;

    /** Any options and subcommands the real command would take. */
    @Unmatched
    List<String> args = new ArrayList<>();

    NotInThisDistribution(final String missing)
    {
        this.missing = missing;
    }

    @Override
    public Integer call()
    {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": not in this distribution: it needs " + missing +
            ", which the distribution archive leaves out; run it from a build of the source (./hedge)");
        spec.commandLine().getErr().flush();
        return FailureReporter.USAGE;
    }
}
