package io.hedge.gateway;

import org.junit.jupiter.api.Test;

import static io.hedge.gateway.Election.Outcome.LOST;
import static io.hedge.gateway.Election.Outcome.UNDECIDED;
import static io.hedge.gateway.Election.Outcome.WON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElectionTest
{
    private static final long TIMEOUT = 200;
    private static final long LIVE_1_2_3 = (1L << 1) | (1L << 2) | (1L << 3);

    @Test
    void aMajorityWinsOnceEveryLiveReplicaHasAnswered()
    {
        final Election election = new Election(3, TIMEOUT);
        election.begin(7, 0, LIVE_1_2_3);
        election.onVote(1, 7, true, 100);
        assertEquals(UNDECIDED, election.outcome(1));
        election.onVote(2, 7, true, 90);
        // a majority, but replica 3 was live and may hold the only copy of an answered request: wait for it
        assertEquals(UNDECIDED, election.outcome(2));
        election.onVote(3, 7, true, 120);
        assertEquals(WON, election.outcome(3));
        assertEquals(3, election.furthestVoter(100), "the voter whose journal goes furthest");
        assertEquals(0, election.furthestVoter(120), "none goes beyond 120");
        assertEquals("1,2,3", election.voters());
    }

    @Test
    void aMajorityWinsWithoutASilentReplicaAfterTheTimeout()
    {
        final Election election = new Election(3, TIMEOUT);
        election.begin(7, 0, LIVE_1_2_3);
        election.onVote(1, 7, true, 10);
        election.onVote(2, 7, true, 10);
        assertEquals(UNDECIDED, election.outcome(TIMEOUT));
        assertEquals(WON, election.outcome(TIMEOUT + 1));
    }

    @Test
    void votesForAnotherEpochDoNotCountAndRefusalsCanLoseIt()
    {
        final Election election = new Election(3, TIMEOUT);
        election.begin(7, 0, LIVE_1_2_3);
        election.onVote(1, 6, true, 10);
        assertEquals(0, election.granted(), "a grant for another epoch is not a grant for this one");
        election.onVote(1, 8, false, 10);
        assertEquals(UNDECIDED, election.outcome(1), "one refusal of three leaves a majority possible");
        election.onVote(2, 8, false, 10);
        assertEquals(LOST, election.outcome(2), "two refusals of three do not");
    }

    @Test
    void aCandidacyThatHearsNothingIsLostAfterTwiceTheTimeout()
    {
        final Election election = new Election(5, TIMEOUT);
        election.begin(2, 1_000, 0);
        election.onVote(4, 2, true, 1);
        election.onVote(5, 2, true, 1);
        assertEquals(UNDECIDED, election.outcome(1_000 + 3 * TIMEOUT), "2 of 5 is no majority");
        assertEquals(LOST, election.outcome(1_000 + 3 * TIMEOUT + 1));
    }

    @Test
    void theFillMovesOnToAnotherVoterThatHoldsTheSeqs()
    {
        final Election election = new Election(3, TIMEOUT);
        election.begin(4, 0, 0);
        election.onVote(1, 4, true, 50);
        election.onVote(2, 4, true, 80);
        election.onVote(3, 4, true, 80);
        assertEquals(3, election.nextVoterHolding(2, 2, 80));
        assertEquals(2, election.nextVoterHolding(3, 2, 80));
        assertEquals(2, election.nextVoterHolding(2, 2, 90), "nobody else holds 90: stay");
        assertTrue(election.isVoter(1));
        assertFalse(election.isVoter(4));
        assertFalse(election.isVoter(0));
        election.begin(5, 10, 0);
        assertEquals(0, election.granted(), "a new candidacy starts from nothing");
        assertEquals(0, election.furthestVoter(-1));
    }

    @Test
    void theNewestJournalIsChosenByLastEpochThenSeqNeverByLength()
    {
        // Invariant: the fill never takes a tail the newer epoch abandoned. Replica 1's journal is longer but ends
        // in epoch 2; replica 2's ends in epoch 3, which re-sequenced from seq 6: replica 2's is the newer one
        final Election election = new Election(3, TIMEOUT);
        election.begin(4, 0, 0);
        election.onVote(1, 4, true, 10, 2, false, new long[] {1, 2}, new long[] {1, 4}, 2);
        election.onVote(2, 4, true, 7, 3, false, new long[] {1, 3}, new long[] {1, 6}, 2);
        assertEquals(2, election.newestBeyond(1, 5, true));
        assertEquals(2, election.furthestVoter(-1));
        assertEquals(0, election.newestBeyond(3, 7, true), "a journal as new as the newest needs nothing");
        assertEquals(2, election.newestBeyond(3, 6, true));
        assertEquals(0, election.newestBeyond(4, 1, true), "a later last epoch is newer whatever its length");
        assertEquals(3, election.tailEpochAt(2, 6));
        assertEquals(1, election.tailEpochAt(2, 5));
        assertEquals(0, election.tailEpochAt(2, 8), "beyond its journal");
        assertTrue(Election.newer(3, 1, 2, 100));
        assertFalse(Election.newer(2, 100, 3, 1));
    }

    @Test
    void aPreVoteRoundCountsOnlyPreVoteAnswersAndDoesNotWaitForEveryLiveReplica()
    {
        final Election election = new Election(3, TIMEOUT);
        election.begin(5, true, 0, LIVE_1_2_3);
        election.onVote(1, 5, true, 0, 0, false, null, null, 0);
        assertEquals(0, election.granted(), "a real vote is no answer to a pre-vote");
        election.onVote(1, 5, true, 0, 0, true, null, null, 0);
        election.onVote(2, 5, true, 0, 0, true, null, null, 0);
        assertEquals(WON, election.outcome(1), "a majority of pre-grants is enough: the real ballot waits for the rest");
    }

    @Test
    void theCatchUpLooksAtEveryAnswerTheFillOnlyAtVoters()
    {
        final Election election = new Election(3, TIMEOUT);
        election.begin(5, true, 0, 0);
        election.onVote(1, 5, false, 12, 4, true, new long[] {4}, new long[] {1}, 1);
        election.onVote(2, 5, true, 3, 4, true, new long[] {4}, new long[] {1}, 1);
        assertEquals(1, election.newestBeyond(4, 3, false), "the refusing replica is ahead: catch up from it");
        assertEquals(0, election.newestBeyond(4, 3, true), "it is no voter");
        assertEquals(1, election.refused());
    }
}
