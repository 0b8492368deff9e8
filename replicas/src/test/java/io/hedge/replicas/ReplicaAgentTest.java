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
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replica agent's states on a fake gateway transport (no media driver), a real journal and a small state
 * machine: every transition, and the counter that publishes it.
 */
class ReplicaAgentTest
{
    private static final long T0 = 10_000_000_000L;
    private static final long BOOTSTRAP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    private final Path dir = SequencedFixture.directory("replica-agent");
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
    void aReplicaWithAJournalStartsThenGoesLiveWhenItJoinsTheStream()
    {
        journal(1, 5);
        agent = agent(true, SumStateMachine::new);
        assertState(ReplicaState.STARTING);
        assertEquals(5, agent.appliedSeq(), "recovered from its journal before anything else");

        agent.doWork();
        assertState(ReplicaState.STARTING);

        transport.sequencedConnected = true;
        agent.doWork();
        assertState(ReplicaState.LIVE);
        assertEquals(0, agent.bootstrapSnapshotSeq(), "a replica with a journal does not bootstrap");
    }

    @Test
    void anEmptyReplicaBootstrapsFromAPeersSnapshotThenGoesLive()
    {
        agent = joined(true);
        assertState(ReplicaState.BOOTSTRAPPING);

        agent.doWork();
        assertEquals(List.of(), transport.sent, "no gateway followed yet: nobody to ask");
        heartbeat(1, 1, 0, 0);
        agent.doWork();
        assertEquals(List.of("snapshot request of 2 to 1"), transport.sent);

        assertEquals(Action.CONTINUE, deliver(1, 1, 6), "let go: the snapshot or gap repair brings it");
        assertEquals(0, agent.appliedSeq());

        assertTrue(agent.wantsChunk(1, 2));
        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        final long sum = SequencedFixture.sumAfter(5);
        body.putLong(0, sum);
        agent.onSnapshotChunk(3, 5, 1, fixture.stateHashAfter(5), 0x5EED_0000L ^ sum, Long.BYTES, 0, body, 0,
            Long.BYTES);
        assertState(ReplicaState.LIVE);
        assertEquals(5, agent.appliedSeq());
        assertEquals(5, agent.bootstrapSnapshotSeq());
        assertEquals(5, agent.lastSnapshotSeq(), "kept in its own store");
        assertEquals(fixture.stateHashAfter(5), agent.stateHash());

        assertEquals(Action.CONTINUE, deliver(1, 1, 6));
        assertEquals(6, agent.appliedSeq(), "live from the seq after the snapshot");
        assertEquals(fixture.stateHashAfter(6), agent.stateHash());
        assertTrue(transport.sent.contains("response 6 to 1"));
    }

    @Test
    void aSnapshotThatDoesNotVerifyIsAskedForAgain()
    {
        agent = joined(true);
        heartbeat(1, 1, 0, 0);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        body.putLong(0, 42);
        agent.onSnapshotChunk(3, 5, 1, 7, 0x5EED_0000L ^ 43, Long.BYTES, 0, body, 0, Long.BYTES);
        assertState(ReplicaState.BOOTSTRAPPING);
        assertEquals(0, agent.lastSnapshotSeq());
    }

    @Test
    void aBootstrapWithNothingToFetchGoesLiveAtOnce()
    {
        agent = joined(true);
        heartbeat(1, 1, 0, 0);
        agent.onSnapshotRequest(2, 2, 1, 0);
        assertState(ReplicaState.BOOTSTRAPPING, "only the followed gateway's answer counts");
        agent.onSnapshotRequest(1, 2, 1, 0);
        assertState(ReplicaState.LIVE);
        assertEquals(0, agent.appliedSeq());
    }

    @Test
    void aBootstrapThatGetsNoSnapshotFallsBackToGapRepair()
    {
        agent = joined(true);
        heartbeat(1, 1, 0, 0);
        nowNs += BOOTSTRAP_TIMEOUT_NS - 1;
        agent.doWork();
        assertState(ReplicaState.BOOTSTRAPPING);
        nowNs += 1;
        agent.doWork();
        assertState(ReplicaState.LIVE);
        assertEquals(0, agent.bootstrapSnapshotSeq());
    }

    @Test
    void withoutPeerBootstrapAnEmptyReplicaGoesLiveAtSeqZero()
    {
        agent = joined(false);
        assertState(ReplicaState.LIVE);
        assertEquals(0, agent.appliedSeq());
    }

