package io.hedge.cli;

import io.hedge.replicas.StateMachineFactory;
import io.hedge.replicas.trading.TradingEngine;
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
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings and options that choose a replica's state machine: the sample trading engine by default, another class
 * by name with its {@code app.*} settings, and a one-line error (exit 2) for a state machine that cannot be loaded,
 * found before anything starts.
 */
class StateMachineChoiceTest
{
    private Path dir;
    private String err;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("state-machine-" + info.getTestMethod().map(m -> m.getName()).orElse("test") + "-" +
                System.nanoTime());
        Files.createDirectories(dir);
    }

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    private int run(final String... args)
    {
        final StringWriter errText = new StringWriter();
        final CommandLine commandLine = HedgeCommand.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(errText, true));
        final int exitCode = commandLine.execute(args);
        err = errText.toString();
        return exitCode;
    }

    private void assertOneLine(final String line, final String... args)
    {
        assertEquals(2, run(args), err);
        assertEquals(List.of(line), err.lines().toList(), "one line on stderr");
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void byDefaultReplicasRunTheSampleTradingEngineConfiguredByItsSettings()
    {
        final HedgeConfig config = HedgeConfig.defaults().set("trading.accounts", "10", "test");
        final StateMachineFactory factory = config.stateMachineFactory();
        assertEquals(TradingEngine.class.getName(), factory.name());
        assertEquals(TradingEngine.maxResponseLength(config.tradingConfig()), factory.maxResponseLength());
        assertEquals(10, ((TradingEngine)factory.newStateMachine()).config().accounts());
        assertTrue(StateMachineChoice.isTradingEngine(config));
    }

    @Test
    void appSettingsAreTheStateMachinesOwnWithoutTheirPrefixAndAreStoredForChildProcesses() throws IOException
    {
        final HedgeConfig config = HedgeConfig.load(null, Map.of("app.max.keys", "500", "app.name", " ledger "));
        final Properties own = config.stateMachineProperties();
        assertEquals("500", own.getProperty("max.keys"));
        assertEquals("ledger", own.getProperty("name"));
        assertEquals(2, own.size());
        final Path file = dir.resolve("stored.properties");
        config.store(file);
        assertEquals(own, HedgeConfig.load(file, Map.of()).stateMachineProperties());
        assertThrows(IllegalArgumentException.class, () -> HedgeConfig.defaults().set("app.", "1", "test"),
            "a bare prefix is no key");
    }

    @Test
    void theOptionsWinOverTheSettings()
    {
        final StateMachineOptions options = new StateMachineOptions();
        options.className = "com.example.Ledger";
        options.path = "ledger.jar";
        options.app.put("size", "3");
        final HedgeConfig config = options.applyTo(HedgeConfig.load(null,
            Map.of("replica.state.machine", "com.example.Other", "app.size", "1")));
        assertEquals("com.example.Ledger", config.get("replica.state.machine"));
        assertEquals("ledger.jar", config.get("replica.state.machine.path"));
        assertEquals("3", config.stateMachineProperties().getProperty("size"));
        assertFalse(StateMachineChoice.isTradingEngine(config));
    }

    @Test
    void aClassThatIsNotThereStopsTheReplicaBeforeItStartsAnything()
    {
        final Path work = dir.resolve("work");
        assertOneLine("hedge replica: setting 'replica.state.machine': class com.example.NoSuchLedger not found in " +
                "the class path (replica.state.machine.path is empty)",
            "replica", "--site", "A", "--set", "hedge.dir=" + work, "--state-machine", "com.example.NoSuchLedger");
        assertFalse(Files.exists(work), "no working directory, no media driver: the class is checked first");
    }

    @Test
    void aMissingJarIsNamed()
    {
        final Path jar = dir.resolve("ledger.jar").toAbsolutePath();
        assertOneLine("hedge replica: setting 'replica.state.machine.path': " + jar + ": no such jar or directory",
            "replica", "--site", "A", "--set", "hedge.dir=" + dir.resolve("work"), "--state-machine",
            "com.example.Ledger", "--state-machine-path", jar.toString());
        assertOneLine("hedge demo: setting 'replica.state.machine.path': " + jar + ": no such jar or directory",
            "demo", "--dir", dir.resolve("demo").toString(), "--state-machine", "com.example.Ledger",
            "--state-machine-path", jar.toString());
        assertOneLine("hedge journal replay: setting 'replica.state.machine.path': " + jar +
            ": no such jar or directory", "journal", "replay", dir.toString(), "--state-machine", "com.example.Ledger",
            "--state-machine-path", jar.toString());
    }

    @Test
    void aPathForTheBuiltInTradingEngineIsRefused()
    {
        assertOneLine("hedge replica: setting 'replica.state.machine.path' is set, but replica.state.machine names " +
                "the sample trading engine, which is built in: leave the path empty or name your own class",
            "replica", "--site", "A", "--set", "hedge.dir=" + dir.resolve("work"), "--state-machine-path",
            dir.toString());
    }

    @Test
    void aBadAccountOwnersFileStopsTheReplicaAndReplayBeforeTheyStartNamingTheLine() throws IOException
    {
        final Path owners = dir.resolve("owners");
        Files.writeString(owners, "# owners\n7 1-10\n8 10\n");
        final String line = "setting 'trading.account.owners': account owners file " + owners + " line 3: account 10 " +
            "is owned by principal 7 (line 2) and by principal 8: an account has one owner";
        assertOneLine("hedge replica: " + line, "replica", "--site", "A", "--set", "hedge.dir=" + dir.resolve("work"),
            "--set", "trading.account.owners=" + owners);
        assertOneLine("hedge journal replay: " + line, "journal", "replay", dir.toString(), "--set",
            "trading.account.owners=" + owners);

        Files.writeString(owners, "7 1-10\n8 11-20\n");
        final HedgeConfig config = HedgeConfig.defaults().set("trading.account.owners", owners.toString(), "test");
        final TradingEngine engine = (TradingEngine)config.stateMachineFactory().newStateMachine();
        assertEquals(7, engine.owners().ownerOf(10));
        assertEquals(8, engine.owners().ownerOf(11));
        assertEquals(0, engine.owners().ownerOf(21));
    }

    @Test
    void aClassThatIsNoStateMachineIsNamed()
    {
        assertOneLine("hedge replica: setting 'replica.state.machine': class java.lang.String does not implement " +
                "io.hedge.replicas.StateMachine",
            "replica", "--site", "A", "--set", "hedge.dir=" + dir.resolve("work"), "--set",
            "replica.state.machine=java.lang.String");
    }
}
