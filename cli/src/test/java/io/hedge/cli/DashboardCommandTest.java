package io.hedge.cli;

import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.codecs.ops.RoleReportEncoder;
import io.hedge.ops.CounterType;
import io.hedge.ops.OpsListener;
import io.hedge.ops.dashboard.OpsFeed;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardCommandTest
{
    private static final Path DIR = Path.of(System.getProperty("hedge.test.dir", "target/test-work"))
        .resolve("dashboard-command");

    @AfterEach
    void unplug()
    {
        DashboardCommand.feeds = DashboardFeeds.OPS_CLIENT;
    }

    @Test
    void badOptionsAreOneLineAndExitCodeTwo()
    {
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(2, HedgeCommand.execute("dashboard", "--port", "70000"));
            assertEquals(2, HedgeCommand.execute("dashboard", "--port", "0", "--gateway", "4"));
            assertEquals(2, HedgeCommand.execute("dashboard", "--port", "http"));
        }
        finally
        {
            System.setErr(err);
        }
        final String message = captured.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--port must be between 0 and 65535, got 70000"), message);
        assertTrue(message.contains("--gateway 4 is not a gateway of this fabric"), message);
        assertEquals(3, message.lines().count(), message);
    }

    @Test
    void servesWhatItsFeedHearsOnLoopback() throws Exception
    {
        final AtomicInteger startedWithGateway = new AtomicInteger();
        DashboardCommand.feeds = (config, gateway, aeronDir) ->
        {
            startedWithGateway.set(gateway.gatewayId());
            return new OneReportFeed();
        };
        final DashboardCommand command = new DashboardCommand();
        new CommandLine(command).parseArgs("--port", "0", "--set", "hedge.dir=" + DIR, "--set", "sites=london,tokyo");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (DashboardCommand.Running running = command.start(command.options.load(),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
        {
            assertEquals("127.0.0.1", running.server().address().getAddress().getHostAddress());
            assertEquals(1, startedWithGateway.get());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(running.server().url()), out.toString());
            assertEquals("", err.toString(StandardCharsets.UTF_8), "no warning on loopback");
            final HttpClient http = HttpClient.newHttpClient();
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String state = "";
            while (System.nanoTime() < deadline && !state.contains("\"winsTotal\":4321"))
            {
                Thread.sleep(200);
                state = http.send(HttpRequest.newBuilder(URI.create(running.server().url() + "api/state"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            assertTrue(state.contains("\"replicaId\":2,\"site\":\"tokyo\",\"winsTotal\":4321"), state);
            assertTrue(state.contains("\"connected\":true,\"detail\":\"one report\""), state);
        }
    }

    @Test
    void warnsWhenNotOnLoopback() throws Exception
    {
        final DashboardCommand command = new DashboardCommand();
        new CommandLine(command).parseArgs("--host", "0.0.0.0", "--port", "0", "--set", "hedge.dir=" + DIR);
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (DashboardCommand.Running running = command.start(command.options.load(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)))
        {
            assertFalse(running.server().address().getAddress().isLoopbackAddress());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("WARNING: serving on 0.0.0.0, not loopback"),
                err.toString(StandardCharsets.UTF_8));
        }
    }

    /** A feed that hears one active gateway's report: tokyo (replica 2) won 4,321 answers. */
    private static final class OneReportFeed implements OpsFeed
    {
        private OpsListener listener;
        private boolean sent;

        @Override
        public void start(final OpsListener listener)
        {
            this.listener = listener;
        }

        @Override
        public int poll()
        {
            if (sent)
            {
                return 0;
            }
            sent = true;
            final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(1024));
            final RoleReportEncoder report = new RoleReportEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .roleKind(RoleKind.GATEWAY).roleId(1).epoch(1).timestampMs(System.currentTimeMillis()).intervalMs(1000)
                .stateCode((short)GatewayRole.ACTIVE.value()).seq(5000).commitSeq(5000).stateHash(0)
                .freeDiskBytes(-1).gcPauseMs(0).suspended(BooleanType.FALSE);
            report.countersCount(1).next().typeId(CounterType.WINS.typeId()).subjectId(2).value(4321);
            report.histogramsCount(0);
            listener.onRoleReport(new RoleReportDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH,
                RoleReportEncoder.BLOCK_LENGTH, RoleReportEncoder.SCHEMA_VERSION));
            return 1;
        }

        @Override
        public boolean connected()
        {
            return true;
        }

        @Override
        public String describe()
        {
            return "one report";
        }

        @Override
        public void close()
        {
        }
    }
}
