package io.hedge.gateway;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway's collector slots serve one term after another (rule: a term's answers come only from responses to seqs
 * it sequenced). Whatever the term before left in them, unanswered seqs or tallied responses, the next term neither
 * waits on it nor answers from it.
 */
class CollectorSlotsTest
{
    private static final long HASH = 0x5EEDL;

    private final List<Long> answeredSeqs = new ArrayList<>();
    private final ResponseCollector.ResponseForwarder forwarder =
        (clientId, correlationId, seq, replicaId, outcome, buffer, offset, length) -> answeredSeqs.add(seq);
    private final CommitListener commits = (seq, replicaId, buffer, offset, length) -> {};
    private final Divergence.RepairOrders repairs = (replicaId, seq, majorityHash) -> true;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[32]);

    private ResponseCollector term(final CollectorSlots slots, final long epoch)
    {
        return new ResponseCollector(slots.lend(), Durability.majority(), epoch, 1, forwarder, commits, repairs);
    }

    /**
     * @return true if the response answered its seq.
     */
    private boolean respond(final ResponseCollector collector, final long seq, final int replicaId)
    {
        return collector.onResponse(seq, replicaId, HASH, message, 0, 16, 8, 8);
    }

    @Test
    void aTermHasEveryCapacityTheTermBeforeLeftUnanswered()
    {
        final CollectorSlots slots = new CollectorSlots(4, 3, 4096);
        final ResponseCollector ended = term(slots, 1);
        ended.startAfter(0);
        for (long seq = 1; seq <= 4; seq++)
        {
            ended.onSequenced(seq, 100, seq);
        }
        assertFalse(ended.hasCapacity(), "four unanswered seqs fill four slots");

        // the next term continues a journal that ends at seq 4: the old term's seqs were never answered by it
        final ResponseCollector next = term(slots, 2);
        next.startAfter(4);
        for (long seq = 5; seq <= 8; seq++)
        {
            assertTrue(next.hasCapacity(), "seq " + seq + " has a slot");
            next.onSequenced(seq, 200, seq);
        }
        assertFalse(next.hasCapacity(), "its own four unanswered seqs fill the slots");
        assertEquals(2, slots.timesLent());
    }

    @Test
    void aTermNeverAnswersFromResponsesTalliedInTheTermBefore()
    {
        final CollectorSlots slots = new CollectorSlots(16, 3, 4096);
        final ResponseCollector ended = term(slots, 1);
        ended.startAfter(0);
        for (long seq = 1; seq <= 6; seq++)
        {
            ended.onSequenced(seq, 100, seq);
        }
        // replica 1's responses to seqs 3..6 are tallied; none has a majority yet
        for (long seq = 3; seq <= 6; seq++)
        {
            assertFalse(respond(ended, seq, 1), "one response of three answers nothing");
        }
        assertEquals(0, ended.unknownSeqResponses());

        // the next term's journal holds seqs up to 6 from another leader: its collector registered none of them
        final ResponseCollector next = term(slots, 2);
        next.startAfter(6);
        assertFalse(respond(next, 4, 2), "seq 4 is not one this term sequenced");
        assertEquals(1, next.unknownSeqResponses());
        assertTrue(answeredSeqs.isEmpty(), "replica 1's response to seq 4 in the term before makes no majority");

        next.onSequenced(7, 200, 1);
        assertFalse(respond(next, 7, 2));
        assertTrue(answeredSeqs.isEmpty(), "one response of three is no majority, whatever the slots held before");
        assertTrue(respond(next, 7, 3));
        assertEquals(List.of(7L), answeredSeqs);
    }

    @Test
    void slotsAreAPowerOfTwoForAtMostSixtyTwoReplicas()
    {
        assertThrows(IllegalArgumentException.class, () -> new CollectorSlots(12, 3, 4096));
        assertThrows(IllegalArgumentException.class, () -> new CollectorSlots(16, 63, 4096));
        assertThrows(IllegalArgumentException.class, () -> new CollectorSlots(16, 0, 4096));
    }
}
