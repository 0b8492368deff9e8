package io.hedge.chaos;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.hedge.chaos.SinkLedger.Verdict.ACCEPT;
import static io.hedge.chaos.SinkLedger.Verdict.DUPLICATE;
import static io.hedge.chaos.SinkLedger.Verdict.GAP;
import static io.hedge.chaos.SinkLedger.Verdict.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 7: the sink applies an effect only if it follows its position exactly (count and previousSeq), so what it
 * applies never has a hole; a gap is refused and reported, a repeat dropped, an older epoch fenced.
 */
class SinkLedgerTest
{
    private final SinkLedger ledger = new SinkLedger();

    @Test
    @DisplayName("rule 7: effects that follow one another are applied: next index, or index 0 after a complete seq")
    void appliesWhatFollows()
    {
        assertEquals(ACCEPT, ledger.onEffect(1, 3, 0, 2, 0));
        assertEquals(ACCEPT, ledger.onEffect(1, 3, 1, 2, 0));
        assertEquals(ACCEPT, ledger.onEffect(1, 7, 0, 1, 3));
        assertEquals(7, ledger.lastSeq());
        assertEquals(0, ledger.lastIndex());
    }

    @Test
    @DisplayName("rule 7: a gap is detected by previousSeq, by a skipped index, and by an unfinished seq; not applied")
    void detectsGaps()
    {
        assertEquals(ACCEPT, ledger.onEffect(1, 3, 0, 2, 0));
        assertEquals(GAP, ledger.onEffect(1, 3, 2, 3, 0), "index 1 skipped");
        assertEquals(GAP, ledger.onEffect(1, 9, 0, 1, 3), "seq 3's second effect missing");
        assertEquals(ACCEPT, ledger.onEffect(1, 3, 1, 2, 0));
        assertEquals(GAP, ledger.onEffect(1, 9, 0, 1, 7), "seq 7 had effects the sink never got");
        assertEquals(3, ledger.lastSeq(), "nothing after a gap is applied");
        assertEquals(1, ledger.lastIndex());
        assertEquals(ACCEPT, ledger.onEffect(1, 7, 0, 1, 3));
        assertEquals(ACCEPT, ledger.onEffect(1, 9, 0, 1, 7));
        assertEquals(GAP, new SinkLedger().onEffect(1, 5, 0, 1, 2), "a fresh sink expects previousSeq 0");
    }

    @Test
    @DisplayName("rule 7: repeats are dropped; effects of an older epoch than the one followed are fenced")
    void dropsRepeatsAndOlderEpochs()
    {
        assertTrue(ledger.onHello(4));
        assertEquals(ACCEPT, ledger.onEffect(4, 1, 0, 1, 0));
        assertEquals(DUPLICATE, ledger.onEffect(4, 1, 0, 1, 0));
        assertEquals(STALE, ledger.onEffect(3, 2, 0, 1, 1));
        assertFalse(ledger.onHello(3));
        assertEquals(ACCEPT, ledger.onEffect(5, 2, 0, 1, 1), "a newer epoch's effect is followed");
        assertEquals(5, ledger.epoch());
    }

    @Test
    @DisplayName("rule 7: a restarted sink resumes from its kept position, with that seq's count when the log has it")
    void resumesFromAKeptPosition()
    {
        ledger.resumeFrom(10, 0, 2);
        assertEquals(GAP, ledger.onEffect(2, 12, 0, 1, 10), "seq 10 is not complete");
        assertEquals(ACCEPT, ledger.onEffect(2, 10, 1, 2, 8));
        assertEquals(ACCEPT, ledger.onEffect(2, 12, 0, 1, 10));
        final SinkLedger oldLog = new SinkLedger();
        oldLog.resumeFrom(10, 0, 0);
        assertEquals(ACCEPT, oldLog.onEffect(2, 12, 0, 1, 10), "count unknown: only previousSeq is checked");
    }
}
