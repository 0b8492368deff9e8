package io.hedge.chaos;

import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long an empty replica takes to be live at the fabric's seq with a long journal behind it: from a peer's
 * snapshot, and by a retransmit of the whole journal. Run with
 * {@code mvn -o -pl chaos test -Dtest=BootstrapSoakTest -Dhedge.test.excludeTags= -Dhedge.test.includeTags=soak}
 * (-Dhedge.soak.requests=N to change the journal's length).
 */
@Tag("soak")
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class BootstrapSoakTest
{
    @Test
    void timeToLiveFromAPeerSnapshotAndFromAFullRetransmit()
    {
        final int requests = Integer.getInteger("hedge.soak.requests", 200_000);
        try (TestFabric fabric = new TestFabric("bootstrap-soak", 4096, site -> new TradingEngine(TestFabric.TRADING), 2);
            RequestDriver driver = new RequestDriver(fabric))
        {
            final TradingWorkload workload = new TradingWorkload(53, TestFabric.TRADING, 80, 15, 5);
            final long loadStartNs = System.nanoTime();
            int sent = 0;
            while (sent < requests)
            {
                final int batch = Math.min(50_000, requests - sent);
                driver.send(workload, batch, 64, 0, n -> { });
                sent += batch;
            }
            System.out.printf("journal of %,d requests written in %.1f s%n", requests,
                (System.nanoTime() - loadStartNs) / 1e9);
            assertEquals(requests, driver.answered);
            BootstrapTest.awaitConverged(fabric, requests);

            final double peerSeconds = timeToLive(fabric, true, requests);
            final long retransmittedByPeerRun = fabric.gateway.agent().retransmittedMessages();
            System.out.printf("peer bootstrap: C live at seq %,d after %.3f s; snapshot %,d bytes relayed, " +
                "%,d messages retransmitted%n", requests, peerSeconds, fabric.gateway.agent().snapshotBytesRelayed(),
                retransmittedByPeerRun);
            assertTrue(fabric.gateway.agent().snapshotsRelayed() >= 1);

            final double retransmitSeconds = timeToLive(fabric, false, requests);
            final long retransmitted = fabric.gateway.agent().retransmittedMessages() - retransmittedByPeerRun;
            System.out.printf("full retransmit: C live at seq %,d after %.3f s; %,d messages retransmitted%n",
                requests, retransmitSeconds, retransmitted);
            assertTrue(retransmitted >= requests);
            System.out.printf("BOOTSTRAP-SOAK requests=%d peer=%.3fs retransmit=%.3fs speedup=%.1fx%n",
                requests, peerSeconds, retransmitSeconds, retransmitSeconds / peerSeconds);
            BootstrapTest.assertSameFullState(fabric);
        }
    }

    /** Starts C on an empty directory and measures until it is live at the fabric's last seq with the same hash. */
    private static double timeToLive(final TestFabric fabric, final boolean fromPeer, final int seq)
    {
        fabric.replicas.stream().filter(r -> r.agent().site().equals("C")).findFirst().ifPresent(r ->
        {
            r.close();
            fabric.replicas.remove(r);
        });
        IoUtil.delete(fabric.journalDir("C").toFile(), true);
        IoUtil.delete(fabric.journalDir("C").resolveSibling("replica-C-snapshots").toFile(), true);
        fabric.bootstrapFromPeer = fromPeer;
        final long startNs = System.nanoTime();
        final Replica siteC = fabric.startReplica("C");
        TestFabric.awaitTrue("C live at seq " + seq, 600,
            () -> siteC.agent().appliedSeq() == seq && siteC.agent().state() == ReplicaState.LIVE);
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        assertEquals(fabric.replicas.get(0).agent().stateHash(), siteC.agent().stateHash());
        assertEquals(fromPeer, siteC.agent().bootstrapSnapshotSeq() > 0);
        return seconds;
    }
}
