package io.hedge.chaos;

import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica that missed part of the sequenced stream asks the gateway for it, applies it in order, and ends with
 * the same state as the others: nothing skipped, nothing applied twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GapRepairTest
{
    @Test
    void aReplicaThatJoinsLateIsRepairedFromTheGatewayJournal()
    {
        try (TestFabric fabric = new TestFabric("late", 4096, site -> new TradingEngine(TestFabric.TRADING), 2);
            RequestDriver driver = new RequestDriver(fabric))
        {
            final TradingWorkload workload = new TradingWorkload(21, TestFabric.TRADING, 80, 15, 5);
            driver.send(workload, 3_000, 64, 0, n -> { });

            // repaired from the gateway journal alone, not from a peer's snapshot (BootstrapTest covers that)
            fabric.bootstrapFromPeer = false;
            final Replica late = fabric.startReplica("C");
            // it joins at the live position, past 3,000 seqs it never saw; more load arrives while it repairs
            driver.send(workload, 3_000, 16, TimeUnit.MICROSECONDS.toNanos(200), n -> { });

            assertEquals(6_000, driver.answered);
            assertEquals(0, driver.timedOut);
            TestFabric.awaitTrue("the late replica caught up", 30,
                () -> late.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
            assertTrue(late.agent().gapsDetected() >= 1, "the late replica saw a gap");
            assertTrue(late.agent().gapsRepaired() >= 1, "and repaired it");
            assertTrue(fabric.gateway.agent().retransmittedMessages() >= 3_000);
            for (final Replica replica : fabric.replicas)
            {
                TestFabric.awaitTrue("site " + replica.agent().site() + " applied everything", 30,
                    () -> replica.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
                assertEquals(fabric.replicas.get(0).agent().stateHash(), replica.agent().stateHash(),
                    "state hash of site " + replica.agent().site());
            }
        }
    }

    @Test
    void aReplicaThatJoinsAfterTheLastRequestLearnsOfTheGapFromHeartbeats()
    {
        try (TestFabric fabric = new TestFabric("quiet", 4096, site -> new TradingEngine(TestFabric.TRADING), 2);
            RequestDriver driver = new RequestDriver(fabric))
        {
            driver.send(new TradingWorkload(5, TestFabric.TRADING, 80, 15, 5), 500, 32, 0, n -> { });

            // no request follows: only the gateway's heartbeats can tell the new replica that it is behind
            fabric.bootstrapFromPeer = false;
            final Replica late = fabric.startReplica("C");
            TestFabric.awaitTrue("the late replica caught up from heartbeats", 30,
                () -> late.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
            assertEquals(fabric.replicas.get(0).agent().stateHash(), late.agent().stateHash());
        }
    }

    @Test
    void aReplicaBehindALossyNetworkAnswersAndConverges()
    {
        try (TestFabric fabric = new TestFabric("lossy", 4096, site -> new TradingEngine(TestFabric.TRADING), 2))
        {
            // site C receives through Aeron's loss-generating endpoint: one data frame in ten is dropped
            final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
            final io.aeron.driver.ext.LossGenerator tenPercent = new io.aeron.driver.ext.RandomLossGenerator(0.1, 42);
            final io.aeron.driver.ext.LossGenerator counting = (address, buffer, length) ->
            {
                final boolean drop = tenPercent.shouldDropFrame(address, buffer, length);
                if (drop)
                {
                    dropped.incrementAndGet();
                }
                return drop;
            };
            final io.aeron.driver.MediaDriver lossyDriver = fabric.closeWithFabric(io.aeron.driver.MediaDriver.launch(
                new io.aeron.driver.MediaDriver.Context()
                    .aeronDirectoryName(fabric.dir.resolve("aeron-lossy").toAbsolutePath().toString())
                    .threadingMode(io.aeron.driver.ThreadingMode.SHARED)
                    .termBufferSparseFile(true)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .receiveChannelEndpointSupplier((channel, dispatcher, status, context) ->
                        new io.aeron.driver.ext.DebugReceiveChannelEndpoint(
                            channel, dispatcher, status, context, counting, (a, b, l) -> false))));
            final io.aeron.Aeron lossyAeron = fabric.closeWithFabric(io.aeron.Aeron.connect(
                new io.aeron.Aeron.Context().aeronDirectoryName(lossyDriver.aeronDirectoryName())));
            final Replica lossy = fabric.startReplica("C", lossyAeron);
            TestFabric.awaitTrue("site C live", 20,
                () -> lossy.agent().state() == io.hedge.codecs.fabric.ReplicaState.LIVE);

            try (RequestDriver driver = new RequestDriver(fabric))
            {
                driver.send(new TradingWorkload(31, TestFabric.TRADING, 80, 15, 5), 5_000, 64, 0, n -> { });
                assertEquals(5_000, driver.answered);
                assertEquals(0, driver.timedOut);
                assertEquals(0, driver.notOk);
            }
            assertTrue(dropped.get() > 10, "frames dropped on the way to site C: " + dropped.get());
            for (final Replica replica : fabric.replicas)
            {
                TestFabric.awaitTrue("site " + replica.agent().site() + " applied everything", 30,
                    () -> replica.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
                assertEquals(fabric.replicas.get(0).agent().stateHash(), replica.agent().stateHash(),
                    "state hash of site " + replica.agent().site());
            }
        }
    }
}
