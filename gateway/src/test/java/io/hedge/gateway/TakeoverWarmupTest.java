package io.hedge.gateway;

import io.hedge.codecs.fabric.ReplicaState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TakeoverWarmupTest
{
    private static final long EPOCH = 3;

    private final List<Long> forwarded = new ArrayList<>();
    private final List<Long> committed = new ArrayList<>();
    private final ResponseCollector collector = new ResponseCollector(16, 64 * 1024, Durability.majority(), 3, EPOCH, 1,
        (clientId, correlationId, seq, replicaId, outcome, buffer, offset, length) -> forwarded.add(seq),
        (seq, replicaId, buffer, offset, length) -> committed.add(seq),
        (replicaId, seq, majorityHash) -> true);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);

    /** The warm range, then the term's first entry (its marker) at toSeq + 1, as a LeaderTerm registers them. */
    private void register(final long fromSeq, final long toSeq)
    {
        collector.startAfter(toSeq);
        for (long seq = fromSeq; seq <= toSeq; seq++)
        {
            collector.onSequenced(seq, 1, seq);
        }
        collector.startAfter(toSeq);
        collector.onSequenced(toSeq + 1, LeaderTerm.TERM_START_CLIENT_ID, EPOCH);
    }

    // the term a warm-up carries is only handed back to the agent: these tests need none
    private TakeoverWarmup warmup(final TakeoverWarmup.Fetcher fetcher, final long fromSeq, final long toSeq,
        final long deadlineNs)
    {
        register(fromSeq, toSeq);
        return new TakeoverWarmup(null, 1, fetcher, collector, fromSeq, toSeq, 2, deadlineNs);
    }

    private void fetched(final long seq)
    {
        collector.onFetchedResponse(seq, 2, seq, payload, 0, 8, 0, 8);
    }

    /** Two of the three replicas report, in this epoch and matched in it, that they journaled up to seq. */
    private void commit(final long seq)
    {
        collector.onReplicaStatus(1, EPOCH, ReplicaState.LIVE, seq, seq, EPOCH, 0, 0);
        collector.onReplicaStatus(3, EPOCH, ReplicaState.LIVE, seq, seq, EPOCH, 0, 0);
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
            fetched(seq);
        }
        warmup.poll(3);
        assertEquals(TakeoverWarmup.Step.FETCHING, warmup.step(), "the fetch has not closed");
        warmup.onFetchClosed(3, 1);
        assertEquals(TakeoverWarmup.Step.FETCHING, warmup.step(), "only the replica asked closes the fetch");
        warmup.onFetchClosed(2, 1);
        assertEquals(TakeoverWarmup.Step.FETCH_CLOSED, warmup.step());
        warmup.poll(3);
        assertFalse(warmup.done(), "seq 8 is still unanswered: replicas catching up may answer it");
        final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        collector.onResponse(8, 1, 8, message, 0, 8, 0, 8);
        collector.onResponse(8, 3, 8, message, 0, 8, 0, 8);
        warmup.poll(4);
        assertFalse(warmup.done(), "a majority agrees on seq 8, an earlier epoch's: it waits for this term's first entry");
        assertTrue(forwarded.isEmpty(), forwarded.toString());
        commit(9);
        assertEquals(1, warmup.poll(5));
        assertTrue(warmup.done());
        assertFalse(warmup.accepts(2, 5), "done: nothing more belongs to it");
        assertEquals(List.of(5L, 6L, 7L, 8L), forwarded, "each answered once, in order; the marker to nobody");
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), committed,
            "each heard once by the commit listener, in order, the term's marker too");
    }

    @Test
    @DisplayName("commit rule, warm range: fetched responses are released to clients only once committed in this term")
    void fetchedResponsesWaitForTheirCommit()
    {
        final TakeoverWarmup warmup = warmup((replicaId, fromSeq, toSeq) -> true, 1, 3, 1_000);
        warmup.poll(0);
        for (long seq = 1; seq <= 3; seq++)
        {
            fetched(seq);
        }
        warmup.onFetchClosed(2, 1);
        warmup.poll(1);
        assertTrue(forwarded.isEmpty(), "the predecessor may have answered from a minority: not yet");
        assertFalse(warmup.done(), "fetched, not yet committed");
        commit(3);
        warmup.poll(2);
        assertTrue(forwarded.isEmpty(), "a majority holds 1..3, all of an earlier epoch: a candidate whose last entry " +
            "is of a newer epoch could still win and replace them (Raft's figure 8), so not yet");
        assertFalse(warmup.done());
        commit(4);
        warmup.poll(3);
        assertTrue(warmup.done());
        assertEquals(List.of(1L, 2L, 3L), forwarded, "committed with this term's first entry");
        assertEquals(List.of(1L, 2L, 3L, 4L), committed, "and the term's marker");
    }

    @Test
    void atTheDeadlineWhatIsMissingIsGivenUp()
    {
        final TakeoverWarmup warmup = warmup((replicaId, fromSeq, toSeq) -> true, 1, 3, 100);
        warmup.poll(0);
        fetched(1);
        fetched(3);
        commit(4);
        assertEquals(List.of(1L), forwarded, "1 is committed and answered; 3 waits behind 2, which never came");
        warmup.poll(100);
        assertFalse(warmup.done(), "not past the deadline yet");
        warmup.poll(101);
        assertTrue(warmup.done());
        assertFalse(collector.onDuplicate(2, 1, 2), "a retry of a seq never fetched gets DUPLICATE_NOT_CACHED");
        assertFalse(collector.onDuplicate(3, 1, 3), "so does one not answered in time");
        assertTrue(collector.onDuplicate(1, 1, 1), "a retry of a fetched and committed one gets its original answer");
        assertEquals(0, collector.unanswered(1, 3));
        assertEquals(List.of(1L, 1L), forwarded);
        assertEquals(List.of(1L, 2L, 3L, 4L), committed, "the listener still hears every seq, in order, once");
        assertEquals(List.of(1L, 1L), forwarded, "but no client is answered after the give-up");
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
        fetched(1);
        commit(2);
        warmup.poll(0);
        assertEquals(TakeoverWarmup.Step.FETCHING, warmup.step(), "every seq answered, but this fetch has not closed");
        warmup.poll(1);
        assertFalse(warmup.done());
        warmup.onFetchClosed(2, 1);
        warmup.poll(2);
        assertTrue(warmup.done());
    }
}
