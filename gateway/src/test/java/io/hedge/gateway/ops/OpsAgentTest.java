package io.hedge.gateway.ops;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.ThreadingMode;
import io.hedge.codecs.ops.AdminResponseDecoder;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.OpsConnectEncoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.codecs.ops.RoleReportEncoder;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.gateway.auth.Authenticators;
import io.hedge.gateway.auth.Permission;
import io.hedge.ops.OpsClient;
import io.hedge.ops.OpsException;
import io.hedge.ops.OpsListener;
import io.hedge.transport.ClientCredentials;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.OpsChannel;
import io.hedge.transport.Ports;
import io.hedge.transport.SecurityCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway's ops port over real Aeron on loopback: logon with the file authenticator (right secret, wrong secret,
 * a missing permission), the session limit and expiry, malformed input counted, STATUS answered with a FabricHealth,
 * reports relayed to subscribed sessions only, and admin verbs round-tripped through the AdminQueue by a test drain
 * standing in for the gateway agent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpsAgentTest
{
    private static final String ALICE_SECRET = "alice-secret-0123456789";
    private static final String BOB_SECRET = "bob-secret-0123456789ab";
    private static final int GATEWAY_ID = 1;
    private static final long WAIT_MS = 15_000;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EmbeddedDriver driver;
    private Aeron aeron;
    private String channel;
    private SecurityCounters counters;
    private TestFabricView view;
    private AdminQueue adminQueue;
    private OpsAgent agent;
    private AgentRunner runner;
    private Path principals;

    @BeforeEach
    void start() throws Exception
    {
        final Path dir = Path.of("target", "ops-agent-test", Long.toString(System.nanoTime())).toAbsolutePath();
        Files.createDirectories(dir);
        final Path principals = dir.resolve("principals");
        Files.writeString(principals,
            "alice id=1 secret=" + ALICE_SECRET + " permissions=status,admin,metrics\n" +
            "bob id=2 secret=" + BOB_SECRET + " permissions=status\n");
        Files.setPosixFilePermissions(principals, PosixFilePermissions.fromString("rw-------"));
        driver = EmbeddedDriver.launch(dir.resolve("aeron"), ThreadingMode.SHARED);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        this.principals = principals;
        startAgent(3_000, MemberSealing.off());
    }

    /** The agent under test, on its own port and thread; the one before it (if any) is closed. */
    private void startAgent(final long sessionTimeoutMs, final MemberSealing sealing)
    {
        CloseHelper.quietClose(runner);
        channel = "aeron:udp?endpoint=localhost:" + Ports.freeUdpPort();
        counters = SecurityCounters.inMemory("gateway 1");
        view = new TestFabricView();
        adminQueue = new AdminQueue();
        agent = new OpsAgent(new OpsSettings(GATEWAY_ID, channel, 2, sessionTimeoutMs), aeron,
            Authenticators.select("file", principals), view, adminQueue, counters, sealing,
            SystemEpochClock.INSTANCE);
        runner = new AgentRunner(new SleepingMillisIdleStrategy(GatewayOps.IDLE_SLEEP_MS), Throwable::printStackTrace,
            null, agent);
        AgentRunner.startOnThread(runner);
    }

    @AfterEach
    void stop()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
        CloseHelper.quietCloseAll(runner, aeron, driver);
    }

    private OpsClient connect(final String principal, final String secret, final boolean subscribe)
    {
        final OpsClient client = OpsClient.connect(aeron, new OpsClient.Options(channel, GATEWAY_ID, "localhost",
            ClientCredentials.of(principal, secret.getBytes(StandardCharsets.UTF_8)), subscribe, 10_000));
        closeables.add(client);
        return client;
    }

    @Test
    void theRightSecretOpensASessionWithThePrincipalsPermissionsAndAWrongOneIsRefusedAndCounted()
    {
        final OpsClient alice = connect("alice", ALICE_SECRET, false);
        assertEquals(GATEWAY_ID, alice.gatewayId());
        assertTrue(0 != (alice.permissions() & Permission.ADMIN.bit()), "alice holds admin");
        assertFalse(0 != (alice.permissions() & Permission.SUBMIT.bit()), "alice does not hold submit");

        final OpsException refused = assertThrows(OpsException.class, () -> connect("alice", "not-alices-secret-at-all", false));
        assertTrue(refused.getMessage().contains("AUTHENTICATION_FAILED"), refused.getMessage());
        assertFalse(refused.getMessage().contains("not-alices-secret"), "never the secret");
        assertEquals(1, counters.logonsRejected().get());
        final OpsException unknown = assertThrows(OpsException.class, () -> connect("mallory", ALICE_SECRET, false));
        assertTrue(unknown.getMessage().contains("AUTHENTICATION_FAILED"), unknown.getMessage());
        assertEquals(2, counters.logonsRejected().get());
    }

    @Test
    void withoutAdminEveryAdminVerbIsUnauthorizedAndWithoutMetricsNothingIsRelayed() throws Exception
    {
        final OpsClient bob = connect("bob", BOB_SECRET, true);
        assertTrue(bob.connectDetail().contains("lacks the metrics permission"), bob.connectDetail());
        final OpsClient alice = connect("alice", ALICE_SECRET, true);
        final Recorder bobHeard = new Recorder();
        final Recorder aliceHeard = new Recorder();

        for (final AdminVerb verb : List.of(AdminVerb.SNAPSHOT, AdminVerb.SUSPEND, AdminVerb.RESUME,
            AdminVerb.SHUTDOWN))
        {
            final long correlationId = send(bob, verb, 0);
            awaitPolling(bob, bobHeard, () -> bobHeard.response(correlationId) != null, "an answer to " + verb);
            assertEquals(AdminResult.UNAUTHORIZED, bobHeard.response(correlationId).result);
        }
        assertEquals(4, counters.requestsUnauthorized().get());
        assertTrue(bobHeard.responses.stream().allMatch(r -> r.detail.contains("lacks the admin permission")));
        assertEquals(0, adminQueue.drain(command -> { }), "nothing unauthorized reached the gateway agent");

        final Publication reports = addReportPublication();
        sendReport(reports, 2, 4242);
        awaitPolling(alice, aliceHeard, () -> aliceHeard.reports.contains(4242L), "the report relayed to alice");
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        while (System.nanoTime() < deadline)
        {
            bob.poll(bobHeard);
            Thread.sleep(5);
        }
        assertTrue(bobHeard.reports.isEmpty(), "bob, without metrics, hears no report");
        assertTrue(bobHeard.healthRelays == 0, "bob, without metrics, gets no health relay");
        awaitPolling(alice, aliceHeard, () -> aliceHeard.healthRelays > 0, "a health relay to alice");
    }

    @Test
    void statusIsAnsweredWithAFabricHealthAndAlarmsWithTheViewsText()
    {
        final OpsClient bob = connect("bob", BOB_SECRET, false);
        final Recorder heard = new Recorder();
        final long status = send(bob, AdminVerb.STATUS, 0);
        awaitPolling(bob, heard, () -> heard.healthCorrelations.contains(status), "a FabricHealth for STATUS");
        final long alarms = send(bob, AdminVerb.ALARMS, 0);
        awaitPolling(bob, heard, () -> heard.response(alarms) != null, "the alarms");
        assertEquals(AdminResult.OK, heard.response(alarms).result);
        assertEquals(new TestFabricView().alarmsText(), heard.response(alarms).detail);
        assertEquals("replica 2 lag rising", heard.lastAlarmReason);
        assertEquals(7, alarmsRaisedCounter(), "the view's alarm count, as an Aeron counter of ALARMS_RAISED");
    }

    private long alarmsRaisedCounter()
    {
        final long[] value = {-1};
        final long deadlineNs = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (value[0] != 7 && System.nanoTime() - deadlineNs < 0)
        {
            aeron.countersReader().forEach((counterId, typeId, key, label) ->
            {
                if (io.hedge.ops.CounterType.ALARMS_RAISED.typeId() == typeId)
                {
                    value[0] = aeron.countersReader().getCounterValue(counterId);
                }
            });
            Thread.onSpinWait();
        }
        return value[0];
    }

    @Test
    void anAdminVerbGoesThroughTheAdminQueueAndItsAnswerComesBack()
    {
        final OpsClient alice = connect("alice", ALICE_SECRET, false);
        final Recorder heard = new Recorder();
        final long snapshot = send(alice, AdminVerb.SNAPSHOT, 0);
        final List<AdminQueue.Command> taken = new ArrayList<>();
        awaitPolling(alice, heard, () ->
        {
            adminQueue.drain(taken::add);
            return !taken.isEmpty();
        }, "the verb in the admin queue");
        final AdminQueue.Command command = taken.get(0);
        assertEquals(AdminVerb.SNAPSHOT, command.verb());
        assertEquals(alice.opsClientId(), command.opsClientId());
        assertEquals(snapshot, command.correlationId());
        // as the gateway agent would, from a thread of its own
        final Thread gatewayAgent = new Thread(() -> command.reply().done(AdminResult.OK, 977, "snapshots at seq 977"));
        gatewayAgent.start();
        awaitPolling(alice, heard, () -> heard.response(snapshot) != null, "the answer to SNAPSHOT");
        assertEquals(AdminResult.OK, heard.response(snapshot).result);
        assertEquals(977, heard.response(snapshot).seq);
        assertEquals("snapshots at seq 977", heard.response(snapshot).detail);

        final long noTarget = send(alice, AdminVerb.SWITCHOVER, 0);
        awaitPolling(alice, heard, () -> heard.response(noTarget) != null, "the answer to a switchover to nowhere");
        assertEquals(AdminResult.INVALID, heard.response(noTarget).result);

        for (int i = 0; i < AdminQueue.CAPACITY; i++)
        {
            assertTrue(adminQueue.offer(new AdminQueue.Command(AdminVerb.RESUME, 0, 0, 0, (r, s, d) -> { })));
        }
        final long busy = send(alice, AdminVerb.SWITCHOVER, 2);
        awaitPolling(alice, heard, () -> heard.response(busy) != null, "the answer to a verb with the queue full");
        assertEquals(AdminResult.BUSY, heard.response(busy).result);
    }

    @Test
    void sessionsBeyondTheLimitAreRefusedAndSilentOnesExpireWhileKeptAliveOnesStay() throws Exception
    {
        final OpsClient kept = connect("bob", BOB_SECRET, false);
        final OpsClient silent = connect("alice", ALICE_SECRET, false);
        final OpsException full = assertThrows(OpsException.class, () -> connect("alice", ALICE_SECRET, false));
        assertTrue(full.getMessage().contains("REJECTED") && full.getMessage().contains("ops.max.sessions 2"),
            full.getMessage());
        final Recorder heard = new Recorder();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (agent.sessionCount() > 1)
        {
            assertTrue(System.nanoTime() < deadline, "the silent session did not expire");
            kept.poll(heard); // keeps its session alive; the silent one is never polled
            Thread.sleep(10);
        }
        final long status = send(kept, AdminVerb.STATUS, 0);
        awaitPolling(kept, heard, () -> heard.healthCorrelations.contains(status), "status on the kept session");
        final Recorder silentHeard = new Recorder();
        final long lost = send(silent, AdminVerb.STATUS, 0);
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000);
        while (System.nanoTime() < until)
        {
            silent.poll(silentHeard);
            Thread.sleep(5);
        }
        assertFalse(silentHeard.healthCorrelations.contains(lost), "an expired session is not answered");
        // and there is room again
        connect("alice", ALICE_SECRET, false);
    }

    @Test
    void malformedOpsInputAndReportsAreCountedAndDropped() throws Exception
    {
        final Publication ops = aeron.addPublication(channel, OpsChannel.OPS_STREAM_ID);
        final Publication reports = addReportPublication();
        closeables.add(ops);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        await(() -> ops.isConnected() && reports.isConnected(), "the ops port");
        // shorter than a header
        offer(ops, buffer, 5);
        // an OpsConnect whose response channel claims more bytes than arrived
        final OpsConnectEncoder connect = new OpsConnectEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .opsClientId(9).responseStreamId(OpsChannel.OPS_RESPONSE_STREAM_ID)
            .responseChannel("aeron:udp?endpoint=localhost:40001").putCredentials(new byte[0], 0, 0);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
        buffer.putInt(MessageHeaderEncoder.ENCODED_LENGTH + io.hedge.codecs.ops.OpsConnectEncoder.BLOCK_LENGTH, 10_000);
        offer(ops, buffer, length);
        // a role report with a histogram count that runs past the end
        final int reportLength = encodeReport(buffer, 3, 1);
        final int histogramsCount = MessageHeaderEncoder.ENCODED_LENGTH + RoleReportEncoder.BLOCK_LENGTH + 4 +
            RoleReportEncoder.CountersEncoder.sbeBlockLength() + 2;
        buffer.putShort(histogramsCount, (short)50);
        offer(reports, buffer, reportLength);
        // another schema's message on the metrics stream
        buffer.putShort(4, (short)7701);
        offer(reports, buffer, reportLength);
        await(() -> counters.malformedMessagesDropped().get() >= 4, "four malformed messages counted");
        assertEquals(0, agent.sessionCount());
        assertEquals(0, view.reports.get(), "nothing malformed reached the view");
    }

    @Test
    void anIdleOpsAgentSleepsAndCostsAFewPercentOfACoreAtMost() throws Exception
    {
        connect("alice", ALICE_SECRET, true); // a subscribed session: the once-a-second health is part of idle
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        final long threadId = runner.thread().getId();
        final long cpuBefore = threads.getThreadCpuTime(threadId);
        final long wallBefore = System.nanoTime();
        Thread.sleep(3_000);
        final double share = (double)(threads.getThreadCpuTime(threadId) - cpuBefore) / (System.nanoTime() - wallBefore);
        System.out.printf("idle ops agent: %.2f %% of a core%n", 100 * share);
        assertTrue(share < 0.05, "an idle ops agent used " + 100 * share + " % of a core");
    }

    @Test
    void aFloodOfConnectsBeyondTheRateIsDroppedAndCounted()
    {
        final Publication ops = aeron.addPublication(channel, OpsChannel.OPS_STREAM_ID);
        closeables.add(ops);
        await(ops::isConnected, "the ops port");
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        // on a stream the gateway never answers on: each taken one is dropped as malformed, opening nothing
        final OpsConnectEncoder connect = new OpsConnectEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .opsClientId(9).responseStreamId(99)
            .responseChannel("aeron:udp?endpoint=localhost:40001").putCredentials(new byte[0], 0, 0);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
        final int sent = 3 * OpsDoor.MAX_CONNECTS_PER_SECOND;
        for (int i = 0; i < sent; i++)
        {
            offer(ops, buffer, length);
        }
        await(() -> counters.malformedMessagesDropped().get() + counters.sourceLimitDrops().get() == sent,
            "every connect accounted for");
        assertTrue(counters.sourceLimitDrops().get() >= OpsDoor.MAX_CONNECTS_PER_SECOND,
            "dropped beyond the rate: " + counters.sourceLimitDrops().get());
    }

    @Test
    void aFullTableMakesRoomByClosingASessionWhoseToolStoppedKeepingItAlive() throws Exception
    {
        startAgent(60_000, MemberSealing.off());
        final OpsClient live = connect("bob", BOB_SECRET, false);
        connect("alice", ALICE_SECRET, false); // never polled again: no keep-alive
        final Recorder heard = new Recorder();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OpsSessions.STALE_MS + 500);
        while (System.nanoTime() < deadline)
        {
            live.poll(heard);
            Thread.sleep(10);
        }
        assertEquals(2, agent.sessionCount(), "not expired: the session timeout is a minute");
        final OpsClient newcomer = connect("alice", ALICE_SECRET, false);
        final long status = send(newcomer, AdminVerb.STATUS, 0);
        awaitPolling(newcomer, heard, () -> heard.healthCorrelations.contains(status), "status on the newcomer");
        final long liveStatus = send(live, AdminVerb.STATUS, 0);
        awaitPolling(live, heard, () -> heard.healthCorrelations.contains(liveStatus), "the kept-alive session");
    }

    @Test
    void withMemberAuthenticationOnlySealedReportsAreTakenAndTheRestCounted() throws Exception
    {
        final byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte)7);
        final SecurityCounters sealCounters = SecurityCounters.inMemory("gateway 1");
        startAgentWithSealCounters(key, sealCounters);
        final Publication reports = addReportPublication();
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        offer(reports, buffer, encodeReport(buffer, 1, 11)); // unsealed
        await(() -> sealCounters.memberMessagesRejected().get() == 1, "the unsealed report counted");
        assertEquals(0, view.reports.get());
        final MemberSealing sender = new MemberSealing(key, null, "test-sender");
        final int length = encodeReport(buffer, 1, 12);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (sender.offer(reports, buffer, 0, length) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "the sealed report was not taken");
            Thread.onSpinWait();
        }
        await(() -> view.reports.get() == 1, "the sealed report taken");
        assertEquals(1, sealCounters.memberMessagesRejected().get());
    }

    private void startAgentWithSealCounters(final byte[] key, final SecurityCounters sealCounters)
    {
        startAgent(3_000, new MemberSealing(key, sealCounters.memberMessagesRejected(), "gateway 1"));
    }

    private Publication addReportPublication()
    {
        final Publication publication = aeron.addPublication(channel, OpsChannel.METRICS_STREAM_ID);
        closeables.add(publication);
        await(publication::isConnected, "the metrics stream");
        return publication;
    }

    private void sendReport(final Publication publication, final int replicaId, final long appliedSeq)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        offer(publication, buffer, encodeReport(buffer, replicaId, appliedSeq));
    }

    static int encodeReport(final UnsafeBuffer buffer, final int replicaId, final long appliedSeq)
    {
        final RoleReportEncoder report = new RoleReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .roleKind(RoleKind.REPLICA).roleId(replicaId).epoch(1).timestampMs(System.currentTimeMillis())
            .intervalMs(1000).seq(appliedSeq).commitSeq(appliedSeq);
        report.countersCount(1).next().typeId(7740).subjectId(0).value(appliedSeq);
        report.histogramsCount(1).next().samples(1).p50Ns(10).p99Ns(20).p999Ns(30).maxNs(40)
            .putEncodedHistogram(new byte[]{1, 2, 3, 4}, 0, 4);
        return MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
    }

    private static void offer(final Publication publication, final UnsafeBuffer buffer, final int length)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (publication.offer(buffer, 0, length) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "the publication did not take the message");
            Thread.onSpinWait();
        }
    }

    private static long send(final OpsClient client, final AdminVerb verb, final int target)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        long correlationId;
        while ((correlationId = client.send(verb, target)) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "the ops port did not take " + verb);
            Thread.onSpinWait();
        }
        return correlationId;
    }

    private static void awaitPolling(
        final OpsClient client, final OpsListener listener, final BooleanSupplier done, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            if (0 == client.poll(listener))
            {
                sleep();
            }
        }
    }

    private static void await(final BooleanSupplier done, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            sleep();
        }
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(2);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** What a session heard, copied out of the decoders. */
    static final class Recorder implements OpsListener
    {
        record Response(long correlationId, AdminVerb verb, AdminResult result, long seq, String detail)
        {
        }

        final List<Response> responses = new ArrayList<>();
        final List<Long> reports = new ArrayList<>();
        final List<Long> healthCorrelations = new ArrayList<>();
        int healthRelays;
        String lastAlarmReason;

        @Override
        public void onRoleReport(final RoleReportDecoder report)
        {
            reports.add(report.seq());
        }

        @Override
        public void onFabricHealth(final FabricHealthDecoder health)
        {
            if (0 == health.correlationId())
            {
                healthRelays++;
            }
            healthCorrelations.add(health.correlationId());
            health.gateways().forEach(g -> { });
            health.replicas().forEach(r -> { });
            for (final FabricHealthDecoder.AlarmsDecoder alarm : health.alarms())
            {
                lastAlarmReason = alarm.reason();
            }
        }

        @Override
        public void onAdminResponse(final AdminResponseDecoder response)
        {
            responses.add(new Response(response.correlationId(), response.verb(), response.result(), response.seq(),
                response.detail()));
        }

        Response response(final long correlationId)
        {
            return responses.stream().filter(r -> r.correlationId == correlationId).findFirst().orElse(null);
        }
    }
}
