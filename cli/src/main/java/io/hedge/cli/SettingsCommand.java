package io.hedge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * Lists every setting with its default, so that nobody has to read the source to write a properties file.
 */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = "List every setting a properties file (--config) or --set may give, with its default.")
final class SettingsCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        final PrintWriter out = spec.commandLine().getOut();
        HedgeConfig.KEYS.forEach((key, value) ->
            out.printf("%-28s %-12s %s%n", key, value[0].isEmpty() ? "(derived)" : value[0], value[1]));
        out.flush();
    }
}
