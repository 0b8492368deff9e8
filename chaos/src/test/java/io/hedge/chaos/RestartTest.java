package io.hedge.chaos;

import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.Side;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Roles restarted on their own directories come back to exactly where the fabric is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartTest
{
    @Test
    void aRestartedReplicaReplaysItsJournalThenCatchesUp()
    {
        try (TestFabric fabric = new TestFabric("replica-restart");
            RequestDriver driver = new RequestDriver(fabric))
        {
            final TradingWorkload workload = new TradingWorkload(3, TestFabric.TRADING, 80, 15, 5);
            driver.send(workload, 2_000, 32, 0, n -> { });
            final Replica siteC = fabric.replicas.get(2);
            TestFabric.awaitTrue("site C applied everything sequenced", 30,
                () -> siteC.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
            siteC.close();
            fabric.replicas.remove(siteC);

            driver.send(workload, 2_000, 32, 0, n -> { });
            final Replica restarted = fabric.startReplica("C");
            TestFabric.awaitTrue("restarted site C caught up", 30,
                () -> restarted.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
            assertEquals(fabric.replicas.get(0).agent().stateHash(), restarted.agent().stateHash());
            assertEquals(4_000, driver.answered);
        }
    }

    @Test
    void aRestartedReplicaLoadsItsNewestSnapshotAndFallsBackWhenItDoesNotVerify() throws Exception
    {
        try (TestFabric fabric = new TestFabric("snapshot-restart", 4096,
            site -> new io.hedge.replicas.trading.TradingEngine(TestFabric.TRADING), 0);
            RequestDriver driver = new RequestDriver(fabric))
        {
            fabric.snapshotInterval = 500;
            for (final String site : TestFabric.SITES)
            {
                fabric.startReplica(site);
            }
            TestFabric.awaitTrue("replicas live", 20, () -> fabric.replicas.stream()
                .allMatch(r -> r.agent().state() == io.hedge.codecs.fabric.ReplicaState.LIVE));
            final TradingWorkload workload = new TradingWorkload(29, TestFabric.TRADING, 80, 15, 5);
            driver.send(workload, 2_000, 32, 0, n -> { });
            final Replica siteC = fabric.replicas.get(2);
            TestFabric.awaitTrue("site C wrote its snapshot at 2,000", 30, () -> siteC.agent().lastSnapshotSeq() == 2_000);
            siteC.close();
            fabric.replicas.remove(siteC);

            final Replica fromSnapshot = fabric.startReplica("C");
            assertEquals(2_000, fromSnapshot.agent().lastSnapshotSeq(), "loaded the newest snapshot");
            assertEquals(fabric.replicas.get(0).agent().stateHash(), fromSnapshot.agent().stateHash());
            fromSnapshot.close();
            fabric.replicas.remove(fromSnapshot);

            // a flipped byte in the newest snapshot: refused, the one before it is used and the journal replayed
            final java.nio.file.Path newest = fabric.journalDir("C").resolveSibling("replica-C-snapshots")
                .resolve(String.format("snapshot-%018d.hsnap", 2_000));
            final byte[] bytes = java.nio.file.Files.readAllBytes(newest);
            bytes[bytes.length - 10] ^= 0x5A;
            java.nio.file.Files.write(newest, bytes);
            driver.send(workload, 500, 32, 0, n -> { });
            final Replica fallback = fabric.startReplica("C");
            assertEquals(1_500, fallback.agent().lastSnapshotSeq(), "fell back to the older snapshot");
            TestFabric.awaitTrue("site C caught up", 30,
                () -> fallback.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
            assertEquals(fabric.replicas.get(0).agent().stateHash(), fallback.agent().stateHash());
        }
    }

    @Test
    void aReplicaRefusesToStartOnACutJournalAndSaysWhere() throws Exception
    {
        try (TestFabric fabric = new TestFabric("cut-journal");
            RawClient client = new RawClient(fabric.aeron, fabric.ingressChannel(), 808))
        {
            final byte[] marked = "MARKED-RECORD-0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            client.request(1, marked);
            client.awaitAnswer(1);
            final Replica siteC = fabric.replicas.get(2);
            TestFabric.awaitTrue("site C applied everything sequenced", 30,
                () -> siteC.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
            siteC.close();
            fabric.replicas.remove(siteC);

            // cut the queue file in the middle of the record, as a disk that lost its tail would
            final java.nio.file.Path file;
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(fabric.journalDir("C")))
            {
                file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
            }
            final byte[] bytes = java.nio.file.Files.readAllBytes(file);
            final int at = indexOf(bytes, marked);
            assertTrue(at > 0, "marker found in " + file);
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                file, java.nio.file.StandardOpenOption.WRITE))
            {
                channel.truncate(at + 4);
            }

            final io.hedge.journal.JournalCorruptException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.hedge.journal.JournalCorruptException.class, () -> fabric.startReplica("C"));
            assertTrue(refused.getMessage().contains(file.getFileName().toString()), refused.getMessage());
            assertTrue(refused.getMessage().contains("refuses to start"), refused.getMessage());
        }
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aRestartedGatewayContinuesTheSequenceAndNeverSequencesARetryAgain()
    {
        try (TestFabric fabric = new TestFabric("gateway-restart"))
        {
            try (RawClient client = new RawClient(fabric.aeron, fabric.ingressChannel(), 555))
            {
                for (long id = 1; id <= 3; id++)
                {
                    client.request(id, Orders.newOrder(id, 3, Side.BUY, 990, 1));
                    assertEquals(ResponseStatus.OK, client.awaitAnswer(id).status());
                }
            }
            fabric.gateway.close();
            fabric.startGateway();

            try (RawClient client = new RawClient(fabric.aeron, fabric.ingressChannel(), 555))
            {
                // the retry of an acknowledged request: known from the journal, not sequenced again, and answered
                // with its original response, which the restarted gateway fetched from a replica when elected
                client.request(3, Orders.newOrder(3, 3, Side.BUY, 990, 1));
                final RawClient.Answer retry = client.awaitAnswer(3);
                assertEquals(ResponseStatus.OK, retry.status());
                assertEquals(4, retry.seq(), "seq 1 is the first term's own entry; requests 1..3 are seqs 2..4");

                client.request(4, Orders.newOrder(4, 3, Side.BUY, 990, 1));
                final RawClient.Answer next = client.awaitAnswer(4);
                assertEquals(ResponseStatus.OK, next.status());
                assertEquals(6, next.seq(),
                    "the restarted gateway continues after its journal's last seq and its new term's entry (seq 5)");
            }
            for (final Replica replica : fabric.replicas)
            {
                TestFabric.awaitTrue("site " + replica.agent().site() + " applied seq 4", 30,
                    () -> replica.agent().appliedSeq() == fabric.gateway.agent().lastSeq());
                assertEquals(fabric.replicas.get(0).agent().stateHash(), replica.agent().stateHash());
            }
            assertNotEquals(0, fabric.replicas.get(0).agent().stateHash());
        }
    }
}
