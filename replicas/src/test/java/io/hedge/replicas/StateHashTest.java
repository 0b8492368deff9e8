package io.hedge.replicas;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateHashTest
{
    private static final int MAX_LENGTH = 17;

    @Test
    void deterministic()
    {
        final byte[] data = data(40, 3);
        final long a = StateHash.next(0, 1, new UnsafeBuffer(data), 0, data.length);
        final long b = StateHash.next(0, 1, new UnsafeBuffer(data.clone()), 0, data.length);
        assertEquals(a, b);
        assertEquals(a, StateHash.next(0, 1, new UnsafeBuffer(data), 0, data.length), "no hidden state");
        assertNotEquals(0, a);
    }

    @Test
    void matchesAnIndependentReferenceForEveryLengthUpTo17()
    {
        final byte[] data = data(MAX_LENGTH, 11);
        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        for (int length = 0; length <= MAX_LENGTH; length++)
        {
            for (final long seq : new long[]{1, 2, 1_000_003, Long.MAX_VALUE})
            {
                for (final long previous : new long[]{0, 1, 0x0123456789ABCDEFL, -1})
                {
                    assertEquals(reference(previous, seq, data, 0, length),
                        StateHash.next(previous, seq, buffer, 0, length),
                        "length " + length + " seq " + seq + " previous " + previous);
                }
            }
        }
    }

    @Test
    void everyLengthGivesADifferentHash()
    {
        final byte[] data = data(MAX_LENGTH, 5);
        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        final Set<Long> hashes = new HashSet<>();
        for (int length = 0; length <= MAX_LENGTH; length++)
        {
            assertTrue(hashes.add(StateHash.next(0, 1, buffer, 0, length)), "length " + length);
        }

        // trailing zero bytes are not invisible: the length is part of the hash
        final UnsafeBuffer zeros = new UnsafeBuffer(new byte[MAX_LENGTH]);
        final Set<Long> zeroHashes = new HashSet<>();
        for (int length = 0; length <= MAX_LENGTH; length++)
        {
            assertTrue(zeroHashes.add(StateHash.next(0, 1, zeros, 0, length)), "zeros of length " + length);
        }
    }

    @Test
    void differsWhenAnySingleByteChanges()
    {
        for (int length = 1; length <= MAX_LENGTH; length++)
        {
            final byte[] data = data(length, 9);
            final long original = StateHash.next(77, 5, new UnsafeBuffer(data), 0, length);
            for (int i = 0; i < length; i++)
            {
                for (final int flip : new int[]{0x01, 0x80, 0xFF})
                {
                    final byte[] changed = data.clone();
                    changed[i] ^= (byte)flip;
                    assertNotEquals(original, StateHash.next(77, 5, new UnsafeBuffer(changed), 0, length),
                        "length " + length + " byte " + i + " flip " + flip);
                }
            }
        }
    }

    @Test
    void differsWhenBytesAreSwapped()
    {
        final byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        final long original = StateHash.next(0, 1, new UnsafeBuffer(data), 0, data.length);
        final byte[] inBlock = data.clone();
        inBlock[0] = 2;
        inBlock[1] = 1;
        assertNotEquals(original, StateHash.next(0, 1, new UnsafeBuffer(inBlock), 0, data.length));
        final byte[] inTail = data.clone();
        inTail[8] = 10;
        inTail[9] = 9;
        assertNotEquals(original, StateHash.next(0, 1, new UnsafeBuffer(inTail), 0, data.length));
    }

    @Test
    void differsWhenSeqOrPreviousHashChanges()
    {
        for (int length = 0; length <= MAX_LENGTH; length++)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(data(length, 2));
            final long base = StateHash.next(1000, 42, buffer, 0, length);
            assertNotEquals(base, StateHash.next(1000, 43, buffer, 0, length), "seq, length " + length);
            assertNotEquals(base, StateHash.next(1000, 41, buffer, 0, length), "seq, length " + length);
            assertNotEquals(base, StateHash.next(1001, 42, buffer, 0, length), "previous, length " + length);
            assertNotEquals(base, StateHash.next(1000 ^ Long.MIN_VALUE, 42, buffer, 0, length),
                "previous top bit, length " + length);
        }
    }

    @Test
    void rollingHashDependsOnOrderAndHistory()
    {
        final UnsafeBuffer r1 = new UnsafeBuffer(data(12, 1));
        final UnsafeBuffer r2 = new UnsafeBuffer(data(12, 2));
        final long inOrder = StateHash.next(StateHash.next(0, 1, r1, 0, 12), 2, r2, 0, 12);
        final long swapped = StateHash.next(StateHash.next(0, 1, r2, 0, 12), 2, r1, 0, 12);
        assertNotEquals(inOrder, swapped);

        // a divergence at seq 1 persists in every later hash
        final long divergentFirst = StateHash.next(0, 1, r2, 0, 12);
        long good = StateHash.next(0, 1, r1, 0, 12);
        long bad = divergentFirst;
        for (long seq = 2; seq < 50; seq++)
        {
            good = StateHash.next(good, seq, r1, 0, 12);
            bad = StateHash.next(bad, seq, r1, 0, 12);
            assertNotEquals(good, bad, "seq " + seq);
        }
    }

    @Test
    void offsetsSelectTheSameBytesWhereverTheyLie()
    {
        for (int length = 0; length <= MAX_LENGTH; length++)
        {
            final byte[] data = data(length, 4);
            final long expected = StateHash.next(9, 3, new UnsafeBuffer(data), 0, length);
            for (int offset = 1; offset <= 9; offset++)
            {
                final byte[] padded = new byte[offset + length + 5];
                for (int i = 0; i < padded.length; i++)
                {
                    padded[i] = (byte)(0xC3 ^ i);
                }
                System.arraycopy(data, 0, padded, offset, length);
                assertEquals(expected, StateHash.next(9, 3, new UnsafeBuffer(padded), offset, length),
                    "heap, length " + length + " offset " + offset);

                final ExpandableDirectByteBuffer direct = new ExpandableDirectByteBuffer(padded.length);
                direct.putBytes(0, padded);
                assertEquals(expected, StateHash.next(9, 3, direct, offset, length),
                    "direct, length " + length + " offset " + offset);
            }
        }
    }

    @Test
    void bytesOutsideTheRangeAreIgnored()
    {
        final byte[] a = data(30, 6);
        final byte[] b = a.clone();
        b[4] ^= 0x55;  // before the range
        b[25] ^= 0x55; // after it
        assertEquals(StateHash.next(0, 8, new UnsafeBuffer(a), 5, 17), StateHash.next(0, 8, new UnsafeBuffer(b), 5, 17));
    }

    @Test
    void mixSpreadsEveryInputBit()
    {
        assertEquals(0, StateHash.mix(0));
        final Set<Long> outputs = new HashSet<>();
        long totalFlipped = 0;
        int trials = 0;
        for (long v = 1; v <= 2000; v++)
        {
            final long input = v * 0x9E3779B97F4A7C15L;
            final long mixed = StateHash.mix(input);
            assertTrue(outputs.add(mixed), "collision at " + v);
            for (int bit = 0; bit < 64; bit++)
            {
                totalFlipped += Long.bitCount(mixed ^ StateHash.mix(input ^ (1L << bit)));
                trials++;
            }
        }
        final double average = (double)totalFlipped / trials;
        assertTrue(average > 30 && average < 34, "avalanche: one input bit flips " + average + " output bits");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static byte[] data(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 37 + i * 101 + 1);
        }
        return bytes;
    }

    /** The documented algorithm, written independently of Agrona: little-endian 8-byte blocks, then a tail. */
    private static long reference(final long hash, final long seq, final byte[] data, final int offset, final int length)
    {
        final ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long h = fmix64(hash ^ (seq * 0x9E3779B97F4A7C15L));
        int i = 0;
        while (length - i >= 8)
        {
            h = fmix64(h ^ bb.getLong(offset + i));
            i += 8;
        }
        long tail = length;
        while (i < length)
        {
            tail = (tail << 8) | (data[offset + i] & 0xFF);
            i++;
        }
        return fmix64(h ^ tail);
    }

    private static long fmix64(final long value)
    {
        long k = value;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb93fe1a85ec9L;
        k ^= k >>> 33;
        return k;
    }
}
