package io.hedge.gateway;

import io.hedge.codecs.fabric.ReplicaState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector as a model, without a media driver: when an answer leaves (rule 1, the commit rule), which replica is
 * divergent (rule 6, divergence by majority), and what the commit listener hears (every committed seq once, in order).
 */
class ResponseCollectorTest
{
    private static final long EPOCH = 7;
    private static final long HASH = 0xABCDEF01L;
    private static final long OTHER_HASH = 0x12345678L;
    /** The bytes a test message carries before its payload, standing in for the ReplicaResponse header and block. */
    private static final int HEADER = 8;

    private final List<Forwarded> forwarded = new ArrayList<>();
    private final List<Committed> committed = new ArrayList<>();
    private final List<long[]> repairs = new ArrayList<>();
    private boolean repairStreamPushesBack;
    private final ResponseCollector.ResponseForwarder forwarder =
        (clientId, correlationId, seq, replicaId, outcome, buffer, offset, length) ->
            forwarded.add(new Forwarded(clientId, correlationId, seq, replicaId, copy(buffer, offset, length)));
    private final CommitListener commits = (seq, replicaId, buffer, offset, length) ->
        committed.add(new Committed(seq, replicaId, length == 0 ? null : copy(buffer, offset + HEADER, length - HEADER)));
    private final Divergence.RepairOrders repairOrders = (replicaId, seq, majorityHash) ->
    {
        if (repairStreamPushesBack)
        {
            return false;
        }
        repairs.add(new long[]{replicaId, seq, majorityHash});
        return true;
    };

    private ResponseCollector collector(final int capacity, final int cacheBytes, final Durability durability)
    {
        return collector(capacity, cacheBytes, durability, 3);
    }

    private ResponseCollector collector(
        final int capacity, final int cacheBytes, final Durability durability, final int replicaCount)
    {
        return new ResponseCollector(
            capacity, cacheBytes, durability, replicaCount, EPOCH, 1, forwarder, commits, repairOrders);
    }

    // ------------------------------------------------------------------------------------------ first response

    @Test
    @DisplayName("first: the first response answers at once, with its payload (not the whole message)")
    void firstResponseIsForwardedOnceWithItsIdentity()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        collector.onSequenced(1, 100, 7);
        collector.onSequenced(2, 200, 9);

        // a message at an offset inside a larger buffer
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putBytes(5 + HEADER, bytes("filled"));
        collector.onResponse(2, 3, HASH, buffer, 5, HEADER + 6, 5 + HEADER, 6);

        assertEquals(1, forwarded.size());
        final Forwarded f = forwarded.get(0);
        assertEquals(200, f.clientId);
        assertEquals(9, f.correlationId);
        assertEquals(2, f.seq);
        assertEquals(3, f.replicaId);
        assertArrayEquals(bytes("filled"), f.payload);
        assertEquals(1, collector.answeredCount());

