package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The replica's most recent {@code ReplicaResponse} messages, as sent, by seq: a bounded ring in memory, filled on
 * the hot path without allocating. A gateway that takes over fetches from it the responses its predecessor may not
 * have forwarded, and the effects the sink may lack. Not durable: after a restart it holds only what came since.
 */
final class ResponseLog
{
    private final int mask;
    private final long[] seqs;
    private final long[] positions;
    private final int[] lengths;
    private final UnsafeBuffer bytes;
    private final int capacity;
    private long writePosition;
    private long lastSeq;

    /**
     * @param entries  most responses kept; a power of two.
     * @param capacity most bytes kept.
     */
    ResponseLog(final int entries, final int capacity)
    {
        if (entries < 2 || Integer.bitCount(entries) != 1 || capacity < 64)
        {
            throw new IllegalArgumentException("response log needs a power-of-two entry count and at least 64 bytes, " +
                "got " + entries + " and " + capacity);
        }
        mask = entries - 1;
        seqs = new long[entries];
        positions = new long[entries];
        lengths = new int[entries];
        this.capacity = capacity;
        bytes = new UnsafeBuffer(new byte[capacity]);
    }

    /**
     * Keep the response of a seq; the oldest ones give way.
     */
    void record(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > capacity)
        {
            return;
        }
        int index = (int)(writePosition % capacity);
        if (index + length > capacity)
        {
            // does not fit before the end: skip the tail, so each message is in one piece
            writePosition += capacity - index;
            index = 0;
        }
        bytes.putBytes(index, buffer, offset, length);
        final int slot = (int)seq & mask;
        seqs[slot] = seq;
        positions[slot] = writePosition;
        lengths[slot] = length;
        writePosition += length;
        lastSeq = seq;
    }

    /**
     * @return the length of the response kept for this seq, or -1 if it is not kept.
     */
    int lengthOf(final long seq)
    {
        final int slot = (int)seq & mask;
        if (seq <= 0 || seqs[slot] != seq || writePosition - positions[slot] > capacity)
        {
            return -1;
        }
        return lengths[slot];
    }

    /**
     * Point a buffer at the response kept for this seq; valid until the next {@link #record}.
     *
     * @return its length, or -1 if it is not kept.
     */
    int wrap(final long seq, final UnsafeBuffer into)
    {
        final int length = lengthOf(seq);
        if (length >= 0)
        {
            into.wrap(bytes, (int)(positions[(int)seq & mask] % capacity), length);
        }
        return length;
    }

    /**
     * @return the oldest seq still kept, counting back from the last one while each is present; 0 if none.
     */
    long firstAvailableSeq()
    {
        long seq = lastSeq;
        while (seq > 0 && lengthOf(seq - 1) >= 0)
        {
            seq--;
        }
        return lastSeq == 0 ? 0 : seq;
    }

    long lastSeq()
    {
        return lastSeq;
    }
}
