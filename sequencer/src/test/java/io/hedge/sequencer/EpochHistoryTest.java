package io.hedge.sequencer;

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
}
