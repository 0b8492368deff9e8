package io.hedge.cli;

import io.hedge.chaos.RoleProcess;
import io.hedge.chaos.check.Checks;
import io.hedge.chaos.net.Netns;
import io.hedge.transport.AeronDirs;
import org.agrona.IoUtil;

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
 * One {@code hedge chaos} run as a process of its own, for the tests that hold a seed to its verdict: it runs the
 * command, prints its output, checks that every checker reported and that nothing was left behind, and removes what
 * the run made even when the run or an assertion fails.
 */
final class ChaosRunFixture implements AutoCloseable
{
    static final List<String> CHECKERS =
        List.of("acknowledged", "exactly-once", "convergence", "bank", "completion", "effects", "availability");

    private final long seed;
    private final Path dir;
    private final RoleProcess chaos;
    private String output = "";
    private String prefix;
    private int exitCode = -1;

    private ChaosRunFixture(final long seed, final Path dir, final RoleProcess chaos)
    {
        this.seed = seed;
        this.dir = dir;
        this.chaos = chaos;
    }

    /**
     * Start {@code hedge chaos --seed seed} with these further arguments, in a directory of its own under target/.
     */
    static ChaosRunFixture start(final long seed, final String... arguments) throws IOException
    {
        final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
            "chaos-" + seed + "-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir);
        final List<String> args = new ArrayList<>(List.of("chaos", "--seed", Long.toString(seed)));
        args.addAll(List.of(arguments));
        args.addAll(List.of("--dir", dir.toString()));
        return new ChaosRunFixture(seed, dir,
            RoleProcess.start("hedge-chaos", HedgeCommand.class.getName(), args, dir.resolve("hedge-chaos.log")));
    }

    /**
     * Wait for the run to end and check what every run must show, whatever its verdict.
     *
     * @return the run's output.
     */
    String awaitReport(final long timeoutSeconds) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (chaos.isAlive() && System.nanoTime() - deadlineNs < 0)
        {
            Thread.sleep(200);
        }
        output = chaos.output();
        System.out.println(output);
        final Matcher m = Pattern.compile("run-" + seed + "-(hx[0-9a-f]+)").matcher(output);
        prefix = m.find() ? m.group(1) : null;
        assertFalse(chaos.isAlive(), "hedge chaos did not finish within " + timeoutSeconds + " s:\n" + output);
        exitCode = chaos.stop();
        assertNotNull(prefix, "the run names its directory and prefix:\n" + output);
        assertTrue(output.contains("seed " + seed), "the seed is printed:\n" + output);
        assertEquals(CHECKERS.size(), Checks.all().size(), "a checker was added: list it here");
        for (final String checker : CHECKERS)
        {
            assertTrue(Pattern.compile("(?m)^  (PASS|FAIL) " + Pattern.quote(checker) + " ").matcher(output).find(),
                "no verdict for " + checker + ":\n" + output);
        }
        if (output.contains("forge window"))
        {
            assertTrue(Pattern.compile("(?m)^  (PASS|FAIL) forgeries ").matcher(output).find(),
                "no verdict for forgeries:\n" + output);
        }
        final boolean passed = output.contains("hedge chaos: PASS");
        assertTrue(passed || output.contains("hedge chaos: FAIL"), output);
        assertEquals(passed ? 0 : 1, exitCode, output);
        return output;
    }

    /** The checkers of what the fabric must never do, whatever the faults and however slow it is to recover. */
    static final List<String> SAFETY =
        List.of("acknowledged", "exactly-once", "convergence", "bank", "completion", "effects");

    /**
     * Every safety checker passed (the availability bound is reported, and judged by the long runs).
     */
    void assertEverySafetyCheckerPassed()
    {
        // with the forge nemesis: every forgery counted as refused where it arrived
        assertFalse(output.contains("  FAIL forgeries "), "forgeries failed for seed " + seed + ":\n" + output);
        for (final String checker : SAFETY)
        {
            assertTrue(output.contains("  PASS " + checker + " "), checker + " failed for seed " + seed + ":\n" + output);
        }
    }

    /**
     * Every checker passed: the verdict line and the summary file agree.
     */
    void assertEveryCheckerPassed() throws IOException
    {
        for (final String checker : CHECKERS)
        {
            assertTrue(output.contains("  PASS " + checker + " "), checker + " failed for seed " + seed + ":\n" + output);
        }
        assertTrue(output.contains("hedge chaos: PASS"), output);
        assertTrue(Files.readString(runDir().resolve("summary.txt")).contains("PASS acknowledged"), "summary.txt");
        assertEquals(0, exitCode, output);
    }

    /**
     * Nothing the run made is left: no namespace with its prefix, no mount, no process, no Aeron directory; its
     * journals and nemesis log are kept for the post-mortem.
     */
    void assertNothingLeftBehind() throws IOException
    {
        final Path runDir = runDir();
        final String runPrefix = prefix;
        assertEquals(List.of(), Netns.list().stream().filter(n -> n.startsWith(runPrefix)).toList());
        assertEquals(List.of(), mountsUnder(dir));
        assertEquals(List.of(), processesNaming(dir));
        assertFalse(Files.exists(AeronDirs.rootFor(runDir.resolve("fabric"))), "Aeron directories remain");
        assertTrue(Files.isDirectory(runDir.resolve("journals").resolve("replica-A")), "journals kept");
        assertTrue(Files.exists(runDir.resolve("nemesis.log")), "nemesis log kept");
    }

    Path runDir() throws IOException
    {
        try (Stream<Path> runs = Files.list(dir))
        {
            return runs.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
        }
    }

    @Override
    public void close() throws Exception
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
