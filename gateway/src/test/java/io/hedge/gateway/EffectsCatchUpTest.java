package io.hedge.gateway;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 7: what a fetch of effects is worth. Only a matched replica is asked; the covered range is only what came, in
 * order, before the close; late records of an abandoned or timed-out fetch are never taken for a newer one's.
 */
class EffectsCatchUpTest
{
    private final List<String> asked = new ArrayList<>();
    private final List<Long> staged = new ArrayList<>();
    private final UnsafeBuffer effects = new UnsafeBuffer(new byte[]{1, 0, 0, 0, 9});
    private final EffectsCatchUp catchUp = new EffectsCatchUp(1, 3, (replicaId, from, to) ->
        asked.add(replicaId + ":" + from + ".." + to), 1_000, 100, 1024 * 1024);

    private boolean stage(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        staged.add(seq);
        return true;
    }

    private void record(final int replicaId, final long seq)
    {
        catchUp.onReplay(replicaId, seq, false, 1, effects, 0, effects.capacity());
    }

    private void close(final int replicaId, final long seq, final long firstAvailable)
    {
        catchUp.onReplay(replicaId, seq, true, firstAvailable, effects, 0, 0);
    }

    @Test
    @DisplayName("rule 7: only replicas proven to hold this term's history are asked; a range is at most 100 seqs")
    void asksOnlyMatchedReplicas()
    {
        assertFalse(catchUp.start(1, 500, 0), "no replica matched yet");
        catchUp.replicaMatched(2);
        assertTrue(catchUp.start(1, 500, 0));
        assertEquals(List.of("2:1..100"), asked);
        record(2, 5);
        record(2, 70);
        close(2, 100, 1);
        catchUp.drain(this::stage, 10);
        assertEquals(List.of(5L, 70L), staged);
        assertEquals(100, catchUp.takeCovered());
        assertTrue(catchUp.idle());
    }

    @Test
    @DisplayName("rule 7: a replica that has applied less closes short: only that much is covered")
    void aReplicaBehindCoversLess()
    {
        catchUp.replicaMatched(1);
        catchUp.start(1, 50, 0);
        record(1, 3);
        close(1, 20, 1);
        catchUp.drain(this::stage, 10);
        assertEquals(20, catchUp.takeCovered());
    }

    @Test
    @DisplayName("rule 7: after a rewind, late records of the abandoned fetch are dropped, and its replica is asked " +
        "again only once it closed it")
    void lateRecordsOfAnAbandonedFetchAreNotTaken()
    {
        catchUp.replicaMatched(1);
        catchUp.start(40, 90, 0);
        record(1, 41);
        catchUp.abandon();
        assertEquals(EffectsCatchUp.Step.ABANDONED, catchUp.step());
        record(1, 45);
        assertFalse(catchUp.start(10, 90, 0), "busy until the abandoned fetch closes");
        close(1, 90, 1);
        assertTrue(catchUp.idle());
        assertEquals(-1, catchUp.takeCovered(), "an abandoned fetch covers nothing");
        assertTrue(catchUp.start(10, 90, 0));
        record(1, 12);
        close(1, 90, 1);
        catchUp.drain(this::stage, 10);
        assertEquals(List.of(12L), staged);
        assertEquals(90, catchUp.takeCovered());
    }

    @Test
    @DisplayName("rule 7: a fetch that times out counts for what came in order; its replica is not asked again for " +
        "seqs its unclosed range holds")
    void aTimedOutFetchCountsForWhatCame()
    {
        catchUp.replicaMatched(1);
        catchUp.replicaMatched(3);
        catchUp.start(1, 90, 0);
        record(1, 4);
        assertEquals(1, catchUp.poll(2_000));
        catchUp.drain(this::stage, 10);
        assertEquals(4, catchUp.takeCovered());
        assertTrue(catchUp.start(5, 90, 2_000));
        assertEquals("3:5..90", asked.get(1), "the next matched replica");
        record(1, 7); // late, from the timed-out fetch: not this one's
        close(3, 90, 1);
        catchUp.drain(this::stage, 10);
        assertEquals(List.of(4L), staged);
        assertEquals(90, catchUp.takeCovered());
    }

    @Test
    @DisplayName("rule 7: a replica whose effects journal begins after the range is passed over for another")
    void aReplicaThatCannotTellIsPassedOver()
    {
        catchUp.replicaMatched(1);
        catchUp.replicaMatched(2);
        catchUp.start(1, 50, 0);
        close(1, 50, 30);
        assertEquals(0, catchUp.takeCovered(), "nothing covered");
        assertTrue(catchUp.start(1, 50, 0));
        assertEquals("2:1..50", asked.get(1));
    }
}
