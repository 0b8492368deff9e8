package io.hedge.cli;

import io.hedge.transport.AeronDirs;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hedge bench compare} end to end, very short: Hedge in four processes (with a second durability, and with
 * one shared media driver), then a three-node Aeron Cluster in three, then the floor's pong in one (and on one
 * shared driver), all driven at 500 requests/s for 2 s after a 1 s warm-up.
 */
class BenchCompareTest
{
    private Path dir;

    @BeforeEach
    void createDirectory() throws Exception
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work")).resolve("bench-compare");
        IoUtil.delete(dir.toFile(), true);
        Files.createDirectories(dir);
    }

    @AfterEach
    void killChildrenAndDelete()
    {
        // the command stops what it started; anything left over (a failed assertion, a timeout) goes here
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        ProcessHandle.current().descendants().forEach(p -> p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void bothSystemsASecondDurabilityOneSharedDriverAndTheFloorAnswerEveryRequestAndRatiosArePrinted()
        throws Exception
    {
        final StringWriter text = new StringWriter();
        final CommandLine commandLine = HedgeCommand.commandLine();
        commandLine.setOut(new PrintWriter(text, true));
        final int exit = commandLine.execute(
            "bench", "compare", "--rates", "500", "--duration", "2", "--warmup", "1", "--also-durability", "first",
            "--shared-driver", "--shared-driver-threading", "SHARED_NETWORK", "--dir", dir.toString());
        final String out = text.toString();

        assertEquals(0, exit, out);
        assertTrue(Pattern.compile("Hedge 500/s: .*sent 1,500 answered 1,500 not OK 0 unanswered 0;.*" +
            "replicas converged at seq 1501 .* -> OK").matcher(out).find(), out); // 1,500 requests after the term's first entry
        assertTrue(Pattern.compile("Aeron Cluster 500/s: .*sent 1,500 echoed 1,500 wrong or duplicate 0 " +
            "unanswered 0;.* -> OK").matcher(out).find(), out);
        assertTrue(Pattern.compile("Hedge first 500/s: .*sent 1,500 answered 1,500 not OK 0 unanswered 0;.*" +
            "replicas converged at seq 1501 .* -> OK").matcher(out).find(), out); // 1,500 requests after the term's first entry
        assertTrue(Pattern.compile("Hedge 1 driver 500/s: .*sent 1,500 answered 1,500 not OK 0 unanswered 0;.*" +
            "replicas converged at seq 1501 .* -> OK").matcher(out).find(), out);
        assertTrue(Pattern.compile("Aeron floor 500/s: .*sent 1,500 echoed 1,500 wrong or duplicate 0 " +
            "unanswered 0;.* -> OK").matcher(out).find(), out);
        assertTrue(Pattern.compile("Hedge 1 driver(\\s+\\d+\\.\\d+){5}\\s+1,000  all answered, correct")
            .matcher(out).find(), out);
        assertTrue(Pattern.compile("Aeron floor(\\s+\\d+\\.\\d+){5}\\s+1,000  all answered, correct")
            .matcher(out).find(), out);
        assertTrue(Pattern.compile("floor 1 driver 500/s: .*sent 1,500 echoed 1,500 wrong or duplicate 0 " +
            "unanswered 0;.* -> OK").matcher(out).find(), out);
        assertTrue(Pattern.compile("floor 1 driver(\\s+\\d+\\.\\d+){5}\\s+1,000  all answered, correct")
            .matcher(out).find(), out);
        assertTrue(Pattern.compile("Hedge/Cluster(\\s+\\d+\\.\\d+){5}\\n  Hedge/floor(\\s+\\d+\\.\\d+){5}")
            .matcher(out).find(), out);
        assertTrue(Pattern.compile("1 driver/Hedge(\\s+\\d+\\.\\d+){5}").matcher(out).find(), out);
        assertTrue(Pattern.compile("1 driver/floor(\\s+\\d+\\.\\d+){5}").matcher(out).find(), out);
        assertTrue(Pattern.compile("Hedge/first(\\s+\\d+\\.\\d+){5}").matcher(out).find(), out);
        assertTrue(out.contains("result: PASS"), out);
        assertTrue(Files.isRegularFile(dir.resolve("hedge-500.hlog")), out);
        assertTrue(Files.isRegularFile(dir.resolve("aeron-cluster-500.hlog")), out);
        assertTrue(Files.isRegularFile(dir.resolve("hedge-first-500.hlog")), out);
        assertTrue(Files.isRegularFile(dir.resolve("hedge-1-driver-500.hlog")), out);
        assertTrue(Files.isRegularFile(dir.resolve("aeron-floor-500.hlog")), out);
        assertTrue(Files.isRegularFile(dir.resolve("aeron-floor-1-driver-500.hlog")), out);
        assertFalse(Files.exists(AeronDirs.rootFor(dir.resolve("aeron-floor-1-driver"))), "its shared driver too");
        assertFalse(Files.exists(AeronDirs.rootFor(dir.resolve("hedge-1-driver"))), "the shared driver was stopped");
        assertTrue(Files.readString(dir.resolve("hedge-1-driver").resolve("driver.log"))
            .contains("SHARED_NETWORK threading"), "the shared driver ran in the threading mode asked for");
    }

    @Test
    void aVariantWithAnUnknownOrMalformedOrRepeatedSettingIsRefusedBeforeAnythingStarts()
    {
        assertRefused("--also-set: unknown setting 'gateway.no.such'", "--also-set", "gateway.no.such=1");
        assertRefused("--also-set takes KEY=VALUE, got 'idle'", "--also-set", "idle");
        assertRefused("'gateway.durability' is given twice", "--also-durability", "first",
            "--also-set", "gateway.durability=majority");
        assertRefused("quorum", "--also-durability", "quorum:0");
        assertRefused("--shared-driver-threading must be SHARED, SHARED_NETWORK or DEDICATED, got 'FAST'",
            "--shared-driver", "--shared-driver-threading", "FAST");
    }

    private void assertRefused(final String expected, final String... options)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = HedgeCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final String[] args = new String[options.length + 4];
        args[0] = "bench";
        args[1] = "compare";
        args[2] = "--dir";
        args[3] = dir.toString();
        System.arraycopy(options, 0, args, 4, options.length);

        assertEquals(2, commandLine.execute(args), err.toString());
        assertTrue(err.toString().contains(expected), err.toString());
        assertEquals("", out.toString(), "nothing ran");
    }
}
