package io.hedge.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkCommandTest
{
    @Test
    void aSinkWithoutAPortIsRefusedWithTheSettingNamed()
    {
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(2, HedgeCommand.execute("sink"));
            assertEquals(2, HedgeCommand.execute("sink", "--set", "sink.port=-5"));
        }
        finally
        {
            System.setErr(err);
        }
        final String message = captured.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("'sink.port'"), message);
    }
}
