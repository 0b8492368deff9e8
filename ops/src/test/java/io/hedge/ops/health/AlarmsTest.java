package io.hedge.ops.health;

import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.RoleKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raising and clearing an alarm: counted, one log line each (slf4j-simple writes them to System.err, captured here),
 * and the hook run off the caller's thread with the right arguments.
 */
class AlarmsTest
{
    private static final Pattern RAISED = Pattern.compile("AlarmBook - alarm \\d+ raised: ");
    private static final Pattern CLEARED = Pattern.compile("AlarmBook - alarm \\d+ cleared: ");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Path dir;

    @BeforeEach
    void captureLog() throws IOException
    {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        dir = Files.createDirectories(Path.of("target", "alarms-test-" + System.nanoTime()));
    }

    @AfterEach
    void restoreLog()
    {
        System.setErr(originalErr);
        System.err.print(captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void raiseAndClearAreCountedLoggedOnceAndRunTheHook() throws Exception
    {
        final Path calls = dir.resolve("calls.txt");
        final Path script = dir.resolve("hook.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s|' \"$@\" >> \"" + calls.toAbsolutePath() + "\"\necho >> \"" +
            calls.toAbsolutePath() + "\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        final HealthPolicy policy = HealthPolicy.parse(Map.of(HealthConfiguration.ALARM_HOOK.key(),
            script.toAbsolutePath().toString())::get);

        try (HealthMonitor monitor = new HealthMonitor(policy, 1, List.of("A", "B", "C")))
        {
            final SimulatedFabric fabric = new SimulatedFabric(monitor, 3);
            for (int s = 0; s < 5; s++)
            {
                fabric.second();
            }
            fabric.reporting[2] = false;
            for (int s = 0; s < 5; s++)
            {
                fabric.second();
            }
            assertEquals(Health.DOWN, monitor.health(RoleKind.REPLICA, 2));
            assertEquals(1, monitor.alarmsRaised());
            assertEquals(1, count(RAISED), "one log line for the raise:\n" + log());
            assertEquals(0, count(CLEARED));

            fabric.reporting[2] = true;
            for (int s = 0; s < 20; s++)
            {
                fabric.second();
            }
            assertEquals(Health.UP, monitor.health(RoleKind.REPLICA, 2));
            assertEquals(1, monitor.alarmsRaised());
            assertEquals(1, monitor.alarmsCleared());
            assertEquals(1, count(RAISED), log());
            assertEquals(1, count(CLEARED), "one log line for the clear:\n" + log());
            assertTrue(log().contains("alarm 1 raised: replica 2 (B) DOWN (DOWN): no report for"), log());

            final List<String> lines = awaitLines(calls, 2);
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("raised|DOWN|replica-2|DOWN|no report for "), lines.get(0));
            assertTrue(lines.get(1).startsWith("cleared|DOWN|replica-2|DOWN|condition gone for "), lines.get(1));
            awaitRuns(monitor, 2); // the script has written its line; its thread may not have seen it exit yet
            assertEquals(2, monitor.hookRuns());
            assertEquals(0, monitor.hookFailures());
        }
    }

    @Test
    void failingHookIsLoggedOnceAndNeverHoldsUpTheMonitor() throws Exception
    {
        final HealthPolicy policy = HealthPolicy.parse(Map.of(HealthConfiguration.ALARM_HOOK.key(),
            dir.resolve("no-such-hook").toAbsolutePath() + " --flag")::get);
        try (HealthMonitor monitor = new HealthMonitor(policy, 1, List.of("A", "B")))
        {
            monitor.poll(0);
            final long startNs = System.nanoTime();
            monitor.poll(policy.downMs()); // both replicas and the gateway never reported: three alarms
            assertTrue(System.nanoTime() - startNs < 1_000_000_000L, "poll did not wait for the hook");
            assertEquals(3, monitor.alarmsRaised());
            awaitRuns(monitor, 3);
            assertEquals(3, monitor.hookFailures());
            assertEquals(1, count(Pattern.compile("health.alarm.hook .* failed: ")), log());
        }
    }

    private static void awaitRuns(final HealthMonitor monitor, final long runs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (monitor.hookRuns() < runs && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
    }

    private String log()
    {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private long count(final Pattern pattern)
    {
        return log().lines().filter(line -> pattern.matcher(line).find()).count();
    }

    private static List<String> awaitLines(final Path file, final int lines) throws Exception
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(file) && Files.readAllLines(file).size() >= lines)
            {
                break;
            }
            Thread.sleep(20);
        }
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
