package io.hedge.cli;

import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mistakes a new user makes with the hedge command, each answered by one line on stderr and exit code 2 (1 where a
 * check fails, as journal verify on what is not a journal), with no stack trace unless {@code hedge --verbose}; the
 * list with the output before this was checked is in docs/ERRORS.md.
 */
class BadInputTest
{
    private Path dir;
    private String out;
    private String err;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("bad-input-" + info.getTestMethod().map(m -> m.getName()).orElse("test") + "-" + System.nanoTime());
        Files.createDirectories(dir);
    }

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    private int run(final String... args)
    {
        final StringWriter outText = new StringWriter();
        final StringWriter errText = new StringWriter();
        final CommandLine commandLine = HedgeCommand.commandLine();
        commandLine.setOut(new PrintWriter(outText, true));
        commandLine.setErr(new PrintWriter(errText, true));
        final int exitCode = commandLine.execute(args);
        out = outText.toString();
        err = errText.toString();
        return exitCode;
    }

    /** Runs a command line and checks its one line, its exit code and that no stack trace came with it. */
    private void assertOneLine(final int exitCode, final String line, final String... args)
    {
        assertEquals(exitCode, run(args), err);
        assertEquals(List.of(line), err.lines().toList(), "one line on stderr");
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    private String workDir()
    {
        return "hedge.dir=" + dir.resolve("work");
    }

    @Test
    void portsOutOfRangeNameTheirKey()
    {
        assertOneLine(2, "hedge gateway: setting 'ingress.port' must be a UDP port between 1 and 65535, got 70000",
            "gateway", "--set", workDir(), "--set", "ingress.port=70000");
        assertOneLine(2, "hedge replica: setting 'sequenced.port' must be a UDP port between 1 and 65535, got -1",
            "replica", "--site", "A", "--set", workDir(), "--set", "sequenced.port=-1");
        assertOneLine(2, "hedge gateway: setting 'responses.port': gateway 2's port would be 65540 (responses.port " +
            "65530 + gateway.port.stride 10 x 1), outside 1..65535", "gateway", "--set", workDir(),
            "--set", "responses.port=65530", "--set", "gateway.count=2", "--set", "gateway.id=2");
    }

    @Test
    void anUnresolvableHostIsNamedBeforeAnythingStarts()
    {
        assertOneLine(2, "hedge gateway: setting 'gateway.host': cannot resolve the host 'no.such.host.invalid' to " +
            "an address", "gateway", "--set", workDir(), "--set", "gateway.host=no.such.host.invalid");
    }

    @Test
    void aWorkingDirectoryThatIsAFileIsRefused() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertOneLine(2, "hedge gateway: setting 'hedge.dir': " + file + " is a file, not a directory",
            "gateway", "--set", "hedge.dir=" + file);
    }

    @Test
    void anExternalDriverThatIsNotRunningIsNamed() throws IOException
    {
        final Path aeronDir = Files.createDirectories(dir.resolve("no-driver"));
        assertOneLine(2, "hedge gateway: driver=external, but no media driver is running at aeron.dir=" + aeronDir +
            " (start one there with 'hedge driver', or use driver=embedded)", "gateway", "--set", workDir(), "--set",
            "driver=external", "--set", "aeron.dir=" + aeronDir);
    }

    @Test
    void aMissingConfigFileOrAnUnknownKeyIsNamed()
    {
        final Path missing = dir.resolve("missing.properties");
        assertOneLine(2, "hedge gateway: cannot read configuration file " + missing + ": no such file",
            "gateway", "--config", missing.toString());
        assertOneLine(2, "hedge gateway: unknown setting 'no.such.key' in the command line; known settings: " +
            String.join(", ", HedgeConfig.KEYS.keySet()) + ", aeron.* properties for the media driver and app.* settings for the state machine",
            "gateway", "--set", "no.such.key=1");
        assertOneLine(2, "hedge gateway: setting 'idle' must be backoff, yield, busy or sleep:MICROS, or one of " +
            "Aeron's names (noop, spin, sleep-ns, sleep-ms or an org.agrona.concurrent idle strategy class), got 'fast'",
            "gateway", "--set", workDir(), "--set", "idle=fast");
    }

    @Test
    void badOptionsAndCommandsSayWhereTheHelpIs()
    {
        assertOneLine(2, "hedge demo: Invalid value for option '--rate': 'abc' is not an int (see 'hedge demo --help')",
            "demo", "--rate", "abc");
        assertOneLine(2, "hedge replica: Missing required option: '--site=SITE' (see 'hedge replica --help')",
            "replica");
        assertOneLine(2, "hedge: Unmatched argument at index 0: 'nosuchcommand' (see 'hedge --help')", "nosuchcommand");
    }

    @Test
    void aConfigErrorFoundAfterTheMediaDriverStartedLeavesNothingInItsDirectory() throws IOException
    {
        final Path aeronRoot = dir.resolve("shm");
        assertOneLine(2, "hedge gateway: gateway.ingress.channel is not a valid Aeron channel: " +
            "'aeron:udp?endpoint=localhost' (endpoint must be host:port, got 'localhost')", "gateway",
            "--set", workDir(), "--set", "aeron.root=" + aeronRoot,
            "--set", "gateway.ingress.channel=aeron:udp?endpoint=localhost");
        assertEquals(List.of(), filesBelow(aeronRoot), "the media driver's files are gone");

        assertOneLine(2, "hedge gateway: durability must be 'majority', 'first' or 'quorum:K', got 'most'",
            "gateway", "--set", workDir(), "--set", "aeron.root=" + aeronRoot,
            "--set", "gateway.durability=most");
        assertEquals(List.of(), filesBelow(aeronRoot), "the media driver's files are gone");
    }

    private static List<Path> filesBelow(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void verboseAddsTheStackTraceAfterTheSameLine()
    {
        assertEquals(2, run("--verbose", "gateway", "--set", workDir(), "--set", "ingress.port=70000"));
        assertEquals("hedge gateway: setting 'ingress.port' must be a UDP port between 1 and 65535, got 70000",
            err.lines().findFirst().orElse(""));
        assertTrue(err.contains("\tat io.hedge.cli.HedgeConfig.port("), err);
    }

    @Test
    void dumpAndReplayRefuseADirectoryThatIsNotAJournalAndWriteNothingIntoIt() throws IOException
    {
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLine(2, "hedge journal dump: " + empty + " is not a journal: it holds no Chronicle Queue files " +
            "(*.cq4, *.cq4t); a journal is a directory such as hedge-work/replica-A/journal",
            "journal", "dump", empty.toString());
        final Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("readme.txt"), "not a journal");
        assertOneLine(2, "hedge journal replay: " + other + " is not a journal: it holds no Chronicle Queue files " +
            "(*.cq4, *.cq4t); a journal is a directory such as hedge-work/replica-A/journal",
            "journal", "replay", other.toString());
        assertEquals(List.of(), filesBelow(empty), "nothing written into " + empty);
        assertEquals(List.of(other.resolve("readme.txt")), filesBelow(other), "nothing written into " + other);

        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertOneLine(2, "hedge journal dump: " + file + " is a file, not a journal directory",
            "journal", "dump", file.toString());
    }

    @Test
    void verifyFailsOnADirectoryThatIsNotAJournal() throws IOException
    {
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(1, run("journal", "verify", empty.toString()), err);
        assertEquals(List.of("hedge journal verify: " + empty + " is not a journal: it holds no Chronicle Queue " +
            "files (*.cq4, *.cq4t); a journal is a directory such as hedge-work/replica-A/journal", "FAILED"),
            err.lines().toList());
        assertEquals("", out, "no OK");
        assertEquals(List.of(), filesBelow(empty), "nothing written into " + empty);
    }
}
