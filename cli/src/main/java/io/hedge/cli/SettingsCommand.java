package io.hedge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--properties", description = "print a properties file instead: every setting with its default " +
        "and, above it, what it means; save it (hedge settings --properties > hedge.properties) and edit it")
    boolean properties;

    @Override
    public void run()
    {
        final PrintWriter out = spec.commandLine().getOut();
        if (properties)
        {
            writeTemplate(out);
        }
        else
        {
            HedgeConfig.KEYS.forEach((key, value) ->
                out.printf("%-28s %-12s %s%n", key, value[0].isEmpty() ? "(derived)" : value[0], value[1]));
        }
        out.flush();
    }

    /**
     * Every key set to its default, so that the file as written changes nothing and loads without error.
     */
    static void writeTemplate(final PrintWriter out)
    {
        out.printf("# Hedge settings, version %s: every key with its default. Give the file to a role with%n",
            HedgeVersion.version());
        out.println("# --config FILE; --set KEY=VALUE on the command line wins over it. An unknown key is an error.");
        out.println("# An empty value means the default is derived (channels: from the hosts and ports).");
        out.println("# Any aeron.* property (for example aeron.term.buffer.length) goes to the media driver as a");
        out.println("# system property; threading mode, idle strategies and directory are Hedge's own.");
        HedgeConfig.KEYS.forEach((key, value) ->
        {
            out.println();
            out.println("# " + value[1]);
            out.println(key + "=" + value[0]);
        });
    }
}
