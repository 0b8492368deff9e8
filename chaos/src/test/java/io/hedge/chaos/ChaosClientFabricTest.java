package io.hedge.chaos;

import io.hedge.chaos.check.CheckResult;
import io.hedge.chaos.check.ChaosReport;
import io.hedge.chaos.check.Checks;
import io.hedge.chaos.check.EffectLog;
import io.hedge.gateway.GatewayConfiguration;
import io.hedge.gateway.GatewayContext;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.Ports;
import org.agrona.concurrent.AgentRunner;
import io.hedge.chaos.check.FaultTimeline;
import io.hedge.chaos.check.RunRecord;
import io.hedge.chaos.workload.ChaosClient;
import io.hedge.chaos.workload.ChaosClientMain;
import io.hedge.chaos.workload.ChaosClientSettings;
import io.hedge.chaos.workload.HistoryWriter;
import io.hedge.replicas.Replica;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three chaos clients, two processes of their own started from their properties files ({@link ChaosClientMain}, one
 * stopped early with SIGTERM) and one on a thread here, against a gateway and three replicas in this JVM on loopback for a few seconds; then every checker
 * passes on their histories, the replicas' journals and the effects sink's {@link EffectLog} (no faults).
 */
@Timeout(180)
class ChaosClientFabricTest
{
    @Test
    void chaosClientsRunAgainstAFabricAndEveryCheckerPasses() throws Exception
    {
        try (TestFabric fabric = new TestFabric("chaos-client"))
        {
            final Path runDir = fabric.dir.resolve("run");
            final Path effectFile = runDir.resolve("sink.effects");
            final EffectLog effectLog = fabric.closeWithFabric(new EffectLog(effectFile));
            final String sinkChannel = "aeron:udp?endpoint=localhost:" + Ports.freeUdpPort();
            final EffectSink sink = new EffectSink(fabric.aeron, sinkChannel, GatewayConfiguration.SINK_STREAM.defaultInt(),
                fabric.endpoints.stream().map(GatewayEndpoints::inboundChannel).toList(),
                GatewayContext.DEFAULT_REPLICA_STREAM_ID, effectLog);
            final AgentRunner sinkRunner = fabric.closeWithFabric(
                new AgentRunner(TestFabric.idle(), Throwable::printStackTrace, null, sink));
            AgentRunner.startOnThread(sinkRunner);
            // the gateway again, now forwarding effects to the sink
            fabric.gateways[0] = null;
            fabric.gateway.close();
            fabric.sinkChannel = sinkChannel;
            fabric.startGateway(1);
            TestFabric.awaitTrue("the restarted gateway is active", 30, () -> null != fabric.activeGateway());
            final long startMs = System.currentTimeMillis();
            final RoleProcess process = startClient(fabric, runDir, properties(fabric, runDir, 1));
            // client 3 would run for a minute: it is stopped with SIGTERM, and must drain and write its END line
            final Properties p3 = properties(fabric, runDir, 3);
            p3.setProperty("duration.s", "60");
            final RoleProcess stopped = startClient(fabric, runDir, p3);

            final ChaosClientSettings s2 = ChaosClientSettings.of(properties(fabric, runDir, 2));
            final String summary;
            try (HistoryWriter history = new HistoryWriter(s2.history(), s2.clientId()))
            {
                summary = new ChaosClient(s2,
                    () -> s2.clientContext().aeronDirectoryName(fabric.driver.aeronDirectoryName()), history).run();
            }
            process.awaitOutput("chaos client 1 done", 60, TimeUnit.SECONDS);
            TestFabric.awaitTrue("client 1 exits by itself", 30, () -> !process.isAlive());
            assertEquals(0, process.stop(), process.output());
            assertTrue(summary.contains("unresolved=0"), summary);
            stopped.awaitOutput("chaos client 3 started", 30, TimeUnit.SECONDS);
            stopped.stop();
            assertTrue(stopped.output().contains("chaos client 3 done"), stopped.output());

            TestFabric.awaitTrue("the replicas applied the same last seq", 30, () ->
            {
                final long seq = fabric.replicas.get(0).agent().appliedSeq();
                return seq > 0 && fabric.replicas.stream().allMatch(r -> r.agent().appliedSeq() == seq);
            });
            final Map<String, Path> journals = new LinkedHashMap<>();
            for (final String site : TestFabric.SITES)
            {
                journals.put("replica-" + site, fabric.journalDir(site));
            }
            final long seqNow = fabric.replicas.get(0).agent().appliedSeq();
            TestFabric.awaitTrue("the sink has what the journal's last seqs imply", 30,
                () -> sink.lastSeq() > 0 && sink.lastSeq() <= seqNow && quiet(sink));
            sinkRunner.close();
            fabric.replicas.forEach(CloseHelper::quietClose);

            final RunRecord run = RunRecord.load(List.of(runDir.resolve("client-1.history"), s2.history(),
                runDir.resolve("client-3.history")), journals,
                effectFile, FaultTimeline.none(), TestFabric.TRADING, RunRecord.DEFAULT_AVAILABILITY_BOUND_MS);
            final List<CheckResult> results = Checks.runAll(run);
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final ChaosReport.Numbers numbers = ChaosReport.Numbers.of(42, System.currentTimeMillis() - startMs, run);
            final boolean passed = ChaosReport.report(numbers, results,
                new PrintStream(text, true, StandardCharsets.UTF_8), runDir);
            System.out.print(text.toString(StandardCharsets.UTF_8));
            assertTrue(passed, text.toString(StandardCharsets.UTF_8));
            assertTrue(numbers.requests() > 300, "three clients at 100/s for 3 s: " + numbers);
            assertEquals(numbers.requests(), numbers.acknowledged(), "no faults: every request executes");
            assertEquals(3, run.histories().size());
            final var last = run.histories().get(3L).events();
            assertEquals(io.hedge.chaos.workload.HistoryEvent.Type.END, last.get(last.size() - 1).type());
        }
    }

