package io.hedge.examples.kvledger;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The ledger's snapshot: {@code [magic][format][capacity][maxValueLength][count]} then, for each entry in key order,
 * {@code [keyLength uint16][key][version int64][valueLength int32][value]}, all little-endian. Listing the entries by
 * key makes the bytes depend on the ledger's contents only, not on where its table happened to put them.
 */
final class KvSnapshot
{
    static final int MAGIC = 0x4B564C47; // "KVLG"
    static final int FORMAT = 1;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER_LENGTH = 5 * Integer.BYTES;

    private KvSnapshot()
    {
    }

    static int write(final KvTable table, final ExpandableDirectByteBuffer buffer, final int offset)
    {
        final Integer[] slots = new Integer[table.size()];
        int n = 0;
        for (int slot = 0; slot < table.capacity(); slot++)
        {
            if (table.isLive(slot))
            {
                slots[n++] = slot;
            }
        }
        Arrays.sort(slots, table::compareKeys);

        int at = offset;
        buffer.putInt(at, MAGIC, ORDER);
        buffer.putInt(at + 4, FORMAT, ORDER);
        buffer.putInt(at + 8, table.capacity(), ORDER);
        buffer.putInt(at + 12, table.maxValueLength(), ORDER);
        buffer.putInt(at + 16, n, ORDER);
        at += HEADER_LENGTH;
        for (final int slot : slots)
        {
            final int keyLength = table.keyLength(slot);
            buffer.putShort(at, (short)keyLength, ORDER);
            buffer.putBytes(at + 2, table.keys(), table.keyOffset(slot), keyLength);
            at += 2 + keyLength;
            buffer.putLong(at, table.version(slot), ORDER);
            final int valueLength = table.valueLength(slot);
            buffer.putInt(at + 8, valueLength, ORDER);
            buffer.putBytes(at + 12, table.values(), table.valueOffset(slot), valueLength);
            at += 12 + valueLength;
        }
        return at - offset;
    }

    /**
     * Fill an empty table from a snapshot, checking everything before trusting it.
     *
     * @throws IllegalArgumentException if the bytes are not a ledger snapshot, are cut short or inconsistent, or were
     *                                  written by a ledger of another configuration.
     */
    static void load(final KvTable table, final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        require(length >= HEADER_LENGTH && offset >= 0 && end <= buffer.capacity(), "it is shorter than its header");
        require(buffer.getInt(offset, ORDER) == MAGIC, "it does not start with the ledger's magic number");
        final int format = buffer.getInt(offset + 4, ORDER);
        require(format == FORMAT, "its format is " + format + ", this ledger reads " + FORMAT);
        final int capacity = buffer.getInt(offset + 8, ORDER);
        final int maxValueLength = buffer.getInt(offset + 12, ORDER);
        require(capacity == table.capacity() && maxValueLength == table.maxValueLength(), "it was written by a " +
            "ledger of max.keys " + capacity + " and max.value.length " + maxValueLength + ", this one has " +
            table.capacity() + " and " + table.maxValueLength());
        final int count = buffer.getInt(offset + 16, ORDER);
        require(count >= 0 && count <= capacity, "it holds " + count + " entries, more than max.keys");
        int at = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            require(at + 2 <= end, "entry " + i + " is cut short");
            final int keyLength = buffer.getShort(at, ORDER) & 0xFFFF;
            require(keyLength >= 1 && keyLength <= KvTable.MAX_KEY_LENGTH, "entry " + i + " has a key of " +
                keyLength + " bytes");
            require(at + 2 + keyLength + 12 <= end, "entry " + i + " is cut short");
            final int keyOffset = at + 2;
            at = keyOffset + keyLength;
            final long version = buffer.getLong(at, ORDER);
            final int valueLength = buffer.getInt(at + 8, ORDER);
            require(version > 0, "entry " + i + " has version " + version);
            require(valueLength >= 0 && valueLength <= maxValueLength, "entry " + i + " has a value of " +
                valueLength + " bytes");
            require(at + 12 + valueLength <= end, "entry " + i + " is cut short");
            require(table.find(buffer, keyOffset, keyLength) < 0, "entry " + i + " repeats a key");
            final int slot = table.insert(buffer, keyOffset, keyLength);
            table.write(slot, version, buffer, at + 12, valueLength);
            at += 12 + valueLength;
        }
        require(at == end, (end - at) + " bytes follow its last entry");
    }

    private static void require(final boolean condition, final String problem)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("not a usable key-value ledger snapshot: " + problem);
        }
    }
}
