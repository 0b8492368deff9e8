package io.hedge.cli;

import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * hedge fix: its help, and one line with exit code 2 for a config that is missing or wrong, before anything starts.
 */
class FixCommandTest
{
    private final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
        "fix-command-" + System.nanoTime());
    private String out;
    private String err;

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

    private void assertOneLine(final String expected)
    {
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(expected), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void helpNamesTheConfigAndTheDocs()
    {
        assertEquals(0, run("fix", "--help"));
        assertTrue(out.contains("--config=FILE"), out);
        assertTrue(out.contains("docs/FIX.md"), out);
    }

    @Test
    void withoutAConfigItSaysWhatIsMissing()
    {
        assertEquals(2, run("fix"));
        assertOneLine("Missing required option: '--config=FILE'");
    }

    @Test
    void aMissingConfigFileIsOneLine()
    {
        assertEquals(2, run("fix", "--config", dir.resolve("nope.properties").toString()));
        assertOneLine("hedge fix: FIX config file " + dir.resolve("nope.properties") + " does not exist");
    }

    @Test
    void aBadConfigNamesTheKey() throws Exception
    {
        Files.createDirectories(dir);
        final Path config = dir.resolve("fix.properties");
        Files.writeString(config, "fix.settings=sessions.cfg\nsymbol.ACME=one\naccount.A=1\nsession.C=7\n");
        assertEquals(2, run("fix", "--config", config.toString()));
        assertOneLine("hedge fix: setting 'symbol.ACME' = 'one': not a whole number");

        Files.writeString(config, "fix.settings=sessions.cfg\nsymbol.ACME=1\naccount.A=1\nsession.C=7\n");
        assertEquals(2, run("fix", "--config", config.toString()));
        assertOneLine("hedge fix: setting 'fix.settings': QuickFIX/J session settings file " +
            dir.toAbsolutePath().resolve("sessions.cfg") + " does not exist");

        Files.writeString(dir.resolve("sessions.cfg"), "[DEFAULT]\nConnectionType=acceptor\nBeginString=FIX.4.4\n" +
            "SenderCompID=HEDGE\n[SESSION]\nTargetCompID=STRANGER\n");
        assertEquals(2, run("fix", "--config", config.toString()));
        assertOneLine("hedge fix: FIX session FIX.4.4:HEDGE->STRANGER has no client id: add a line session.STRANGER=CLIENT_ID");
    }
}
