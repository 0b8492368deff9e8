package io.hedge.examples.kvledger;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ledger's entries, in memory sized once at construction so that no request allocates: a slot per possible key
 * (key bytes, value bytes, version) and an open-addressing index over them (linear probing, deletion by backward
 * shift, so no tombstones pile up).
 *
 * <p>Which slot and which index position an entry takes depends on the history of writes and deletes, so nothing
 * that must be the same on every replica may depend on it: responses depend on the entries' contents only, the full
 * state hash combines the entries in an order-independent way, and a snapshot lists them sorted by key. The hash that
 * places keys in the index is computed from the key bytes, never from an object's identity.
 */
final class KvTable
{
    /** Longest key, in bytes. */
    static final int MAX_KEY_LENGTH = 64;

    private final int capacity;
    private final int maxValueLength;
    private final UnsafeBuffer keys;
    private final UnsafeBuffer values;
    private final int[] keyLengths;
    private final int[] valueLengths;
    private final long[] versions;
    /** Slot + 1 at each index position; 0 is empty. */
    private final int[] index;
    private final int indexMask;
    /** Free slots, a stack. */
    private final int[] free;
    private int freeCount;
    private int size;

    KvTable(final int capacity, final int maxValueLength)
    {
        this.capacity = capacity;
        this.maxValueLength = maxValueLength;
        keys = new UnsafeBuffer(new byte[Math.multiplyExact(capacity, MAX_KEY_LENGTH)]);
        values = new UnsafeBuffer(new byte[Math.max(1, Math.multiplyExact(capacity, maxValueLength))]);
        keyLengths = new int[capacity];
        valueLengths = new int[capacity];
        versions = new long[capacity];
        index = new int[BitUtil.findNextPositivePowerOfTwo(Math.max(2, capacity * 2))];
        indexMask = index.length - 1;
        free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = capacity - 1 - i; // slot 0 on top: slots fill in order
        }
        freeCount = capacity;
    }

    int capacity()
    {
        return capacity;
    }

    int maxValueLength()
    {
        return maxValueLength;
    }

    int size()
    {
        return size;
    }

    boolean isFull()
    {
        return 0 == freeCount;
    }

    /**
     * @return the slot of the key, or -1 if it is absent.
     */
    int find(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int at = hash(buffer, offset, length) & indexMask; ; at = (at + 1) & indexMask)
        {
            final int entry = index[at];
            if (0 == entry)
            {
                return -1;
            }
            if (keyEquals(entry - 1, buffer, offset, length))
            {
                return entry - 1;
            }
        }
    }

    /**
     * Add a key that is absent; the caller has checked that the table is not full.
     *
     * @return its slot.
     */
    int insert(final DirectBuffer buffer, final int offset, final int length)
    {
        final int slot = free[--freeCount];
        keys.putBytes(slot * MAX_KEY_LENGTH, buffer, offset, length);
        keyLengths[slot] = length;
        int at = hash(buffer, offset, length) & indexMask;
        while (0 != index[at])
        {
            at = (at + 1) & indexMask;
        }
        index[at] = slot + 1;
        size++;
        return slot;
    }

    void write(final int slot, final long version, final DirectBuffer buffer, final int offset, final int length)
    {
        values.putBytes(slot * maxValueLength, buffer, offset, length);
        valueLengths[slot] = length;
        versions[slot] = version;
    }

    /**
     * Remove the entry of a slot: its index position is emptied and the entries after it in its probe run shift back,
     * so that every key stays reachable from its home position.
     */
    void remove(final int slot)
    {
        int at = hash(keys, slot * MAX_KEY_LENGTH, keyLengths[slot]) & indexMask;
        while (index[at] != slot + 1)
        {
            at = (at + 1) & indexMask;
        }
        int hole = at;
        for (int next = (hole + 1) & indexMask; 0 != index[next]; next = (next + 1) & indexMask)
        {
            final int other = index[next] - 1;
            final int home = hash(keys, other * MAX_KEY_LENGTH, keyLengths[other]) & indexMask;
            // the entry at next may fill the hole unless its home lies cyclically in (hole, next]
            if (((next - home) & indexMask) >= ((next - hole) & indexMask))
            {
                index[hole] = index[next];
                hole = next;
            }
        }
        index[hole] = 0;
        keyLengths[slot] = 0;
        valueLengths[slot] = 0;
        versions[slot] = 0;
        free[freeCount++] = slot;
        size--;
    }

    boolean isLive(final int slot)
    {
        return keyLengths[slot] > 0;
    }

    long version(final int slot)
    {
        return versions[slot];
    }

    int keyOffset(final int slot)
    {
        return slot * MAX_KEY_LENGTH;
    }

    int keyLength(final int slot)
    {
        return keyLengths[slot];
    }

    DirectBuffer keys()
    {
        return keys;
    }

    int valueOffset(final int slot)
    {
        return slot * maxValueLength;
    }

    int valueLength(final int slot)
    {
        return valueLengths[slot];
    }

    DirectBuffer values()
    {
        return values;
    }

    void copyValue(final int slot, final MutableDirectBuffer to, final int offset)
    {
        to.putBytes(offset, values, slot * maxValueLength, valueLengths[slot]);
    }

    /**
     * Orders two live slots by their keys' bytes (unsigned, then by length), for a snapshot that lists the entries
     * the same way whatever the history.
     */
    int compareKeys(final int a, final int b)
    {
        final int lengthA = keyLengths[a];
        final int lengthB = keyLengths[b];
        final int common = Math.min(lengthA, lengthB);
        for (int i = 0; i < common; i++)
        {
            final int byteA = keys.getByte(a * MAX_KEY_LENGTH + i) & 0xFF;
            final int byteB = keys.getByte(b * MAX_KEY_LENGTH + i) & 0xFF;
            if (byteA != byteB)
            {
                return byteA - byteB;
            }
        }
        return lengthA - lengthB;
    }

    private boolean keyEquals(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        if (keyLengths[slot] != length)
        {
            return false;
        }
        final int base = slot * MAX_KEY_LENGTH;
        for (int i = 0; i < length; i++)
        {
            if (keys.getByte(base + i) != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** FNV-1a over the key bytes, then a mix so that the low bits the index uses depend on every byte. */
    static int hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            hash ^= buffer.getByte(offset + i) & 0xFF;
            hash *= 0x100000001b3L;
        }
        return (int)mix(hash);
    }

    /** The finaliser of SplitMix64: every input bit affects every output bit. */
    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
