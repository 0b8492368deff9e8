package io.hedge.chaos;

import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.RejectDecoder;
import io.hedge.codecs.trading.Side;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.Replica;
import io.hedge.replicas.StateMachine;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replicated request path end to end over real Aeron UDP on loopback: client SDK, gateway, three replicas.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplicatedRequestPathTest
{
    /** Seq 1 of a fresh fabric is the first term's own entry (see LeaderTerm.markTermStart): requests follow it. */
    private static final long TERM_START = 1;
    private static final int REQUESTS = 10_000;

    @Test
    void everyRequestIsAnsweredAndEveryReplicaJournalsTheSameSequence()
    {
        try (TestFabric fabric = new TestFabric("path");
            RequestDriver driver = new RequestDriver(fabric))
        {
            driver.send(new TradingWorkload(7, TestFabric.TRADING, 80, 15, 5), REQUESTS, 64, 0, n -> { });

            assertEquals(REQUESTS, driver.answered);
            assertEquals(0, driver.notOk);
            assertEquals(0, driver.timedOut);
            assertEquals(0, driver.duplicateAnswers);
            assertEquals(TERM_START + REQUESTS, fabric.gateway.agent().lastSeq());
            awaitApplied(fabric, fabric.replicas, TERM_START + REQUESTS);

            final long hash = fabric.replicas.get(0).agent().stateHash();
            assertNotEquals(0, hash);
            for (final Replica replica : fabric.replicas)
            {
                assertEquals(hash, replica.agent().stateHash(), "state hash of site " + replica.agent().site());
            }
            final List<Long> fullHashes = new ArrayList<>();
            for (final Replica replica : fabric.replicas)
            {
                final StateMachine engine = replica.agent().stateMachine();
                replica.close();
                fullHashes.add(engine.fullStateHash());
            }
            assertEquals(1, fullHashes.stream().distinct().count(), "full state hashes " + fullHashes);
            fabric.gateway.close();

            final List<byte[]> gatewayRecords = readJournal(fabric.dir.resolve("gateway"));
            assertEquals(TERM_START + REQUESTS, gatewayRecords.size());
            for (final String site : TestFabric.SITES)
            {
                final List<byte[]> records = readJournal(fabric.journalDir(site));
                assertEquals(TERM_START + REQUESTS, records.size(), "journal of site " + site);
                for (int i = 0; i < TERM_START + REQUESTS; i++)
                {
                    assertArrayEquals(gatewayRecords.get(i), records.get(i), "seq " + (i + 1) + " at site " + site);
                }
            }
        }
    }

    @Test
    void aStoppedReplicaCostsTheClientNothing()
    {
        try (TestFabric fabric = new TestFabric("stopped");
            RequestDriver driver = new RequestDriver(fabric))
        {
            final Replica siteC = fabric.replicas.get(2);
            driver.send(new TradingWorkload(11, TestFabric.TRADING, 80, 15, 5), REQUESTS, 32, 0, sent ->
            {
                if (sent == REQUESTS / 3)
                {
                    siteC.close();
                }
            });

            assertEquals(REQUESTS, driver.answered);
            assertEquals(0, driver.notOk);
            assertEquals(0, driver.timedOut);
            final long stoppedAt = siteC.agent().appliedSeq();
            assertTrue(stoppedAt < REQUESTS, "site C stopped at " + stoppedAt);
            final List<Replica> live = fabric.replicas.subList(0, 2);
            awaitApplied(fabric, live, TERM_START + REQUESTS);
            assertEquals(live.get(0).agent().stateHash(), live.get(1).agent().stateHash());
            assertTrue(driver.winsByReplica[3] <= stoppedAt, "site C cannot win after it stopped");
            assertEquals(REQUESTS, driver.winsByReplica[1] + driver.winsByReplica[2] + driver.winsByReplica[3]);
        }
    }

    @Test
    void aSlowReplicaLosesTheRaceAndTheClientDoesNotWaitForIt()
    {
        final long delayNs = TimeUnit.MILLISECONDS.toNanos(20);
        try (TestFabric fabric = new TestFabric("slow", 4096,
            site -> "C".equals(site) ? new Delayed(new TradingEngine(TestFabric.TRADING), delayNs) :
                new TradingEngine(TestFabric.TRADING));
            RequestDriver driver = new RequestDriver(fabric))
        {
            // 40 requests/s: site C, at 20 ms a request, keeps up but always answers late
            final int requests = 200;
            driver.send(new TradingWorkload(13, TestFabric.TRADING, 80, 15, 5), requests, 8,
                TimeUnit.MILLISECONDS.toNanos(25), n -> { });

            assertEquals(requests, driver.answered);
            assertEquals(0, driver.timedOut);
            assertTrue(driver.winsByReplica[3] <= requests / 20,
                "slow site C won " + driver.winsByReplica[3] + " of " + requests);
            final long medianNs = driver.latencyNs.getValueAtPercentile(50);
            assertTrue(medianNs < delayNs, "median round trip " + medianNs / 1000 + " µs follows the slow replica");
            awaitApplied(fabric, fabric.replicas, TERM_START + requests);
            assertEquals(fabric.replicas.get(0).agent().stateHash(), fabric.replicas.get(2).agent().stateHash());
        }
    }

    @Test
    void badInputIsRejectedAndTheNextRequestIsServed()
    {
        try (TestFabric fabric = new TestFabric("bad", 256, site -> new TradingEngine(TestFabric.TRADING));
            RawClient client = new RawClient(fabric.aeron, fabric.ingressChannel(), 4242))
        {
            // oversized: refused by the gateway before it is sequenced
            client.request(1, new byte[257]);
            final RawClient.Answer tooLarge = client.awaitAnswer(1);
            assertEquals(ResponseStatus.REJECTED_TOO_LARGE, tooLarge.status());
            assertEquals(0, tooLarge.seq());

            // a length field that claims more bytes than the message has
            final org.agrona.ExpandableArrayBuffer lying = new org.agrona.ExpandableArrayBuffer(64);
            final io.hedge.codecs.fabric.ClientRequestEncoder encoder = new io.hedge.codecs.fabric.ClientRequestEncoder()
                .wrapAndApplyHeader(lying, 0, new io.hedge.codecs.fabric.MessageHeaderEncoder())
                .clientId(4242).correlationId(2).putPayload(new byte[8], 0, 8);
            final int length = io.hedge.codecs.fabric.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            lying.putInt(length - 12, 1_000, java.nio.ByteOrder.LITTLE_ENDIAN);
            client.offer(lying, length);
            assertEquals(ResponseStatus.REJECTED_MALFORMED, client.awaitAnswer(2).status());

            // bytes that are no trading message: sequenced, and every replica answers with a reject
            client.request(3, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            final RawClient.Answer garbage = client.awaitAnswer(3);
            assertEquals(ResponseStatus.OK, garbage.status());
            assertEquals(TERM_START + 1, garbage.seq());
            assertEquals(RejectDecoder.TEMPLATE_ID, Orders.templateId(garbage.payload()));

            // and the fabric still serves a good request
            client.request(4, Orders.newOrder(99, 1, Side.BUY, 1_000, 10));
            final RawClient.Answer good = client.awaitAnswer(4);
            assertEquals(ResponseStatus.OK, good.status());
            assertEquals(TERM_START + 2, good.seq());
            assertEquals(ExecutionReportDecoder.TEMPLATE_ID, Orders.templateId(good.payload()));
            awaitApplied(fabric, fabric.replicas, TERM_START + 2);
        }
    }

    @Test
    void aRetriedRequestIsSequencedOnceAndAnsweredFromTheCache()
    {
        try (TestFabric fabric = new TestFabric("retry");
            RawClient client = new RawClient(fabric.aeron, fabric.ingressChannel(), 77))
        {
            final byte[] order = Orders.newOrder(1, 2, Side.SELL, 1_010, 5);
            client.request(1, order);
            final RawClient.Answer first = client.awaitAnswer(1);
            assertEquals(ResponseStatus.OK, first.status());

            client.request(1, order);
            final RawClient.Answer retry = client.awaitAnswer(1);
            assertEquals(ResponseStatus.OK, retry.status());
            assertEquals(first.seq(), retry.seq());
            assertArrayEquals(first.payload(), retry.payload());

            // a retry and a new request sent back to back: one new seq, each answered once
            client.request(2, Orders.newOrder(2, 2, Side.SELL, 1_011, 5));
            client.request(2, Orders.newOrder(2, 2, Side.SELL, 1_011, 5));
            final List<RawClient.Answer> answers = client.drain(500);
            assertEquals(TERM_START + 2, fabric.gateway.agent().lastSeq(),
                "sequenced " + fabric.gateway.agent().lastSeq());
            assertTrue(answers.stream().allMatch(a -> a.correlationId() == 2 && a.seq() == TERM_START + 2),
                answers.toString());
            assertTrue(answers.size() >= 1 && answers.size() <= 2, answers.toString());
            awaitApplied(fabric, fabric.replicas, TERM_START + 2);
            assertEquals(2, fabric.gateway.agent().duplicatesSeen());
        }
    }

    private static void awaitApplied(final TestFabric fabric, final List<Replica> replicas, final long seq)
    {
        TestFabric.awaitTrue("replicas applied seq " + seq, 30,
            () -> replicas.stream().allMatch(r -> r.agent().appliedSeq() == seq));
    }

    private static List<byte[]> readJournal(final Path dir)
    {
        final List<byte[]> records = new ArrayList<>();
        try (SequencedJournal journal = SequencedJournal.open(dir); JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                records.add(bytes);
            }))
            {
                assertTrue(records.size() <= REQUESTS + 1);
            }
        }
        return records;
    }

    /**
     * A state machine slowed on purpose, as a replica at a distant or overloaded site would be.
     */
    private static final class Delayed implements StateMachine
    {
        private final StateMachine delegate;
        private final long delayNs;

        Delayed(final StateMachine delegate, final long delayNs)
        {
            this.delegate = delegate;
            this.delayNs = delayNs;
        }

        @Override
        public int apply(final long seq, final long timestampNs, final long clientId, final int principalId,
            final DirectBuffer payload, final int offset, final int length, final MutableDirectBuffer response,
            final int responseOffset)
        {
            final long until = System.nanoTime() + delayNs;
            while (System.nanoTime() < until)
            {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            return delegate.apply(seq, timestampNs, clientId, principalId, payload, offset, length, response, responseOffset);
        }

        @Override
        public int effects(final org.agrona.MutableDirectBuffer buffer, final int offset)
        {
            return delegate.effects(buffer, offset);
        }

        @Override
        public int maxEffectsLength()
        {
            return delegate.maxEffectsLength();
        }

        @Override
        public int messages(final org.agrona.MutableDirectBuffer buffer, final int offset)
        {
            return delegate.messages(buffer, offset);
        }

        @Override
        public int maxMessagesLength()
        {
            return delegate.maxMessagesLength();
        }

        @Override
        public long fullStateHash()
        {
            return delegate.fullStateHash();
        }

        @Override
        public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
        {
            return delegate.writeSnapshot(buffer, offset);
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            delegate.loadSnapshot(buffer, offset, length);
        }
    }
}
