package io.hedge.gateway;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TakeoverWarmupTest
{
    private final List<Long> forwarded = new ArrayList<>();
    private final ResponseCollector collector = new ResponseCollector(
        16, 64 * 1024, Durability.first(), (clientId, correlationId, seq, replicaId, buffer, offset, length) ->
        forwarded.add(seq));
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);

    private void register(final long fromSeq, final long toSeq)
    {
        for (long seq = fromSeq; seq <= toSeq; seq++)
        {
            collector.onSequenced(seq, 1, seq);
        }
    }

    @Test
    void itFetchesOnceItCanAndEndsWhenTheFetchClosedAndEverySeqIsAnswered()
    {
        final int[] attempts = {0};
        final TakeoverWarmup warmup = new TakeoverWarmup(1, (replicaId, fromSeq, toSeq) ->
        {
            assertEquals(2, replicaId);
            assertEquals(5, fromSeq);
            assertEquals(8, toSeq);
            return ++attempts[0] > 1; // the first offer meets back pressure
        });
        register(5, 8);
        warmup.begin(5, 8, 2, 1_000);
        assertTrue(warmup.active());
        warmup.poll(0, collector);
        warmup.poll(1, collector);
        warmup.poll(2, collector);
        assertEquals(2, attempts[0], "asked again after back pressure, then not again");

        assertTrue(warmup.accepts(2, 5));
        assertFalse(warmup.accepts(3, 5), "only the replica asked");
        assertFalse(warmup.accepts(2, 9), "only the range asked");
        for (long seq = 5; seq <= 7; seq++)
        {
            collector.onResponse(seq, 2, seq, payload, 0, 8);
        }
        warmup.onFetchClosed(2, 1);
        warmup.poll(3, collector);
        assertTrue(warmup.active(), "seq 8 is still unanswered: a replica catching up may answer it");
        collector.onResponse(8, 3, 8, payload, 0, 8);
        warmup.poll(4, collector);
        assertFalse(warmup.active());
        assertEquals(List.of(5L, 6L, 7L, 8L), forwarded, "each answered once, in order");
    }

    @Test
    void atTheDeadlineWhatIsMissingIsGivenUp()
    {
        final TakeoverWarmup warmup = new TakeoverWarmup(1, (replicaId, fromSeq, toSeq) -> true);
        register(1, 3);
        warmup.begin(1, 3, 2, 100);
        warmup.poll(0, collector);
        collector.onResponse(1, 2, 1, payload, 0, 8);
        warmup.poll(100, collector);
        assertTrue(warmup.active(), "not past the deadline yet");
        warmup.poll(101, collector);
        assertFalse(warmup.active());
        assertFalse(collector.onDuplicate(2, 1, 2), "a retry of a seq given up gets DUPLICATE_NOT_CACHED");
        assertTrue(collector.onDuplicate(1, 1, 1), "a retry of a fetched one gets its original answer");
        assertEquals(0, collector.unanswered(1, 3));
    }
}
