package io.hedge.cli;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.ThreadingMode;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportEncoder;
import io.hedge.gateway.Gateway;
import io.hedge.gateway.GatewayContext;
import io.hedge.replicas.Replica;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.OpsChannel;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hedge status} and {@code hedge admin} end to end: a gateway and three replicas running on loopback (one
 * embedded SHARED media driver), the commands run as a person would with a properties file, authenticated with the
 * file authenticator. The role reports that helper R's reporters will send are sent here by the test on the metrics
 * stream, and the gateway's fabric view is a stand-in that calls a role DOWN when its reports stop
 * ({@link ReportKeepingView}); admin verbs are answered by a test drain of the admin queue standing in for the
 * gateway agent's handling.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatusCommandTest
{
    private static final String OPS_SECRET = "ops-secret-0123456789abc";
    private static final String VIEWER_SECRET = "viewer-secret-0123456789";

    private static Path dir;
    private static Path configFile;
    private static Path viewerConfigFile;
    private static final List<AutoCloseable> CLOSEABLES = new ArrayList<>();
    private static final Set<Integer> SILENT_REPLICAS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean RUNNING = new AtomicBoolean(true);
    private static int base;
    private static Thread reporter;

    @BeforeAll
    static void startFabric() throws Exception
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "status-" + System.nanoTime())
            .toAbsolutePath();
        Files.createDirectories(dir);
        final Path principals = secretFile("principals",
            "ops id=1 secret=" + OPS_SECRET + " permissions=status,admin,metrics\n" +
            "viewer id=2 secret=" + VIEWER_SECRET + " permissions=status\n");
        base = Ports.freeGatewayBase(1, OpsChannel.PORTS_PER_GATEWAY);
        final HedgeConfig config = HedgeConfig.defaults()
            .set("hedge.dir", dir.toString(), "test")
            .set("ingress.port", Integer.toString(base), "test")
            .set("sequenced.port", Integer.toString(base + 1), "test")
            .set("responses.port", Integer.toString(base + 2), "test")
            .set("replay.port", Integer.toString(base + 3), "test")
            .set("trading.accounts", "100", "test")
            .set("trading.instruments", "4", "test")
            .set("gateway.authenticator", "file", "test")
            .set("gateway.principals.file", principals.toString(), "test")
            .set("client.principal", "ops", "test")
            .set("client.secret.file", secretFile("ops.secret", OPS_SECRET + "\n").toString(), "test");
        configFile = dir.resolve("hedge.properties");
        config.store(configFile);
        config.set("client.principal", "viewer", "test")
            .set("client.secret.file", secretFile("viewer.secret", VIEWER_SECRET + "\n").toString(), "test");
        viewerConfigFile = dir.resolve("viewer.properties");
        config.store(viewerConfigFile);
        config.set("client.principal", "ops", "test");

        final EmbeddedDriver driver = EmbeddedDriver.launch(config.aeronDir("fabric"), ThreadingMode.SHARED);
        CLOSEABLES.add(driver);
        // the roles' own reports are off: this test's reporter says what the view hears, so that it can make a
        // replica silent at will (FailureDetectionFabricTest kills real ones under the real health monitor)
        final GatewayContext gatewayContext = config.gatewayContext(driver.aeronDirectoryName())
            .reporting(new io.hedge.ops.ReportingSettings())
            .ops(ops -> ops.fabricViewFactory(gateway -> new ReportKeepingView()));
        CLOSEABLES.add(Gateway.launch(gatewayContext));
        for (final String site : config.sites())
        {
            CLOSEABLES.add(Replica.launch(config.replicaContext(site, driver.aeronDirectoryName())
                .reporting(new io.hedge.ops.ReportingSettings())));
        }
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        CLOSEABLES.add(aeron);
        final Publication reports = aeron.addPublication(
            OpsChannel.channel(config.gatewayEndpoints().get(0)), OpsChannel.METRICS_STREAM_ID);
        reporter = new Thread(() -> report(reports), "test-reporter");
        reporter.start();
    }

    private static Path secretFile(final String name, final String content) throws Exception
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** What helper R's reporters will do: every role's report, a few times a second. */
    private static void report(final Publication publication)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
        final RoleReportEncoder encoder = new RoleReportEncoder();
        long seq = 1000;
        while (RUNNING.get())
        {
            seq++;
            send(publication, buffer, encoder, RoleKind.GATEWAY, 1, GatewayRole.ACTIVE.value(), seq);
            for (int replica = 1; replica <= 3; replica++)
            {
                if (!SILENT_REPLICAS.contains(replica))
                {
                    send(publication, buffer, encoder, RoleKind.REPLICA, replica, ReplicaState.LIVE.value(), seq);
                }
            }
            try
            {
                Thread.sleep(200);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    private static void send(final Publication publication, final UnsafeBuffer buffer, final RoleReportEncoder encoder,
        final RoleKind kind, final int id, final short stateCode, final long seq)
    {
        encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .roleKind(kind).roleId(id).epoch(1).timestampMs(System.currentTimeMillis()).intervalMs(200)
            .stateCode(stateCode).seq(seq).commitSeq(seq).stateHash(0xABCDL * id).freeDiskBytes(-1);
        encoder.countersCount(0);
        encoder.histogramsCount(0);
        publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    @AfterAll
    static void stopFabric() throws Exception
    {
        RUNNING.set(false);
        if (null != reporter)
        {
            reporter.join(5_000);
        }
        for (int i = CLOSEABLES.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(CLOSEABLES.get(i));
        }
    }

    private record Run(int exitCode, String out, String err)
    {
    }

    private static Run hedge(final String... args)
    {
        final long startNs = System.nanoTime();
        try
        {
            return run(args);
        }
        finally
        {
            System.out.printf("hedge %s took %d ms%n", String.join(" ", args),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        }
    }

    private static Run run(final String... args)
    {
        final CommandLine commandLine = HedgeCommand.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Run until the exit code is the expected one (the view needs its reports), or fail with the last run. */
    private static Run hedgeUntil(final int exitCode, final String... args) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Run run;
        do
        {
            run = hedge(args);
            if (run.exitCode() == exitCode)
            {
                return run;
            }
            Thread.sleep(200);
        }
        while (System.nanoTime() < deadline);
        throw new AssertionError("exit code " + run.exitCode() + ", not " + exitCode + ": " + run);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusPrintsEveryRoleAndItsExitCodeFollowsTheirHealth() throws Exception
    {
        SILENT_REPLICAS.clear();
        final Run healthy = hedgeUntil(0, "status", "--config", configFile.toString());
        System.out.println(healthy.out()); // shows in the test's log what an operator sees
        assertTrue(healthy.out().contains("fabric: healthy"), healthy.out());
        assertTrue(healthy.out().contains("active gateway 1"), healthy.out());
        for (int replica = 1; replica <= 3; replica++)
        {
            assertTrue(healthy.out().lines().anyMatch(l -> l.matches("[123]\\s+LIVE\\s+UP\\s+\\d+.*")), healthy.out());
        }
        assertTrue(healthy.out().contains("alarms: none"), healthy.out());

        final Run json = hedge("status", "--json", "--config", viewerConfigFile.toString());
        assertEquals(0, json.exitCode(), json.toString());
        final Map<String, Object> status = (Map<String, Object>)MiniJson.parse(json.out());
        assertEquals("healthy", status.get("status"));
        assertEquals(1L, status.get("answeredBy"));
        assertEquals(1L, status.get("activeGatewayId"));
        final List<Object> replicas = (List<Object>)status.get("replicas");
        assertEquals(3, replicas.size());
        final Map<String, Object> second = (Map<String, Object>)replicas.get(1);
        assertEquals(2L, second.get("replicaId"));
        assertEquals("LIVE", second.get("state"));
        assertEquals(String.format("%016x", 0xABCDL * 2), second.get("stateHash"));
        assertEquals(33.3, (Double)second.get("winSharePercent"), 0.01);
        assertEquals(1, ((List<Object>)status.get("gateways")).size());

        SILENT_REPLICAS.add(3);
        final Run degraded = hedgeUntil(1, "status", "--json", "--config", configFile.toString());
        final Map<String, Object> degradedStatus = (Map<String, Object>)MiniJson.parse(degraded.out());
        assertEquals("degraded", degradedStatus.get("status"));
        assertEquals("replica 3 DOWN", degradedStatus.get("reason"));
        final Map<String, Object> alarm = (Map<String, Object>)((List<Object>)degradedStatus.get("alarms")).get(0);
        assertEquals("replica 3 \"silent\"\tno report", alarm.get("reason"), "escaped and read back");

        SILENT_REPLICAS.add(2);
        final Run down = hedgeUntil(2, "status", "--config", configFile.toString());
        System.out.println(down.out());
        assertTrue(down.out().contains("fabric: down (2 of 3 replicas down)"), down.out());
        SILENT_REPLICAS.clear();

        final Run watched = hedgeUntil(0, "status", "--watch", "1", "--count", "2", "--json", "--config",
            configFile.toString());
        assertEquals(2, watched.out().lines().filter(l -> l.startsWith("{")).count(), watched.out());
    }

    @Test
    void statusWithAWrongSecretOrNoGatewayIsDown() throws Exception
    {
        final Path wrong = secretFile("wrong.secret", "not-the-secret-0123456789\n");
        final Run refused = hedge("status", "--config", configFile.toString(), "--set",
            "client.secret.file=" + wrong, "--timeout-ms", "2000");
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("AUTHENTICATION_FAILED"), refused.err());
        assertTrue(!refused.err().contains("not-the-secret") && !refused.out().contains("not-the-secret"));

        // gateway 1 of this configuration is nowhere, gateway 2 is the running gateway (whose id is 1): the tool falls
        // back to it, and its answer to the challenge, bound to gateway 2, is refused there
        final Run fallback = hedge("status", "--config", configFile.toString(), "--timeout-ms", "1000",
            "--set", "gateway.count=2", "--set", "gateway.port.stride=" + (base - 1000),
            "--set", "ingress.port=1000", "--set", "sequenced.port=1001", "--set", "responses.port=1002",
            "--set", "replay.port=1003");
        assertEquals(2, fallback.exitCode(), fallback.toString());
        assertTrue(fallback.err().contains("gateway 1 (aeron:udp?endpoint=localhost:1005) did not answer"),
            fallback.err());
        assertTrue(fallback.err().contains("gateway 2 (aeron:udp?endpoint=localhost:" + (base + 5) +
            ") refused the ops session of ops: AUTHENTICATION_FAILED"), fallback.err());

        final Run none = hedge("status", "--json", "--config", configFile.toString(), "--set",
            "sequenced.port=" + Ports.freeUdpPort(), "--timeout-ms", "1000");
        assertEquals(2, none.exitCode(), none.toString());
        @SuppressWarnings("unchecked")
        final Map<String, Object> status = (Map<String, Object>)MiniJson.parse(none.out());
        assertEquals("down", status.get("status"));
        assertTrue(((String)status.get("reason")).contains("no gateway answered"), none.out());
    }

    @Test
    void adminVerbsAreAnsweredAndRefusedAsThePrincipalMay() throws Exception
    {
        final Run snapshot = hedge("admin", "snapshot", "--config", configFile.toString());
        assertEquals(0, snapshot.exitCode(), snapshot.toString());
        // the gateway agent took it: every replica snapshotted at one seq
        assertTrue(snapshot.out().strip().matches("gateway 1: snapshot OK \\(seq (\\d+)\\): snapshot at seq \\1 on " +
            "replicas .*"), snapshot.out());

        // a lone gateway has no one to hand over to: the gateway agent says so, and the tool exits 1
        final Run switchover = hedge("admin", "switchover", "--to", "1", "--config", configFile.toString());
        assertEquals(1, switchover.exitCode(), switchover.toString());
        assertTrue(switchover.out().contains("switchover INVALID"), switchover.out());

        final Run unauthorized = hedge("admin", "suspend", "--config", viewerConfigFile.toString());
        assertEquals(1, unauthorized.exitCode(), unauthorized.toString());
        assertTrue(unauthorized.out().contains("suspend UNAUTHORIZED: principal viewer lacks the admin permission"),
            unauthorized.out());

        final Run alarms = hedge("admin", "alarms", "--config", viewerConfigFile.toString());
        assertEquals(0, alarms.exitCode(), alarms.toString());
        assertTrue(alarms.out().startsWith("gateway 1: alarms OK"), alarms.out());

        final Run noTarget = hedge("admin", "switchover", "--config", configFile.toString());
        assertEquals(2, noTarget.exitCode(), noTarget.toString());
        assertTrue(noTarget.err().contains("switchover needs --to G"), noTarget.err());
        final Run badVerb = hedge("admin", "reboot", "--config", configFile.toString());
        assertEquals(2, badVerb.exitCode(), badVerb.toString());
    }

    @Test
    void helpSaysWhatTheCommandsDoAndTheirExitCodes()
    {
        final Run status = hedge("status", "--help");
        assertEquals(0, status.exitCode(), status.toString());
        System.out.println(status.out());
        for (final String option : List.of("--gateway", "--watch", "--count", "--json", "--timeout-ms", "--config",
            "--set", "0 healthy", "1 degraded", "2 down"))
        {
            assertTrue(status.out().contains(option), option + " in " + status.out());
        }
        final Run admin = hedge("admin", "--help");
        assertEquals(0, admin.exitCode(), admin.toString());
        System.out.println(admin.out());
        for (final String word : List.of("snapshot", "suspend", "resume", "shutdown", "switchover", "alarms", "--to",
            "--answer-timeout-ms", "admin permission"))
        {
            assertTrue(admin.out().contains(word), word + " in " + admin.out());
        }
        final Run hedge = hedge("--help");
        assertTrue(hedge.out().contains("status") && hedge.out().contains("admin"), hedge.out());
    }

    @Test
    void theDashboardSubscribesThroughTheOpsClientAndShowsWhatTheGatewayRelays() throws Exception
    {
        SILENT_REPLICAS.clear();
        final DashboardCommand dashboard = new DashboardCommand();
        dashboard.host = "127.0.0.1";
        dashboard.port = 0;
        dashboard.gatewayId = 1;
        final HedgeConfig config = HedgeConfig.load(configFile, Map.of());
        try (DashboardCommand.Running running = dashboard.start(config, System.out, System.err))
        {
            final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            final java.net.http.HttpRequest state = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(running.server().url() + "api/state")).build();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String body = "";
            // replica C's relayed report, and the gateway's health of it
            while (!(running.feed().connected() && body.contains("\"roleId\":3,\"name\":\"C\",\"state\":\"LIVE\"") &&
                body.contains("\"replicaId\":3,\"site\":\"C\",\"health\":\"UP\"")))
            {
                assertTrue(System.nanoTime() < deadline, "the dashboard did not show the relayed reports: " +
                    running.feed().describe() + " " + body);
                Thread.sleep(200);
                body = http.send(state, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            }
            MiniJson.parse(body);
        }
    }
}
