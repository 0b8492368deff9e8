package io.hedge.chaos;

import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sick-process fault injector on a real child process: it is stopped for the pause every period, and runs on once
 * the pauser closes.
 */
class PauserTest
{
    private static final Pattern SUMMARY =
        Pattern.compile("(\\d+) pauses \\(SIGSTOP \\.\\. SIGCONT\\) of ([0-9.]+) ms on average");
    private static final Pattern TICK = Pattern.compile("tick (\\d+) at (\\d+)");

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aSickProcessIsStoppedEveryPeriodAndRunsOnOnceThePauserCloses() throws Exception
    {
        final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("pauser-" + System.nanoTime()).toAbsolutePath();
        final RoleProcess ticker =
            RoleProcess.start("ticker", Ticker.class.getName(), List.of(), dir.resolve("ticker.log"));
        try
        {
            ticker.awaitOutput("tick 5 at", 60, TimeUnit.SECONDS);
            final Pauser pauser = Pauser.start(ticker, 300, 500);
            try
            {
                Thread.sleep(1_700);
            }
            finally
            {
                pauser.close();
            }

            // pauses at 0.5, 1.0 and 1.5 s; a late thread on a busy machine may miss the last
            final Matcher summary = SUMMARY.matcher(pauser.summary());
            assertTrue(summary.matches(), pauser.summary());
            final int pauses = Integer.parseInt(summary.group(1));
            final double averageMs = Double.parseDouble(summary.group(2));
            assertTrue(pauses >= 2 && pauses <= 3, pauser.summary());
            assertTrue(averageMs >= 300 && averageMs < 1_000, pauser.summary());

            // the child felt it: a silence of most of a pause between two ticks
            long lastTick = 0;
            long lastAtMs = 0;
            long longestGapMs = 0;
            final Matcher tick = TICK.matcher(ticker.output());
            while (tick.find())
            {
                final long atMs = Long.parseLong(tick.group(2));
                if (0 != lastTick)
                {
                    longestGapMs = Math.max(longestGapMs, atMs - lastAtMs);
                }
                lastTick = Long.parseLong(tick.group(1));
                lastAtMs = atMs;
            }
            assertTrue(longestGapMs >= 250, "longest gap between ticks " + longestGapMs + " ms");

            // and it runs on: closing resumed it
            ticker.awaitOutput("tick " + (lastTick + 20) + " at", 30, TimeUnit.SECONDS);
            assertTrue(ticker.isAlive());
        }
        finally
        {
            ticker.resume();
            ticker.kill();
            IoUtil.delete(dir.toFile(), true);
        }
    }
}