    /** No effect accepted for 500 ms: the forwarder has sent what it had. */
    private static boolean quiet(final EffectSink sink)
    {
        final long before = sink.accepted();
        try
        {
            Thread.sleep(500);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return sink.accepted() == before;
    }

    private static RoleProcess startClient(final TestFabric fabric, final Path runDir, final Properties p)
        throws Exception
    {
        final String name = "client-" + p.getProperty("client.id");
        final Path file = runDir.resolve(name + ".properties");
        Files.createDirectories(runDir);
        try (var out = Files.newBufferedWriter(file))
        {
            p.store(out, "chaos " + name);
        }
        return fabric.closeWithFabric(RoleProcess.start(name, ChaosClientMain.class.getName(),
            List.of(file.toString()), runDir.resolve(name + ".log")));
    }

    private static Properties properties(final TestFabric fabric, final Path runDir, final int clientId)
    {
        final Properties p = new Properties();
        p.setProperty("client.id", Integer.toString(clientId));
        p.setProperty("gateways", String.join(",", fabric.ingressChannels()));
        p.setProperty("response.channel", "aeron:udp?endpoint=localhost:0");
        p.setProperty("seed", "42");
        p.setProperty("rate", "100");
        p.setProperty("duration.s", "3");
        p.setProperty("history", runDir.resolve("client-" + clientId + ".history").toString());
        p.setProperty("aeron.dir", runDir.resolve("client-" + clientId + "-aeron").toString());
        p.setProperty("trading.accounts", Integer.toString(TestFabric.TRADING.accounts()));
        p.setProperty("trading.instruments", Integer.toString(TestFabric.TRADING.instruments()));
        p.setProperty("timeout.ms", "5000");
        p.setProperty("drain.s", "20");
        return p;
    }
}
