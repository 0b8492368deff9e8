package io.hedge.replicas;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Purely in memory: no files, so no test directory. */
class ResponseLogTest
{
    @Test
    void theConstructorRejectsANonPowerOfTwoEntryCountAndNoBytes()
    {
        for (final int entries : new int[] {-4, 0, 1, 3, 5, 6, 100, 1_000, Integer.MIN_VALUE, Integer.MAX_VALUE})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new ResponseLog(entries, 1024), "entries " + entries);
            assertTrue(ex.getMessage().contains(Integer.toString(entries)), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ResponseLog(8, 0));
        assertThrows(IllegalArgumentException.class, () -> new ResponseLog(8, -1));

        for (final int entries : new int[] {2, 4, 64, 1024})
        {
            final ResponseLog log = new ResponseLog(entries, 1);
            assertEquals(entries, log.maxEntries());
            assertEquals(1, log.capacity());
        }
        final ResponseLog defaults = new ResponseLog();
        assertEquals(ResponseLog.DEFAULT_ENTRIES, defaults.maxEntries());
        assertEquals(ResponseLog.DEFAULT_BYTES, defaults.capacity());
    }

    @Test
    void anEmptyLogHoldsNothing()
    {
        final ResponseLog log = new ResponseLog(8, 256);
        assertEquals(0, log.lastSeq());
        assertEquals(1, log.firstAvailableSeq());
        assertEquals(0, log.size());
        for (final long seq : new long[] {-1, 0, 1, 2, 100})
        {
            assertEquals(-1, log.lengthOf(seq), "seq " + seq);
        }
        final UnsafeBuffer into = new UnsafeBuffer(new byte[4]);
        final byte[] before = into.byteArray();
        assertEquals(-1, log.wrap(1, into));
        assertSame(before, into.byteArray(), "the buffer is left as it was");
        final UnsafeBuffer target = new UnsafeBuffer(new byte[] {1, 2, 3, 4});
        assertEquals(-1, log.copy(1, target, 0));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, target.byteArray(), "nothing is written");
    }

    @Test
    void recordedMessagesWrapAndCopyBackByteForByte()
    {
        final ResponseLog log = new ResponseLog(8, 1024);
        final byte[][] messages = new byte[6][];
        for (int i = 0; i < messages.length; i++)
        {
            final long seq = i + 1;
            messages[i] = message(seq, i == 2 ? 0 : 10 + 7 * i);
            // recorded from an offset inside a larger buffer, which is then scribbled over: the log keeps a copy
            final UnsafeBuffer source = new UnsafeBuffer(new byte[messages[i].length + 9]);
            source.putBytes(5, messages[i]);
            log.record(seq, source, 5, messages[i].length);
            source.setMemory(0, source.capacity(), (byte)0x77);
        }

        assertEquals(1, log.firstAvailableSeq());
        assertEquals(6, log.lastSeq());
        assertEquals(6, log.size());
        for (int i = 0; i < messages.length; i++)
        {
            final long seq = i + 1;
            assertEquals(messages[i].length, log.lengthOf(seq));
            assertArrayEquals(messages[i], wrapped(log, seq), "wrap of seq " + seq);
            final UnsafeBuffer target = new UnsafeBuffer(new byte[messages[i].length + 6]);
            target.setMemory(0, target.capacity(), (byte)0x11);
            assertEquals(messages[i].length, log.copy(seq, target, 3));
            final byte[] copied = new byte[messages[i].length];
            target.getBytes(3, copied);
            assertArrayEquals(messages[i], copied, "copy of seq " + seq);
            assertEquals(0x11, target.getByte(2));
            assertEquals(0x11, target.getByte(3 + messages[i].length), "copy writes nothing past the message");
        }
        assertEquals(-1, log.lengthOf(7), "not recorded yet");
        assertEquals(-1, log.lengthOf(0));
    }

    @Test
    void evictionByEntryCount()
    {
        final ResponseLog log = new ResponseLog(4, 1 << 16);
        final Map<Long, byte[]> recorded = new HashMap<>();
        for (long seq = 1; seq <= 4; seq++)
        {
            record(log, recorded, seq, 20);
        }
        assertEquals(1, log.firstAvailableSeq(), "four entries fit in four");
        assertEquals(4, log.size());

        record(log, recorded, 5, 20);
        assertEquals(2, log.firstAvailableSeq());
        assertEquals(4, log.size());
        assertEquals(-1, log.lengthOf(1), "evicted: its slot is seq 5's");

        for (long seq = 6; seq <= 10; seq++)
        {
            record(log, recorded, seq, 20);
        }
        assertEquals(7, log.firstAvailableSeq());
        assertEquals(10, log.lastSeq());
        assertEquals(4, log.size());
        for (long seq = 1; seq <= 6; seq++)
        {
            assertEquals(-1, log.lengthOf(seq), "seq " + seq + " evicted");
            final UnsafeBuffer into = new UnsafeBuffer(new byte[1]);
            assertEquals(-1, log.wrap(seq, into));
            assertEquals(1, into.capacity(), "an evicted seq leaves the buffer as it was");
        }
        assertHolds(log, recorded, 7, 10);
    }

    @Test
    void evictionByBytes()
    {
        final ResponseLog log = new ResponseLog(64, 100);
        final Map<Long, byte[]> recorded = new HashMap<>();
        record(log, recorded, 1, 30); // ring bytes 0..30
        record(log, recorded, 2, 30); // 30..60
        record(log, recorded, 3, 30); // 60..90
        assertEquals(1, log.firstAvailableSeq());
        assertHolds(log, recorded, 1, 3);

        record(log, recorded, 4, 30); // does not fit in 90..100: at 0..30, over seq 1
        assertEquals(2, log.firstAvailableSeq());
        assertEquals(-1, log.lengthOf(1));
        assertHolds(log, recorded, 2, 4);

        record(log, recorded, 5, 30); // 30..60, over seq 2
        assertEquals(3, log.firstAvailableSeq());
        assertEquals(-1, log.lengthOf(2));
        assertHolds(log, recorded, 3, 5);

        record(log, recorded, 6, 95); // cannot fit after 60: at 0..95, over everything before it
        assertEquals(6, log.firstAvailableSeq());
        assertEquals(1, log.size());
        assertHolds(log, recorded, 6, 6);
    }

    @Test
    void aMessageThatWouldStraddleTheEndIsStoredWholeAtTheStart()
    {
        final ResponseLog log = new ResponseLog(16, 100);
        final Map<Long, byte[]> recorded = new HashMap<>();
        record(log, recorded, 1, 50); // 0..50
        record(log, recorded, 2, 40); // 50..90
        record(log, recorded, 3, 30); // 90..120 would straddle: stored at 0..30 instead

        final UnsafeBuffer into = new UnsafeBuffer(new byte[0]);
        assertEquals(30, log.wrap(3, into));
        assertEquals(30, into.capacity());
        assertEquals(100, into.byteArray().length, "a view of the ring itself");
        assertEquals(0, into.wrapAdjustment(), "at the start of the ring");
        assertArrayEquals(recorded.get(3L), wrapped(log, 3));

        assertEquals(-1, log.lengthOf(1), "seq 1 was overwritten by seq 3");
        assertEquals(2, log.firstAvailableSeq());
        assertHolds(log, recorded, 2, 3); // 50..90 untouched
    }

    @Test
    void aMessageThatEndsExactlyAtTheEndOfTheRingStaysThere()
    {
        final ResponseLog log = new ResponseLog(16, 100);
        final Map<Long, byte[]> recorded = new HashMap<>();
        record(log, recorded, 1, 60); // 0..60
        record(log, recorded, 2, 40); // 60..100: fits exactly
        assertEquals(1, log.firstAvailableSeq(), "100 bytes fit in 100");
        assertHolds(log, recorded, 1, 2);
        final UnsafeBuffer into = new UnsafeBuffer(new byte[0]);
        log.wrap(2, into);
        assertEquals(60, into.wrapAdjustment());

        record(log, recorded, 3, 1); // 0..1, over seq 1 only
        assertEquals(2, log.firstAvailableSeq());
        assertHolds(log, recorded, 2, 3);
    }

    @Test
    void lengthOfIsMinusOneForSeqsNeverRecorded()
    {
        final ResponseLog log = new ResponseLog(8, 1024);
        final Map<Long, byte[]> recorded = new HashMap<>();
        for (long seq = 100; seq <= 103; seq++) // a replica that started from a snapshot at seq 99
        {
            record(log, recorded, seq, 12);
        }
        assertEquals(100, log.firstAvailableSeq());
        assertEquals(4, log.size());
        assertHolds(log, recorded, 100, 103);
        for (final long seq : new long[] {Long.MIN_VALUE, -1, 0, 1, 96, 99, 104, 108, Long.MAX_VALUE})
        {
            assertEquals(-1, log.lengthOf(seq), "seq " + seq);
        }
    }

    @Test
    void aSeqThatDoesNotFollowStartsTheLogAfresh()
    {
        final ResponseLog log = new ResponseLog(8, 1024);
        final Map<Long, byte[]> recorded = new HashMap<>();
        for (long seq = 1; seq <= 5; seq++)
        {
            record(log, recorded, seq, 10);
        }
        record(log, recorded, 20, 10); // a snapshot was loaded
        assertEquals(20, log.firstAvailableSeq());
        assertEquals(20, log.lastSeq());
        assertEquals(1, log.size());
        for (long seq = 1; seq <= 19; seq++)
        {
            assertEquals(-1, log.lengthOf(seq), "seq " + seq);
        }
        record(log, recorded, 21, 10);
        assertHolds(log, recorded, 20, 21);
    }

    @Test
    void aMessageLongerThanTheRingIsNotKeptNorAnythingBeforeIt()
    {
        final ResponseLog log = new ResponseLog(8, 100);
        final Map<Long, byte[]> recorded = new HashMap<>();
        record(log, recorded, 1, 40);
        record(log, recorded, 2, 101);
        assertEquals(2, log.lastSeq());
        assertEquals(3, log.firstAvailableSeq());
        assertEquals(0, log.size());
        assertEquals(-1, log.lengthOf(1));
        assertEquals(-1, log.lengthOf(2));

        record(log, recorded, 3, 100); // exactly the capacity is kept
        assertEquals(3, log.firstAvailableSeq());
        assertHolds(log, recorded, 3, 3);
    }

    @Test
    void recordRejectsANonPositiveSeqAndANegativeLength()
    {
        final ResponseLog log = new ResponseLog(8, 100);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[10]);
        assertThrows(IllegalArgumentException.class, () -> log.record(0, buffer, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> log.record(-3, buffer, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> log.record(1, buffer, 0, -1));
        assertEquals(0, log.lastSeq());
        assertEquals(0, log.size());
    }

    @Test
    void seqsBeyondTheIntRange()
    {
        final ResponseLog log = new ResponseLog(4, 1 << 12);
        final Map<Long, byte[]> recorded = new HashMap<>();
        final long start = Integer.MAX_VALUE - 5L;
        for (long seq = start; seq <= start + 10; seq++)
        {
            record(log, recorded, seq, (int)(seq % 13) + 1);
            final long first = Math.max(start, seq - 3);
            assertEquals(first, log.firstAvailableSeq(), "after seq " + seq);
            assertHolds(log, recorded, first, seq);
        }
        final long big = 3L << 32;
        record(log, recorded, big, 9);
        record(log, recorded, big + 1, 9);
        assertHolds(log, recorded, big, big + 1);
    }

    @Test
    void aLongRunOfRandomLengthsNeverReturnsACorruptMessage()
    {
        run(64, 1_000, 120, 20_000, 11);  // bytes run out first
        run(8, 10_000, 120, 20_000, 12);  // entries run out first
        run(32, 257, 128, 20_000, 13);    // messages as long as half the ring
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /**
     * Records random lengths and checks after each one: every seq held is intact, the newest is held, no more than
     * the entry count is held, and the bytes held never fall far below the capacity (only a tail skipped at the end of
     * the ring and the message that gave way are lost: less than three of the longest messages).
     */
    private static void run(final int entries, final int capacity, final int maxLength, final int count, final long seed)
    {
        final ResponseLog log = new ResponseLog(entries, capacity);
        final Random random = new Random(seed);
        final Map<Long, byte[]> recorded = new HashMap<>();
        for (long seq = 1; seq <= count; seq++)
        {
            record(log, recorded, seq, random.nextInt(maxLength + 1));
            recorded.remove(seq - entries - 1);
            final String where = "entries " + entries + ", capacity " + capacity + ", after seq " + seq;
            assertEquals(seq, log.lastSeq(), where);
            assertTrue(log.size() >= 1 && log.size() <= entries, where + ": size " + log.size());
            assertEquals(seq - log.firstAvailableSeq() + 1, log.size(), where);
            long heldBytes = 0;
            for (long held = log.firstAvailableSeq(); held <= seq; held++)
            {
                assertArrayEquals(recorded.get(held), wrapped(log, held), where + ": seq " + held);
                heldBytes += recorded.get(held).length;
            }
            assertTrue(heldBytes <= capacity, where + ": " + heldBytes + " bytes held");
            if (log.firstAvailableSeq() > 1 && log.size() < entries)
            {
                assertTrue(heldBytes > capacity - 3L * maxLength,
                    where + ": only " + heldBytes + " bytes held in seqs " + log.firstAvailableSeq() + ".." + seq);
            }
            if (log.firstAvailableSeq() > 1)
            {
                assertEquals(-1, log.lengthOf(log.firstAvailableSeq() - 1), where);
            }
        }
    }

    private static void record(final ResponseLog log, final Map<Long, byte[]> recorded, final long seq, final int length)
    {
        final byte[] message = message(seq, length);
        recorded.put(seq, message);
        log.record(seq, new UnsafeBuffer(message), 0, length);
    }

    /** Distinct bytes for every seq and position, so that an overwrite or a misplaced message shows. */
    private static byte[] message(final long seq, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seq * 131 + i * 7 + (seq >>> 8));
        }
        return bytes;
    }

    private static byte[] wrapped(final ResponseLog log, final long seq)
    {
        final UnsafeBuffer into = new UnsafeBuffer(new byte[0]);
        final int length = log.wrap(seq, into);
        assertTrue(length >= 0, "seq " + seq + " is held");
        assertEquals(length, into.capacity());
        final byte[] bytes = new byte[length];
        into.getBytes(0, bytes);
        return bytes;
    }

    private static void assertHolds(final ResponseLog log, final Map<Long, byte[]> recorded, final long from, final long to)
    {
        assertEquals(from, log.firstAvailableSeq());
        assertEquals(to, log.lastSeq());
        assertEquals(to - from + 1, log.size());
        for (long seq = from; seq <= to; seq++)
        {
            assertEquals(recorded.get(seq).length, log.lengthOf(seq), "length of seq " + seq);
            assertArrayEquals(recorded.get(seq), wrapped(log, seq), "bytes of seq " + seq);
        }
    }
}
