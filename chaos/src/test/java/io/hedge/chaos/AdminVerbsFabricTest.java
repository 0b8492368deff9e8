package io.hedge.chaos;

import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.Response;
import io.hedge.client.trading.TradingRequests;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.codecs.trading.Side;
import io.hedge.gateway.Gateway;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import io.hedge.journal.Snapshot;
import io.hedge.journal.SnapshotStore;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin verbs over a real fabric (a gateway and three replicas on loopback, one media driver), handed to the
 * gateway's AdminQueue as the ops agent hands them (no ops port): suspend answers SUSPENDED and sequences nothing
 * while what was in flight finishes; resume loses and duplicates nothing (the journals say so); a snapshot lands at
 * one seq on every replica with equal hashes; shutdown stops every role (a standby too) after a snapshot, and a
 * restart replays nothing.
 */
@Timeout(180)
class AdminVerbsFabricTest
{
    private static final long CLIENT_ID = 77;

    /** What the gateway answered to one command. */
    private record Answer(AdminResult result, long seq, String detail)
    {
    }

    @Test
    void suspendAnswersSuspendedWhileInFlightRequestsFinishAndResumeLosesNothing() throws Exception
    {
        try (TestFabric fabric = new TestFabric("admin-suspend");
            HedgeClient client = HedgeClient.connect(context(fabric)))
        {
            final Gateway gateway = fabric.activeGateway();
            final List<CompletableFuture<Response>> inFlight = submit(client, 1, 300);
            // suspend while the burst is in flight: some sequenced, likely not all
            TestFabric.awaitTrue("the burst began to be sequenced", 30,
                () -> gateway.agent().counters().requestsSequenced() > 0);
            assertEquals(AdminResult.OK, admin(gateway, AdminVerb.SUSPEND).result());
            assertTrue(gateway.agent().suspended());
            final Map<Long, ResponseStatus> answers = new HashMap<>();
            long okBefore = 0;
            for (final CompletableFuture<Response> future : inFlight)
            {
                final Response response = future.get(30, TimeUnit.SECONDS);
                answers.put(response.correlationId(), response.status());
                okBefore += response.ok() ? 1 : 0;
                assertTrue(response.ok() || response.suspended(), response.toString());
            }
            assertTrue(okBefore > 0, "what was sequenced before the suspension finished");

            final long lastSeq = gateway.agent().lastSeq();
            for (final CompletableFuture<Response> future : submit(client, 1_000, 20))
            {
                final Response response = future.get(30, TimeUnit.SECONDS);
                assertEquals(ResponseStatus.SUSPENDED, response.status(), "a final answer, at once");
                assertTrue(response.suspended());
                answers.put(response.correlationId(), response.status());
            }
            assertEquals(lastSeq, gateway.agent().lastSeq(), "nothing was sequenced while suspended");
            assertTrue(gateway.agent().counters().suspendedAnswers() >= 20);

            assertEquals(AdminResult.OK, admin(gateway, AdminVerb.RESUME).result());
            for (final CompletableFuture<Response> future : submit(client, 2_000, 20))
            {
                final Response response = future.get(30, TimeUnit.SECONDS);
                assertEquals(ResponseStatus.OK, response.status(), "sequenced again after resume");
                answers.put(response.correlationId(), response.status());
            }
            final long endSeq = gateway.agent().lastSeq();
            TestFabric.awaitTrue("every replica applied everything", 30,
                () -> fabric.replicas.stream().allMatch(r -> r.agent().appliedSeq() == endSeq));
            final long hash = fabric.replicas.get(0).agent().stateHash();
            for (final Replica replica : fabric.replicas)
            {
                assertEquals(hash, replica.agent().stateHash(), "every replica in the same state");
            }
            for (final Replica replica : fabric.replicas)
            {
                replica.close();
            }
            for (final String site : TestFabric.SITES)
            {
                final Map<Long, Integer> journaled = journaledRequests(fabric.journalDir(site));
                for (final Map.Entry<Long, ResponseStatus> answer : answers.entrySet())
                {
                    final int times = journaled.getOrDefault(answer.getKey(), 0);
                    assertEquals(answer.getValue() == ResponseStatus.OK ? 1 : 0, times, "site " + site +
                        ": request " + answer.getKey() + " answered " + answer.getValue() + " is journaled " + times +
                        " times");
                }
                assertEquals(answers.values().stream().filter(s -> s == ResponseStatus.OK).count(), journaled.size(),
                    "site " + site + ": nothing journaled that was not answered OK");
            }
        }
    }

