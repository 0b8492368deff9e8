package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.journal.SequencedJournal;
import io.hedge.transport.GatewayEndpoints;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replica agent's log matching and repair paths (v2 rules 2, 3 and the replica's half of 6) on a fake gateway
 * transport (no media driver), a real journal and a small state machine.
 */
class ReplicaAgentRepairTest
{
    private static final long T0 = 10_000_000_000L;

    private final Path dir = SequencedFixture.directory("replica-agent-repair");
    private final SequencedFixture fixture = SequencedFixture.create();
    private final FakeGatewayTransport transport = new FakeGatewayTransport(2);
    private final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(new byte[16 * 512]), new UnsafeBuffer(new byte[16 * 128]));
    private final AtomicCounter stateCounter =
        countersManager.newCounter("replica state", ReplicaCounters.REPLICA_STATE_TYPE_ID);
    private long nowNs = T0;
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
    @DisplayName("rule 2: entries of the followed leader are dropped until the replica is matched in its epoch")
    void entriesBeforeTheMatchAreDroppedAndFetchedAfterIt()
    {
        journal(1, 1, 5);
        agent = joined(true);
        nowNs += TimeUnit.SECONDS.toNanos(1);
        agent.onVoteRequest(2, 2, 3, 5, 1, false);
        assertEquals(2, agent.leaderId(), "follows the candidate it voted for");
        deliver(2, 3, 6);
        assertEquals(5, agent.appliedSeq(), "not matched in epoch 3 yet");
        assertEquals(1, agent.counters().unmatchedDropped());

        heartbeat(2, 3, 6, 6, 1, 1, 3, 6);
        assertEquals(3, agent.matchedEpoch());
        assertTrue(transport.sent.contains("retransmit 6..6 to 2"), "fetched once matched: " + transport.sent);
        deliver(2, 3, 6);
        assertEquals(6, agent.appliedSeq());
        assertState(ReplicaState.LIVE);
    }

    @Test
    @DisplayName("rule 2: an entry contradicting the matched leader's history is never journaled nor applied")
    void aContradictingEntryIsRefused()
    {
        agent = joined(false);
        heartbeat(1, 2, 4, 3, 1, 1, 2, 3);
        deliver(1, 1, 1);
        deliver(1, 1, 2);
        assertEquals(2, agent.appliedSeq());
        deliver(1, 1, 3);
        assertEquals(2, agent.appliedSeq(), "seq 3 is epoch 2's in the leader's history, not epoch 1's");
        assertEquals(1, agent.counters().contradictingEntries());
        deliver(1, 2, 3);
        assertEquals(3, agent.appliedSeq());
        assertEquals(fixture.stateHashAfter(3), agent.stateHash());
    }

    @Test
    @DisplayName("rule 3: agreement that cannot be told sets everything aside and bootstraps from a peer")
    void unknownAgreementBootstraps()
    {
        journal(1, 1, 5);
        agent = joined(true);
        heartbeat(1, 3, 6, 4, 3, 4);
        assertState(ReplicaState.BOOTSTRAPPING);
        assertEquals(0, agent.appliedSeq());
        assertEquals(1, agent.counters().repairBootstraps());
        agent.doWork();
        assertTrue(transport.sent.contains("snapshot request of 2 to 1"), transport.sent.toString());
    }

    @Test
    @DisplayName("rule 6 (replica half): a repair order from the leader, for this replica, rebuilds it from a peer")
    void aRepairOrderLeadsToABootstrap()
    {
        journal(1, 1, 5);
        agent = joined(true);
        heartbeat(1, 1, 5, 1, 1, 1);
        assertState(ReplicaState.LIVE);

        agent.onRepairOrder(1, 1, 3, 1, 4, 99);
        agent.onRepairOrder(2, 2, 2, 1, 4, 99);
        agent.onRepairOrder(1, 1, 2, 7, 4, 99);
        assertState(ReplicaState.LIVE, "another replica's order, a gateway it does not follow, another epoch");
        assertEquals(5, agent.appliedSeq());

        agent.onRepairOrder(1, 1, 2, 1, 4, 99);
        assertState(ReplicaState.BOOTSTRAPPING);
        assertEquals(0, agent.appliedSeq());
        assertEquals(0, agent.lastSnapshotSeq());
        agent.doWork();
        assertTrue(transport.sent.contains("snapshot request of 2 to 1"), transport.sent.toString());

        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        final long sum = SequencedFixture.sumAfter(5);
        body.putLong(0, sum);
        agent.onSnapshotChunk(3, 5, 1, fixture.stateHashAfter(5), 0x5EED_0000L ^ sum, Long.BYTES, 0, body, 0,
            Long.BYTES);
        assertState(ReplicaState.LIVE);
        assertEquals(1, agent.matchedEpoch(), "the snapshot was relayed by the leader it follows");
        assertEquals(Action.CONTINUE, deliver(1, 1, 6));
        assertEquals(6, agent.appliedSeq());
        assertEquals(fixture.stateHashAfter(6), agent.stateHash());
        agent.onRepairOrder(1, 1, 2, 1, 4, 99);
        assertState(ReplicaState.LIVE, "an order older than the rebuild is stale");
    }

    @Test
    @DisplayName("rule 3: a marker left by a crash mid-repair is finished at restart, before anything else")
    void aMarkerLeftByACrashIsFinishedAtRestart()
    {
        journal(1, 1, 20);
        new RepairMarker(dir.resolve("journal")).write(12);
        agent = agent(false);
        assertEquals(12, agent.appliedSeq());
        assertEquals(fixture.stateHashAfter(12), agent.stateHash());
        assertFalse(Files.exists(new RepairMarker(dir.resolve("journal")).file()));
    }

    @Test
    @DisplayName("rule 3: an interrupted repair whose target cannot be rebuilt here starts the replica empty")
    void anInterruptedRepairThatCannotBeRebuiltStartsEmpty()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            journal.startAfter(10);
            fixture.journal(journal, 1, 11, 20);
        }
        // the only snapshot holding the state before seq 11 does not verify
        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        new io.hedge.journal.SnapshotStore(dir.resolve("journal-snapshots"), 3).write(
            10, 1, fixture.stateHashAfter(10), 1234, body, 0, Long.BYTES);
        new RepairMarker(dir.resolve("journal")).write(12);
        agent = joined(true);
        assertState(ReplicaState.BOOTSTRAPPING);
        assertEquals(0, agent.appliedSeq());
        assertFalse(Files.exists(new RepairMarker(dir.resolve("journal")).file()));
    }

    @Test
    @DisplayName("rule 2: a heartbeat naming no run before the leader's own sets the journal aside, never trusts it")
    void aHeartbeatWithoutOlderRunsBootstrapsTheReplica()
    {
        journal(1, 1, 5);
        agent = joined(true);
        heartbeat(2, 2, 5, 3);
        assertState(ReplicaState.BOOTSTRAPPING, "where the journal agrees with epoch 2's leader cannot be told");
        assertEquals(0, agent.matchedEpoch(), "not matched: no entry of the leader is taken");
    }

    @Test
    @DisplayName("rule 3: the replica's status carries the epoch it is matched in and its last entry's epoch")
    void theStatusCarriesTheMatch()
    {
        journal(1, 1, 5);
        agent = joined(false);
        heartbeat(1, 2, 5, 6, 1, 1, 2, 6);
        nowNs += TimeUnit.MILLISECONDS.toNanos(100);
        agent.doWork();
        assertEquals("status e2 journaled 5 matched 2 last entry epoch 1", transport.lastStatus);
    }

    private ReplicaAgent joined(final boolean bootstrapFromPeer)
    {
        final ReplicaAgent joined = agent(bootstrapFromPeer);
        transport.sequencedConnected = true;
        joined.doWork();
        return joined;
    }

    private ReplicaAgent agent(final boolean bootstrapFromPeer)
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
            .bootstrapFromPeer(bootstrapFromPeer)
            .gateways(List.of(
                GatewayEndpoints.fromBase(1, "localhost", 20121).member("localhost"),
                GatewayEndpoints.fromBase(2, "localhost", 20131).member("localhost")))
            .conclude();
        return new ReplicaAgent(ctx, () -> nowNs, stateCounter, listener -> transport);
    }

    private void journal(final long epoch, final long fromSeq, final long toSeq)
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, epoch, fromSeq, toSeq);
        }
    }

    private Action deliver(final int gatewayId, final long epoch, final long seq)
    {
        final int length = fixture.encode(epoch, seq);
        return agent.onSequenced(gatewayId, fixture.buffer, 0, length, epoch, seq, seq * 1_000, 100, seq,
            SequencedFixture.PAYLOAD_OFFSET, 1);
    }

    private void heartbeat(
        final int gatewayId, final long epoch, final long lastSeq, final long epochStartSeq, final long... history)
    {
        final long[] epochs = new long[history.length / 2];
        final long[] starts = new long[history.length / 2];
        for (int i = 0; i < epochs.length; i++)
        {
            epochs[i] = history[2 * i];
            starts[i] = history[2 * i + 1];
        }
        agent.onHeartbeat(gatewayId, epoch, lastSeq, epochStartSeq, epochs, starts, epochs.length);
    }

    private void assertState(final ReplicaState expected)
    {
        assertState(expected, "");
    }

    private void assertState(final ReplicaState expected, final String why)
    {
        assertEquals(expected, agent.state(), why);
        assertEquals(expected.value(), stateCounter.get(), "the counter publishes the state's code");
    }
}
