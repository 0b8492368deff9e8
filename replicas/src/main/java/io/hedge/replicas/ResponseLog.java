package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The replica's most recent {@code ReplicaResponse} messages, as sent (header included), by seq: a bounded ring in
 * memory, pre-allocated and filled on the hot path without allocating. A gateway that takes over fetches from it the
 * responses its predecessor may not have forwarded, and the effects the sink may lack. Not durable: after a restart
 * it holds only what came since.
 *
 * <p>It holds at most {@code entries} messages (a power of two) and {@code capacity} bytes; when a new message would
 * pass either limit, the oldest ones give way. Each message is kept in one piece: one that does not fit before the end
 * of the byte ring starts again at its beginning, and the tail left over counts as used. The seqs held are always
 * contiguous, from {@link #firstAvailableSeq()} to {@link #lastSeq()}: a seq that does not follow the last one (the
 * replica loaded a snapshot, say) starts the log afresh.
 *
 * <p>Not thread safe: recorded and read by the replica's agent thread.
 */
final class ResponseLog
{
    /** Default most messages kept. */
    static final int DEFAULT_ENTRIES = 64 * 1024;
    /** Default most bytes kept. */
    static final int DEFAULT_BYTES = 16 * 1024 * 1024;

    private final int entries;
    private final int mask;
    private final long[] seqs;
    /** Where each message starts, counted in bytes written since the log was made (not wrapped). */
    private final long[] positions;
    private final int[] lengths;
    private final UnsafeBuffer bytes;
    private final int capacity;
    private long writePosition;
    /** The oldest seq held; lastSeq + 1 when none is. */
    private long firstSeq = 1;
    private long lastSeq;

    ResponseLog()
    {
        this(DEFAULT_ENTRIES, DEFAULT_BYTES);
    }

    /**
     * @param entries  most responses kept; a power of two, at least 2.
     * @param capacity most bytes kept, at least 1.
     */
    ResponseLog(final int entries, final int capacity)
    {
        if (entries < 2 || Integer.bitCount(entries) != 1 || capacity < 1)
        {
            throw new IllegalArgumentException("response log needs a power-of-two entry count (at least 2) and at " +
                "least 1 byte, got " + entries + " and " + capacity);
        }
        this.entries = entries;
        mask = entries - 1;
        seqs = new long[entries];
        positions = new long[entries];
        lengths = new int[entries];
        this.capacity = capacity;
        bytes = new UnsafeBuffer(new byte[capacity]);
    }

    /**
     * Keep the response of a seq, normally the one after {@link #lastSeq()}; the oldest ones give way. A seq that does
     * not follow the last one drops everything held before it. A message longer than the whole byte capacity is not
     * kept (and nothing before it is either, to keep the seqs held contiguous).
     *
     * @param seq    positive.
     * @param buffer holding the message.
     * @param offset where it starts.
     * @param length its length, header included.
     */
    void record(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (seq <= 0 || length < 0)
        {
            throw new IllegalArgumentException("seq must be positive and length not negative: " + seq + ", " + length);
        }
        if (seq != lastSeq + 1)
        {
            firstSeq = seq;
        }
        lastSeq = seq;
        if (length > capacity)
        {
            firstSeq = seq + 1;
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

        while (firstSeq < seq)
        {
            final int oldest = (int)firstSeq & mask;
            if (seq - firstSeq >= entries || writePosition - positions[oldest] > capacity)
            {
                firstSeq++; // its slot is reused, or some of its bytes are overwritten
            }
            else
            {
                break;
            }
        }
    }

    /**
     * Forget the responses of every seq after {@code seq} (a journal cut back to it): they are of an abandoned
     * history. The next {@link #record} is then seq + 1, or drops the rest.
     */
    void forgetAfter(final long seq)
    {
        if (seq >= lastSeq)
        {
            return;
        }
        lastSeq = Math.max(0, seq);
        if (firstSeq > lastSeq + 1)
        {
            firstSeq = lastSeq + 1;
        }
    }

    /**
     * @return the length of the response kept for this seq, or -1 if it is not kept.
     */
    int lengthOf(final long seq)
    {
        if (seq < firstSeq || seq > lastSeq)
        {
            return -1;
        }
        final int slot = (int)seq & mask;
        return seqs[slot] == seq ? lengths[slot] : -1;
    }

    /**
     * Point a buffer at the response kept for this seq; valid until the next {@link #record}.
     *
     * @return its length, or -1 if it is not kept (and the buffer is left as it was).
     */
    int wrap(final long seq, final UnsafeBuffer into)
    {
        final int length = lengthOf(seq);
        if (length >= 0)
        {
            into.wrap(bytes, offsetOf(seq), length);
        }
        return length;
    }

    /**
     * Copy the response kept for this seq.
     *
     * @return its length, or -1 if it is not kept (and nothing is written).
     */
    int copy(final long seq, final MutableDirectBuffer into, final int offset)
    {
        final int length = lengthOf(seq);
        if (length >= 0)
        {
            into.putBytes(offset, bytes, offsetOf(seq), length);
        }
        return length;
    }

    /**
     * @return the oldest seq still kept; {@link #lastSeq()} + 1 if none is.
     */
    long firstAvailableSeq()
    {
        return firstSeq;
    }

    /**
     * @return the last seq recorded, 0 if none.
     */
    long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return how many responses are kept.
     */
    int size()
    {
        return (int)(lastSeq - firstSeq + 1);
    }

    int maxEntries()
    {
        return entries;
    }

    int capacity()
    {
        return capacity;
    }

    private int offsetOf(final long seq)
    {
        return (int)(positions[(int)seq & mask] % capacity);
    }
}
