package io.hedge.replicas;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerBootstrapTest
{
    private static final long SECOND = 1_000_000_000L;

    private final UnsafeBuffer data = new UnsafeBuffer(new byte[100]);
    private final List<Long> kept = new ArrayList<>();
    private final List<Long> requested = new ArrayList<>();

    PeerBootstrapTest()
    {
        for (int i = 0; i < 100; i++)
        {
            data.putByte(i, (byte)i);
        }
    }

    @Test
    void assemblesChunksInOrderAndIgnoresWhatDoesNotContinueTheTransfer()
    {
        final PeerBootstrap bootstrap = newBootstrap(0);
        assertEquals(PeerBootstrap.Step.REQUESTING, bootstrap.step());
        assertFalse(chunk(bootstrap, 2, 40, 30, 40, 0), "no transfer begun: a middle chunk is ignored");
        assertEquals(PeerBootstrap.Step.REQUESTING, bootstrap.step());
        assertFalse(chunk(bootstrap, 2, 0, 0, 40, 1));
        assertTrue(bootstrap.receiving());
        assertEquals(PeerBootstrap.Step.RECEIVING, bootstrap.step());
        assertFalse(chunk(bootstrap, 2, 80, 80, 20, 2), "skips ahead: ignored");
        assertFalse(chunk(bootstrap, 3, 40, 40, 40, 2), "another donor: ignored");
        assertFalse(chunk(bootstrap, 2, 40, 40, 40, 3));
        assertTrue(chunk(bootstrap, 2, 80, 80, 20, 4));
        assertEquals(PeerBootstrap.Step.REQUESTING, bootstrap.step(), "the transfer is complete, no longer under way");
        assertEquals(100, bootstrap.received());
        assertEquals(3, bootstrap.chunksIgnored());
        for (int i = 0; i < 100; i++)
        {
            assertEquals((byte)i, bootstrap.body().getByte(i));
        }
        assertEquals(7, bootstrap.seq());
        assertEquals(2, bootstrap.donorId());
    }

    @Test
    void aChunkAtOffsetZeroRestartsTheTransfer()
    {
        final PeerBootstrap bootstrap = newBootstrap(0);
        assertFalse(chunk(bootstrap, 2, 0, 0, 50, 1));
        assertFalse(chunk(bootstrap, 3, 0, 0, 50, 2));
        assertFalse(chunk(bootstrap, 2, 50, 50, 50, 3), "the first transfer was replaced");
        assertTrue(chunk(bootstrap, 3, 50, 50, 50, 4));
    }

    @Test
    void asksAgainWhenNoChunkComesAndGivesUpAfterTheTimeoutWithoutProgress()
    {
        final PeerBootstrap bootstrap = newBootstrap(0);
        assertTrue(bootstrap.requestDue(0));
        bootstrap.requested(0);
        assertFalse(bootstrap.requestDue(SECOND / 2));
        assertTrue(bootstrap.requestDue(SECOND));
        bootstrap.requested(SECOND);
        chunk(bootstrap, 2, 0, 0, 10, SECOND + 5);
        assertFalse(bootstrap.requestDue(2 * SECOND), "chunks are coming");
        assertTrue(bootstrap.requestDue(3 * SECOND), "the transfer stalled");
        assertFalse(bootstrap.timedOut(10 * SECOND), "progress at 1 s moved the deadline");
        assertTrue(bootstrap.timedOut(11 * SECOND + 5));
    }

    @Test
    void asksOnlyWhenTheGatewayIsReachableAndGivesUpAfterTheTimeout()
    {
        final PeerBootstrap bootstrap = newBootstrap(0);
        assertEquals(0, bootstrap.doWork(0, false, 3));
        assertEquals(1, bootstrap.doWork(1, true, 3));
        assertEquals(List.of(3L), requested);
        assertEquals(0, bootstrap.doWork(2, true, 3), "asked already");
        assertEquals(1, bootstrap.doWork(10 * SECOND, true, 3));
        assertTrue(bootstrap.done());
        assertNull(bootstrap.installed());
        assertTrue(bootstrap.outcome().startsWith("bootstrap from a peer abandoned (no snapshot came within 10000 ms"),
            bootstrap.outcome());
    }

    @Test
    void aVerifiedSnapshotIsKeptAndInstalled()
    {
        final PeerBootstrap bootstrap = newBootstrap(0);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        body.putLong(0, 42);
        assertTrue(bootstrap.onSnapshotChunk(3, 9, 2, 77, 0x5EED_0000L ^ 42, 8, 0, body, 0, 8, SECOND));
        assertEquals(PeerBootstrap.Step.DONE, bootstrap.step());
        assertEquals(List.of(9L), kept);
        assertEquals(42, ((SumStateMachine)bootstrap.installed()).sum());
        assertTrue(bootstrap.outcome().startsWith("bootstrapped from replica 3's snapshot at seq 9"));
    }

    @Test
    void aSnapshotThatCannotBeKeptEndsTheBootstrapWithoutIt()
    {
        final PeerBootstrap bootstrap = new PeerBootstrap(2, "B", SECOND, 10 * SECOND, SumStateMachine::new,
            (seq, epoch, rolling, full, body, length) ->
            {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
            },
            (requester, epoch) -> requested.add(epoch), 0);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        body.putLong(0, 42);
        assertTrue(bootstrap.onSnapshotChunk(3, 9, 2, 77, 0x5EED_0000L ^ 42, 8, 0, body, 0, 8, SECOND));
        assertNull(bootstrap.installed());
        assertTrue(bootstrap.outcome().contains("could not be written"), bootstrap.outcome());
    }

    @Test
    void aSnapshotThatDoesNotVerifyIsForgottenAndAskedForAgain()
    {
        final PeerBootstrap bootstrap = newBootstrap(0);
        bootstrap.requested(0);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        body.putLong(0, 42);
        assertFalse(bootstrap.onSnapshotChunk(3, 9, 2, 77, 0x5EED_0000L ^ 41, 8, 0, body, 0, 8, SECOND),
            "the full-state hash does not match");
        assertEquals(PeerBootstrap.Step.REQUESTING, bootstrap.step());
        assertTrue(kept.isEmpty());
        assertTrue(bootstrap.requestDue(SECOND), "asked again at once");
        assertEquals(1, bootstrap.doWork(SECOND, true, 3));
        assertEquals(List.of(3L), requested);
        assertTrue(bootstrap.onNoDonor(), "no transfer under way: a no-donor answer ends it");
    }

    @Test
    void noDonorEndsItOnlyWhenNoTransferIsUnderWay()
    {
        final PeerBootstrap receiving = newBootstrap(0);
        chunk(receiving, 2, 0, 0, 10, 1);
        assertFalse(receiving.onNoDonor());
        assertFalse(receiving.done());

        final PeerBootstrap idle = newBootstrap(0);
        assertTrue(idle.onNoDonor());
        assertTrue(idle.done());
        assertEquals(PeerBootstrap.Step.DONE, idle.step());
        assertNull(idle.installed());
        assertEquals(0, idle.doWork(20 * SECOND, true, 3), "over: no more requests, no timeout");
        assertTrue(idle.onSnapshotChunk(3, 9, 2, 77, 0, 8, 0, data, 0, 8, 20 * SECOND), "over: chunks are let be");
        assertEquals(0, idle.chunksIgnored());
    }

    private PeerBootstrap newBootstrap(final long nowNs)
    {
        return new PeerBootstrap(2, "B", SECOND, 10 * SECOND, SumStateMachine::new,
            (seq, epoch, rolling, full, body, length) -> kept.add(seq), (requester, epoch) -> requested.add(epoch),
            nowNs);
    }

    private boolean chunk(
        final PeerBootstrap bootstrap, final int donor, final int chunkOffset, final int from, final int length,
        final long nowNs)
    {
        return bootstrap.onChunk(donor, 7, 1, 11, 13, 100, chunkOffset, data, from, length, nowNs);
    }
}
