package io.hedge.cli;

import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo seals member messages with a fresh key unless told not to; {@code --no-member-key} exists to measure what
 * sealing costs, and leaves no key behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoCommandTest
{
    private final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
        "demo-" + System.nanoTime()).toAbsolutePath();

    @AfterEach
    void removeTheWorkingDirectories()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    private int demo(final Path work, final String... extra)
    {
        final String[] args = new String[9 + extra.length];
        final String[] fixed = {"demo", "--rate", "500", "--duration", "2", "--warmup", "1", "--dir", work.toString()};
        System.arraycopy(fixed, 0, args, 0, fixed.length);
        System.arraycopy(extra, 0, args, fixed.length, extra.length);
        final CommandLine commandLine = HedgeCommand.commandLine();
        final StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(out));
        final int exitCode = commandLine.execute(args);
        System.out.println(out);
        return exitCode;
    }

    @Test
    void theDemoSealsWithAFreshKeyUnlessToldNotTo() throws Exception
    {
        final Path sealed = dir.resolve("sealed");
        assertEquals(0, demo(sealed));
        final Path key = sealed.resolve("member.key");
        assertTrue(Files.isRegularFile(key), "a fresh key in " + sealed);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        final Path open = dir.resolve("open");
        assertEquals(0, demo(open, "--no-member-key"));
        assertFalse(Files.exists(open.resolve("member.key")), "no key without member authentication");
    }
}
