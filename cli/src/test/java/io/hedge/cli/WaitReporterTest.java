package io.hedge.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A role that waits says what for, in a log line with a wall-clock timestamp, and stops saying it when it no longer
 * waits.
 */
class WaitReporterTest
{
    /** slf4j-simple as configured by the cli's simplelogger.properties: ISO date and time with the zone. */
    private static final Pattern LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) " +
        "\\[hedge-wait-gateway] WARN io\\.hedge\\.cli\\.WaitReporter - gateway 1 is JOINING: it waits for replicas; " +
        "waiting for \\d+ s$");

    @Test
    void logsWhatTheRoleWaitsForWithATimestampUntilItStopsWaiting() throws Exception
    {
        final AtomicReference<String> waitingFor = new AtomicReference<>("gateway 1 is JOINING: it waits for replicas");
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (WaitReporter ignored = new WaitReporter("gateway", 20, waitingFor::get))
        {
            waitUntil(() -> captured.toString(StandardCharsets.UTF_8).lines().count() >= 2);
            waitingFor.set(null);
            Thread.sleep(100); // a look or two after it stopped waiting
            final long linesWhenDone = captured.toString(StandardCharsets.UTF_8).lines().count();
            Thread.sleep(100);
            assertEquals(linesWhenDone, captured.toString(StandardCharsets.UTF_8).lines().count(), "quiet once done");
        }
        finally
        {
            System.setErr(err);
        }
        final List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.size() >= 2, "a line every interval: " + lines);
        for (final String line : lines)
        {
            assertTrue(LINE.matcher(line).matches(), line);
        }
    }

    private static void waitUntil(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadlineNs, "in time");
            Thread.sleep(10);
        }
    }
}
