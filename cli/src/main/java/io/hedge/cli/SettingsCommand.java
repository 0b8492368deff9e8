package io.hedge.cli;

import picocli.CommandLine.Command;

/**
 * Lists every setting with its default, so that nobody has to read the source to write a properties file.
 */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = "List every setting a properties file (--config) or --set may give, with its default.")
final class SettingsCommand implements Runnable
{
    @Override
    public void run()
    {
        HedgeConfig.KEYS.forEach((key, value) ->
            System.out.printf("%-28s %-12s %s%n", key, value[0].isEmpty() ? "(derived)" : value[0], value[1]));
    }
}
