package io.hedge.cli;

import io.hedge.client.HedgeClientContext;
import io.hedge.gateway.GatewayContext;
import io.hedge.replicas.ReplicaContext;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HedgeConfigTest
{
    private Path dir;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = base.resolve("cli-" + name + "-" + System.nanoTime());
        Files.createDirectories(dir);
    }

    @AfterEach
    void deleteDirectory()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    // ------------------------------------------------------------------------------------------------- defaults

    @Test
    void defaultsDeriveGatewayChannelsFromHostAndPorts()
    {
        final GatewayContext ctx = HedgeConfig.defaults().gatewayContext("/tmp/aeron-gw");
        assertEquals("/tmp/aeron-gw", ctx.aeronDirectoryName());
        assertEquals(1, ctx.gatewayId());
        assertEquals(0, ctx.peers().size(), "one gateway by default: it elects itself");
        assertEquals(3, ctx.replicaCount(), "a takeover needs a majority of the sites' replicas");
        assertEquals("aeron:udp?endpoint=localhost:20121", ctx.ingressChannel());
        assertEquals(10, ctx.ingressStreamId());
        assertEquals("aeron:udp?control=localhost:20122|control-mode=dynamic|fc=max", ctx.sequencedChannel());
        assertEquals(20, ctx.sequencedStreamId());
        assertEquals("aeron:udp?endpoint=localhost:20123", ctx.replicaChannel());
        assertEquals(21, ctx.replicaStreamId());
        assertEquals(Path.of("hedge-work", "gateway", "journal"), ctx.journalDir());
        assertEquals(4096, ctx.maxPayloadLength());
        assertEquals("majority", ctx.durability().toString(), "majority is the default durability");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), ctx.heartbeatIntervalNs());
        assertInstanceOf(BackoffIdleStrategy.class, ctx.idleStrategySupplier().get());
    }

    @Test
    void aGatewayPortStrideTooShortForTheOpsPortIsRefusedNamingTheKey()
    {
        final HedgeConfig config = HedgeConfig.defaults()
            .set("gateway.count", "2", "test")
            .set("gateway.port.stride", "5", "test");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, config::gatewayEndpoints);
        assertTrue(ex.getMessage().startsWith("setting 'gateway.port.stride' must be at least 6"), ex.getMessage());
        config.set("gateway.port.stride", "6", "test");
        assertEquals(20126 + 6, io.hedge.transport.OpsChannel.port(config.gatewayEndpoints().get(1)));
    }

    @Test
    void defaultsDeriveReplicaChannels()
    {
        final ReplicaContext ctx = HedgeConfig.defaults().replicaContext("B", "/tmp/aeron-b");
        assertEquals("/tmp/aeron-b", ctx.aeronDirectoryName());
        assertEquals(2, ctx.replicaId());
        assertEquals("B", ctx.site());
        assertEquals("aeron:udp?endpoint=localhost:0|control=localhost:20122|control-mode=dynamic",
            ctx.sequencedChannel());
        assertEquals(20, ctx.sequencedStreamId());
        assertEquals("aeron:udp?endpoint=localhost:20123", ctx.gatewayChannel());
        assertEquals(21, ctx.gatewayStreamId());
        assertEquals(Path.of("hedge-work", "replica-B", "journal"), ctx.journalDir());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), ctx.statusIntervalNs());
        assertTrue(ctx.maxResponseLength() > 0);
        assertNotSame(ctx.stateMachineSupplier().get(), ctx.stateMachineSupplier().get(),
            "every replica gets its own state machine");
    }

    @Test
    void defaultsDeriveClientChannels()
    {
        final HedgeClientContext ctx = HedgeConfig.defaults().clientContext("/tmp/aeron-c");
        assertEquals("/tmp/aeron-c", ctx.aeronDirectoryName());
        assertEquals("aeron:udp?endpoint=localhost:20121", ctx.ingressChannel());
        assertEquals(10, ctx.ingressStreamId());
        assertEquals("aeron:udp?endpoint=localhost:0", ctx.responseChannel());
        assertEquals(11, ctx.responseStreamId());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(5000), ctx.requestTimeoutNs());
    }

    @Test
    void hostAndPortsFlowIntoEveryDerivedChannel()
    {
        final Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("host", "10.0.0.5");
        overrides.put("gateway.host", "10.0.0.1");
        overrides.put("ingress.port", "30001");
        overrides.put("sequenced.port", "30002");
        overrides.put("responses.port", "30003");
        overrides.put("ingress.stream", "110");
        overrides.put("client.stream", "111");
        overrides.put("sequenced.stream", "120");
        overrides.put("responses.stream", "121");
        final HedgeConfig config = HedgeConfig.load(null, overrides);

        // a gateway binds the address the others reach it at; replicas and clients receive on their own host
        final GatewayContext gateway = config.gatewayContext("a");
        assertEquals("aeron:udp?endpoint=10.0.0.1:30001", gateway.ingressChannel());
        assertEquals(110, gateway.ingressStreamId());
        assertEquals("aeron:udp?control=10.0.0.1:30002|control-mode=dynamic|fc=max", gateway.sequencedChannel());
        assertEquals(120, gateway.sequencedStreamId());
        assertEquals("aeron:udp?endpoint=10.0.0.1:30003", gateway.replicaChannel());
        assertEquals(121, gateway.replicaStreamId());

        final ReplicaContext replica = config.replicaContext("C", "a");
        assertEquals("aeron:udp?endpoint=10.0.0.5:0|control=10.0.0.1:30002|control-mode=dynamic",
            replica.gateways().get(0).sequencedChannel());
        assertEquals(120, replica.sequencedStreamId());
        assertEquals("aeron:udp?endpoint=10.0.0.1:30003", replica.gateways().get(0).inboundChannel());
        assertEquals(121, replica.gatewayStreamId());

        final HedgeClientContext client = config.clientContext("a");
        assertEquals("aeron:udp?endpoint=10.0.0.1:30001", client.ingressChannel());
        assertEquals(110, client.ingressStreamId());
        assertEquals("aeron:udp?endpoint=10.0.0.5:0", client.responseChannel());
        assertEquals(111, client.responseStreamId());
    }

    @Test
    void explicitChannelsWinOverDerivedOnes()
    {
        final HedgeConfig config = HedgeConfig.defaults()
            .set("gateway.ingress.channel", "aeron:ipc", "test")
            .set("gateway.sequenced.channel", "aeron:ipc?term-length=64k", "test")
            .set("gateway.replica.channel", "aeron:ipc?alias=r", "test")
            .set("replica.sequenced.channel", "aeron:ipc?alias=s", "test")
            .set("replica.gateway.channel", "aeron:ipc?alias=g", "test")
            .set("client.ingress.channel", "aeron:ipc?alias=ci", "test")
            .set("client.response.channel", "aeron:ipc?alias=cr", "test");
        assertEquals("aeron:ipc", config.gatewayContext("a").ingressChannel());
        assertEquals("aeron:ipc?term-length=64k", config.gatewayContext("a").sequencedChannel());
        assertEquals("aeron:ipc?alias=r", config.gatewayContext("a").replicaChannel());
        assertEquals("aeron:ipc?alias=s", config.replicaContext("A", "a").gateways().get(0).sequencedChannel());
        assertEquals("aeron:ipc?alias=g", config.replicaContext("A", "a").gateways().get(0).inboundChannel());
        assertEquals("aeron:ipc?alias=ci", config.clientContext("a").ingressChannel());
        assertEquals("aeron:ipc?alias=cr", config.clientContext("a").responseChannel());
    }

    @Test
    void severalGatewaysEachGetPortsOfTheirOwnAndKnowEachOther()
    {
        final HedgeConfig config = HedgeConfig.defaults()
            .set("gateway.count", "3", "test")
            .set("gateway.hosts", "h1,h2,h3", "test")
            .set("gateway.id", "2", "test");
        final GatewayContext gateway = config.gatewayContext("a");
        assertEquals(2, gateway.gatewayId());
        assertEquals("aeron:udp?endpoint=h2:20131", gateway.ingressChannel());
        assertEquals("aeron:udp?endpoint=h2:20133", gateway.replicaChannel());
        assertEquals(List.of(1, 3), gateway.peers().stream().map(p -> p.gatewayId()).toList());
        assertEquals("aeron:udp?endpoint=h3:20143", gateway.peers().get(1).inboundChannel());
        assertEquals(Path.of("hedge-work", "gateway-2", "journal"), gateway.journalDir());
        assertEquals(3, config.replicaContext("A", "a").gateways().size());
        assertEquals("aeron:udp?endpoint=localhost:0|control=h3:20142|control-mode=dynamic",
            config.replicaContext("A", "a").gateways().get(2).sequencedChannel());
        assertEquals(List.of("aeron:udp?endpoint=h1:20121", "aeron:udp?endpoint=h2:20131",
            "aeron:udp?endpoint=h3:20141"), config.clientContext("a").gatewayIngressChannels());
    }

    @Test
    void multicastSendsEveryGatewaysSequencedStreamToTheGroupOnItsOwnPortAndReplayStaysMultiDestinationCast()
    {
        final HedgeConfig config = HedgeConfig.defaults()
            .set("sequenced.transport", "multicast", "test")
            .set("sequenced.multicast.group", "239.255.30.5", "test")
            .set("gateway.count", "2", "test")
            .set("gateway.hosts", "h1,h2", "test")
            .set("host", "r1", "test")
            .set("gateway.id", "2", "test");
        final GatewayContext gateway = config.gatewayContext("a");
        assertEquals("aeron:udp?endpoint=239.255.30.5:20132|interface=h2|fc=max", gateway.sequencedChannel());
        assertEquals("aeron:udp?control=h2:20134|control-mode=dynamic|fc=max", gateway.replayChannel());
        assertEquals("aeron:udp?endpoint=h2:20136", gateway.ops().channel());
        // the standby hears its peer on the group, joined on its own host
        assertEquals("aeron:udp?endpoint=239.255.30.5:20122|interface=h2", gateway.peers().get(0).sequencedChannel());
        final ReplicaContext replica = config.replicaContext("A", "a");
        assertEquals(List.of("aeron:udp?endpoint=239.255.30.5:20122|interface=r1",
            "aeron:udp?endpoint=239.255.30.5:20132|interface=r1"),
            replica.gateways().stream().map(g -> g.sequencedChannel()).toList());
        assertEquals("aeron:udp?endpoint=r1:0|control=h1:20124|control-mode=dynamic",
            replica.gateways().get(0).replayChannel());
        gateway.conclude();
    }

    @Test
    void aSequencedTransportThatCannotWorkIsRefusedNamingItsSetting()
    {
        final IllegalArgumentException transport = assertThrows(IllegalArgumentException.class, () -> HedgeConfig
            .defaults().set("sequenced.transport", "udp", "test").gatewayContext("a"));
        assertEquals("setting 'sequenced.transport' must be mdc or multicast, got 'udp'", transport.getMessage());
        final IllegalArgumentException group = assertThrows(IllegalArgumentException.class, () -> HedgeConfig
            .defaults().set("sequenced.transport", "multicast", "test").set("sequenced.multicast.group", "239.1.1.2",
                "test").replicaContext("A", "a"));
        assertTrue(group.getMessage().startsWith("setting 'sequenced.multicast.group' must end in an odd number"),
            group.getMessage());
        // the group is not read unless the transport is multicast
        assertEquals("aeron:udp?control=localhost:20122|control-mode=dynamic|fc=max", HedgeConfig.defaults()
            .set("sequenced.multicast.group", "239.1.1.2", "test").gatewayContext("a").sequencedChannel());
    }

    @Test
    void gatewaySettingsThatCannotWorkAreRefused()
    {
        final IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> HedgeConfig.defaults()
            .set("gateway.count", "2", "test").set("gateway.id", "3", "test").gatewayContext("a"));
        assertTrue(id.getMessage().contains("gateway.id"), id.getMessage());
        final IllegalArgumentException hosts = assertThrows(IllegalArgumentException.class, () -> HedgeConfig.defaults()
            .set("gateway.count", "3", "test").set("gateway.hosts", "a,b", "test").gatewayContext("a"));
        assertTrue(hosts.getMessage().contains("gateway.hosts"), hosts.getMessage());
        final IllegalArgumentException override = assertThrows(IllegalArgumentException.class, () -> HedgeConfig
            .defaults().set("gateway.count", "2", "test").set("gateway.ingress.channel", "aeron:ipc", "test")
            .gatewayContext("a"));
        assertTrue(override.getMessage().contains("gateway.ingress.channel"), override.getMessage());
        final IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class, () -> HedgeConfig
            .defaults().set("gateway.heartbeat.timeout.ms", "50", "test").gatewayContext("a").conclude());
        assertTrue(timeout.getMessage().contains("heartbeat timeout"), timeout.getMessage());
    }

    // ------------------------------------------------------------------------------------- file and overrides

    @Test
    void propertiesFileAndOverridesWithOverridesWinning() throws IOException
    {
        final Path file = dir.resolve("hedge.properties");
        Files.writeString(file, String.join("\n",
            "# a comment",
            "gateway.host = 192.168.1.10",
            "ingress.port=25000",
            "gateway.durability=quorum:2",
            "gateway.heartbeat.timeout.ms=700",
            "hedge.dir=" + dir.resolve("work").toString().replace('\\', '/'),
            "sites=X, Y ,Z",
            ""));

        final Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("ingress.port", "26000");
        overrides.put("gateway.heartbeat.timeout.ms", "900");
        final HedgeConfig config = HedgeConfig.load(file, overrides);

        final GatewayContext gateway = config.gatewayContext("a");
        assertEquals("aeron:udp?endpoint=192.168.1.10:26000", gateway.ingressChannel(), "override wins over file");
        assertEquals(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(900), gateway.heartbeatTimeoutNs(),
            "override wins over file");
        assertEquals("quorum:2", gateway.durability().toString(), "file wins over default");
        assertEquals(dir.resolve("work"), config.workDir());
        assertEquals(dir.resolve("work").resolve("gateway").resolve("journal"), gateway.journalDir());
        assertEquals(List.of("X", "Y", "Z"), config.sites());
        assertEquals(2, config.replicaId("Y"));
        // untouched keys keep their defaults
        assertEquals(10, gateway.ingressStreamId());

        final HedgeConfig fileOnly = HedgeConfig.load(file, Map.of());
        assertEquals("aeron:udp?endpoint=192.168.1.10:25000", fileOnly.gatewayContext("a").ingressChannel());
        assertEquals(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(700),
            fileOnly.gatewayContext("a").heartbeatTimeoutNs());
    }

    @Test
    void storedSettingsLoadBackIdentically()
    {
        final HedgeConfig config = HedgeConfig.load(null, Map.of("host", "h1", "idle", "yield", "sites", "P,Q"));
        final Path file = dir.resolve("stored.properties");
        config.store(file);
        final HedgeConfig reloaded = HedgeConfig.load(file, Map.of());
        for (final String key : HedgeConfig.KEYS.keySet())
        {
            assertEquals(config.get(key), reloaded.get(key), key);
        }
        assertEquals("h1", reloaded.get("host"));
    }

    @Test
    void unknownKeyIsAnErrorNamingTheKey() throws IOException
    {
        final IllegalArgumentException fromOverride = assertThrows(IllegalArgumentException.class,
            () -> HedgeConfig.load(null, Map.of("ingress.prot", "1")));
        assertTrue(fromOverride.getMessage().contains("'ingress.prot'"), fromOverride.getMessage());
        assertTrue(fromOverride.getMessage().contains("command line"), fromOverride.getMessage());

        final Path file = dir.resolve("typo.properties");
        Files.writeString(file, "hots=example.com\n");
        final IllegalArgumentException fromFile =
            assertThrows(IllegalArgumentException.class, () -> HedgeConfig.load(file, Map.of()));
        assertTrue(fromFile.getMessage().contains("'hots'"), fromFile.getMessage());
        assertTrue(fromFile.getMessage().contains(file.toString()), fromFile.getMessage());
    }

    @Test
    void missingFileIsAClearError()
    {
        final Path missing = dir.resolve("no-such.properties");
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> HedgeConfig.load(missing, Map.of()));
        assertTrue(ex.getMessage().contains("cannot read configuration file"), ex.getMessage());
        assertTrue(ex.getMessage().contains(missing.toString()), ex.getMessage());
    }

    @Test
    void nonNumericPortIsAClearError()
    {
        final HedgeConfig config = HedgeConfig.load(null, Map.of("ingress.port", "twenty"));
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> config.gatewayContext("a"));
        assertTrue(ex.getMessage().contains("'ingress.port'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("whole number"), ex.getMessage());
        assertTrue(ex.getMessage().contains("'twenty'"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config.clientContext("a"));

        final HedgeConfig badStream = HedgeConfig.load(null, Map.of("responses.stream", "21x"));
        final IllegalArgumentException streamEx =
            assertThrows(IllegalArgumentException.class, () -> badStream.replicaContext("A", "a"));
        assertTrue(streamEx.getMessage().contains("'responses.stream'"), streamEx.getMessage());
    }

    @Test
    void valuesAreTrimmed()
    {
        final HedgeConfig config = HedgeConfig.load(null, Map.of("ingress.port", " 20999 ", "idle", " busy "));
        assertEquals("aeron:udp?endpoint=localhost:20999", config.gatewayContext("a").ingressChannel());
        assertInstanceOf(BusySpinIdleStrategy.class, config.idleStrategy().get());
    }

    // ------------------------------------------------------------------------------------------------- sites

    @Test
    void replicaIdIsThePositionOfTheSite()
    {
        final HedgeConfig config = HedgeConfig.defaults();
        assertEquals(List.of("A", "B", "C"), config.sites());
        assertEquals(1, config.replicaId("A"));
        assertEquals(2, config.replicaId("B"));
        assertEquals(3, config.replicaId("C"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> config.replicaId("D"));
        assertTrue(ex.getMessage().contains("'D'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("A,B,C"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config.replicaContext("Z", "a"));
    }

    // ---------------------------------------------------------------------------------------- idle strategies

    @Test
    void idleStrategyNames()
    {
        assertInstanceOf(BackoffIdleStrategy.class, HedgeConfig.idleStrategy("backoff").get());
        assertInstanceOf(YieldingIdleStrategy.class, HedgeConfig.idleStrategy("yield").get());
        assertInstanceOf(BusySpinIdleStrategy.class, HedgeConfig.idleStrategy("busy").get());
        final IdleStrategy sleeping = HedgeConfig.idleStrategy("sleep:50").get();
        assertInstanceOf(SleepingIdleStrategy.class, sleeping);
        assertTrue(sleeping.toString().contains(String.valueOf(TimeUnit.MICROSECONDS.toNanos(50))), sleeping.toString());

        final HedgeConfig config = HedgeConfig.load(null, Map.of("idle", "sleep:50"));
        final IdleStrategy first = config.idleStrategy().get();
        assertInstanceOf(SleepingIdleStrategy.class, first);
        assertNotSame(first, config.idleStrategy().get(), "each agent gets its own idle strategy");
    }

    @Test
    void badIdleStrategyIsAnError()
    {
        for (final String bad : new String[]{"fast", "controllable", "sleep:", "sleep:abc", "Backoff", ""})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> HedgeConfig.idleStrategy(bad), "'" + bad + "'");
            assertTrue(ex.getMessage().contains("'idle'"), ex.getMessage());
            assertTrue(ex.getMessage().contains("'" + bad + "'"), ex.getMessage());
        }
        final HedgeConfig config = HedgeConfig.load(null, Map.of("idle", "lazy"));
        assertThrows(IllegalArgumentException.class, () -> config.gatewayContext("a"));
    }

    // --------------------------------------------------------------------------------------------------- driver

    @Test
    void embeddedDriverUsesARoleDirectoryInMemoryUnlessAeronRootIsSet()
    {
        final HedgeConfig config = HedgeConfig.defaults();
        assertTrue(config.embeddedDriver());
        assertEquals(io.hedge.transport.AeronDirs.rootFor(Path.of("hedge-work")).resolve("gateway").resolve("aeron"),
            config.aeronDir("gateway"));
        if (java.nio.file.Files.isDirectory(Path.of("/dev/shm")))
        {
            assertTrue(config.aeronDir("gateway").startsWith("/dev/shm"), config.aeronDir("gateway").toString());
        }
        assertNotEquals(config.aeronDir("replica-A"), config.aeronDir("replica-B"));
        assertNotEquals(config.aeronDir("gateway"),
            HedgeConfig.load(null, Map.of("hedge.dir", "other-work")).aeronDir("gateway"), "runs do not share");

        final HedgeConfig explicit = HedgeConfig.load(null, Map.of("aeron.root", "/tmp/aeron-root"));
        assertEquals(Path.of("/tmp/aeron-root", "gateway", "aeron"), explicit.aeronDir("gateway"));
    }

    @Test
    void externalDriverNeedsAeronDir()
    {
        final HedgeConfig missing = HedgeConfig.load(null, Map.of("driver", "external"));
        assertFalse(missing.embeddedDriver());
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> missing.aeronDir("gateway"));
        assertTrue(ex.getMessage().contains("aeron.dir"), ex.getMessage());

        final HedgeConfig given = HedgeConfig.load(null, Map.of("driver", "external", "aeron.dir", "/dev/shm/aeron-x"));
        assertEquals(Path.of("/dev/shm/aeron-x"), given.aeronDir("gateway"));
        assertEquals(Path.of("/dev/shm/aeron-x"), given.aeronDir("replica-A"));

        final HedgeConfig junk = HedgeConfig.load(null, Map.of("driver", "remote"));
        final IllegalArgumentException junkEx = assertThrows(IllegalArgumentException.class, junk::embeddedDriver);
        assertTrue(junkEx.getMessage().contains("'remote'"), junkEx.getMessage());
    }

    // ------------------------------------------------------------------------------------------------- command

    @Test
    void settingsAndHelpSucceed()
    {
        assertEquals(0, HedgeCommand.execute("settings"));
        assertEquals(0, HedgeCommand.execute("--help"));
        assertEquals(0, HedgeCommand.execute("load", "--help"));
    }

    @Test
    void invalidLoadArgumentsFail()
    {
        assertNotEquals(0, HedgeCommand.execute("load", "--rate", "0"));
        assertNotEquals(0, HedgeCommand.execute("load", "--duration", "0"));
        assertNotEquals(0, HedgeCommand.execute("load", "--mix", "1,2"));
        assertNotEquals(0, HedgeCommand.execute("load", "--rate", "abc"));
        assertNotEquals(0, HedgeCommand.execute("no-such-command"));
    }

    /**
     * Issue 13: the ops keys reach the gateway's and the replica's Context, and every role reports to every gateway's
     * ops port.
     */
    @Test
    void theOpsSettingsReachTheRolesAndTheyReportToEveryGatewaysOpsPort()
    {
        final HedgeConfig config = HedgeConfig.defaults()
            .set("gateway.count", "2", "test")
            .set("ops.report.ms", "250", "test")
            .set("metrics.http.port", "9464", "test")
            .set("metrics.http.host", "0.0.0.0", "test")
            .set("metrics.histogram.log", "/tmp/hedge-hlog", "test");
        final List<String> opsChannels = config.gatewayEndpoints().stream()
            .map(io.hedge.transport.OpsChannel::channel).toList();
        assertEquals(2, opsChannels.size());
        for (final io.hedge.ops.ReportingSettings ops : List.of(config.gatewayContext("a").reporting(),
            config.replicaContext("A", "a").reporting()))
        {
            assertEquals(250, ops.reportMs());
            assertEquals(9464, ops.httpPort());
            assertEquals("0.0.0.0", ops.httpHost());
            assertEquals(Path.of("/tmp/hedge-hlog"), ops.histogramLogDir());
            assertEquals(opsChannels, ops.reportChannels());
        }
        assertEquals("aeron:udp?endpoint=localhost:20126", opsChannels.get(0));
        assertEquals(0, HedgeConfig.defaults().gatewayContext("a").reporting().httpPort(), "no endpoint unless asked");
    }
}
