package io.hedge.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hedge chaos --secure} / {@code --no-secure}: given, the one asked for; not given, null, which the command
 * reads as {@code ChaosOptions.DEFAULT_SECURE}.
 */
class ChaosSecureOptionTest
{
    @Test
    void secureIsWhatTheCommandLineSaysOrTheDefault()
    {
        assertEquals(Boolean.TRUE, parse("--secure").secure);
        assertEquals(Boolean.FALSE, parse("--no-secure").secure);
        assertNull(parse().secure);
        final String help = new CommandLine(new ChaosCommand()).getUsageMessage();
        assertTrue(help.contains("--[no-]secure"), help);
        assertTrue(help.contains("forge"), help);
    }

    private static ChaosCommand parse(final String... args)
    {
        final ChaosCommand command = new ChaosCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
