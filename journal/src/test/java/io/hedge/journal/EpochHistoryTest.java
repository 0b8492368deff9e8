package io.hedge.journal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpochHistoryTest
{
    @Test
    void anEmptyHistoryHasNoSeqsAndEpochZero()
    {
        final EpochHistory history = new EpochHistory();
        assertEquals(0, history.lastEpoch());
        assertEquals(0, history.lastSeq());
        assertEquals(0, history.lastSeqAtOrBefore(0));
        assertEquals(0, history.lastSeqAtOrBefore(5));
    }

    @Test
    void lastSeqAtOrBeforeAcrossSeveralEpochs()
    {
        final EpochHistory history = threeEpochs();

        assertEquals(0, history.lastSeqAtOrBefore(0), "nothing is from epoch 0 or earlier");
        assertEquals(10, history.lastSeqAtOrBefore(1));
        assertEquals(10, history.lastSeqAtOrBefore(2), "epoch 2 sequenced nothing here");
        assertEquals(15, history.lastSeqAtOrBefore(3));
        assertEquals(20, history.lastSeqAtOrBefore(4));
        assertEquals(20, history.lastSeqAtOrBefore(9));
        assertEquals(20, history.lastSeqAtOrBefore(Long.MAX_VALUE));
        assertEquals(4, history.lastEpoch());
        assertEquals(20, history.lastSeq());
    }

    @Test
    void lastEpochFollowsTheLastEntry()
    {
        final EpochHistory history = new EpochHistory();
        history.onEntry(2, 1);
        assertEquals(2, history.lastEpoch());
        assertEquals(1, history.lastSeq());
        history.onEntry(2, 2);
        assertEquals(2, history.lastEpoch());
        assertEquals(2, history.lastSeq());
        history.onEntry(5, 3);
        assertEquals(5, history.lastEpoch());
        assertEquals(3, history.lastSeq());
        assertEquals(2, history.lastSeqAtOrBefore(4));
        assertEquals(0, history.lastSeqAtOrBefore(1));
    }

    @Test
    void aJournalThatStartsAfterASnapshot()
    {
        final EpochHistory history = new EpochHistory();
        for (long seq = 101; seq <= 110; seq++)
        {
            history.onEntry(6, seq);
        }
        for (long seq = 111; seq <= 115; seq++)
        {
            history.onEntry(8, seq);
        }
        assertEquals(110, history.lastSeqAtOrBefore(6));
        assertEquals(110, history.lastSeqAtOrBefore(7));
        assertEquals(115, history.lastSeqAtOrBefore(8));
        assertEquals(8, history.lastEpoch());
        assertEquals(115, history.lastSeq());
    }

    @Test
    void clearForgetsEverything()
    {
        final EpochHistory history = threeEpochs();
        history.clear();
        assertEquals(0, history.lastEpoch());
        assertEquals(0, history.lastSeq());
        assertEquals(0, history.lastSeqAtOrBefore(1));
        assertEquals(0, history.lastSeqAtOrBefore(9));

        // replayed again after the journal was cut at seq 12
        for (long seq = 1; seq <= 10; seq++)
        {
            history.onEntry(1, seq);
        }
        history.onEntry(3, 11);
        history.onEntry(3, 12);
        assertEquals(3, history.lastEpoch());
        assertEquals(12, history.lastSeq());
        assertEquals(10, history.lastSeqAtOrBefore(2));
        assertEquals(12, history.lastSeqAtOrBefore(4));
    }

    @Test
    void clearAllowsAnEpochLowerThanTheOneBeforeIt()
    {
        final EpochHistory history = threeEpochs();
        history.clear();
        history.onEntry(1, 1); // epoch 4 was last before the clear
        assertEquals(1, history.lastEpoch());
        assertEquals(1, history.lastSeqAtOrBefore(1));
        assertEquals(0, history.lastSeqAtOrBefore(0));
    }

    @Test
    void aFallingEpochThrowsAndChangesNothing()
    {
        final EpochHistory history = threeEpochs();
        final String before = history.toString();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> history.onEntry(3, 21));
        assertTrue(ex.getMessage().contains("epoch 3") && ex.getMessage().contains("21"), ex.getMessage());
        assertThrows(IllegalStateException.class, () -> history.onEntry(0, 21));
        assertEquals(before, history.toString());
        assertEquals(4, history.lastEpoch());
        assertEquals(20, history.lastSeq());
        assertEquals(15, history.lastSeqAtOrBefore(3));

        history.onEntry(4, 21); // the same epoch continues
        assertEquals(21, history.lastSeqAtOrBefore(4));
    }

    @Test
    void toStringShowsWhereEachEpochBegins()
    {
        final String text = threeEpochs().toString();
        assertTrue(text.contains("epoch 1 from seq 1"), text);
        assertTrue(text.contains("epoch 3 from seq 11"), text);
        assertTrue(text.contains("epoch 4 from seq 16"), text);
        assertTrue(text.contains("last seq 20"), text);
    }

    /** Epoch 1 seqs 1..10, epoch 3 seqs 11..15, epoch 4 seqs 16..20. */
    private static EpochHistory threeEpochs()
    {
        final EpochHistory history = new EpochHistory();
        for (long seq = 1; seq <= 20; seq++)
        {
            history.onEntry(seq <= 10 ? 1 : seq <= 15 ? 3 : 4, seq);
        }
        return history;
    }

    private static EpochHistory history(final long lastSeq, final long... epochThenStart)
    {
        final EpochHistory history = new EpochHistory();
        for (int i = 0; i < epochThenStart.length; i += 2)
        {
            final long end = i + 3 < epochThenStart.length ? epochThenStart[i + 3] - 1 : lastSeq;
            for (long seq = epochThenStart[i + 1]; seq <= end; seq++)
            {
                history.onEntry(epochThenStart[i], seq);
            }
        }
        return history;
    }

    private static long agreed(final EpochHistory mine, final EpochHistory other)
    {
        final long[] epochs = new long[other.size()];
        final long[] starts = new long[other.size()];
        for (int i = 0; i < other.size(); i++)
        {
            epochs[i] = other.epochAt(i);
            starts[i] = other.startSeqAt(i);
        }
        return mine.agreedPrefix(epochs, starts, other.size(), other.lastSeq());
    }

    @Test
    void identicalJournalsAgreeToTheShorterEnd()
    {
        final EpochHistory longer = history(20, 1, 1, 3, 11);
        final EpochHistory shorter = history(15, 1, 1, 3, 11);
        assertEquals(15, agreed(longer, shorter));
        assertEquals(15, agreed(shorter, longer));
    }

    @Test
    void anAbandonedTailIsNotAgreed()
    {
        // the old leader of epoch 3 sequenced 11..20 that only it holds; epoch 4 started again at 11
        final EpochHistory abandoned = history(20, 1, 1, 3, 11);
        final EpochHistory leader = history(30, 1, 1, 4, 11);
        assertEquals(10, agreed(abandoned, leader));
        assertEquals(10, agreed(leader, abandoned));
    }

    @Test
    void aLastEpochTheLeaderNeverHeldIsCutToWhereTheLeadersEarlierEpochEnds()
    {
        // this journal: 3 on 1..10, 5 on 11..15 (epoch 5 was abandoned); the leader: 3 on 1..12, 6 on 13..20
        final EpochHistory mine = history(15, 3, 1, 5, 11);
        final EpochHistory leader = history(20, 3, 1, 6, 13);
        assertEquals(10, agreed(mine, leader), "11 and 12 are epoch 5 here and epoch 3 there");
        assertEquals(10, agreed(leader, mine));
    }

    @Test
    void journalsThatShareNothingAgreeOnNothing()
    {
        assertEquals(0, agreed(history(5, 2, 1), history(9, 3, 1)));
        assertEquals(0, agreed(new EpochHistory(), history(9, 3, 1)));
    }

    @Test
    void agreementBeforeWhatIsHeldCannotBeTold()
    {
        // this journal starts after a snapshot at 100; the other re-sequenced from 50 in a later epoch
        final EpochHistory afterSnapshot = history(120, 2, 101);
        final EpochHistory other = history(130, 2, 1, 3, 50);
        assertEquals(-1, agreed(afterSnapshot, other));
    }

    @Test
    void epochOfAndTruncateTo()
    {
        final EpochHistory history = history(20, 1, 1, 3, 11, 4, 16);
        assertEquals(1, history.epochOf(10));
        assertEquals(3, history.epochOf(11));
        assertEquals(4, history.epochOf(20));
        assertEquals(0, history.epochOf(21));
        assertEquals(0, history.epochOf(0));
        history.truncateTo(12);
        assertEquals(12, history.lastSeq());
        assertEquals(3, history.lastEpoch());
        assertEquals(2, history.size());
        history.truncateTo(10);
        assertEquals(1, history.lastEpoch());
        assertEquals(1, history.size());
        history.truncateTo(0);
        assertEquals(0, history.size());
        assertEquals(0, history.lastSeq());
        history.onEntry(7, 1);
        assertEquals(7, history.lastEpoch());
    }

    @Test
    void aSnapshotSeedLetsAJournalBegunAfterItBeMatchedAtItsSeq()
    {
        // a replica bootstrapped from a peer's snapshot at seq 100 (last entry of epoch 2), nothing journaled after
        final EpochHistory bootstrapped = new EpochHistory();
        bootstrapped.seedSnapshot(2, 100);
        assertEquals(100, bootstrapped.lastSeq());
        assertEquals(2, bootstrapped.lastEpoch());
        assertEquals(100, agreed(bootstrapped, history(150, 2, 1)), "the leader holds epoch 2 at seq 100");
        assertEquals(-1, agreed(bootstrapped, history(150, 2, 1, 3, 90)),
            "the leader re-sequenced from 90 in epoch 3: the snapshot's state is not the leader's");

        // with entries after the snapshot, the seed goes before them
        final EpochHistory after = history(120, 2, 101);
        after.seedSnapshot(2, 100);
        assertEquals(100, after.firstSeq());
        assertEquals(1, after.size());
        assertEquals(120, after.lastSeq());
        after.seedSnapshot(9, 50);
        assertEquals(1, after.size(), "a seed of a later epoch than the journal's first run contradicts it: ignored");
    }
}
