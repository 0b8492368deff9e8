package io.hedge.replicas;

import io.aeron.Publication;
import io.hedge.codecs.fabric.ReplicaState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The donor's side of a peer state transfer on a fake sink: when it takes the snapshot, how many chunks a cycle, and
 * what it does when the gateway pushes back or is gone.
 */
class SnapshotDonorTest
{
    private final List<String> chunks = new ArrayList<>();
    private final Queue<Long> results = new ArrayDeque<>();
    private final byte[] received = new byte[Long.BYTES];
    private boolean pending;

    private final SnapshotDonor.ChunkSink sink = new SnapshotDonor.ChunkSink()
    {
        public boolean hasPending()
        {
            return pending;
        }

        public long offerSnapshotChunk(
            final int donorId,
            final int requesterId,
            final long seq,
            final long epoch,
            final long rollingStateHash,
            final long fullStateHash,
            final int totalLength,
            final int chunkOffset,
            final DirectBuffer body,
            final int dataLength)
        {
            final long result = results.isEmpty() ? 64 : results.remove();
            if (result > 0)
            {
                chunks.add(donorId + "->" + requesterId + " seq " + seq + " @" + chunkOffset + "+" + dataLength + "/" +
                    totalLength);
                body.getBytes(chunkOffset, received, chunkOffset, dataLength);
            }
            return result;
        }
    };

    private final SnapshotDonor donor = new SnapshotDonor(2, "B", 1, sink);
    private final SumStateMachine machine = new SumStateMachine();

    @Test
    void aReplicaWithoutStateLetsTheRequestGo()
    {
        donor.onRequest(3);
        assertEquals(0, donor.doWork(ReplicaState.LIVE, machine, 0, 1, 0));
        assertEquals(0, donor.doWork(ReplicaState.LIVE, machine, 5, 1, 0), "the request is gone");
        for (final ReplicaState state : List.of(ReplicaState.STARTING, ReplicaState.BOOTSTRAPPING, ReplicaState.STOPPED))
        {
            donor.onRequest(3);
            assertEquals(0, donor.doWork(state, machine, 5, 1, 0), state.name());
        }
        assertEquals(List.of(), chunks);
    }

    @Test
    void takesTheSnapshotBetweenTwoAppliesAndSendsAFewChunksACycle()
    {
        apply(7);
        donor.onRequest(3);
        pending = true;
        assertEquals(0, donor.doWork(ReplicaState.LIVE, machine, 5, 1, 99), "a held response goes first");
        pending = false;
        assertEquals(1 + SnapshotDonor.CHUNKS_PER_CYCLE, donor.doWork(ReplicaState.LIVE, machine, 5, 1, 99));
        apply(1);
        assertEquals(SnapshotDonor.CHUNKS_PER_CYCLE, donor.doWork(ReplicaState.LIVE, machine, 6, 1, 99));
        assertEquals(0, donor.doWork(ReplicaState.LIVE, machine, 6, 1, 99));
        assertEquals(8, chunks.size());
        assertEquals("2->3 seq 5 @0+1/8", chunks.get(0));
        assertEquals("2->3 seq 5 @7+1/8", chunks.get(7));
        assertEquals(7, new UnsafeBuffer(received).getLong(0), "the state at seq 5, not after seq 6");
        assertEquals(1, donor.transfersDonated());
    }

    @Test
    void aChunkPushedBackIsOfferedAgainNextCycle()
    {
        apply(7);
        donor.onRequest(3);
        results.add(64L);
        results.add((long)Publication.BACK_PRESSURED);
        assertEquals(2, donor.doWork(ReplicaState.LIVE, machine, 5, 1, 99), "captured, then one chunk");
        donor.doWork(ReplicaState.LIVE, machine, 5, 1, 99);
        assertEquals(List.of("2->3 seq 5 @0+1/8", "2->3 seq 5 @1+1/8"), chunks.subList(0, 2));
    }

    @Test
    void aTransferWithNoGatewayIsAbandoned()
    {
        apply(7);
        donor.onRequest(3);
        results.add((long)Publication.NOT_CONNECTED);
        assertEquals(1, donor.doWork(ReplicaState.LIVE, machine, 5, 1, 99));
        assertEquals(0, donor.doWork(ReplicaState.LIVE, machine, 5, 1, 99));
        assertEquals(List.of(), chunks);
        assertEquals(0, donor.transfersDonated());
    }

    @Test
    void oneTransferAtATime()
    {
        apply(7);
        donor.onRequest(3);
        results.add((long)Publication.BACK_PRESSURED);
        donor.doWork(ReplicaState.LIVE, machine, 5, 1, 99);
        donor.onRequest(4);
        while (donor.doWork(ReplicaState.LIVE, machine, 5, 1, 99) > 0)
        {
            assertTrue(chunks.size() <= 8);
        }
        assertEquals(8, chunks.size());
        assertTrue(chunks.stream().allMatch(c -> c.startsWith("2->3 ")), "replica 4's request was let go");
    }

    private void apply(final int value)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[1]);
        final UnsafeBuffer response = new UnsafeBuffer(new byte[8]);
        payload.putByte(0, (byte)value);
        machine.apply(1, 1, 1L, 0, payload, 0, 1, response, 0);
    }
}
