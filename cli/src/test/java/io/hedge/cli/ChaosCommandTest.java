package io.hedge.cli;

import io.hedge.chaos.RoleProcess;
import io.hedge.chaos.check.Checks;
import io.hedge.chaos.nemesis.FaultKind;
import io.hedge.chaos.net.Netns;
import io.hedge.transport.AeronDirs;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short {@code hedge chaos} run of the default test run (issue 10, point 6): a minute with a fixed seed and one
 * fault of each kind, {@code hedge chaos} as a process of its own, as root (skipped otherwise). It must complete,
 * report a verdict for every checker, have injected every kind of fault, and leave nothing behind: no namespace
 * with its prefix, no process, no mount, no Aeron directory. Whether today's protocol passes every checker is not
 * asserted (it is known to lose acknowledged requests under partitions: the protocol issue fixes that); the
 * checkers that hold whatever the protocol does are: (d) the bank, since the engine refuses overdrafts and a
 * transfer conserves cash however often it runs, and (e) completion, since the SDK resolves every submit with an
 * answer or a queried outcome.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ChaosCommandTest
{
    private static final long SEED = 20261130L;
    private static final List<String> CHECKERS =
        List.of("acknowledged", "exactly-once", "convergence", "bank", "completion", "effects", "availability");

    @Test
    void aShortRunWithOneFaultOfEachKindReportsEveryCheckerAndLeavesNothingBehind() throws Exception
    {
        Assumptions.assumeTrue(Netns.isRoot(), "skipped: needs root (" + Netns.notRootMessage() + ")");
        final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
            "chaos-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir);
        final RoleProcess chaos = RoleProcess.start("hedge-chaos", HedgeCommand.class.getName(),
            List.of("chaos", "--seed", Long.toString(SEED), "--duration", "60", "--one-of-each", "--clients", "3",
                "--rate", "30", "--dir", dir.toString()), dir.resolve("hedge-chaos.log"));
        String prefix = null;
        try
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
            while (chaos.isAlive() && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(200);
            }
            final String output = chaos.output();
            System.out.println(output);
            prefix = prefixOf(output);
            assertFalse(chaos.isAlive(), "hedge chaos did not finish within 200 s:\n" + output);
            final int exitCode = chaos.stop();
            assertNotNull(prefix, "the run names its directory and prefix:\n" + output);
            assertTrue(output.contains("seed " + SEED), "the seed is printed:\n" + output);

            // the run completed and reported every checker with a verdict; exit 0 exactly when all passed
            assertEquals(CHECKERS.size(), Checks.all().size(), "a checker was added: list it here");
            for (final String checker : CHECKERS)
            {
                assertTrue(Pattern.compile("(?m)^  (PASS|FAIL) " + Pattern.quote(checker) + " ").matcher(output).find(),
                    "no verdict for " + checker + ":\n" + output);
            }
            final boolean passed = output.contains("hedge chaos: PASS");
            assertTrue(passed || output.contains("hedge chaos: FAIL"), output);
            assertEquals(passed ? 0 : 1, exitCode, output);
            final Path runDir = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("run-"))
                .findFirst().orElseThrow();
            assertTrue(Files.readString(runDir.resolve("summary.txt")).contains("PASS bank"), "summary.txt");

            // the checker that holds whatever the protocol does: replaying any journal conserves cash. Completion is
            // reported, not asserted: a full disk on the active gateway can leave today's protocol without a leader
            // until the run ends (docs/CHAOS.md, finding 4), and then submits stay unresolved
            assertTrue(output.contains("  PASS bank "), output);

            // every kind of fault was injected, once
            final Matcher injected = Pattern.compile("faults injected by kind: (.*)").matcher(output);
            assertTrue(injected.find(), output);
            for (final FaultKind kind : FaultKind.values())
            {
                assertTrue(injected.group(1).contains(kind.label() + " 1"), kind.label() + " not injected:\n" + output);
            }

            // nothing left behind
            final String runPrefix = prefix;
            assertEquals(List.of(), Netns.list().stream().filter(n -> n.startsWith(runPrefix)).toList());
            assertEquals(List.of(), mountsUnder(dir));
            assertEquals(List.of(), processesNaming(dir));
            assertFalse(Files.exists(AeronDirs.rootFor(runDir.resolve("fabric"))), "Aeron directories remain");
            assertTrue(Files.isDirectory(runDir.resolve("journals").resolve("replica-A")), "journals kept");
            assertTrue(Files.exists(runDir.resolve("nemesis.log")), "nemesis log kept");
        }
        finally
        {
            chaos.stop();
            if (null != prefix)
            {
                Netns.removeLeftovers(prefix);
            }
            for (final String mount : mountsUnder(dir))
            {
                new ProcessBuilder("umount", "-l", mount).start().waitFor(10, TimeUnit.SECONDS);
            }
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private static String prefixOf(final String output)
    {
        final Matcher m = Pattern.compile("run-" + SEED + "-(hx[0-9a-f]+)").matcher(output);
        return m.find() ? m.group(1) : null;
    }

    private static List<String> mountsUnder(final Path dir) throws IOException
    {
        final List<String> mounts = new ArrayList<>();
        for (final String line : Files.readAllLines(Path.of("/proc/mounts")))
        {
            final String[] fields = line.split(" ");
            if (fields.length > 1 && fields[1].startsWith(dir.toString()))
            {
                mounts.add(fields[1]);
            }
        }
        return mounts;
    }

    /**
     * @return the processes whose command line names the directory (every role is started with files in it).
     */
    private static List<String> processesNaming(final Path dir) throws IOException
    {
        final List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc")))
        {
            for (final Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList())
            {
                try
                {
                    final String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")),
                        StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmdline.contains(dir.toString()) && !cmdline.contains("surefire"))
                    {
                        found.add(proc.getFileName() + ": " + cmdline);
                    }
                }
                catch (final IOException gone)
                {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
