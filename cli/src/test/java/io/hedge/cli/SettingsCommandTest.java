package io.hedge.cli;

import io.hedge.client.ClientConfiguration;
import io.hedge.gateway.GatewayConfiguration;
import io.hedge.ops.OpsConfiguration;
import io.hedge.replicas.ReplicaConfiguration;
import io.hedge.replicas.trading.TradingConfiguration;
import io.hedge.transport.Setting;
import io.hedge.transport.TransportConfiguration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hedge settings} and the properties binding know exactly the keys the role Configurations define: one source
 * per default.
 */
class SettingsCommandTest
{
    private static List<Setting> configurations()
    {
        final List<Setting> all = new ArrayList<>();
        all.addAll(TransportConfiguration.SETTINGS);
        all.addAll(GatewayConfiguration.SETTINGS);
        all.addAll(ReplicaConfiguration.SETTINGS);
        all.addAll(OpsConfiguration.SETTINGS);
        all.addAll(io.hedge.ops.health.HealthConfiguration.SETTINGS);
        all.addAll(TradingConfiguration.SETTINGS);
        all.addAll(ClientConfiguration.SETTINGS);
        return all;
    }

    private static List<String> settingsOutput()
    {
        final StringWriter text = new StringWriter();
        final CommandLine commandLine = HedgeCommand.commandLine();
        commandLine.setOut(new PrintWriter(text, true));
        assertEquals(0, commandLine.execute("settings"), text.toString());
        return text.toString().lines().toList();
    }

    @Test
    void settingsListsEveryKeyOfTheConfigurationsWithItsDefaultAndNothingElse()
    {
        final List<String> expected = new ArrayList<>();
        for (final Setting setting : configurations())
        {
            expected.add(String.format("%-28s %-12s %s", setting.key(),
                setting.defaultValue().isEmpty() ? "(derived)" : setting.defaultValue(), setting.doc()));
        }
        assertEquals(expected, settingsOutput());
    }

    @Test
    void settingsNamesEachKeyOnce()
    {
        final List<String> keys = settingsOutput().stream().map(line -> line.split("\\s+", 2)[0]).toList();
        assertEquals(configurations().stream().map(Setting::key).toList(), keys);
        assertEquals(keys.size(), keys.stream().distinct().count(), "no key twice: " + keys);
    }

    @Test
    void theDefaultsOfTheBindingAreTheConfigurations()
    {
        final HedgeConfig defaults = HedgeConfig.defaults();
        for (final Setting setting : configurations())
        {
            assertEquals(setting.defaultValue(), defaults.get(setting.key()), setting.key());
            assertDoesNotThrow(() -> HedgeConfig.defaults().set(setting.key(), setting.defaultValue(), "test"));
        }
        assertEquals(configurations().size(), HedgeConfig.KEYS.size());
    }

    /**
     * Issue 14 (hostile input): each source's share of the ingress is a setting, with defaults well above the
     * benchmarks' 100,000 requests per second from one client.
     */
    @Test
    void theIngressSourceLimitsAreListedWithTheirDefaults()
    {
        final List<String> lines = settingsOutput();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("gateway.source.connects.per.second 1000 ")),
            String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("gateway.source.requests.per.second 1000000 ")),
            String.join("\n", lines));
        assertEquals("1000000", HedgeConfig.defaults().get("gateway.source.requests.per.second"));
    }

    /**
     * Issue 14: who may connect, and as whom a client connects, are settings like any other.
     */
    @Test
    void theAuthenticationKeysAreListedAndReachTheGatewayAndTheClient()
    {
        final List<String> keys = settingsOutput().stream().map(line -> line.split("\\s+", 2)[0]).toList();
        assertTrue(keys.containsAll(List.of("gateway.authenticator", "gateway.principals.file", "client.principal",
            "client.secret.file")), keys.toString());
        final HedgeConfig config = HedgeConfig.defaults();
        assertEquals("none", config.gatewayContext("a").authenticatorName());
        assertEquals(null, config.clientContext("a").secretFile());
        config.set("gateway.authenticator", "file", "test");
        config.set("gateway.principals.file", "/etc/hedge/principals", "test");
        config.set("client.principal", "alice", "test");
        config.set("client.secret.file", "/etc/hedge/alice.secret", "test");
        assertEquals("file", config.gatewayContext("a").authenticatorName());
        assertEquals(java.nio.file.Path.of("/etc/hedge/principals"), config.gatewayContext("a").principalsFile());
        assertEquals("alice", config.clientContext("a").principal());
        assertEquals(java.nio.file.Path.of("/etc/hedge/alice.secret"), config.clientContext("a").secretFile());
    }

    /**
     * Issue 13: the ops port's keys are listed and reach the gateway, whose ops port follows its sequenced port.
     */
    @Test
    void theOpsKeysAreListedAndReachTheGatewaysOpsPort()
    {
        final List<String> lines = settingsOutput();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("ops.max.sessions") && line.contains(" 16 ")),
            lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("ops.session.timeout.ms") &&
            line.contains(" 30000 ")), lines.toString());
        final HedgeConfig config = HedgeConfig.defaults()
            .set("ops.max.sessions", "3", "test")
            .set("ops.session.timeout.ms", "5000", "test")
            .set("sequenced.port", "21001", "test");
        final io.hedge.gateway.GatewayContext gateway = config.gatewayContext("a").conclude();
        assertEquals(3, gateway.ops().maxSessions());
        assertEquals(5000, gateway.ops().sessionTimeoutMs());
        assertEquals("aeron:udp?endpoint=localhost:21005", gateway.ops().channel());
        final io.hedge.ops.FabricView view = gateway.ops().fabricViewFactory().apply(gateway);
        assertTrue(view instanceof io.hedge.ops.health.HealthMonitor, "hedge gateway answers STATUS from its health " +
            "monitor: " + view);
        ((io.hedge.ops.health.HealthMonitor)view).close();
        config.set("ops.session.timeout.ms", "100", "test");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> config.gatewayContext("a").conclude());
        assertTrue(ex.getMessage().startsWith("ops.session.timeout.ms must be at least 3000"), ex.getMessage());
    }

    @Test
    void anUnknownKeyIsRejectedNamingItAndWhereItCameFrom()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> HedgeConfig.defaults().set("gateway.heartbeat.timeout", "500", "test.properties"));
        assertTrue(ex.getMessage().startsWith("unknown setting 'gateway.heartbeat.timeout' in test.properties"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("gateway.heartbeat.timeout.ms"), "the known keys are listed: " +
            ex.getMessage());
    }

    @Test
    void anUnknownKeyOnTheCommandLineStopsTheCommandBeforeItStarts()
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = HedgeCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            cmd.getErr().println("hedge: " + ex.getMessage());
            return 2;
        });
        assertEquals(2, commandLine.execute("load", "--set", "no.such.key=1"));
        assertTrue(err.toString().contains("unknown setting 'no.such.key' in the command line"), err.toString());
    }
}
