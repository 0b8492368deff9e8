package io.hedge.replicas;

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
            final long journaledSeq,
            final long lastEntryEpoch)
        {
            events.add((granted ? "grant " : "refuse ") + candidateId + "@" + epoch + " seq " + journaledSeq + "/" +
                lastEntryEpoch);
        }
    };

    private EpochVoter voter(final long epoch, final int leaderId, final long lastEntryEpoch)
    {
        return new EpochVoter(7, "G", HOLDOFF_NS, (e, g) ->
        {
            if (promiseFails)
            {
                throw new UncheckedIOException(new java.io.IOException("disk full"));
            }
            events.add("promise " + g + "@" + e);
        }, ballots, () -> journaledSeq, counters, epoch, leaderId, lastEntryEpoch);
    }

    @Test
    void grantsOneCandidatePerEpoch()
    {
        final EpochVoter voter = voter(1, 1, 1);
        voter.onVoteRequest(2, 2, 2, true, T0);
        voter.onVoteRequest(3, 3, 2, true, T0 + 1);
        assertEquals(List.of("promise 2@2", "follow 2", "grant 2@2 seq 10/1", "refuse 3@2 seq 10/1"), events);
        assertEquals(2, voter.leaderId());
        assertEquals(2, voter.epoch());
        assertEquals(1, counters.votesGranted());
        assertEquals(1, counters.votesRefused());

        events.clear();
        voter.onVoteRequest(2, 2, 2, true, T0 + 2);
        assertEquals(List.of("grant 2@2 seq 10/1"), events, "the same candidate asking again gets the same vote, " +
            "promised once");
    }

    @Test
    void refusesAnEpochNotAboveThePromisedOne()
    {
        final EpochVoter voter = voter(5, 0, 4);
        voter.onVoteRequest(2, 2, 5, true, T0);
        voter.onVoteRequest(3, 3, 4, true, T0);
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

        voter.onVoteRequest(2, 2, 2, true, T0 + HOLDOFF_NS - 1);
        assertEquals(List.of("refuse 2@1 seq 10/1"), events);
        assertEquals(1, voter.leaderId());

        assertEquals(EpochVoter.Heard.FROM_LEADER, voter.onHeartbeat(1, 1, 0, T0 + HOLDOFF_NS));
        events.clear();
        voter.onVoteRequest(2, 2, 2, true, T0 + 2 * HOLDOFF_NS - 1);
        assertEquals(List.of("refuse 2@1 seq 10/1"), events, "the heartbeat restarted the hold-off");

        events.clear();
        voter.onVoteRequest(2, 2, 2, true, T0 + 2 * HOLDOFF_NS);
        assertEquals(List.of("promise 2@2", "follow 2", "grant 2@2 seq 10/1"), events, "silent for the hold-off");
    }

    @Test
    void theFollowedGatewayItselfIsNotHeldOff()
    {
        final EpochVoter voter = voter(1, 0, 1);
        voter.onHeartbeat(1, 1, 0, T0);
        events.clear();
        voter.onVoteRequest(1, 1, 2, true, T0 + 1);
        assertEquals(List.of("promise 1@2", "follow 1", "grant 1@2 seq 10/1"), events);
    }

    @Test
    void persistsThePromiseBeforeAnswering()
    {
        final EpochVoter voter = voter(1, 1, 1);
        voter.onVoteRequest(2, 2, 3, true, T0);
        assertEquals("promise 2@3", events.get(0));
        assertEquals("grant 2@3 seq 10/1", events.get(events.size() - 1));

        events.clear();
        promiseFails = true;
        assertThrows(UncheckedIOException.class, () -> voter.onVoteRequest(3, 3, 4, true, T0 + HOLDOFF_NS));
        assertEquals(List.of(), events, "no vote leaves without its promise on disk");
        assertEquals(3, voter.epoch());
        assertEquals(2, voter.leaderId());
    }

    @Test
    void aReplicaThatMayNotVoteRefuses()
    {
        final EpochVoter voter = voter(1, 0, 1);
        voter.onVoteRequest(2, 2, 2, false, T0);
        assertEquals(List.of("refuse 2@1 seq 10/1"), events);
    }

    @Test
    void aRequestNotFromItsCandidateIsUnreadable()
    {
        final EpochVoter voter = voter(1, 0, 1);
        voter.onVoteRequest(1, 2, 2, true, T0);
        voter.onVoteRequest(9, 9, 2, true, T0);
        assertEquals(List.of(), events);
        assertEquals(2, counters.unreadableMessages());
    }

    @Test
    void followsThePromisedGatewayOnly()
    {
        final EpochVoter voter = voter(2, 1, 2);
        assertTrue(voter.follows(1, 2));
        voter.onVoteRequest(3, 3, 3, true, T0);
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
}
