package io.hedge.replicas;

import io.hedge.journal.EpochHistory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log matching on the replica (v2 rule 2). Invariant protected: two journals holding an entry of the same epoch at the
 * same seq agree up to it; a replica takes a leader's entries only once its journal is known to be a prefix of the
 * leader's log, and never appends an entry that contradicts the leader's history.
 */
class LogMatcherTest
{
    private final EpochHistory history = new EpochHistory();
    private final LogMatcher matcher = new LogMatcher(history);

    @Test
    @DisplayName("log matching: a journal that is a prefix of the leader's log is matched and keeps everything")
    void aPrefixOfTheLeadersLogIsMatched()
    {
        journal(20, 1, 1, 3, 11);
        assertEquals(LogMatcher.Verdict.MATCHED, heartbeat(4, 30, 26, 1, 1, 3, 11, 4, 26));
        assertTrue(matcher.matchedIn(4));
        assertFalse(matcher.matchedIn(3), "only the leader's epoch");
        assertEquals(4, matcher.matchedEpoch());
        assertEquals(LogMatcher.Verdict.MATCHED, heartbeat(4, 31, 26, 9, 9), "matched once per epoch: no re-check");
    }

    @Test
    @DisplayName("log matching: a tail the leader never held (abandoned by a later epoch) is cut to the agreed seq")
    void anAbandonedTailIsRepaired()
    {
        // the old leader of epoch 3 sequenced 11..20 that only this replica journaled; epoch 4 started again at 11
        journal(20, 1, 1, 3, 11);
        assertEquals(LogMatcher.Verdict.REPAIR, heartbeat(4, 30, 11, 1, 1, 4, 11));
        assertEquals(10, matcher.target());
        assertFalse(matcher.matchedIn(4), "not matched before the repair");
        matcher.onRepaired();
        assertTrue(matcher.matchedIn(4));
    }

    @Test
    @DisplayName("log matching: a last epoch the leader never held is cut to where the leader's earlier epoch ends")
    void anAbandonedLastEpochIsRepaired()
    {
        // this journal: 3 on 1..10, 5 on 11..15 (epoch 5 was abandoned); the leader: 3 on 1..12, 6 from 13
        journal(15, 3, 1, 5, 11);
        assertEquals(LogMatcher.Verdict.REPAIR, heartbeat(6, 20, 13, 3, 1, 6, 13));
        assertEquals(10, matcher.target(), "11 and 12 are epoch 5 here and epoch 3 there");
    }

    @Test
    @DisplayName("log matching: a journal longer than the leader's log is cut to the leader's last seq")
    void seqsBeyondTheLeadersLastAreCut()
    {
        journal(20, 1, 1);
        assertEquals(LogMatcher.Verdict.REPAIR, heartbeat(2, 15, 16, 1, 1, 2, 16));
        assertEquals(15, matcher.target());
    }

    @Test
    @DisplayName("log matching: agreement that cannot be told from the tail held means a rebuild from a peer")
    void unknownAgreementBootstraps()
    {
        // this journal starts after a snapshot at 100; the leader re-sequenced from 50 in a later epoch
        journal(120, 2, 101);
        assertEquals(LogMatcher.Verdict.BOOTSTRAP, heartbeat(3, 130, 50, 2, 1, 3, 50));
        assertEquals(RepairMarker.BOOTSTRAP, matcher.target());
        assertFalse(matcher.matchedIn(3));
    }

    @Test
    @DisplayName("log matching: a state from a snapshot only (no entry journaled after it) cannot be checked")
    void aSnapshotOnlyStateBootstraps()
    {
        assertEquals(LogMatcher.Verdict.BOOTSTRAP, heartbeat(3, 130, 120, new long[]{2, 1, 3, 120}, 50));
    }

    @Test
    @DisplayName("log matching: an empty replica is matched at once")
    void anEmptyReplicaIsMatched()
    {
        assertEquals(LogMatcher.Verdict.MATCHED, heartbeat(3, 130, 120, 2, 1, 3, 120));
        assertTrue(matcher.matchedIn(3));
    }

