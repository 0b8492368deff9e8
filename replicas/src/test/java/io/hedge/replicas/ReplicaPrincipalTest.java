package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.journal.SequencedJournal;
import io.hedge.transport.GatewayEndpoints;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Contract 5 at the replica, on a fake gateway transport (no media driver) and a real journal: the principal id of a
 * Sequenced record reaches {@link StateMachine#apply}, in live apply, in {@link JournalReplayer} replay and in the
 * recovery of a restarted replica alike (the determinism contract); a record journaled before schema version 4 has
 * no principal and is applied as principal 0 everywhere.
 */
class ReplicaPrincipalTest
{
    private static final long T0 = 10_000_000_000L;

    private final Path dir = SequencedFixture.directory("replica-principal");
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
    void theRecordsPrincipalReachesApplyLiveInReplayAndInRecoveryAlike()
    {
        agent = agent(PrincipalLog::new);
        transport.sequencedConnected = true;
        agent.doWork();
        agent.onHeartbeat(1, 1, 0, 0, new long[0], new long[0], 0);
        final int[] principals = {7, 0, 65535, 7};
        for (int i = 0; i < principals.length; i++)
        {
            final long seq = i + 1;
            final int length = fixture.encode(1, seq, principals[i]);
            assertEquals(Action.CONTINUE, agent.onSequenced(1, fixture.buffer, 0, length, 1, seq, seq * 1_000, 100,
                seq, SequencedFixture.PAYLOAD_OFFSET, 1));
        }
        final int oldLength = fixture.encodeVersion3(1, 5);
        assertEquals(Action.CONTINUE, agent.onSequenced(1, fixture.buffer, 0, oldLength, 1, 5, 5_000, 100, 5,
            SequencedFixture.VERSION_3_PAYLOAD_OFFSET, 1));
        assertEquals(5, agent.appliedSeq());
        final List<Integer> expected = List.of(7, 0, 65535, 7, 0);
        assertEquals(expected, ((PrincipalLog)agent.stateMachine()).principals,
            "live: each record's principal, and 0 for the record without one");
        final long liveHash = agent.stateHash();
        agent.onClose();
        agent = null;

        final PrincipalLog replayed = new PrincipalLog();
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            final JournalReplayer.Result result = new JournalReplayer(replayed, 64).replay(journal);
            assertEquals(5, result.lastSeq());
            assertEquals(liveHash, result.stateHash(), "replay answers as the live replica did");
        }
        assertEquals(expected, replayed.principals, "replay passes the same principals");

        agent = agent(PrincipalLog::new);
        assertEquals(5, agent.appliedSeq(), "recovered from its journal");
        assertEquals(liveHash, agent.stateHash());
        assertEquals(expected, ((PrincipalLog)agent.stateMachine()).principals, "recovery passes the same principals");
    }

    private ReplicaAgent agent(final Supplier<StateMachine> stateMachines)
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
            .bootstrapFromPeer(false)
            .gateways(List.of(
                GatewayEndpoints.fromBase(1, "localhost", 20121).member("localhost"),
                GatewayEndpoints.fromBase(2, "localhost", 20131).member("localhost")))
            .conclude();
        return new ReplicaAgent(ctx, () -> T0, countersManager.newCounter("replica state",
            ReplicaCounters.REPLICA_STATE_TYPE_ID), listener -> transport);
    }

    /** Keeps the principal of every apply, and answers with it, so that the rolling hash covers it too. */
    private static final class PrincipalLog implements StateMachine
    {
        final List<Integer> principals = new ArrayList<>();

        @Override
        public int apply(
            final long seq,
            final long timestampNs,
            final long clientId,
            final int principalId,
            final DirectBuffer payload,
            final int offset,
            final int length,
            final MutableDirectBuffer response,
            final int responseOffset)
        {
            principals.add(principalId);
            response.putInt(responseOffset, principalId);
            return Integer.BYTES;
        }

        @Override
        public long fullStateHash()
        {
            return principals.hashCode();
        }

        @Override
        public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
        {
            for (int i = 0; i < principals.size(); i++)
            {
                buffer.putInt(offset + i * Integer.BYTES, principals.get(i));
            }
            return principals.size() * Integer.BYTES;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            for (int i = 0; i < length; i += Integer.BYTES)
            {
                principals.add(buffer.getInt(offset + i));
            }
        }
    }
}
