package io.hedge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one {@code hedge} command: every role, the demo and the tools.
 */
@Command(
    name = "hedge",
    mixinStandardHelpOptions = true,
    versionProvider = HedgeVersion.class,
    description = "Hedge: sequence once, process at every site, answer with the first response.",
    subcommands = {
        DemoCommand.class,
        GatewayCommand.class,
        ReplicaCommand.class,
        SinkCommand.class,
        ChaosCommand.class,
        LoadCommand.class,
        BenchCommand.class,
        SettingsCommand.class,
        JournalCommand.class,
        CommandLine.HelpCommand.class
    })
public final class HedgeCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose",
        description = "on an error, print its stack trace after the one-line message (give it before the command)")
    boolean verbose;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Run a command line without exiting, for tests.
     *
     * @return the exit code.
     */
    public static int execute(final String... args)
    {
        return commandLine().execute(args);
    }

    /**
     * @return the hedge command, with its error reporting, for tests that capture its output.
     */
    static CommandLine commandLine()
    {
        final HedgeCommand hedge = new HedgeCommand();
        final CommandLine commandLine = new CommandLine(hedge);
        final FailureReporter reporter = new FailureReporter(() -> hedge.verbose);
        commandLine.setExecutionExceptionHandler(reporter);
        commandLine.setParameterExceptionHandler(reporter);
        return commandLine;
    }
}
