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
        assertEquals(3, election.nextVoterHolding(2, 80));
        assertEquals(2, election.nextVoterHolding(3, 80));
        assertEquals(2, election.nextVoterHolding(2, 90), "nobody else holds 90: stay");
        assertTrue(election.isVoter(1));
        assertFalse(election.isVoter(4));
        assertFalse(election.isVoter(0));
        election.begin(5, 10, 0);
        assertEquals(0, election.granted(), "a new candidacy starts from nothing");
        assertEquals(0, election.furthestVoter(-1));
    }
}
