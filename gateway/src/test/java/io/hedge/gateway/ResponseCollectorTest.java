package io.hedge.gateway;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
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

class ResponseCollectorTest
{
    private static final long HASH = 0xABCDEF01L;
    private static final long OTHER_HASH = 0x12345678L;

    private final List<Forwarded> forwarded = new ArrayList<>();
    private final ResponseCollector.ResponseForwarder forwarder =
        (clientId, correlationId, seq, replicaId, outcome, buffer, offset, length) ->
            forwarded.add(new Forwarded(clientId, correlationId, seq, replicaId, copy(buffer, offset, length)));

    // ------------------------------------------------------------------------------------------ first response

    @Test
    void firstResponseIsForwardedOnceWithItsIdentity()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), forwarder);
        collector.onSequenced(1, 100, 7);
        collector.onSequenced(2, 200, 9);

        // payload at an offset inside a larger buffer
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putBytes(5, bytes("filled"));
        collector.onResponse(2, 3, HASH, buffer, 5, 6);

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
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), forwarder);
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
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), forwarder);
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
        assertEquals(List.of(1, 2), seen);
    }

    // ------------------------------------------------------------------------------------------------ divergence

    @Test
    void differentHashMarksReplicaDivergentAndItNoLongerAnswers()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), forwarder);
        collector.onSequenced(1, 100, 1);
        collector.onSequenced(2, 100, 2);

        respond(collector, 1, 1, HASH, "good");
        respond(collector, 1, 2, OTHER_HASH, "bad");
        assertEquals(1, forwarded.size());

        final ReplicaStats bad = collector.replica(2);
        assertEquals(1, bad.divergences());
        assertTrue(bad.divergent());
        assertFalse(collector.replica(1).divergent());
        assertEquals(0, collector.replica(1).divergences());

        // the divergent replica is first for seq 2: not forwarded, the next replica's is
        respond(collector, 2, 2, HASH + 1, "bad first");
        assertEquals(1, forwarded.size(), "a divergent replica's first response must not reach the client");
        assertEquals(0, bad.wins());
        respond(collector, 2, 1, HASH + 2, "good second");
        assertEquals(2, forwarded.size());
        final Forwarded f = forwarded.get(1);
        assertEquals(2, f.seq);
        assertEquals(1, f.replicaId);
        assertArrayEquals(bytes("good second"), f.payload);
        assertEquals(2, collector.replica(1).wins());
    }

    @Test
    void eachMismatchIsCounted()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), forwarder);
        for (long seq = 1; seq <= 3; seq++)
        {
            collector.onSequenced(seq, 100, seq);
            respond(collector, seq, 1, HASH, "x");
            respond(collector, seq, 2, OTHER_HASH, "y");
        }
        assertEquals(3, collector.replica(2).divergences());
        assertTrue(collector.replica(2).divergent());
        assertEquals(3, forwarded.size());
    }

    // ---------------------------------------------------------------------------------------------------- quorum

    @Test
    void quorumForwardsOnlyWhenSecondMatchingResponseArrives()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.quorum(2), forwarder);
        collector.onSequenced(1, 300, 4);

        respond(collector, 1, 1, HASH, "answer");
        assertTrue(forwarded.isEmpty(), "one response is not a quorum of 2");
        assertEquals(0, collector.answeredCount());
        assertTrue(collector.onDuplicate(1, 300, 4), "in flight: will be answered");
        assertTrue(forwarded.isEmpty());

        respond(collector, 1, 2, HASH, "answer");
        assertEquals(1, forwarded.size());
        final Forwarded f = forwarded.get(0);
        assertEquals(300, f.clientId);
        assertEquals(4, f.correlationId);
        assertEquals(1, f.seq);
        assertEquals(2, f.replicaId);
        assertArrayEquals(bytes("answer"), f.payload);
        assertEquals(1, collector.answeredCount());

        respond(collector, 1, 3, HASH, "answer");
        assertEquals(1, forwarded.size(), "a third match is not forwarded again");
    }

    @Test
    void quorumIgnoresMismatchTowardsTheCount()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.quorum(2), forwarder);
        collector.onSequenced(1, 300, 4);
        respond(collector, 1, 1, HASH, "a");
        respond(collector, 1, 2, OTHER_HASH, "b");
        assertTrue(forwarded.isEmpty());
        assertTrue(collector.replica(2).divergent());
        respond(collector, 1, 3, HASH, "a");
        assertEquals(1, forwarded.size());
        assertEquals(3, forwarded.get(0).replicaId);
    }

    // -------------------------------------------------------------------------------------------------- capacity

    @Test
    void oneReplicaRepeatingItselfIsNotAQuorum()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.quorum(2), forwarder);
        collector.onSequenced(1, 100, 1);

        respond(collector, 1, 1, HASH, "ok");
        respond(collector, 1, 1, HASH, "ok");
        assertTrue(forwarded.isEmpty(), "the same replica twice is not two replicas");

        respond(collector, 1, 2, HASH, "ok");
        assertEquals(1, forwarded.size());
    }

    @Test
    void aDivergentReplicaNeverCompletesAQuorum()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.quorum(2), forwarder);
        collector.onSequenced(1, 100, 1);
        respond(collector, 1, 1, HASH, "ok");
        respond(collector, 1, 2, OTHER_HASH, "bad");
        assertTrue(collector.replica(2).divergent());
        respond(collector, 1, 3, HASH, "ok");
        assertEquals(1, forwarded.size());

        collector.onSequenced(2, 100, 2);
        respond(collector, 2, 1, HASH, "ok");
        respond(collector, 2, 2, HASH, "ok");
        assertEquals(1, forwarded.size(), "the divergent replica's matching hash must not count");
        respond(collector, 2, 3, HASH, "ok");
        assertEquals(2, forwarded.size());
        assertEquals(3, forwarded.get(1).replicaId);
        assertEquals(0, collector.replica(2).wins());
    }

    @Test
    void aResponseForSeqZeroIsNeverForwarded()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), forwarder);
        respond(collector, 0, 1, HASH, "ok");
        assertTrue(forwarded.isEmpty());
        assertFalse(collector.onDuplicate(0, 100, 1));
    }

    @Test
    void hasCapacityOnlyWhenTheOldestOverwrittenSlotIsAnswered()
    {
        final ResponseCollector collector = new ResponseCollector(4, 4096, Durability.first(), forwarder);
        for (long seq = 1; seq <= 4; seq++)
        {
            assertTrue(collector.hasCapacity(), "seq " + seq);
            collector.onSequenced(seq, 1, seq);
        }
        assertFalse(collector.hasCapacity(), "ring full of unanswered seqs");

        respond(collector, 2, 1, HASH, "not the oldest");
        assertFalse(collector.hasCapacity(), "seq 5 would overwrite seq 1, still unanswered");

        respond(collector, 1, 1, HASH, "oldest");
        assertTrue(collector.hasCapacity());
        collector.onSequenced(5, 1, 5);
        assertTrue(collector.hasCapacity(), "seq 6 would overwrite seq 2, which is answered");
        collector.onSequenced(6, 1, 6);
        assertFalse(collector.hasCapacity(), "seq 7 would overwrite seq 3, still unanswered");
        respond(collector, 3, 2, HASH, "third");
        assertTrue(collector.hasCapacity());
    }

    @Test
    void startAfterContinuesFromJournal()
    {
        final ResponseCollector collector = new ResponseCollector(4, 4096, Durability.first(), forwarder);
        collector.startAfter(100);
        assertTrue(collector.hasCapacity());
        collector.onSequenced(101, 1, 1);
        respond(collector, 101, 1, HASH, "x");
        assertEquals(1, forwarded.size());
        assertEquals(101, forwarded.get(0).seq);
    }

    @Test
    void constructorRejectsBadCapacity()
    {
        assertThrows(IllegalArgumentException.class, () -> new ResponseCollector(1, 4096, Durability.first(), forwarder));
        assertThrows(IllegalArgumentException.class, () -> new ResponseCollector(6, 4096, Durability.first(), forwarder));
        assertThrows(IllegalArgumentException.class, () -> new ResponseCollector(0, 4096, Durability.first(), forwarder));
        assertThrows(IllegalArgumentException.class, () -> new ResponseCollector(8, 100, Durability.first(), forwarder));
    }

    // ------------------------------------------------------------------------------------------------ duplicates

    @Test
    void duplicateOfAnsweredSeqIsAnsweredFromCache()
    {
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), forwarder);
        collector.onSequenced(1, 100, 7);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        buffer.putBytes(0, bytes("cached answer"));
        collector.onResponse(1, 2, HASH, buffer, 0, 13);
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
        final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.first(), forwarder);
        collector.onSequenced(1, 100, 7);
        assertTrue(collector.onDuplicate(1, 100, 7));
        assertTrue(forwarded.isEmpty());
    }

    @Test
    void duplicateOfEvictedSeqIsNotKnown()
    {
        final ResponseCollector collector = new ResponseCollector(4, 4096, Durability.first(), forwarder);
        for (long seq = 1; seq <= 8; seq++)
        {
            collector.onSequenced(seq, 100, seq);
            respond(collector, seq, 1, HASH, "r" + seq);
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
        final ResponseCollector collector = new ResponseCollector(16, 1024, Durability.first(), forwarder);
        for (long seq = 1; seq <= 3; seq++)
        {
            collector.onSequenced(seq, 100, seq);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[400]);
            buffer.setMemory(0, 400, (byte)seq);
            collector.onResponse(seq, 1, HASH, buffer, 0, 400);
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

    // ---------------------------------------------------------------------------------------------- unknown seqs

    @Test
    void responsesForUnknownSeqsOrReplicasAreCountedAndDropped()
    {
        final ResponseCollector collector = new ResponseCollector(4, 4096, Durability.first(), forwarder);
        collector.onSequenced(1, 100, 1);
        respond(collector, 2, 1, HASH, "never sequenced");
        respond(collector, 1, 0, HASH, "replica id 0");
        respond(collector, 1, 64, HASH, "replica id too big");
        assertTrue(forwarded.isEmpty());
        assertEquals(3, collector.unknownSeqResponses());
        assertNull(collector.replica(0));
        assertNull(collector.replica(64));
        assertNull(collector.replica(-1));
        respond(collector, 1, 63, HASH, "ok");
        assertEquals(1, forwarded.size());
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
        final ResponseCollector collector = new ResponseCollector(4, 1024, Durability.first(), forwarder);
        collector.onSequenced(1, 100, 1);
        collector.onResponse(1, 1, HASH, filled(2000, 7), 0, 2000);
        assertEquals(1, forwarded.size());
        assertEquals(2000, forwarded.get(0).payload.length);
        assertFalse(collector.onDuplicate(1, 100, 1));
        assertEquals(1, forwarded.size());
    }

    // ------------------------------------------------------------------------------------------------ durability

    @Test
    void durabilityParse()
    {
        assertEquals(1, Durability.parse("first").requiredMatches());
        assertEquals(1, Durability.parse(" FIRST ").requiredMatches());
        assertEquals("first", Durability.parse("first").toString());
        assertEquals(2, Durability.parse("quorum:2").requiredMatches());
        assertEquals(3, Durability.parse("Quorum: 3").requiredMatches());
        assertEquals("quorum:2", Durability.parse("quorum:2").toString());
        assertEquals(1, Durability.first().requiredMatches());
        assertEquals(5, Durability.quorum(5).requiredMatches());

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

    private static void respond(
        final ResponseCollector collector, final long seq, final int replicaId, final long hash, final String payload)
    {
        final byte[] bytes = bytes(payload);
        collector.onResponse(seq, replicaId, hash, new UnsafeBuffer(bytes), 0, bytes.length);
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
}