    @Test
    void aGapHoldsTheReplicaUntilTheRetransmitFillsIt()
    {
        agent = joined(false);
        heartbeat(1, 1, 0, 0);
        deliver(1, 1, 1);
        deliver(1, 1, 3);
        assertState(ReplicaState.HELD_AT_GAP);
        assertTrue(transport.sent.contains("retransmit 2..3 to 1"), transport.sent.toString());
        assertEquals(1, agent.appliedSeq(), "never skips");

        deliver(1, 1, 2);
        assertState(ReplicaState.HELD_AT_GAP);
        deliver(1, 1, 3);
        assertState(ReplicaState.LIVE);
        assertEquals(1, agent.gapsRepaired());
        assertEquals(fixture.stateHashAfter(3), agent.stateHash());
    }

    @Test
    void messagesOfAGatewayItDoesNotFollowAreNotApplied()
    {
        agent = joined(false);
        heartbeat(1, 1, 0, 0);
        deliver(2, 1, 1);
        deliver(1, 2, 1);
        assertEquals(0, agent.appliedSeq());
        assertEquals(2, agent.counters().staleEpochMessages());
        assertState(ReplicaState.LIVE);
    }

    @Test
    void aNewEpochThatAbandonedJournaledSeqsRepairsTheReplicaInsteadOfDivergingIt()
    {
        // v2 changes this on purpose: it was DIVERGED forever. Invariant (rule 3): the applied state is always the
        // state of a prefix of the agreed history, so the tail epoch 2 abandoned (seqs 3..5 of epoch 1) is cut
        journal(1, 5);
        agent = joined(true);
        heartbeat(1, 1, 5, 1, 1, 1);
        assertState(ReplicaState.LIVE);

        heartbeat(2, 2, 4, 3, 1, 1, 2, 3);
        assertState(ReplicaState.HELD_AT_GAP, "repaired within the heartbeat, then fetching what epoch 2 holds");
        assertEquals(2, agent.leaderId(), "it follows the new leader");
        assertEquals(2, agent.appliedSeq(), "cut back to where epoch 2's log agrees");
        assertEquals(fixture.stateHashAfter(2), agent.stateHash());
        assertEquals(1, agent.counters().repairs());
        assertEquals(2, agent.matchedEpoch());
        assertTrue(transport.sent.contains("retransmit 3..4 to 2"), "fetches epoch 2's seqs: " + transport.sent);

        deliver(2, 2, 3);
        deliver(2, 2, 4);
        assertEquals(4, agent.appliedSeq());
        assertState(ReplicaState.LIVE);
        nowNs += TimeUnit.SECONDS.toNanos(1);
        agent.onVoteRequest(2, 2, 3, 4, 2, false);
        assertTrue(transport.sent.contains("grant 2@3 to 2"), "a repaired replica votes again: " + transport.sent);
    }