    @Test
    @DisplayName("log matching: a heartbeat that names no run before the leader's own cannot vouch for older entries")
    void aHeartbeatWithoutOlderRunsBootstrapsTheReplicaRatherThanTrustItsJournal()
    {
        // Before protocol v2 was finished, a heartbeat without runs matched the replica with no check at all. Where
        // journal and leader agree cannot be told from the leader's own run alone, so the journal is set aside.
        journal(20, 1, 1, 3, 11);
        assertEquals(LogMatcher.Verdict.BOOTSTRAP, heartbeat(4, 30, 15));
        assertFalse(matcher.matchedIn(4));
        matcher.onBootstrapped(4);
        assertTrue(matcher.matchedIn(4));
        assertFalse(matcher.accepts(3, 15), "from the epoch's start every entry is the leader's epoch");
        assertTrue(matcher.accepts(4, 15));
    }

    @Test
    @DisplayName("log matching: an appended entry must carry the leader's epoch at its seq")
    void entriesAreCheckedAgainstTheMatchedHistory()
    {
        journal(12, 1, 1, 3, 11);
        assertEquals(LogMatcher.Verdict.MATCHED, heartbeat(4, 14, 15, 1, 1, 3, 11, 4, 15));
        assertTrue(matcher.accepts(3, 13), "seq 13 is epoch 3's in the leader's log");
        assertFalse(matcher.accepts(1, 13), "an epoch-1 entry at 13 contradicts it");
        assertFalse(matcher.accepts(3, 15), "from the epoch's start every entry is the leader's epoch");
        assertTrue(matcher.accepts(4, 15));
        assertFalse(matcher.accepts(5, 16), "no later epoch than the leader's");
        assertTrue(matcher.firstRejectInEpoch());
        assertFalse(matcher.firstRejectInEpoch(), "logged once per epoch");
    }

    @Test
    @DisplayName("log matching: the leader's own run is implied by its epochStartSeq when the tail leaves it out")
    void theLeadersOwnRunIsImplied()
    {
        journal(12, 1, 1);
        assertEquals(LogMatcher.Verdict.REPAIR, heartbeat(4, 14, 11, 1, 1));
        assertEquals(10, matcher.target(), "11 and 12 of epoch 1 were re-sequenced by epoch 4");
    }

    @Test
    @DisplayName("log matching: a new epoch must be matched again")
    void aNewEpochIsNotMatchedUntilChecked()
    {
        journal(10, 1, 1);
        heartbeat(2, 10, 11, 1, 1, 2, 11);
        assertTrue(matcher.matchedIn(2));
        assertFalse(matcher.matchedIn(3));
        matcher.reset();
        assertFalse(matcher.matchedIn(2), "nothing matched after the journal was set aside");
    }

    private void journal(final long lastSeq, final long... epochThenStart)
    {
        for (int i = 0; i < epochThenStart.length; i += 2)
        {
            final long end = i + 3 < epochThenStart.length ? epochThenStart[i + 3] - 1 : lastSeq;
            for (long seq = epochThenStart[i + 1]; seq <= end; seq++)
            {
                history.onEntry(epochThenStart[i], seq);
            }
        }
    }

    private LogMatcher.Verdict heartbeat(
        final long epoch, final long lastSeq, final long epochStartSeq, final long... epochThenStart)
    {
        return heartbeat(epoch, lastSeq, epochStartSeq, epochThenStart, history.lastSeq());
    }

    private LogMatcher.Verdict heartbeat(
        final long epoch, final long lastSeq, final long epochStartSeq, final long[] epochThenStart,
        final long journaledSeq)
    {
        final long[] epochs = new long[epochThenStart.length / 2];
        final long[] starts = new long[epochs.length];
        for (int i = 0; i < epochs.length; i++)
        {
            epochs[i] = epochThenStart[2 * i];
            starts[i] = epochThenStart[2 * i + 1];
        }
        return matcher.onLeaderHeartbeat(epoch, lastSeq, epochStartSeq, epochs, starts, epochs.length, journaledSeq);
    }
}
