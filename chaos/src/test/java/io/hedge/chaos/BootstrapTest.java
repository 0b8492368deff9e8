package io.hedge.chaos;

import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica with an empty directory joins a running fabric from a live peer's snapshot, relayed by the gateway, then
 * the short rest of the journal by gap repair; it ends with the same state as the others, and a restart on its
 * directory works from the snapshot it kept.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BootstrapTest
{
    private static final int BEFORE = 5_000;
    private static final int WHILE_JOINING = 2_000;

    @Test
    void anEmptyReplicaBootstrapsFromAPeerWhileLoadContinues()
    {
        try (TestFabric fabric = new TestFabric("bootstrap", 4096, site -> new TradingEngine(TestFabric.TRADING), 0);
            RequestDriver driver = new RequestDriver(fabric))
        {
            // small chunks, so that the snapshot (about 30 KB here) goes in several
            fabric.snapshotChunkLength = 2048;
            fabric.startReplica("A");
            fabric.startReplica("B");
            TestFabric.awaitTrue("A and B live", 20, () -> fabric.replicas.stream()
                .allMatch(r -> r.agent().state() == ReplicaState.LIVE));
            final TradingWorkload workload = new TradingWorkload(41, TestFabric.TRADING, 80, 15, 5);
            driver.send(workload, BEFORE, 64, 0, n -> { });

            final Replica siteC = fabric.startReplica("C");
            driver.send(workload, WHILE_JOINING, 16, TimeUnit.MICROSECONDS.toNanos(200), n -> { });
            final long total = BEFORE + WHILE_JOINING;
            assertEquals(total, driver.answered);
            assertEquals(0, driver.timedOut);

            awaitConverged(fabric, total);
            assertTrue(fabric.gateway.agent().snapshotsRelayed() >= 1, "the gateway relayed a peer snapshot");
            assertTrue(fabric.gateway.agent().snapshotBytesRelayed() > 4 * 2048, "in several chunks: " +
                fabric.gateway.agent().snapshotBytesRelayed() + " bytes");
            final long snapshotSeq = siteC.agent().bootstrapSnapshotSeq();
            assertTrue(snapshotSeq >= BEFORE, "bootstrapped from a snapshot at seq " + snapshotSeq);
            assertEquals(snapshotSeq, siteC.agent().lastSnapshotSeq(), "the snapshot was kept in C's own store");
            assertTrue(fabric.replicas.get(0).agent().snapshotsDonated() +
                fabric.replicas.get(1).agent().snapshotsDonated() >= 1, "a peer donated");
            final long retransmitted = fabric.gateway.agent().retransmittedMessages();
            assertTrue(retransmitted < BEFORE / 2,
                "gap repair retransmitted only what followed the snapshot: " + retransmitted);
            assertEquals(0, siteC.agent().unreadableMessages());

            assertSameFullState(fabric);
        }
    }

    @Test
    void aBootstrappedReplicaRestartsFromItsKeptSnapshotAndJournal()
    {
        try (TestFabric fabric = new TestFabric("bootstrap-restart", 4096,
            site -> new TradingEngine(TestFabric.TRADING), 2);
            RequestDriver driver = new RequestDriver(fabric))
        {
            final TradingWorkload workload = new TradingWorkload(43, TestFabric.TRADING, 80, 15, 5);
            driver.send(workload, BEFORE, 64, 0, n -> { });
            final Replica siteC = fabric.startReplica("C");
            driver.send(workload, 1_000, 32, 0, n -> { });
            awaitConverged(fabric, BEFORE + 1_000);
            final long snapshotSeq = siteC.agent().bootstrapSnapshotSeq();
            assertTrue(snapshotSeq >= BEFORE, "bootstrapped from a snapshot at seq " + snapshotSeq);
            siteC.close();
            fabric.replicas.remove(siteC);

            driver.send(workload, 500, 32, 0, n -> { });
            final long relayedBefore = fabric.gateway.agent().snapshotsRelayed();
            final long retransmittedBefore = fabric.gateway.agent().retransmittedMessages();
            final Replica restarted = fabric.startReplica("C");
            // the constructor loaded the kept snapshot and replayed the journal that starts after it
            assertEquals(snapshotSeq, restarted.agent().lastSnapshotSeq(), "loaded the snapshot it kept");
            assertTrue(restarted.agent().appliedSeq() >= BEFORE + 1_000, "replayed its journal after the snapshot");
            awaitConverged(fabric, BEFORE + 1_500);
            assertEquals(0, restarted.agent().bootstrapSnapshotSeq(), "no second bootstrap");
            assertEquals(relayedBefore, fabric.gateway.agent().snapshotsRelayed());
            final long retransmitted = fabric.gateway.agent().retransmittedMessages() - retransmittedBefore;
            assertTrue(retransmitted <= 1_000, "about what it missed while stopped was retransmitted: " + retransmitted);

            assertSameFullState(fabric);
        }
    }

    @Test
    void withoutPeerBootstrapAnEmptyReplicaIsRepairedFromTheWholeGatewayJournal()
    {
        try (TestFabric fabric = new TestFabric("no-bootstrap", 4096, site -> new TradingEngine(TestFabric.TRADING), 2);
            RequestDriver driver = new RequestDriver(fabric))
        {
            final TradingWorkload workload = new TradingWorkload(47, TestFabric.TRADING, 80, 15, 5);
            driver.send(workload, BEFORE, 64, 0, n -> { });
            fabric.bootstrapFromPeer = false;
            final Replica siteC = fabric.startReplica("C");
            driver.send(workload, WHILE_JOINING, 16, TimeUnit.MICROSECONDS.toNanos(200), n -> { });

            awaitConverged(fabric, BEFORE + WHILE_JOINING);
            assertEquals(0, fabric.gateway.agent().snapshotsRelayed());
            assertEquals(0, siteC.agent().bootstrapSnapshotSeq());
            assertTrue(fabric.gateway.agent().retransmittedMessages() >= BEFORE,
                "retransmitted " + fabric.gateway.agent().retransmittedMessages());

            assertSameFullState(fabric);
        }
    }

    /**
     * Every replica applied everything the gateway sequenced (the requests and each term's first entry) and is live.
     *
     * @param requests how many requests were sent, at least.
     */
    static void awaitConverged(final TestFabric fabric, final long requests)
    {
        final long seq = fabric.gateway.agent().lastSeq();
        assertTrue(seq > requests, "the gateway sequenced the " + requests + " requests and its term's first entry");
        for (final Replica replica : fabric.replicas)
        {
            TestFabric.awaitTrue("site " + replica.agent().site() + " applied seq " + seq + " and is live", 60,
                () -> replica.agent().appliedSeq() == seq && replica.agent().state() == ReplicaState.LIVE);
        }
        final long expected = fabric.replicas.get(0).agent().stateHash();
        for (final Replica replica : fabric.replicas)
        {
            assertEquals(expected, replica.agent().stateHash(), "state hash of site " + replica.agent().site());
        }
    }

    /** Stops every replica (so that their state machines may be read) and compares their full-state hashes. */
    static void assertSameFullState(final TestFabric fabric)
    {
        final List<Replica> replicas = new ArrayList<>(fabric.replicas);
        for (final Replica replica : replicas)
        {
            replica.close();
        }
        final long expected = replicas.get(0).agent().stateMachine().fullStateHash();
        for (final Replica replica : replicas)
        {
            assertEquals(expected, replica.agent().stateMachine().fullStateHash(),
                "full-state hash of site " + replica.agent().site());
        }
    }
}
