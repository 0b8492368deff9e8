package io.hedge.cli;

import io.hedge.chaos.RoleProcess;
import io.hedge.client.FabricStatus;
import io.hedge.client.HedgeSession;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import io.hedge.perf.LoadGenerator;
import io.hedge.perf.LoadResult;
import io.hedge.replicas.StateMachine;
import io.hedge.replicas.trading.TradingWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of real role processes under load: what a crash leaves behind must be enough to come back to exactly
 * the state of the others, with nothing lost and nothing applied twice.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ProcessFaultTest
{
    /** Each term's own first entry (LeaderTerm.markTermStart): one seq that is no request. */
    private static final long TERM_START = 1;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aReplicaKilledUnderLoadRestartsAndConverges() throws Exception
    {
        try (ProcessFabric fabric = new ProcessFabric("kill-replica"))
        {
            fabric.startGateway();
            for (final String site : new String[]{"A", "B", "C"})
            {
                fabric.startReplica(site);
            }
            final LoadGenerator generator = new LoadGenerator(16 * 1024);
            try (HedgeSession session = fabric.connect(generator, 1001))
            {
                generator.awaitReplicasLive(session, 3, 60 * SECOND);
                final TradingWorkload workload = new TradingWorkload(17, fabric.config.tradingConfig(), 80, 15, 5);
                final Thread killer = new Thread(() ->
                {
                    sleep(1_500);
                    fabric.roles.get("B").kill();
                });
                killer.start();
                final LoadResult during = generator.run(session, workload::next, 1_000, 0, 3 * SECOND, 30 * SECOND, null, null);
                killer.join();
                assertTrue(during.allAnswered(), "every request answered while B died: " + during);

                // the others go on for 50,000 more requests; B comes back on its own journal, replays it and
                // repairs its gap from the gateway's journal
                final LoadResult after = generator.run(session, workload::next, 10_000, 0, 5 * SECOND, 30 * SECOND, null, null);
                assertEquals(50_000, after.sent());
                assertTrue(after.allAnswered());
                fabric.startReplica("B");
                final FabricStatus status = ProcessFabric.awaitConverged(generator, session, 3);
                assertEquals(TERM_START + during.sent() + after.sent(), status.lastSeq());
            }
        }
    }

    @Test
    void aNewEmptyReplicaJoinsUnderLoadAndConverges() throws Exception
    {
        try (ProcessFabric fabric = new ProcessFabric("join-empty"))
        {
            fabric.startGateway();
            fabric.startReplica("A");
            fabric.startReplica("B");
            final LoadGenerator generator = new LoadGenerator(16 * 1024);
            try (HedgeSession session = fabric.connect(generator, 3003))
            {
                generator.awaitReplicasLive(session, 2, 60 * SECOND);
                final TradingWorkload workload = new TradingWorkload(23, fabric.config.tradingConfig(), 80, 15, 5);
                final Exception[] failure = new Exception[1];
                final Thread joiner = new Thread(() ->
                {
                    sleep(2_000);
                    try
                    {
                        fabric.startReplica("C");
                    }
                    catch (final Exception ex)
                    {
                        failure[0] = ex;
                    }
                });
                joiner.start();
                final LoadResult load = generator.run(session, workload::next, 2_000, 0, 6 * SECOND, 30 * SECOND, null, null);
                joiner.join();
                assertEquals(null, failure[0]);
                assertTrue(load.allAnswered(), "every request answered while C joined: " + load);
                final FabricStatus status = ProcessFabric.awaitConverged(generator, session, 3);
                assertEquals(TERM_START + load.sent(), status.lastSeq());
            }
        }
    }

    @Test
    void aGatewayKilledAndRestartedOnItsJournalNeverReusesASeqOrAppliesTwice() throws Exception
    {
        try (ProcessFabric fabric = new ProcessFabric("kill-gateway"))
        {
            RoleProcess gateway = fabric.startGateway();
            for (final String site : new String[]{"A", "B", "C"})
            {
                fabric.startReplica(site);
            }
            final TradingWorkload workload = new TradingWorkload(19, fabric.config.tradingConfig(), 80, 15, 5);
            final LoadGenerator generator = new LoadGenerator(16 * 1024);
            final long firstRun;
            try (HedgeSession session = fabric.connect(generator, 2002))
            {
                generator.awaitReplicasLive(session, 3, 60 * SECOND);
                final LoadResult before = generator.run(session, workload::next, 1_000, 0, 2 * SECOND, 30 * SECOND, null, null);
                assertTrue(before.allAnswered());
                firstRun = before.sent();
                gateway.kill();
            }

            gateway = fabric.startGateway();
            final LoadGenerator again = new LoadGenerator(16 * 1024);
            try (HedgeSession session = fabric.connect(again, 2002))
            {
                final LoadResult after = again.run(session, workload::next, 1_000, 0, 2 * SECOND, 30 * SECOND, null, null);
                assertTrue(after.allAnswered(), "answered after the restart: " + after);
                final FabricStatus status = ProcessFabric.awaitConverged(again, session, 3);
                // each of the two terms (before and after the restart) began with an entry of its own
                assertEquals(2 * TERM_START + firstRun + after.sent(), status.lastSeq(), "no seq lost or reused");
            }
            for (final String site : new String[]{"A", "B", "C"})
            {
                fabric.roles.get(site).stop();
            }
            gateway.stop();

            // every acknowledged request is in every replica's journal exactly once, in the gateway's order
            for (final String site : new String[]{"A", "B", "C"})
            {
                final Set<Long> correlationIds = new HashSet<>();
                final long[] count = {0};
                try (SequencedJournal journal = SequencedJournal.open(fabric.dir.resolve("replica-" + site).resolve("journal"));
                    JournalReader reader = journal.reader())
                {
                    final MessageHeaderDecoder header = new MessageHeaderDecoder();
                    final SequencedDecoder decoder = new SequencedDecoder();
                    while (reader.readNext((buffer, offset, length) ->
                    {
                        decoder.wrapAndApplyHeader(buffer, offset, header);
                        if (StateMachine.TERM_START_CLIENT_ID == decoder.clientId())
                        {
                            return; // a term's own first entry
                        }
                        assertEquals(2002, decoder.clientId());
                        assertTrue(correlationIds.add(decoder.correlationId()),
                            "correlation id " + decoder.correlationId() + " applied twice at site " + site);
                        count[0]++;
                    }))
                    {
                        assertTrue(count[0] <= firstRun * 10, "runaway journal");
                    }
                }
                assertEquals(correlationIds.size(), count[0]);
                assertTrue(count[0] >= firstRun, "site " + site + " holds every acknowledged request");
            }
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
