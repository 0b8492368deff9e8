package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.ControlEntry;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control entries of hedge admin snapshot and shutdown at a replica (no media driver; a fake gateway transport, a
 * real journal and snapshot store): a snapshot at the entry's seq, a state hash the same as a term marker leaves, and
 * for shutdown a stop after which a restart replays nothing.
 */
class ReplicaAdminControlTest
{
    private static final long T0 = 10_000_000_000L;

    private final Path dir = SequencedFixture.directory("replica-admin");
    private final SequencedFixture fixture = SequencedFixture.create();
    private final FakeGatewayTransport transport = new FakeGatewayTransport(2);
    private final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(new byte[16 * 512]), new UnsafeBuffer(new byte[16 * 128]));
    private final AtomicInteger stopHandlerRuns = new AtomicInteger();
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
    void aSnapshotEntryWritesASnapshotAtItsSeqAndHashesAsATermMarker()
    {
        agent = joined();
        deliver(1, 1);
        deliver(1, 2);
        assertEquals(0, agent.lastSnapshotSeq());
        assertEquals(Action.CONTINUE, control(1, 3, ControlEntry.SNAPSHOT));
        assertEquals(3, agent.lastSnapshotSeq(), "the snapshot is at the entry's seq");
        deliver(1, 4);
        assertEquals(4, agent.appliedSeq(), "a snapshot entry does not stop the replica");
        assertEquals(SequencedFixture.valueOf(1) + SequencedFixture.valueOf(2) + SequencedFixture.valueOf(4),
            ((SumStateMachine)agent.stateMachine()).sum(), "the state machine never saw the control entry");
        assertTrue(transport.sent.contains("response 3 to 1"), "answered like a marker: " + transport.sent);

        nowNs += TimeUnit.SECONDS.toNanos(1);
        agent.doWork();
        assertTrue(transport.lastStatus.endsWith(" snapshot 3"), "the status names it: " + transport.lastStatus);

        final long liveHash = agent.stateHash();
        agent.onClose();
        agent = null;
        // replay knows no control entries: it passes the entry by as a term marker, as a replica of schema 4 does;
        // the same hash means the snapshot changed nothing a replica hashes
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            final JournalReplayer.Result replayed = new JournalReplayer(new SumStateMachine(), 64).replay(journal);
            assertEquals(4, replayed.lastSeq());
            assertEquals(liveHash, replayed.stateHash());
        }
    }

    @Test
    void aStopEntryOfTheFollowedEpochSnapshotsStopsThenARestartReplaysNothing()
    {
        agent = joined();
        deliver(1, 1);
        deliver(1, 2);
        assertEquals(Action.BREAK, control(1, 3, ControlEntry.SNAPSHOT_AND_STOP), "nothing more in this poll");
        assertEquals(3, agent.lastSnapshotSeq());
        assertEquals(3, agent.appliedSeq());
        assertEquals(Action.ABORT, deliver(1, 4), "nothing more is taken from the stream");
        assertEquals(3, agent.appliedSeq());
        transport.sent.clear();
        nowNs += TimeUnit.SECONDS.toNanos(1);
        agent.onVoteRequest(2, 2, 2, 3, 1, false);
        assertEquals(List.of("refuse 2@1 to 2"), transport.sent, "a stopping replica elects nobody");

        final int statuses = transport.statuses;
        agent.doWork();
        assertTrue(transport.statuses > statuses, "it reports at once");
        assertTrue(transport.lastStatus.endsWith(" snapshot 3"), transport.lastStatus);
        assertTrue(agent.stoppedByAdmin(), "after the linger");
        assertEquals(1, stopHandlerRuns.get(), "the stop handler ran once");
        agent.doWork();
        assertEquals(1, stopHandlerRuns.get());

        final long hash = agent.stateHash();
        agent.onClose();
        agent = agent();
        assertEquals(3, agent.appliedSeq());
        assertEquals(3, agent.lastSnapshotSeq(), "restarted from the shutdown's snapshot");
        assertEquals(0, agent.replayedAtStart(), "and replayed nothing");
        assertEquals(hash, agent.stateHash());
    }

    @Test
    void aStopEntryOfAnOlderEpochIsOnlyASnapshot()
    {
        agent = joined();
        deliver(1, 1);
        deliver(1, 2);
        // the leader of epoch 1 stopped the fabric at seq 3; this replica missed it and meets it catching up under
        // the leader of epoch 2, which began at seq 4
        heartbeat(1, 2, 4, 4, 1, 1, 2, 4);
        assertEquals(Action.CONTINUE, control(1, 3, ControlEntry.SNAPSHOT_AND_STOP));
        assertEquals(3, agent.lastSnapshotSeq());
        assertFalse(agent.stoppedByAdmin());
        assertEquals(Action.CONTINUE, deliver(2, 4));
        assertEquals(4, agent.appliedSeq(), "it goes on");
        nowNs += TimeUnit.SECONDS.toNanos(1);
        agent.doWork();
        assertEquals(0, stopHandlerRuns.get());
    }

    private ReplicaAgent joined()
    {
        final ReplicaAgent joined = agent();
        transport.sequencedConnected = true;
        joined.doWork();
        heartbeatOf(joined);
        return joined;
    }

    private void heartbeatOf(final ReplicaAgent replica)
    {
        replica.onHeartbeat(1, 1, 0, 0, new long[0], new long[0], 0);
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
            .adminStopHandler(stopHandlerRuns::incrementAndGet)
            .gateways(List.of(
                GatewayEndpoints.fromBase(1, "localhost", 20121).member("localhost"),
                GatewayEndpoints.fromBase(2, "localhost", 20131).member("localhost")))
            .conclude();
        final AtomicCounter stateCounter =
            countersManager.newCounter("replica state", ReplicaCounters.REPLICA_STATE_TYPE_ID);
        return new ReplicaAgent(ctx, () -> nowNs, stateCounter, listener -> transport);
    }

    private Action deliver(final long epoch, final long seq)
    {
        final int length = fixture.encode(epoch, seq);
        return agent.onSequenced(1, fixture.buffer, 0, length, epoch, seq, seq * 1_000, 100, seq,
            SequencedFixture.PAYLOAD_OFFSET, 1);
    }

    private Action control(final long epoch, final long seq, final long code)
    {
        final int length = fixture.encodeControl(epoch, seq, code);
        return agent.onSequenced(1, fixture.buffer, 0, length, epoch, seq, seq * 1_000, ControlEntry.CLIENT_ID, code,
            SequencedFixture.PAYLOAD_OFFSET, 0);
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
}
