package io.hedge.ops;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.driver.ThreadingMode;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.OpsChannel;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reporter as a role runs it, over a real media driver: sealed reports reach a subscription to the ops channel
 * and are refused by one holding another key; its counters are in the driver's counters file and on /metrics.
 */
class RoleReporterTest
{
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes();

    private final Path dir = Path.of("target/test-work/role-reporter-" + System.nanoTime());
    private final CountersManager localCounters = new CountersManager(
        new UnsafeBuffer(new byte[16 * CountersManager.METADATA_LENGTH]),
        new UnsafeBuffer(new byte[16 * CountersManager.COUNTER_LENGTH]));
    private MediaDriver driver;
    private Aeron aeron;
    private RoleReporter reporter;
    private final Map<CounterType, Long> decoded = new HashMap<>();
    private long applySamples;

    @AfterEach
    void close()
    {
        if (null != reporter)
        {
            reporter.onClose();
        }
        CloseHelper.quietCloseAll(aeron, driver);
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sealedReportsReachTheOpsChannelAndTheCountersAreInTheDriverAndOnMetrics() throws Exception
    {
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toAbsolutePath().toString())
            .threadingMode(ThreadingMode.SHARED)
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final String channel = "aeron:udp?endpoint=localhost:" + Ports.freeUdpPort();
        final int httpPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            httpPort = socket.getLocalPort();
        }

        final TestRoles.FakeReplica role = new TestRoles.FakeReplica();
        role.dir = dir;
        role.applied = 42;
        final RoleHistograms histograms = new RoleHistograms();
        final HopRecorder apply = histograms.add(Hop.APPLY, 0);
        final AtomicCounter rejectedHere = localCounters.newCounter("rejected");
        final AtomicCounter rejectedByOther = localCounters.newCounter("rejected by other");
        reporter = RoleReporter.open(aeron, new ReportingSettings().reportMs(50).httpPort(httpPort)
                .reportChannels(java.util.List.of(channel)), role, histograms,
            new MemberSealing(KEY, localCounters.newCounter("sender"), "replica 3"), "hedge replica 3", "replica-3");

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final RoleReportDecoder decoder = new RoleReportDecoder();
        final int[] foreign = new int[1];
        try (Subscription members = aeron.addSubscription(channel, OpsChannel.METRICS_STREAM_ID);
            Subscription otherKey = aeron.addSubscription(channel, OpsChannel.METRICS_STREAM_ID))
        {
            final FragmentAssembler checked = new FragmentAssembler(new MemberSealing(KEY, rejectedHere, "gateway 1")
                .wrap((FragmentHandler)(buffer, offset, length, frame) ->
                {
                    decoder.wrapAndApplyHeader(buffer, offset, header);
                    for (final RoleReportDecoder.CountersDecoder c : decoder.counters())
                    {
                        decoded.put(CounterType.ofTypeId(c.typeId()), c.value());
                    }
                    for (final RoleReportDecoder.HistogramsDecoder h : decoder.histograms())
                    {
                        applySamples += h.samples();
                        h.skipEncodedHistogram();
                    }
                }));
            final FragmentAssembler refused = new FragmentAssembler(new MemberSealing(
                OTHER_KEY, rejectedByOther, "gateway 2").wrap((FragmentHandler)(buffer, offset, length, frame) -> foreign[0]++));

            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!members.isConnected() || !otherKey.isConnected())
            {
                assertTrue(System.nanoTime() < deadlineNs, "the reporter's publication did not connect within 30 s");
                reporter.doWork();
                Thread.sleep(1);
            }
            // a report offered before the subscriptions connected was dropped: these go in one that arrives
            apply.record(5_000);
            apply.record(7_000);
            while (decoded.get(CounterType.APPLIED) == null || applySamples < 2 || rejectedByOther.get() == 0)
            {
                assertTrue(System.nanoTime() < deadlineNs, "no report within 30 s: " + decoded);
                reporter.doWork();
                members.poll(checked, 10);
                otherKey.poll(refused, 10);
                Thread.sleep(1);
            }
        }
        assertEquals(42L, decoded.get(CounterType.APPLIED));
        assertEquals(2, applySamples);
        assertEquals(0, rejectedHere.get(), "sealed with the member key");
        assertEquals(0, foreign[0], "nothing reaches a holder of another key");
        assertTrue(reporter.reports() > 0);

        // AeronStat's view: the driver's counters file, by type id and label
        final long[] fromDriver = {-1};
        aeron.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == CounterType.APPLIED.typeId() && label.equals("hedge replica 3: applied"))
            {
                fromDriver[0] = aeron.countersReader().getCounterValue(counterId);
            }
        });
        assertEquals(42, fromDriver[0]);

        final HttpResponse<String> scrape = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(scrape.body().contains("hedge_replica_applied{role_id=\"3\",subject=\"0\"} 42"), scrape.body());
        assertTrue(scrape.body().contains("hedge_replica_replica_reports_dropped{role_id=\"3\",subject=\"0\"}"));

        reporter.onClose();
        reporter = null;
        // the client asks the driver to free them; the driver does so on its own thread, a moment later
        final long[] left = {-1};
        final long freedByNs = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (0 != left[0] && System.nanoTime() - freedByNs < 0)
        {
            left[0] = 0;
            aeron.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
                left[0] += label.startsWith("hedge replica 3") ? 1 : 0);
            Thread.yield();
        }
        assertEquals(0, left[0], "its counters are freed when it closes");
    }
}
