package io.hedge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one {@code hedge} command: every role, the demo and the tools. Its subcommands are added in {@link
 * #commandLine()} rather than named in the annotation, because those that run the benchmark or chaos harness must not
 * be loaded where the harness is absent (the distribution archive): picocli reads every method of a subcommand class
 * when it builds the command line, and a method that names a missing class fails the whole command.
 */
@Command(
    name = "hedge",
    mixinStandardHelpOptions = true,
    versionProvider = HedgeVersion.class,
    description = "Hedge: sequence once, process at every site, answer with the first response.")
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
        commandLine.addSubcommand("demo", HarnessCommands.demo());
        commandLine.addSubcommand("gateway", new GatewayCommand());
        commandLine.addSubcommand("replica", new ReplicaCommand());
        commandLine.addSubcommand("driver", new DriverCommand());
        commandLine.addSubcommand("sink", HarnessCommands.sink());
        commandLine.addSubcommand("fix", new FixCommand());
        commandLine.addSubcommand("chaos", HarnessCommands.chaos());
        commandLine.addSubcommand("load", HarnessCommands.load());
        commandLine.addSubcommand("bench", HarnessCommands.bench());
        commandLine.addSubcommand("settings", new SettingsCommand());
        commandLine.addSubcommand("journal", new JournalCommand());
        commandLine.addSubcommand("status", new StatusCommand());
        commandLine.addSubcommand("admin", new AdminCommand());
        commandLine.addSubcommand("dashboard", new DashboardCommand());
        commandLine.addSubcommand("help", new CommandLine.HelpCommand());
        final FailureReporter reporter = new FailureReporter(() -> hedge.verbose);
        commandLine.setExecutionExceptionHandler(reporter);
        commandLine.setParameterExceptionHandler(reporter);
        return commandLine;
    }
}