    /**
     * Rule 9 (poison requests). Invariant: every replica ends a seq the state machine throws on in the same state and
     * state hash, and goes on; the old behaviour (STOPPED) is replaced on purpose.
     */
    /**
     * Commit rule: each term begins with an entry of its own epoch, so that what earlier epochs left is committed with
     * it. Invariant (determinism): the marker is journaled and answered on every replica alike, never reaches the state
     * machine, and replay treats it the same way.
     */
    @Test
    void aTermsFirstEntryIsJournaledAndAnsweredButNeverApplied()
    {
        agent = joined(false, SumStateMachine::new);
        heartbeat(1, 1, 0, 0);
        deliver(1, 1, 1);
        final int markerLength = fixture.encodeTermStart(1, 2);
        assertEquals(Action.CONTINUE, agent.onSequenced(1, fixture.buffer, 0, markerLength, 1, 2, 2_000,
            StateMachine.TERM_START_CLIENT_ID, 1, SequencedFixture.PAYLOAD_OFFSET, 0));
        deliver(1, 1, 3);
        assertEquals(3, agent.appliedSeq());
        assertEquals(List.of("response 1 to 1", "response 2 to 1", "response 3 to 1"), transport.sent);
        final long sumLive = ((SumStateMachine)agent.stateMachine()).sum();
        assertEquals(SequencedFixture.valueOf(1) + SequencedFixture.valueOf(3), sumLive, "the state machine saw seqs 1 and 3 only");
        final long liveHash = agent.stateHash();
        agent.onClose();
        agent = null;

        final SumStateMachine replayed = new SumStateMachine();
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            final JournalReplayer.Result result = new JournalReplayer(replayed, 64).replay(journal);
            assertEquals(3, result.lastSeq());
            assertEquals(liveHash, result.stateHash(), "replay passes the marker by as the live replica did");
        }
        assertEquals(sumLive, replayed.sum());
    }

    @Test
    void aRequestTheStateMachineThrowsOnIsRejectedAndTheReplicaGoesOn()
    {
        agent = joined(false, () -> new SumStateMachine().failAt(2));
        heartbeat(1, 1, 0, 0);
        for (long seq = 1; seq <= 4; seq++)
        {
            assertEquals(Action.CONTINUE, deliver(1, 1, seq));
        }
        assertState(ReplicaState.LIVE);
        assertEquals(4, agent.appliedSeq(), "it went on after the poison seq");
        assertEquals(1, agent.counters().requestsRejected());
        assertEquals(List.of("response 1 to 1", "response 2 to 1 rejected, 0 bytes", "response 3 to 1",
            "response 4 to 1"), transport.sent, "outcome 1, no payload, for the seq it threw on");
        final long liveHash = agent.stateHash();
        final long liveSum = ((SumStateMachine)agent.stateMachine()).sum();
        agent.onClose();
        agent = null;

        final JournalReplayer replayer = new JournalReplayer(new SumStateMachine().failAt(2), 64);
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            final JournalReplayer.Result result = replayer.replay(journal);
            assertEquals(4, result.lastSeq());
            assertEquals(liveHash, result.stateHash(), "replay meets the same policy and ends in the same hash");
        }
        assertEquals(1, replayer.rejected());

        agent = agent(false, () -> new SumStateMachine().failAt(2));
        assertEquals(4, agent.appliedSeq(), "recovery replays through the poison seq");
        assertEquals(liveHash, agent.stateHash());
        assertEquals(liveSum, ((SumStateMachine)agent.stateMachine()).sum(),
            "the change made before the throw is kept alike");
    }

    /**
     * Rule 4 (hold-off from the start). Invariant: a restarted replica does not unseat a leader it has not yet had
     * the time to hear.
     */
    @Test
    void aRestartedReplicaDoesNotVoteBeforeTheHoldOff()
    {
        agent = joined(false);
        agent.onVoteRequest(2, 2, 1, 0, 0, false);
        assertEquals(List.of("refuse 2@0 to 2"), transport.sent, "within the hold-off of its start");
        transport.sent.clear();
        nowNs += TimeUnit.MILLISECONDS.toNanos(250);
        agent.onVoteRequest(2, 2, 1, 0, 0, false);
        assertEquals(List.of("grant 2@1 to 2"), transport.sent);
    }

    @Test
    void closingStopsTheReplicaAndClosesItsLinks()
    {
        agent = joined(false);
        agent.onClose();
        assertEquals(ReplicaState.STOPPED, agent.state());
        assertTrue(transport.closed);
        agent = null;
    }

    @Test
    void itReportsItsStatusToEveryGatewayEachInterval()
    {
        agent = joined(false);
        final int before = transport.statuses;
        agent.doWork();
        assertEquals(before, transport.statuses, "not yet due");
        nowNs += TimeUnit.MILLISECONDS.toNanos(100);
        agent.doWork();
        assertEquals(before + 2, transport.statuses);
    }

    private ReplicaAgent joined(final boolean bootstrapFromPeer)
    {
        return joined(bootstrapFromPeer, SumStateMachine::new);
    }

    private ReplicaAgent joined(final boolean bootstrapFromPeer, final Supplier<StateMachine> stateMachines)
    {
        final ReplicaAgent joined = agent(bootstrapFromPeer, stateMachines);
        transport.sequencedConnected = true;
        joined.doWork();
        return joined;
    }

    private ReplicaAgent agent(final boolean bootstrapFromPeer, final Supplier<StateMachine> stateMachines)
    {
        final ReplicaContext ctx = new ReplicaContext()
            .aeronDirectoryName("unused: no media driver in this test")
            .replicaId(2)
            .site("B")
            .journalDir(dir.resolve("journal"))
            .stateMachineSupplier(stateMachines)
            .maxResponseLength(64)
            .responseLogBytes(1024)
            .responseLogEntries(16)
            .bootstrapFromPeer(bootstrapFromPeer)
            .bootstrapTimeoutNs(BOOTSTRAP_TIMEOUT_NS)
            .gateways(List.of(
                GatewayEndpoints.fromBase(1, "localhost", 20121).member("localhost"),
                GatewayEndpoints.fromBase(2, "localhost", 20131).member("localhost")))
            .conclude();
        return new ReplicaAgent(ctx, () -> nowNs, stateCounter, listener -> transport);
    }

    private void journal(final long fromSeq, final long toSeq)
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, fromSeq, toSeq);
        }
    }

    private Action deliver(final int gatewayId, final long epoch, final long seq)
    {
        final int length = fixture.encode(epoch, seq);
        return agent.onSequenced(gatewayId, fixture.buffer, 0, length, epoch, seq, seq * 1_000, 100, seq,
            SequencedFixture.PAYLOAD_OFFSET, 1);
    }

    /**
     * A heartbeat of a gateway with its history tail given as epoch, start seq pairs (none: a gateway from before v2).
     */
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
