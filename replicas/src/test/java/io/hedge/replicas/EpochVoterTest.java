package io.hedge.replicas;

import io.hedge.journal.EpochHistory;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replica's side of elections, on fakes: what is promised (and when), which votes leave, whom it follows.
 */
class EpochVoterTest
{
    private static final long HOLDOFF_NS = 250_000_000L;
    private static final long T0 = 1_000_000_000_000L;

    private final List<String> events = new ArrayList<>();
    private final ReplicaCounters counters = new ReplicaCounters();
    private long journaledSeq = 10;
    private boolean promiseFails;
    private final EpochHistory history = new EpochHistory();
    private EpochHistory sentHistory;

    private final EpochVoter.Ballots ballots = new EpochVoter.Ballots()
    {
        public boolean isGateway(final int gatewayId)
        {
            return gatewayId >= 1 && gatewayId <= 3;
        }

        public void follow(final int gatewayId)
        {
            events.add("follow " + gatewayId);
        }

        public void sendVote(
            final int replicaId,
            final int candidateId,
            final long epoch,
            final boolean granted,
            final boolean preVote,
            final long journaledSeq,
            final long lastEntryEpoch,
            final EpochHistory history)
        {
            events.add((preVote ? "pre-" : "") + (granted ? "grant " : "refuse ") + candidateId + "@" + epoch +
                " seq " + journaledSeq + "/" + lastEntryEpoch);
            sentHistory = history;
        }
    };

    /**
     * A voter that started a hold-off before T0, so that only what the test hears holds it off.
     */
    private EpochVoter voter(final long epoch, final int leaderId, final long lastEntryEpoch)
    {
        final EpochVoter voter = unstarted(epoch, leaderId, lastEntryEpoch);
        voter.started(T0 - HOLDOFF_NS);
        return voter;
    }

    private EpochVoter unstarted(final long epoch, final int leaderId, final long lastEntryEpoch)
    {
        return new EpochVoter(7, "G", HOLDOFF_NS, (e, g) ->
        {
            if (promiseFails)
            {
                throw new UncheckedIOException(new java.io.IOException("disk full"));
            }
            events.add("promise " + g + "@" + e);
        }, ballots, () -> journaledSeq, counters, epoch, leaderId, lastEntryEpoch, history);
    }

    /**
     * A real vote request from a candidate exactly as far on as this replica.
     */
    private void real(
        final EpochVoter voter,
        final int gatewayId,
        final int candidateId,
        final long epoch,
        final boolean able,
        final long nowNs)
    {
        voter.onVoteRequest(gatewayId, candidateId, epoch, journaledSeq, voter.lastEntryEpoch(), false, able, nowNs);
    }

    @Test
    void grantsOneCandidatePerEpoch()
    {
        final EpochVoter voter = voter(1, 1, 1);
        real(voter, 2, 2, 2, true, T0);
        real(voter, 3, 3, 2, true, T0 + 1);
        assertEquals(List.of("promise 2@2", "follow 2", "grant 2@2 seq 10/1", "refuse 3@2 seq 10/1"), events);
        assertEquals(2, voter.leaderId());
        assertEquals(2, voter.epoch());
        assertEquals(1, counters.votesGranted());
        assertEquals(1, counters.votesRefused());

        events.clear();
        real(voter, 2, 2, 2, true, T0 + 2);
        assertEquals(List.of("grant 2@2 seq 10/1"), events, "the same candidate asking again gets the same vote, " +
            "promised once");
    }

    /**
     * hedge admin switchover: the leader's handover lets its target be elected at once; nobody else, and only a
     * handover from the leader followed, in its epoch, counts.
     */
    @Test
    void grantsTheHandoverTargetWithoutWaitingForTheLeadersSilence()
    {
        final EpochVoter voter = voter(1, 0, 1);
        assertEquals(EpochVoter.Heard.FROM_LEADER, voter.onHeartbeat(1, 1, 0, T0));
        voter.onHandover(3, 1, 2);
        voter.onHandover(1, 0, 2);
        events.clear();
        real(voter, 2, 2, 2, true, T0 + 1);
        assertEquals(List.of("refuse 2@1 seq 10/1"), events, "a handover of another gateway or epoch is no release");

        voter.onHandover(1, 1, 2);
        events.clear();
        voter.onVoteRequest(3, 3, 2, journaledSeq, 1, true, true, T0 + 2);
        assertEquals(List.of("pre-refuse 3@1 seq 10/1"), events, "only the target is released from the hold-off");
        events.clear();
        voter.onVoteRequest(2, 2, 2, journaledSeq, 1, true, true, T0 + 3);
        real(voter, 2, 2, 2, true, T0 + 4);
        assertEquals(List.of("pre-grant 2@2 seq 10/1", "promise 2@2", "follow 2", "grant 2@2 seq 10/1"), events);
    }

