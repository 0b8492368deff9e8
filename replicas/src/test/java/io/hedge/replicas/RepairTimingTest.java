package io.hedge.replicas;

import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.journal.SequencedJournal;
import io.hedge.journal.SnapshotStore;
import io.hedge.transport.GatewayEndpoints;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How long REPAIRING takes: a replica whose journal holds an abandoned tail of 10,000 seqs meets the new leader's
 * heartbeat, cuts the tail (the kept seqs are copied to a new queue), rebuilds its state and is LIVE again, all within
 * that one heartbeat's handling. Measured on a real Chronicle journal with the small test state machine, so the figure
 * is the repair's own cost (the copy and the replay's journal reading), not a heavy state machine's apply.
 */
class RepairTimingTest
{
    private static final int KEPT = 10_000;
    private static final int ABANDONED = 10_000;

    private final Path dir = SequencedFixture.directory("repair-timing");
    private final SequencedFixture fixture = SequencedFixture.create();
    private final FakeGatewayTransport transport = new FakeGatewayTransport(2);
    private final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(new byte[16 * 512]), new UnsafeBuffer(new byte[16 * 128]));
    private ReplicaAgent agent;

    @AfterEach
    void close()
    {
        if (null != agent)
        {
            agent.onClose();
        }
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    @DisplayName("rule 3: an abandoned tail of 10,000 seqs is cut and the state rebuilt by replaying the whole journal")
    void repairWithoutASnapshot()
    {
        measure(0);
    }

    @Test
    @DisplayName("rule 3: an abandoned tail of 10,000 seqs is cut and the state rebuilt from a snapshot 1,000 back")
    void repairFromASnapshot()
    {
        measure(KEPT - 1_000);
    }

    private void measure(final long snapshotSeq)
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, KEPT + ABANDONED);
        }
        if (snapshotSeq > 0)
        {
            final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
            final long sum = SequencedFixture.sumAfter(snapshotSeq);
            body.putLong(0, sum);
            new SnapshotStore(dir.resolve("journal-snapshots"), 3).write(
                snapshotSeq, 1, fixture.stateHashAfter(snapshotSeq), 0x5EED_0000L ^ sum, body, 0, Long.BYTES);
        }
        agent = agent();
        transport.sequencedConnected = true;
        agent.doWork();
        assertEquals(KEPT + ABANDONED, agent.appliedSeq());

        // epoch 2 started again at KEPT + 1: everything this replica journaled after KEPT was abandoned
        final long startNs = System.nanoTime();
        agent.onHeartbeat(1, 2, KEPT, KEPT + 1, new long[]{1, 2}, new long[]{1, KEPT + 1}, 2);
        final long elapsedNs = System.nanoTime() - startNs;

        assertEquals(ReplicaState.LIVE, agent.state());
        assertEquals(KEPT, agent.appliedSeq());
        assertEquals(fixture.stateHashAfter(KEPT), agent.stateHash());
        assertEquals(1, agent.counters().repairs());
        System.out.printf("repair of an abandoned tail of %,d seqs (kept %,d, snapshot at %d): LIVE again after %.1f ms%n",
            ABANDONED, KEPT, snapshotSeq, elapsedNs / 1e6);
    }

    private ReplicaAgent agent()
    {
        final ReplicaContext ctx = new ReplicaContext()
            .aeronDirectoryName("unused: no media driver in this test")
            .replicaId(2)
            .site("B")
            .journalDir(dir.resolve("journal"))
            .stateMachineSupplier(SumStateMachine::new)
            .maxResponseLength(64)
            .responseLogBytes(1024)
            .responseLogEntries(16)
            .bootstrapFromPeer(false)
            .gateways(List.of(
                GatewayEndpoints.fromBase(1, "localhost", 20121).member("localhost"),
                GatewayEndpoints.fromBase(2, "localhost", 20131).member("localhost")))
            .conclude();
        return new ReplicaAgent(ctx, () -> System.nanoTime(), countersManager.newCounter("replica state",
            ReplicaCounters.REPLICA_STATE_TYPE_ID), listener -> transport);
    }
}