    @Test
    void aSnapshotLandsAtOneSeqOnEveryReplicaWithEqualHashes() throws Exception
    {
        try (TestFabric fabric = new TestFabric("admin-snapshot");
            HedgeClient client = HedgeClient.connect(context(fabric)))
        {
            final Gateway gateway = fabric.activeGateway();
            final List<CompletableFuture<Response>> inFlight = submit(client, 1, 200);
            final Answer answer = admin(gateway, AdminVerb.SNAPSHOT);
            assertEquals(AdminResult.OK, answer.result(), answer.detail());
            final long seq = answer.seq();
            assertTrue(seq > 1, answer.toString());
            for (final CompletableFuture<Response> future : inFlight)
            {
                assertTrue(future.get(30, TimeUnit.SECONDS).ok(), "a snapshot holds nothing up");
            }
            TestFabric.awaitTrue("every replica has the snapshot", 30,
                () -> fabric.replicas.stream().allMatch(r -> r.agent().lastSnapshotSeq() >= seq));
            Snapshot first = null;
            for (final String site : TestFabric.SITES)
            {
                final SnapshotStore store = new SnapshotStore(fabric.dir.resolve("replica-" + site + "-snapshots"));
                final Snapshot snapshot = store.read(store.fileFor(seq));
                assertEquals(seq, snapshot.seq(), "site " + site);
                if (null == first)
                {
                    first = snapshot;
                }
                assertEquals(first.rollingStateHash(), snapshot.rollingStateHash(), "site " + site);
                assertEquals(first.fullStateHash(), snapshot.fullStateHash(), "site " + site);
            }
        }
    }

    @Test
    void shutdownSnapshotsAndStopsEveryRoleAndARestartReplaysNothing() throws Exception
    {
        try (TestFabric fabric = new TestFabric("admin-shutdown", 4096, site -> new TradingEngine(TestFabric.TRADING),
            TestFabric.SITES.length, 2);
            HedgeClient client = HedgeClient.connect(context(fabric)))
        {
            final Gateway gateway = fabric.activeGateway();
            final Gateway standby = fabric.gateways[gateway.agent().gatewayId() % 2];
            final List<CompletableFuture<Response>> inFlight = submit(client, 1, 200);
            final Answer answer = admin(gateway, AdminVerb.SHUTDOWN);
            assertEquals(AdminResult.OK, answer.result(), answer.detail());
            final long seq = answer.seq();
            for (final CompletableFuture<Response> future : inFlight)
            {
                final Response response = future.get(30, TimeUnit.SECONDS);
                assertTrue(response.ok() || response.suspended(), response.toString());
            }
            assertEquals(seq, gateway.agent().lastSeq(), "the stop entry is the last seq");
            TestFabric.awaitTrue("every role stopped, the standby too", 30, () -> gateway.agent().stoppedByAdmin() &&
                standby.agent().stoppedByAdmin() && fabric.replicas.stream().allMatch(r -> r.agent().stoppedByAdmin()));
            for (final Replica replica : fabric.replicas)
            {
                assertEquals(seq, replica.agent().appliedSeq());
                assertEquals(seq, replica.agent().lastSnapshotSeq());
                replica.close();
            }
            fabric.replicas.clear();
            for (int id = 1; id <= 2; id++)
            {
                fabric.gateways[id - 1].close();
                fabric.gateways[id - 1] = null;
            }

            for (final String site : TestFabric.SITES)
            {
                final Replica restarted = fabric.startReplica(site);
                assertEquals(seq, restarted.agent().appliedSeq());
                assertEquals(0, restarted.agent().replayedAtStart(), "site " + site + " replays nothing");
            }
            fabric.startGateway(1);
            fabric.startGateway(2);
            TestFabric.awaitTrue("a gateway was elected again", 30, () -> null != fabric.activeGateway());
            assertTrue(!fabric.activeGateway().agent().suspended(), "a new active gateway starts unsuspended");
            final Response after = client.submit(TradingRequests.newOrder(5_000, 7, 1, Side.BUY, 1_000, 10))
                .get(30, TimeUnit.SECONDS);
            assertEquals(ResponseStatus.OK, after.status(), "the fabric serves again after the restart");
        }
    }

    private static List<CompletableFuture<Response>> submit(final HedgeClient client, final long firstOrderId,
        final int count)
    {
        final List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            futures.add(client.submit(TradingRequests.newOrder(firstOrderId + i, 7, 1, Side.BUY, 1_000, 10)));
        }
        return futures;
    }

    private static Answer admin(final Gateway gateway, final AdminVerb verb) throws Exception
    {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        assertTrue(gateway.agent().adminQueue().offer(new AdminQueue.Command(verb, 0, 1, 1,
            (result, seq, detail) ->
            {
                if (!answer.complete(new Answer(result, seq, detail)))
                {
                    throw new AssertionError("answered twice: " + result + " " + detail);
                }
            })));
        return answer.get(60, TimeUnit.SECONDS);
    }

    /**
     * @return how many times the journal holds each correlation id of the test's client.
     */
    private static Map<Long, Integer> journaledRequests(final Path journalDir)
    {
        final Map<Long, Integer> journaled = new HashMap<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (SequencedJournal journal = SequencedJournal.open(journalDir); JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                if (decoder.clientId() == CLIENT_ID)
                {
                    journaled.merge(decoder.correlationId(), 1, Integer::sum);
                }
            }))
            {
                // each record is counted by the handler
            }
        }
        return journaled;
    }

    private static HedgeClientContext context(final TestFabric fabric)
    {
        return new HedgeClientContext()
            .clientId(CLIENT_ID)
            .aeronDirectoryName(fabric.driver.aeronDirectoryName())
            .gatewayIngressChannels(fabric.ingressChannels())
            .idleStrategySupplier(TestFabric::idle);
    }
}