    @Test
    void refusesAnEpochNotAboveThePromisedOne()
    {
        final EpochVoter voter = voter(5, 0, 4);
        real(voter, 2, 2, 5, true, T0);
        real(voter, 3, 3, 4, true, T0);
        assertEquals(List.of("refuse 2@5 seq 10/4", "refuse 3@5 seq 10/4"), events,
            "refused with the promised epoch, nothing promised");
        assertEquals(5, voter.epoch());
        assertEquals(0, voter.leaderId());
    }

    @Test
    void refusesARivalWhileTheFollowedGatewayIsHeardWithinTheHoldOff()
    {
        final EpochVoter voter = voter(1, 0, 1);
        assertEquals(EpochVoter.Heard.FROM_LEADER, voter.onHeartbeat(1, 1, 0, T0));
        events.clear();

        real(voter, 2, 2, 2, true, T0 + HOLDOFF_NS - 1);
        assertEquals(List.of("refuse 2@1 seq 10/1"), events);
        assertEquals(1, voter.leaderId());

        assertEquals(EpochVoter.Heard.FROM_LEADER, voter.onHeartbeat(1, 1, 0, T0 + HOLDOFF_NS));
        events.clear();
        real(voter, 2, 2, 2, true, T0 + 2 * HOLDOFF_NS - 1);
        assertEquals(List.of("refuse 2@1 seq 10/1"), events, "the heartbeat restarted the hold-off");

        events.clear();
        real(voter, 2, 2, 2, true, T0 + 2 * HOLDOFF_NS);
        assertEquals(List.of("promise 2@2", "follow 2", "grant 2@2 seq 10/1"), events, "silent for the hold-off");
    }

    @Test
    void theFollowedGatewayItselfIsNotHeldOff()
    {
        final EpochVoter voter = voter(1, 0, 1);
        voter.onHeartbeat(1, 1, 0, T0);
        events.clear();
        real(voter, 1, 1, 2, true, T0 + 1);
        assertEquals(List.of("promise 1@2", "follow 1", "grant 1@2 seq 10/1"), events);
    }

    @Test
    void persistsThePromiseBeforeAnswering()
    {
        final EpochVoter voter = voter(1, 1, 1);
        real(voter, 2, 2, 3, true, T0);
        assertEquals("promise 2@3", events.get(0));
        assertEquals("grant 2@3 seq 10/1", events.get(events.size() - 1));

        events.clear();
        promiseFails = true;
        assertThrows(UncheckedIOException.class, () -> real(voter, 3, 3, 4, true, T0 + HOLDOFF_NS));
        assertEquals(List.of(), events, "no vote leaves without its promise on disk");
        assertEquals(3, voter.epoch());
        assertEquals(2, voter.leaderId());
    }

    @Test
    void aReplicaThatMayNotVoteRefuses()
    {
        final EpochVoter voter = voter(1, 0, 1);
        real(voter, 2, 2, 2, false, T0);
        assertEquals(List.of("refuse 2@1 seq 10/1"), events);
    }

    @Test
    void aRequestNotFromItsCandidateIsUnreadable()
    {
        final EpochVoter voter = voter(1, 0, 1);
        real(voter, 1, 2, 2, true, T0);
        real(voter, 9, 9, 2, true, T0);
        assertEquals(List.of(), events);
        assertEquals(2, counters.unreadableMessages());
    }

    @Test
    void followsThePromisedGatewayOnly()
    {
        final EpochVoter voter = voter(2, 1, 2);
        assertTrue(voter.follows(1, 2));
        real(voter, 3, 3, 3, true, T0);
        assertFalse(voter.follows(1, 2), "the old gateway is stale");
        assertFalse(voter.follows(1, 3));
        assertTrue(voter.follows(3, 3));
        assertTrue(voter.follows(3, 2), "an older epoch's entries from it, retransmitted");
        assertFalse(voter.follows(3, 4), "an epoch it was not heard to lead");
        assertTrue(voter.isLeader(3));

        assertEquals(EpochVoter.Heard.IGNORED, voter.onHeartbeat(1, 2, 0, T0 + 1), "an older epoch");
        assertEquals(EpochVoter.Heard.IGNORED, voter.onHeartbeat(2, 3, 0, T0 + 1), "a rival in the same epoch");
        assertEquals(3, voter.leaderId());
    }

    @Test
    void followsAGatewayHeardLeadingAHigherEpochAfterPromisingIt()
    {
        final EpochVoter voter = voter(1, 1, 1);
        assertEquals(EpochVoter.Heard.FROM_LEADER, voter.onHeartbeat(2, 4, 11, T0));
        assertEquals(List.of("promise 2@4", "follow 2"), events);
        assertEquals(4, voter.epoch());
        assertEquals(2, voter.leaderId());
    }

    @Test
    void anEpochThatResequencedJournaledSeqsIsFollowedAndLeftToLogMatching()
    {
        // v2 changes this on purpose: it was DIVERGED forever; now the LogMatcher cuts the abandoned tail (REPAIRING)
        final EpochVoter voter = voter(1, 1, 1);
        // journaled up to seq 10 in epoch 1; epoch 2 sequenced anew from seq 8
        assertEquals(EpochVoter.Heard.FROM_LEADER, voter.onHeartbeat(2, 2, 8, T0));
        assertEquals(List.of("promise 2@2", "follow 2"), events);
        assertEquals(2, voter.leaderId());
    }