        final ReplicaStats stats = collector.replica(3);
        assertEquals(1, stats.responses());
        assertEquals(1, stats.wins());
        assertEquals(0, stats.divergences());
        assertFalse(stats.divergent());
        assertEquals(2, stats.highestResponseSeq());
    }

    @Test
    void laterMatchingResponsesAreCountedNotForwarded()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        collector.onSequenced(1, 100, 1);

        respond(collector, 1, 1, HASH, "ok");
        respond(collector, 1, 2, HASH, "ok");
        respond(collector, 1, 3, HASH, "ok");

        assertEquals(1, forwarded.size());
        assertEquals(1, forwarded.get(0).replicaId);
        assertEquals(1, collector.answeredCount());
        for (int id = 1; id <= 3; id++)
        {
            final ReplicaStats stats = collector.replica(id);
            assertEquals(1, stats.responses(), "replica " + id);
            assertEquals(id == 1 ? 1 : 0, stats.wins(), "replica " + id);
            assertEquals(0, stats.divergences(), "replica " + id);
            assertFalse(stats.divergent(), "replica " + id);
        }
    }

    @Test
    void winsAreCountedForWhicheverReplicaIsFirst()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        for (long seq = 1; seq <= 5; seq++)
        {
            collector.onSequenced(seq, 100, seq);
        }
        // replica 2 wins seqs 1,2,3; replica 1 wins 4,5
        for (long seq = 1; seq <= 5; seq++)
        {
            final int winner = seq <= 3 ? 2 : 1;
            respond(collector, seq, winner, HASH + seq, "r" + seq);
            respond(collector, seq, 3 - winner, HASH + seq, "r" + seq);
        }
        assertEquals(5, forwarded.size());
        assertEquals(3, collector.replica(2).wins());
        assertEquals(2, collector.replica(1).wins());
        assertEquals(5, collector.replica(1).responses());
        assertEquals(5, collector.replica(2).responses());
        assertEquals(5, collector.replica(1).highestResponseSeq());
        assertEquals(5, collector.answeredCount());

        final List<Integer> seen = new ArrayList<>();
        collector.forEachReplica(r -> seen.add(r.replicaId()));
        assertEquals(List.of(1, 2), seen, "the replicas heard from");
    }

    // ------------------------------------------------------------------------------------------------- majority

    @Test
    @DisplayName("majority (commit rule): no answer before a majority sent the same hash, one answer once it has")
    void majorityAnswersOnlyOnceAMajoritySentTheSameHash()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        collector.onSequenced(1, 300, 4);

        respond(collector, 1, 2, HASH, "answer");
        assertTrue(forwarded.isEmpty(), "one of three is not a majority: the answer could still be rolled back");
        assertEquals(0, collector.answeredCount());
        assertTrue(collector.onDuplicate(1, 300, 4), "in flight: will be answered");
        assertTrue(forwarded.isEmpty());

        respond(collector, 1, 3, HASH, "answer");
        assertEquals(1, forwarded.size());
        final Forwarded f = forwarded.get(0);
        assertEquals(300, f.clientId);
        assertEquals(4, f.correlationId);
        assertEquals(1, f.seq);
        assertArrayEquals(bytes("answer"), f.payload);
        assertEquals(1, collector.answeredCount());
        assertEquals(1, collector.commitSeq(), "two responses: journaled on a majority");

        respond(collector, 1, 1, HASH, "answer");
        assertEquals(1, forwarded.size(), "a third match is not forwarded again");
    }

    @Test
    @DisplayName("majority: five replicas need three that agree")
    void majorityOfFiveNeedsThree()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority(), 5);
        collector.onSequenced(1, 1, 1);
        respond(collector, 1, 1, HASH, "a");
        respond(collector, 1, 2, HASH, "a");
        assertTrue(forwarded.isEmpty(), "two of five are not a majority");
        respond(collector, 1, 5, HASH, "a");
        assertEquals(1, forwarded.size());
    }

    @Test
    @DisplayName("divergence by majority: a faulty first responder is never answered and is divergent once two agree")
    void aFaultyFirstResponderUnderMajorityIsNeverAnsweredAndIsMarkedDivergent()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        collector.onSequenced(1, 100, 1);

        respond(collector, 1, 1, OTHER_HASH, "bad");
        respond(collector, 1, 2, HASH, "good");
        assertTrue(forwarded.isEmpty(), "one against one: nobody is the reference yet");
        assertFalse(collector.replica(1).divergent());
        assertFalse(collector.replica(2).divergent(), "the healthy one must not be blamed by who answered first");
        assertTrue(repairs.isEmpty());

        respond(collector, 1, 3, HASH, "good");
        assertEquals(1, forwarded.size());
        assertArrayEquals(bytes("good"), forwarded.get(0).payload);
        assertEquals(3, forwarded.get(0).replicaId);
        assertTrue(collector.replica(1).divergent());
        assertEquals(1, collector.replica(1).divergentSeq());
        assertEquals(1, collector.replica(1).divergences());
        assertFalse(collector.replica(2).divergent());
        assertFalse(collector.replica(3).divergent());
        assertEquals(1, repairs.size(), "the divergent replica is ordered to repair");
        assertArrayEquals(new long[]{1, 1, HASH}, repairs.get(0));

        // its later responses never reach a client, nor count towards an agreement
        collector.onSequenced(2, 100, 2);
        respond(collector, 2, 1, HASH + 2, "first but divergent");
        respond(collector, 2, 2, HASH + 2, "good");
        assertEquals(1, forwarded.size(), "the divergent replica's matching hash must not make a majority");
        respond(collector, 2, 3, HASH + 2, "good");
        assertEquals(2, forwarded.size());
        assertEquals(0, collector.replica(1).wins());
        assertEquals(1, repairs.size(), "one repair order per divergence");
    }

    @Test
    @DisplayName("divergence by majority: a replica disagreeing after the majority decided is divergent at once")
    void aReplicaDisagreeingAfterTheMajorityIsDivergent()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        collector.onSequenced(1, 100, 1);
        respond(collector, 1, 2, HASH, "good");
        respond(collector, 1, 3, HASH, "good");
        assertFalse(collector.replica(1).divergent());
        respond(collector, 1, 1, OTHER_HASH, "late and bad");
        assertTrue(collector.replica(1).divergent());
        assertEquals(1, repairs.size());
        assertEquals(1, forwarded.size());
    }

    @Test
    @DisplayName("first + divergence by majority: the first responder answered, then found divergent by the others")
    void underFirstDivergenceIsStillDecidedByMajority()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        collector.onSequenced(1, 100, 1);
        respond(collector, 1, 1, OTHER_HASH, "fast but bad");
        assertEquals(1, forwarded.size(), "first means first: answered at once");
        respond(collector, 1, 2, HASH, "good");
        assertFalse(collector.replica(2).divergent(), "disagreeing with the first is not divergence");
        assertFalse(collector.replica(1).divergent(), "nor is being disagreed with by one");
        respond(collector, 1, 3, HASH, "good");
        assertTrue(collector.replica(1).divergent(), "the other two agree against it");
        assertFalse(collector.replica(2).divergent());
        assertEquals(1, repairs.size());
        assertEquals(1, repairs.get(0)[0]);

        collector.onSequenced(2, 100, 2);
        respond(collector, 2, 1, HASH + 2, "first but divergent");
        assertEquals(1, forwarded.size(), "a divergent replica's first response must not reach the client");
        respond(collector, 2, 2, HASH + 2, "good second");
        assertEquals(2, forwarded.size());
        assertEquals(2, forwarded.get(1).replicaId);
        assertArrayEquals(bytes("good second"), forwarded.get(1).payload);
    }

    @Test
    @DisplayName("rule 6: a repair order that meets back pressure is offered again, and sent once")
    void aRepairOrderIsRetriedUnderBackPressureAndSentOnce()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        repairStreamPushesBack = true;
        collector.onSequenced(1, 100, 1);
        respond(collector, 1, 1, OTHER_HASH, "bad");
        respond(collector, 1, 2, HASH, "good");
        respond(collector, 1, 3, HASH, "good");
        assertTrue(collector.replica(1).divergent());
        assertTrue(repairs.isEmpty());
        assertEquals(0, collector.doWork());
        repairStreamPushesBack = false;
        assertEquals(1, collector.doWork());
        assertEquals(1, repairs.size());
        assertEquals(0, collector.doWork(), "sent: not again");
        assertEquals(1, collector.repairOrdersSent());
    }

    @Test
    @DisplayName("rule 6: a divergent replica counts again once LIVE after a repair above the divergence, not before")
    void aRepairedReplicaCountsAgain()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        for (long seq = 1; seq <= 3; seq++)
        {
            collector.onSequenced(seq, 100, seq);
        }
        respond(collector, 1, 1, OTHER_HASH, "bad");
        respond(collector, 1, 2, HASH, "good");
        respond(collector, 1, 3, HASH, "good");
        final ReplicaStats one = collector.replica(1);
        assertTrue(one.divergent());

        status(collector, 1, EPOCH, ReplicaState.LIVE, 5, 5, EPOCH);
        assertTrue(one.divergent(), "LIVE without a repair is the same diverged state");
        status(collector, 1, EPOCH, ReplicaState.BOOTSTRAPPING, 0, 0, 0);
        status(collector, 1, EPOCH, ReplicaState.LIVE, 1, 1, EPOCH);
        assertTrue(one.divergent(), "live again, but not yet above the divergence");
        status(collector, 1, EPOCH, ReplicaState.LIVE, 2, 2, EPOCH);
        assertFalse(one.divergent(), "repaired");

        respond(collector, 3, 1, HASH + 3, "good");
        respond(collector, 3, 2, HASH + 3, "good");
        assertEquals(2, forwarded.size(), "its response counts towards the majority again");
    }

    @Test
    @DisplayName("rule 6: LIVE above the divergence with the hash the majority agreed on there also ends it")
    void aReplicaReportingTheAgreedHashCountsAgain()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        for (long seq = 1; seq <= 2; seq++)
        {
            collector.onSequenced(seq, 100, seq);
        }
        respond(collector, 1, 1, OTHER_HASH, "bad");
        respond(collector, 1, 2, HASH, "good");
        respond(collector, 1, 3, HASH, "good");
        respond(collector, 2, 2, HASH + 2, "good");
        respond(collector, 2, 3, HASH + 2, "good");
        final ReplicaStats one = collector.replica(1);
        collector.onReplicaStatus(1, EPOCH, ReplicaState.LIVE, 2, 2, EPOCH, OTHER_HASH + 2, 1);
        assertTrue(one.divergent(), "above the divergence, but not the agreed state");
        collector.onReplicaStatus(1, EPOCH, ReplicaState.LIVE, 1, 2, EPOCH, HASH, 1);
        assertTrue(one.divergent(), "the agreed state, but at the divergence itself");
        collector.onReplicaStatus(1, EPOCH, ReplicaState.LIVE, 2, 2, EPOCH, HASH + 2, 1);
        assertFalse(one.divergent(), "its state is the one a majority agreed on above the divergence");
    }

    @Test
    void quorumForwardsOnlyWhenKMatchingResponsesArrive()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.quorum(3));
        collector.onSequenced(1, 300, 4);
        respond(collector, 1, 1, HASH, "answer");
        respond(collector, 1, 2, HASH, "answer");
        assertTrue(forwarded.isEmpty(), "two of quorum:3");
        respond(collector, 1, 3, HASH, "answer");
        assertEquals(1, forwarded.size());
        assertEquals(3, forwarded.get(0).replicaId);
    }

    @Test
    @DisplayName("quorum:K below a majority answers at K, but divergence still waits for a majority")
    void quorumBelowAMajorityAnswersAtKButJudgesByMajority()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.quorum(2), 5);
        collector.onSequenced(1, 300, 4);
        respond(collector, 1, 1, OTHER_HASH, "x");
        respond(collector, 1, 2, HASH, "y");
        respond(collector, 1, 3, HASH, "y");
        assertEquals(1, forwarded.size(), "two agree: quorum:2");
        assertFalse(collector.replica(1).divergent(), "two of five are no majority");
        respond(collector, 1, 4, HASH, "y");
        assertTrue(collector.replica(1).divergent(), "three of five are");
    }

    @Test
    void oneReplicaRepeatingItselfIsNotAnAgreement()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        collector.onSequenced(1, 100, 1);

        respond(collector, 1, 1, HASH, "ok");
        respond(collector, 1, 1, HASH, "ok");
        assertTrue(forwarded.isEmpty(), "the same replica twice is not two replicas");
        assertEquals(0, collector.commitSeq());

        respond(collector, 1, 2, HASH, "ok");
        assertEquals(1, forwarded.size());
    }

    @Test
    void aResponseForSeqZeroIsNeverForwarded()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        respond(collector, 0, 1, HASH, "ok");
        assertTrue(forwarded.isEmpty());
        assertFalse(collector.onDuplicate(0, 100, 1));
    }

    @Test
    @DisplayName("rule 6: responses and statuses of replica ids that are not configured are ignored and counted")
    void unconfiguredReplicasAreIgnored()
    {
        final ResponseCollector collector = collector(4, 4096, Durability.first());
        collector.onSequenced(1, 100, 1);
        respond(collector, 2, 1, HASH, "never sequenced");
        assertEquals(1, collector.unknownSeqResponses());
        respond(collector, 1, 0, HASH, "replica id 0");
        respond(collector, 1, 4, HASH, "replica 4 of 3");
        respond(collector, 1, 64, HASH, "replica id too big");
        status(collector, 4, EPOCH, ReplicaState.LIVE, 1, 1, EPOCH);
        status(collector, 5, EPOCH, ReplicaState.LIVE, 1, 1, EPOCH);
        assertTrue(forwarded.isEmpty());
        assertEquals(5, collector.unconfiguredReplicaMessages());
        assertEquals(0, collector.commitSeq(), "an unconfigured replica's journal commits nothing");
        assertNull(collector.replica(0));
        assertNull(collector.replica(4));
        assertNull(collector.replica(-1));
        respond(collector, 1, 3, HASH, "ok");
        assertEquals(1, forwarded.size());
    }

    // --------------------------------------------------------------------------------------------------- commit

    @Test
    @DisplayName("commit via statuses of this epoch, matched in it; other epochs and unmatched journals are no evidence")
    void commitViaStatusesMatchedInThisEpoch()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        for (long seq = 1; seq <= 4; seq++)
        {
            collector.onSequenced(seq, 100, seq);
        }
        status(collector, 1, EPOCH, ReplicaState.LIVE, 4, 4, 0);
        status(collector, 2, EPOCH, ReplicaState.LIVE, 4, 4, EPOCH - 1);
        status(collector, 3, EPOCH - 1, ReplicaState.LIVE, 4, 4, EPOCH - 1);
        assertEquals(0, collector.commitSeq(), "unmatched, matched in another epoch, or of another epoch");
        status(collector, 1, EPOCH, ReplicaState.LIVE, 3, 3, EPOCH);
        assertEquals(0, collector.commitSeq(), "one of three");
        status(collector, 2, EPOCH, ReplicaState.LIVE, 4, 4, EPOCH);
        assertEquals(3, collector.commitSeq(), "the majority-th highest: both hold 3");
        assertEquals(4, collector.replica(2).journaledSeq(), "as reported");
        assertEquals(EPOCH, collector.replica(2).matchedEpoch());
    }

    @Test
    @DisplayName("a takeover's warm range: an earlier term's marker passed by the commit needs no response")
    void anEarlierTermsMarkerPassedByTheCommitIsNotLeftUnanswered()
    {
        // the marker of seq 2 is never fetched (or its response comes after the commit): before, it stayed
        // unanswered and every warm-up whose range held one waited out its whole timeout
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        final UnsafeBuffer response = new UnsafeBuffer(new byte[64]);
        for (long seq = 1; seq <= 4; seq++)
        {
            collector.onSequenced(seq, 2 == seq ? LeaderTerm.TERM_START_CLIENT_ID : 100, seq);
        }
        collector.startAfter(4);
        collector.onSequenced(5, LeaderTerm.TERM_START_CLIENT_ID, EPOCH);
        for (final long seq : new long[]{1, 3, 4})
        {
            collector.onFetchedResponse(seq, 1, 7, response, 0, 32, 16, 8);
        }
        assertEquals(4, collector.unanswered(1, 4), "nothing is answered before the commit");
        status(collector, 1, EPOCH, ReplicaState.LIVE, 5, 5, EPOCH);
        status(collector, 2, EPOCH, ReplicaState.LIVE, 5, 5, EPOCH);
        assertEquals(5, collector.commitSeq());
        assertEquals(0, collector.unanswered(1, 4), "the clients' seqs are answered, the marker is done");
        assertEquals(3, forwarded.size());
    }

    @Test
    @DisplayName("commit via responses: a response of this term proves its replica journaled every seq up to it")
    void commitViaResponses()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        for (long seq = 1; seq <= 3; seq++)
        {
            collector.onSequenced(seq, 100, seq);
        }
        respond(collector, 1, 1, HASH, "a");
        respond(collector, 2, 1, HASH + 1, "b");
        respond(collector, 3, 1, HASH + 2, "c");
        assertEquals(0, collector.commitSeq());
        assertTrue(committed.isEmpty());
        respond(collector, 2, 2, HASH + 1, "b");
        assertEquals(2, collector.commitSeq(), "replica 1 holds 3, replica 2 holds 2");
        assertEquals(List.of(1L, 2L), committed.stream().map(Committed::seq).toList());
    }

    @Test
    @DisplayName("the commit listener hears each seq once, in seq order, even when responses arrive out of seq order")
    void theCommitListenerHearsEachSeqOnceInOrder()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        for (long seq = 1; seq <= 3; seq++)
        {
            collector.onSequenced(seq, 100, seq);
        }
        status(collector, 1, EPOCH, ReplicaState.LIVE, 0, 3, EPOCH);
        status(collector, 2, EPOCH, ReplicaState.LIVE, 0, 3, EPOCH);
        assertEquals(3, collector.commitSeq());
        assertTrue(committed.isEmpty(), "committed, but no response held yet");

        respond(collector, 3, 1, HASH + 3, "three");
        respond(collector, 2, 1, HASH + 2, "two");
        assertTrue(committed.isEmpty(), "seq 1 first");
        respond(collector, 1, 2, HASH + 1, "one");
        assertEquals(List.of(1L, 2L, 3L), committed.stream().map(Committed::seq).toList());
        assertArrayEquals(bytes("one"), committed.get(0).payload, "the whole message, its payload after the header");
        assertArrayEquals(bytes("three"), committed.get(2).payload);

        respond(collector, 1, 1, HASH + 1, "one");
        respond(collector, 2, 2, HASH + 2, "two");
        respond(collector, 3, 3, HASH + 3, "three");
        status(collector, 3, EPOCH, ReplicaState.LIVE, 3, 3, EPOCH);
        assertEquals(3, committed.size(), "never twice");
        assertEquals(3, collector.notifiedSeq());
    }

    @Test
    @DisplayName("the commit listener gets the response the majority agrees on, never a contradicted one")
    void theCommitListenerGetsTheMajorityResponse()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        collector.onSequenced(1, 100, 1);
        respond(collector, 1, 1, OTHER_HASH, "bad");
        respond(collector, 1, 2, HASH, "good");
        assertEquals(1, collector.commitSeq(), "journaled on two");
        assertTrue(committed.isEmpty(), "the two disagree and no majority has decided: nothing may leave yet");
        respond(collector, 1, 3, HASH, "good");
        assertEquals(1, committed.size());
        assertArrayEquals(bytes("good"), committed.get(0).payload);
        assertEquals(3, committed.get(0).replicaId);
        assertTrue(collector.onDuplicate(1, 100, 9));
        assertArrayEquals(bytes("good"), forwarded.get(1).payload, "a retry is answered with the majority's response");
    }

    @Test
    @DisplayName("back pressure: a slot is reused only when its seq is answered and passed to the commit listener")
    void hasCapacityOnlyWhenTheOverwrittenSlotIsAnsweredAndCommitted()
    {
        final ResponseCollector collector = collector(4, 4096, Durability.first());
        for (long seq = 1; seq <= 4; seq++)
        {
            assertTrue(collector.hasCapacity(), "seq " + seq);
            collector.onSequenced(seq, 1, seq);
        }
        assertFalse(collector.hasCapacity(), "ring full of unanswered seqs");

        respond(collector, 2, 1, HASH, "not the oldest");
        assertFalse(collector.hasCapacity(), "seq 5 would overwrite seq 1, still unanswered");

        respond(collector, 1, 1, HASH, "oldest");
        assertEquals(2, forwarded.size(), "both answered under first");
        assertFalse(collector.hasCapacity(), "seq 1 is answered but not committed: its effects are still to go");
        respond(collector, 1, 2, HASH, "oldest");
        assertEquals(1, collector.commitSeq());
        assertTrue(collector.hasCapacity());
        collector.onSequenced(5, 1, 5);
        assertFalse(collector.hasCapacity(), "seq 6 would overwrite seq 2: answered, not committed");
        respond(collector, 2, 2, HASH, "second");
        assertTrue(collector.hasCapacity());
    }

    @Test
    void startAfterContinuesFromJournal()
    {
        final ResponseCollector collector = collector(4, 4096, Durability.first());
        collector.startAfter(100);
        assertTrue(collector.hasCapacity());
        collector.onSequenced(101, 1, 1);
        respond(collector, 101, 1, HASH, "x");
        assertEquals(1, forwarded.size());
        assertEquals(101, forwarded.get(0).seq);
        status(collector, 1, EPOCH, ReplicaState.LIVE, 101, 101, EPOCH);
        status(collector, 2, EPOCH, ReplicaState.LIVE, 101, 101, EPOCH);
        assertEquals(List.of(101L), committed.stream().map(Committed::seq).toList(), "from the first seq registered");
    }

    @Test
    void constructorRejectsBadCapacity()
    {
        assertThrows(IllegalArgumentException.class, () -> collector(1, 4096, Durability.first()));
        assertThrows(IllegalArgumentException.class, () -> collector(6, 4096, Durability.first()));
        assertThrows(IllegalArgumentException.class, () -> collector(0, 4096, Durability.first()));
        assertThrows(IllegalArgumentException.class, () -> collector(8, 100, Durability.first()));
        assertThrows(IllegalArgumentException.class, () -> collector(8, 4096, Durability.first(), 0));
    }

    // ----------------------------------------------------------------------------------------------- warm range

    @Test
    @DisplayName("warm range: a fetched response is answered only once its seq is committed in this term")
    void aFetchedResponseIsReleasedOnlyAfterCommit()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        collector.startAfter(3);
        for (long seq = 2; seq <= 3; seq++)
        {
            collector.onSequenced(seq, 50 + seq, seq);
        }
        collector.startAfter(3);
        collector.onSequenced(4, LeaderTerm.TERM_START_CLIENT_ID, EPOCH);
        fetched(collector, 2, 1, HASH, "two");
        fetched(collector, 3, 1, HASH, "three");
        assertTrue(forwarded.isEmpty(), "the predecessor's answer may have been on a minority only");
        assertEquals(2, collector.unanswered(2, 3));

        status(collector, 1, EPOCH, ReplicaState.LIVE, 3, 3, EPOCH);
        status(collector, 2, EPOCH, ReplicaState.LIVE, 3, 3, EPOCH);
        assertTrue(forwarded.isEmpty(), "a majority holds seqs 2 and 3, of an earlier epoch: not committed by " +
            "counting them (a candidate with a newer last epoch could still replace them), only with this term's " +
            "first entry");
        assertEquals(0, collector.commitSeq());

        status(collector, 1, EPOCH, ReplicaState.LIVE, 4, 4, EPOCH);
        assertTrue(forwarded.isEmpty(), "the term's first entry is on one replica only");
        status(collector, 2, EPOCH, ReplicaState.LIVE, 4, 4, EPOCH);
        assertEquals(2, forwarded.size());
        assertEquals(52, forwarded.get(0).clientId);
        assertArrayEquals(bytes("two"), forwarded.get(0).payload);
        assertEquals(0, collector.unanswered(2, 3));
        assertEquals(List.of(2L, 3L, 4L), committed.stream().map(Committed::seq).toList(), "the marker too");
    }

    @Test
    @DisplayName("warm range: a seq given up is never answered again, and the listener hears it with what is held")
    void aGivenUpSeqIsHeardWithoutAnAnswer()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        collector.startAfter(2);
        collector.onSequenced(1, 51, 1);
        collector.onSequenced(2, 52, 2);
        collector.startAfter(2);
        collector.onSequenced(3, LeaderTerm.TERM_START_CLIENT_ID, EPOCH);
        fetched(collector, 2, 1, HASH, "two");
        assertEquals(2, collector.abandonUnanswered(1, 2));
        assertFalse(collector.onDuplicate(1, 51, 1), "DUPLICATE_NOT_CACHED");
        assertFalse(collector.onDuplicate(2, 52, 2), "given up before its commit: never answered");
        status(collector, 1, EPOCH, ReplicaState.LIVE, 3, 3, EPOCH);
        status(collector, 2, EPOCH, ReplicaState.LIVE, 3, 3, EPOCH);
        assertTrue(forwarded.isEmpty());
        assertEquals(3, committed.size(), "seqs 1, 2 and the term's marker");
        assertNull(committed.get(0).payload, "nothing held of seq 1");
        assertArrayEquals(bytes("two"), committed.get(1).payload, "the fetched response's effects still go on");
        assertEquals(2, collector.commitsWithoutResponse(), "seq 1, and the marker, whose response is not in yet");
    }

    // ------------------------------------------------------------------------------------------------ duplicates

    @Test
    void duplicateOfAnsweredSeqIsAnsweredFromCache()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.first());
        collector.onSequenced(1, 100, 7);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        buffer.putBytes(HEADER, bytes("cached answer"));
        collector.onResponse(1, 2, HASH, buffer, 0, HEADER + 13, HEADER, 13);
        buffer.setMemory(0, 32, (byte)0); // the collector must have copied it
        assertEquals(1, forwarded.size());

        assertTrue(collector.onDuplicate(1, 100, 7));
        assertEquals(2, forwarded.size());
        final Forwarded again = forwarded.get(1);
        assertEquals(100, again.clientId);
        assertEquals(7, again.correlationId);
        assertEquals(1, again.seq);
        assertEquals(2, again.replicaId);
        assertArrayEquals(bytes("cached answer"), again.payload);
        assertEquals(1, collector.replica(2).wins(), "a re-sent answer is not a win");
    }

    @Test
    void duplicateOfInFlightSeqIsAcceptedWithoutForwarding()
    {
        final ResponseCollector collector = collector(16, 4096, Durability.majority());
        collector.onSequenced(1, 100, 7);
        assertTrue(collector.onDuplicate(1, 100, 7));
        assertTrue(forwarded.isEmpty());
    }

    @Test
    void duplicateOfEvictedSeqIsNotKnown()
    {
        final ResponseCollector collector = collector(4, 4096, Durability.majority());
        for (long seq = 1; seq <= 8; seq++)
        {
            collector.onSequenced(seq, 100, seq);
            respond(collector, seq, 1, HASH, "r" + seq);
            respond(collector, seq, 2, HASH, "r" + seq);
        }
        forwarded.clear();
        assertFalse(collector.onDuplicate(1, 100, 1), "slot of seq 1 now holds seq 5");
        assertFalse(collector.onDuplicate(4, 100, 4));
        assertTrue(collector.onDuplicate(5, 100, 5));
        assertTrue(collector.onDuplicate(8, 100, 8));
        assertEquals(2, forwarded.size());
        assertArrayEquals(bytes("r5"), forwarded.get(0).payload);
        assertArrayEquals(bytes("r8"), forwarded.get(1).payload);
    }

    @Test
    void duplicateWhoseCachedBytesWereOverwrittenIsNotKnown()
    {
        // 16 slots but a 1024-byte cache: 3 responses of 400 bytes wrap the cache while seq 1 keeps its slot
        final ResponseCollector collector = collector(16, 1024, Durability.first());
        for (long seq = 1; seq <= 3; seq++)
        {
            collector.onSequenced(seq, 100, seq);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[400]);
            buffer.setMemory(0, 400, (byte)seq);
            collector.onResponse(seq, 1, HASH, buffer, 0, 400, 0, 400);
        }
        forwarded.clear();
        assertFalse(collector.onDuplicate(1, 100, 1));
        assertTrue(forwarded.isEmpty(), "overwritten bytes must never be sent");
        assertTrue(collector.onDuplicate(3, 100, 3));
        assertEquals(1, forwarded.size());
        assertEquals(400, forwarded.get(0).payload.length);
        for (final byte b : forwarded.get(0).payload)
        {
            assertEquals(3, b);
        }
    }

    // ------------------------------------------------------------------------------------------------------ cache

    @Test
    void cacheDetectsOverwrittenEntries()
    {
        final ResponseCache cache = new ResponseCache(1024);
        final long first = cache.store(filled(300, 1), 0, 300);
        final long second = cache.store(filled(300, 2), 0, 300);
        final long third = cache.store(filled(300, 3), 0, 300);
        assertEquals(0, first);
        assertEquals(300, second);
        assertEquals(600, third);
        assertTrue(cache.isAvailable(first, 300));
        assertTrue(cache.isAvailable(third, 300));
        assertContent(cache, second, 300, 2);

        // 900 + 300 > 1024: the tail is skipped and the fourth goes to index 0, over the first
        final long fourth = cache.store(filled(300, 4), 0, 300);
        assertEquals(1024, fourth);
        assertEquals(0, cache.indexOf(fourth));
        assertFalse(cache.isAvailable(first, 300), "first was overwritten");
        assertTrue(cache.isAvailable(second, 300));
        assertTrue(cache.isAvailable(third, 300));
        assertTrue(cache.isAvailable(fourth, 300));
        assertContent(cache, fourth, 300, 4);
        assertContent(cache, third, 300, 3);

        final long fifth = cache.store(filled(10, 5), 0, 10);
        assertFalse(cache.isAvailable(second, 300), "second partly overwritten");
        assertTrue(cache.isAvailable(third, 300));
        assertContent(cache, fifth, 10, 5);
    }

    @Test
    void cacheRejectsTooLargeAndNegativePositions()
    {
        assertThrows(IllegalArgumentException.class, () -> new ResponseCache(1023));
        final ResponseCache cache = new ResponseCache(1024);
        assertEquals(-1, cache.store(filled(1025, 1), 0, 1025));
        assertFalse(cache.isAvailable(-1, 1025));
        final long whole = cache.store(filled(1024, 9), 0, 1024);
        assertTrue(cache.isAvailable(whole, 1024));
        assertContent(cache, whole, 1024, 9);
        assertFalse(cache.isAvailable(whole + 1024, 1), "a position not yet written is not available");
    }

    @Test
    void oversizedResponseIsForwardedButNotCached()
    {
        final ResponseCollector collector = collector(4, 1024, Durability.first());
        collector.onSequenced(1, 100, 1);
        collector.onResponse(1, 1, HASH, filled(2000, 7), 0, 2000, 0, 2000);
        assertEquals(1, forwarded.size());
        assertEquals(2000, forwarded.get(0).payload.length);
        assertFalse(collector.onDuplicate(1, 100, 1));
        assertEquals(1, forwarded.size());
    }

    // ------------------------------------------------------------------------------------------------ durability

    @Test
    void durabilityParse()
    {
        assertEquals(2, Durability.parse("majority").requiredMatches(3));
        assertEquals(3, Durability.parse(" MAJORITY ").requiredMatches(5));
        assertEquals(1, Durability.parse("majority").requiredMatches(1));
        assertEquals("majority", Durability.parse("majority").toString());
        assertEquals(1, Durability.parse("first").requiredMatches(3));
        assertEquals(1, Durability.parse(" FIRST ").requiredMatches(3));
        assertEquals("first", Durability.parse("first").toString());
        assertEquals(2, Durability.parse("quorum:2").requiredMatches(3));
        assertEquals(3, Durability.parse("Quorum: 3").requiredMatches(5));
        assertEquals("quorum:2", Durability.parse("quorum:2").toString());
        assertEquals(5, Durability.quorum(5).requiredMatches(3));

        for (final String junk : new String[]{"", "fastest", "quorum", "quorum:", "quorum:two", "quorum:2x", "2"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> Durability.parse(junk), "'" + junk + "'");
            assertTrue(ex.getMessage().contains("'" + junk + "'"), ex.getMessage());
            assertTrue(ex.getMessage().contains("quorum:K"), ex.getMessage());
        }
        final IllegalArgumentException zero =
            assertThrows(IllegalArgumentException.class, () -> Durability.parse("quorum:0"));
        assertTrue(zero.getMessage().contains("at least 1"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durability.quorum(-1));
    }

    // --------------------------------------------------------------------------------------------------- helpers

    /** A response message: {@link #HEADER} bytes standing in for the header and block, then the payload. */
    private static void respond(
        final ResponseCollector collector, final long seq, final int replicaId, final long hash, final String payload)
    {
        final byte[] bytes = bytes(payload);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[HEADER + bytes.length]);
        message.putBytes(HEADER, bytes);
        collector.onResponse(seq, replicaId, hash, message, 0, HEADER + bytes.length, HEADER, bytes.length);
    }

    private static void fetched(
        final ResponseCollector collector, final long seq, final int replicaId, final long hash, final String payload)
    {
        final byte[] bytes = bytes(payload);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[HEADER + bytes.length]);
        message.putBytes(HEADER, bytes);
        collector.onFetchedResponse(seq, replicaId, hash, message, 0, HEADER + bytes.length, HEADER, bytes.length);
    }

    private static void status(
        final ResponseCollector collector,
        final int replicaId,
        final long epoch,
        final ReplicaState state,
        final long appliedSeq,
        final long journaledSeq,
        final long matchedEpoch)
    {
        collector.onReplicaStatus(replicaId, epoch, state, appliedSeq, journaledSeq, matchedEpoch, 0, 1);
    }

    private static void assertContent(final ResponseCache cache, final long position, final int length, final int value)
    {
        final byte[] read = copy(cache.buffer(), cache.indexOf(position), length);
        for (int i = 0; i < length; i++)
        {
            assertEquals((byte)value, read[i], "byte " + i + " of entry at " + position);
        }
    }

    private static UnsafeBuffer filled(final int length, final int value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        buffer.setMemory(0, length, (byte)value);
        return buffer;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    private record Forwarded(long clientId, long correlationId, long seq, int replicaId, byte[] payload)
    {
    }

    private record Committed(long seq, int replicaId, byte[] payload)
    {
    }
}
