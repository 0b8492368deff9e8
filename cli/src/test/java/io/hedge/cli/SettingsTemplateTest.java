package io.hedge.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hedge settings --properties}, {@code hedge --version}, and the {@code aeron.*} keys a properties file may give
 * the media driver.
 */
class SettingsTemplateTest
{
    private Path file;

    @AfterEach
    void delete() throws IOException
    {
        if (null != file)
        {
            Files.deleteIfExists(file);
        }
        System.clearProperty("aeron.term.buffer.length");
    }

    private static String run(final String... args)
    {
        final StringWriter text = new StringWriter();
        final CommandLine commandLine = HedgeCommand.commandLine();
        commandLine.setOut(new PrintWriter(text, true));
        assertEquals(0, commandLine.execute(args), text.toString());
        return text.toString();
    }

    @Test
    void theTemplateGivesEveryKeyItsDefaultWithItsDocAboveIt() throws IOException
    {
        final String template = run("settings", "--properties");
        final List<String> lines = template.lines().toList();
        for (final Map.Entry<String, String[]> key : HedgeConfig.KEYS.entrySet())
        {
            final int at = lines.indexOf(key.getKey() + "=" + key.getValue()[0]);
            assertTrue(at > 0, key.getKey() + " in the template");
            assertEquals("# " + key.getValue()[1], lines.get(at - 1), "the doc above " + key.getKey());
        }

        file = Files.createTempFile(Path.of(System.getProperty("hedge.test.dir", "target")).toAbsolutePath()
            .getParent(), "template-", ".properties");
        Files.writeString(file, template);
        final HedgeConfig loaded = HedgeConfig.load(file, Map.of());
        HedgeConfig.KEYS.forEach((key, value) -> assertEquals(value[0], loaded.get(key), key));
    }

    @Test
    void versionIsTheProjectVersion()
    {
        final String version = run("--version").lines().findFirst().orElse("");
        assertTrue(version.matches("hedge \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version);
    }

    @Test
    void aeronKeysGoToTheMediaDriverAndToChildProcesses() throws IOException
    {
        final HedgeConfig config = HedgeConfig.load(null, Map.of("aeron.term.buffer.length", "131072"));
        assertEquals(Map.of("aeron.term.buffer.length", "131072"), config.aeronProperties());

        config.applyAeronProperties();
        assertEquals("131072", System.getProperty("aeron.term.buffer.length"));

        file = Files.createTempFile(Path.of(System.getProperty("hedge.test.dir", "target")).toAbsolutePath()
            .getParent(), "stored-", ".properties");
        config.store(file);
        final Properties stored = new Properties();
        try (var reader = Files.newBufferedReader(file))
        {
            stored.load(reader);
        }
        assertEquals("131072", stored.getProperty("aeron.term.buffer.length"), "a role process gets it too");
    }

    @Test
    void aeronsIdleStrategyNamesAreAcceptedByTheIdleKey()
    {
        final Map<String, Class<?>> expected = Map.of(
            "noop", org.agrona.concurrent.NoOpIdleStrategy.class,
            "spin", org.agrona.concurrent.BusySpinIdleStrategy.class,
            "sleep-ns", org.agrona.concurrent.SleepingIdleStrategy.class,
            "sleep-ms", org.agrona.concurrent.SleepingMillisIdleStrategy.class,
            "org.agrona.concurrent.YieldingIdleStrategy", org.agrona.concurrent.YieldingIdleStrategy.class);
        expected.forEach((name, type) -> assertEquals(type,
            HedgeConfig.defaults().set("idle", name, "test").idleStrategy().get().getClass(), name));
    }
}
