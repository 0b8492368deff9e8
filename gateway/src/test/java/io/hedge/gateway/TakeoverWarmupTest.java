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
        16, 64 * 1024, Durability.first(), (clientId, correlationId, seq, replicaId, outcome, buffer, offset, length) ->
        forwarded.add(seq));
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);

    private void register(final long fromSeq, final long toSeq)
    {
        for (long seq = fromSeq; seq <= toSeq; seq++)
        {
            collector.onSequenced(seq, 1, seq);
        }
    }

    // the term a warm-up carries is only handed back to the agent: these tests need none
    private TakeoverWarmup warmup(final TakeoverWarmup.Fetcher fetcher, final long fromSeq, final long toSeq,
        final long deadlineNs)
    {
        register(fromSeq, toSeq);
        return new TakeoverWarmup(null, 1, fetcher, collector, fromSeq, toSeq, 2, deadlineNs);
    }

    @Test
    void itFetchesOnceItCanAndEndsWhenTheFetchClosedAndEverySeqIsAnswered()
    {
        final int[] attempts = {0};
        final TakeoverWarmup warmup = warmup((replicaId, fromSeq, toSeq) ->
        {
            assertEquals(2, replicaId);
            assertEquals(5, fromSeq);
            assertEquals(8, toSeq);
            return ++attempts[0] > 1; // the first offer meets back pressure
        }, 5, 8, 1_000);
        assertEquals(TakeoverWarmup.Step.REQUESTING, warmup.step());
        warmup.poll(0);
        assertEquals(TakeoverWarmup.Step.REQUESTING, warmup.step(), "back pressure: still to ask");
        warmup.poll(1);
        assertEquals(TakeoverWarmup.Step.FETCHING, warmup.step());
        warmup.poll(2);
        assertEquals(2, attempts[0], "asked again after back pressure, then not again");

        assertTrue(warmup.accepts(2, 5));
        assertFalse(warmup.accepts(3, 5), "only the replica asked");
        assertFalse(warmup.accepts(2, 9), "only the range asked");
        for (long seq = 5; seq <= 7; seq++)
        {
            collector.onResponse(seq, 2, seq, payload, 0, 8);
        }
        warmup.poll(3);
        assertEquals(TakeoverWarmup.Step.FETCHING, warmup.step(), "the fetch has not closed");
        warmup.onFetchClosed(3, 1);
        assertEquals(TakeoverWarmup.Step.FETCHING, warmup.step(), "only the replica asked closes the fetch");
        warmup.onFetchClosed(2, 1);
        assertEquals(TakeoverWarmup.Step.FETCH_CLOSED, warmup.step());
        warmup.poll(3);
        assertFalse(warmup.done(), "seq 8 is still unanswered: a replica catching up may answer it");
        collector.onResponse(8, 3, 8, payload, 0, 8);
        assertEquals(1, warmup.poll(4));
        assertTrue(warmup.done());
        assertFalse(warmup.accepts(2, 5), "done: nothing more belongs to it");
        assertEquals(List.of(5L, 6L, 7L, 8L), forwarded, "each answered once, in order");
    }

    @Test
    void atTheDeadlineWhatIsMissingIsGivenUp()
    {
        final TakeoverWarmup warmup = warmup((replicaId, fromSeq, toSeq) -> true, 1, 3, 100);
        warmup.poll(0);
        collector.onResponse(1, 2, 1, payload, 0, 8);
        warmup.poll(100);
        assertFalse(warmup.done(), "not past the deadline yet");
        warmup.poll(101);
        assertTrue(warmup.done());
        assertFalse(collector.onDuplicate(2, 1, 2), "a retry of a seq given up gets DUPLICATE_NOT_CACHED");
        assertTrue(collector.onDuplicate(1, 1, 1), "a retry of a fetched one gets its original answer");
        assertEquals(0, collector.unanswered(1, 3));
    }

    @Test
    void theDeadlineEndsItEvenWhileTheFetchIsStillToBeAsked()
    {
        final TakeoverWarmup warmup = warmup((replicaId, fromSeq, toSeq) -> false, 1, 2, 100);
        warmup.poll(0);
        assertEquals(TakeoverWarmup.Step.REQUESTING, warmup.step());
        assertEquals(1, warmup.poll(101));
        assertTrue(warmup.done());
        assertEquals(0, collector.unanswered(1, 2), "given up");
    }

    @Test
    void aCloseBeforeTheFetchWasTakenIsLetBe()
    {
        final TakeoverWarmup warmup = warmup((replicaId, fromSeq, toSeq) -> true, 1, 1, 1_000);
        warmup.onFetchClosed(2, 1);
        assertEquals(TakeoverWarmup.Step.REQUESTING, warmup.step(), "it closes an older fetch");
        collector.onResponse(1, 2, 1, payload, 0, 8);
        warmup.poll(0);
        assertEquals(TakeoverWarmup.Step.FETCHING, warmup.step(), "every seq answered, but this fetch has not closed");
        warmup.poll(1);
        assertFalse(warmup.done());
        warmup.onFetchClosed(2, 1);
        warmup.poll(2);
        assertTrue(warmup.done());
    }
}