    /**
     * Rule 4 (pre-vote). Invariant: a gateway that cannot win raises no one's epoch: a pre-vote persists nothing,
     * follows nobody and leaves the promise where it was, granted or not.
     */
    @Test
    void aPreVoteIsAnsweredAndChangesNothing()
    {
        final EpochVoter voter = voter(1, 1, 1);
        voter.onVoteRequest(2, 2, 2, journaledSeq, 1, true, true, T0);
        assertEquals(List.of("pre-grant 2@2 seq 10/1"), events, "it would grant; nothing promised, nobody followed");
        assertEquals(1, voter.epoch());
        assertEquals(1, voter.leaderId());
        assertEquals(0, counters.votesGranted(), "no vote was given");
        assertEquals(1, counters.preVotesGranted());
        assertTrue(voter.follows(1, 1), "it still follows its gateway");

        events.clear();
        voter.onVoteRequest(3, 3, 2, journaledSeq, 1, true, true, T0 + 1);
        assertEquals(List.of("pre-grant 3@2 seq 10/1"), events, "a pre-vote binds nothing: a rival may ask too");

        events.clear();
        real(voter, 2, 2, 2, true, T0 + 2);
        assertEquals(List.of("promise 2@2", "follow 2", "grant 2@2 seq 10/1"), events,
            "the real vote for the epoch is still free");

        events.clear();
        voter.onVoteRequest(3, 3, 3, journaledSeq, 1, true, true, T0 + 3);
        assertEquals(List.of("pre-refuse 3@2 seq 10/1"), events, "the gateway it now follows was just heard");
        assertEquals(1, counters.preVotesRefused());
    }

    /**
     * Rule 4 (election restriction). Invariant: a gateway elected by a majority holds every entry a majority
     * journaled: no replica votes for a candidate whose (last epoch, last seq) is behind its own.
     */
    @Test
    void theElectionRestrictionRefusesACandidateBehindAndGrantsOneEqualOrAhead()
    {
        journaledSeq = 10;
        assertVote(false, 3, 9, "same last epoch, shorter journal");
        assertVote(false, 2, 50, "longer journal, but its last entry is of an older epoch");
        assertVote(true, 3, 10, "equal");
        assertVote(true, 3, 11, "longer in the same epoch");
        assertVote(true, 4, 5, "shorter, but its last entry is of a later epoch");
        assertTrue(EpochVoter.atLeastAsFarOn(0, 0, 0, 0), "two empty journals");
    }

    private void assertVote(final boolean granted, final long lastEpoch, final long lastSeq, final String why)
    {
        for (final boolean preVote : new boolean[]{true, false})
        {
            events.clear();
            final EpochVoter voter = voter(3, 0, 3);
            voter.onVoteRequest(2, 2, 5, lastSeq, lastEpoch, preVote, true, T0);
            final String expected = (preVote ? "pre-" : "") + (granted ? "grant 2@5" : "refuse 2@3") + " seq 10/3";
            assertEquals(expected, events.get(events.size() - 1), why);
            assertEquals(granted && !preVote ? 5 : 3, voter.epoch(), why);
        }
    }

    /**
     * Rule 4 (hold-off from the start). Invariant: a restarted replica, which has not yet had the time to hear the
     * gateway it followed, does not help unseat it.
     */
    @Test
    void theHoldOffRunsFromTheReplicasStart()
    {
        for (final int leaderId : new int[]{0, 1})
        {
            events.clear();
            final EpochVoter voter = unstarted(1, leaderId, 1);
            voter.started(T0);
            real(voter, 2, 2, 2, true, T0 + HOLDOFF_NS - 1);
            voter.onVoteRequest(2, 2, 2, journaledSeq, 1, true, true, T0 + HOLDOFF_NS - 1);
            assertEquals(List.of("refuse 2@1 seq 10/1", "pre-refuse 2@1 seq 10/1"), events,
                "started less than the hold-off ago, following gateway " + leaderId);

            events.clear();
            real(voter, 2, 2, 2, true, T0 + HOLDOFF_NS);
            assertEquals(List.of("promise 2@2", "follow 2", "grant 2@2 seq 10/1"), events);
        }
    }

    @Test
    void aVoteCarriesTheJournalsHistory()
    {
        history.onEntry(1, 1);
        history.onEntry(3, 7);
        final EpochVoter voter = voter(3, 0, 3);
        voter.onVoteRequest(2, 2, 4, journaledSeq, 3, true, true, T0);
        assertTrue(history == sentHistory, "the candidate finds the agreed prefix from it");
    }

    @Test
    void aRepairingReplicaRefusesEvenAPreVote()
    {
        final EpochVoter voter = voter(1, 0, 1);
        voter.onVoteRequest(2, 2, 2, journaledSeq, 1, true, false, T0);
        assertEquals(List.of("pre-refuse 2@1 seq 10/1"), events);
    }
}
