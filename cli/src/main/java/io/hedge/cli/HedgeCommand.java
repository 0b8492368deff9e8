package io.hedge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one {@code hedge} command: every role, the demo and the tools.
 */
@Command(
    name = "hedge",
    mixinStandardHelpOptions = true,
    version = "hedge 0.1.0",
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
        final CommandLine commandLine = new CommandLine(new HedgeCommand());
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            if (ex instanceof IllegalArgumentException || ex instanceof io.hedge.client.HedgeException)
            {
                cmd.getErr().println("hedge: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return commandLine.execute(args);
    }
}
