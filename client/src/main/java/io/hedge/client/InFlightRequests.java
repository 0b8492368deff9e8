package io.hedge.client;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The requests of a session that wait for an answer, with their payload bytes, so that they can be resent with
 * the same correlation id and the same bytes to a new active gateway. Allocated once: a slot per correlation id
 * (id modulo a power of two) and a ring of bytes where payloads are appended in correlation id order. Space is
 * given back when the oldest request completes, so one request that waits long holds the bytes of the ones after
 * it until its own deadline.
 * <p>
 * Not thread-safe; owned by its {@link HedgeSession}.
 */
final class InFlightRequests
{
    private final long[] ids;
    private final long[] deadlinesNs;
    private final long[] sentNs;
    private final long[] offeredNs;
    private final long[] positions;
    private final int[] lengths;
    private final boolean[] sent;
    private final int mask;
    private final UnsafeBuffer bytes;
    private final int capacity;

    /** Absolute byte positions: head is where the next payload goes, tail where the oldest one kept starts. */
    private long head;
    private long tail;
    private long oldest = 1;
    private long next = 1;
    private int count;

    InFlightRequests(final int maxInFlight, final int capacity)
    {
        ids = new long[maxInFlight];
        deadlinesNs = new long[maxInFlight];
        sentNs = new long[maxInFlight];
        offeredNs = new long[maxInFlight];
        positions = new long[maxInFlight];
        lengths = new int[maxInFlight];
        sent = new boolean[maxInFlight];
        mask = maxInFlight - 1;
        bytes = new UnsafeBuffer(new byte[capacity]);
        this.capacity = capacity;
    }

    /**
     * Let the next correlation id be this one; only while nothing is in flight.
     */
    void startAt(final long nextId)
    {
        if (count != 0)
        {
            throw new IllegalStateException("requests are in flight");
        }
        oldest = nextId;
        next = nextId;
        tail = head;
    }

    long nextId()
    {
        return next;
    }

    long oldestId()
    {
        return oldest;
    }

    int count()
    {
        return count;
    }

    int capacity()
    {
        return capacity;
    }

    UnsafeBuffer bytes()
    {
        return bytes;
    }

    boolean isFull()
    {
        return ids[(int)next & mask] != 0;
    }

    boolean contains(final long id)
    {
        return id > 0 && ids[(int)id & mask] == id;
    }

    /**
     * Find room for a payload after the last one.
     *
     * @return the absolute position for it, or -1 if the store is full.
     */
    long reserve(final int length)
    {
        long position = head;
        final int index = index(position);
        if (index + length > capacity)
        {
            position += capacity - index; // a payload is never split: skip to the start of the ring
        }
        final long start = count == 0 ? position : tail;
        return position + length - start > capacity ? -1 : position;
    }

    int index(final long position)
    {
        return (int)(position % capacity);
    }

    /**
     * Keep the request with the next correlation id, its payload already copied at the reserved position.
     */
    void commit(final long position, final int length, final long deadlineNs, final boolean wasSent, final long nowNs)
    {
        final int slot = (int)next & mask;
        if (count == 0)
        {
            tail = position;
        }
        ids[slot] = next;
        positions[slot] = position;
        lengths[slot] = length;
        deadlinesNs[slot] = deadlineNs;
        sent[slot] = wasSent;
        sentNs[slot] = nowNs;
        offeredNs[slot] = nowNs;
        head = position + length;
        next++;
        count++;
    }

    /**
     * @return true if the request was in flight; it is not any more.
     */
    boolean remove(final long id)
    {
        if (!contains(id))
        {
            return false;
        }
        ids[(int)id & mask] = 0;
        count--;
        if (id == oldest)
        {
            while (oldest < next && ids[(int)oldest & mask] != oldest)
            {
                oldest++;
            }
            tail = count == 0 ? head : positions[(int)oldest & mask];
        }
        return true;
    }

    long deadlineNs(final long id)
    {
        return deadlinesNs[(int)id & mask];
    }

    long position(final long id)
    {
        return positions[(int)id & mask];
    }

    int length(final long id)
    {
        return lengths[(int)id & mask];
    }

    long sentNs(final long id)
    {
        return sentNs[(int)id & mask];
    }

    /**
     * @return when the request was offered: the start of its round trip.
     */
    long offeredNs(final long id)
    {
        return offeredNs[(int)id & mask];
    }

    boolean wasSent(final long id)
    {
        return sent[(int)id & mask];
    }

    void markSent(final long id, final long nowNs)
    {
        final int slot = (int)id & mask;
        sent[slot] = true;
        sentNs[slot] = nowNs;
    }
}
