package io.hedge.gateway;

import java.util.Arrays;

/**
 * The storage of a {@link ResponseCollector}'s ring: per slot the seq, the client and correlation ids, the hash tally,
 * the answered flags, the outcome and the response held. A gateway allocates it once and lends it to each of its terms
 * in turn, because allocating it (tens of megabytes, zeroed) when a term begins cost 2 to 250 ms of garbage collection
 * and zeroing on the takeover path (measured in SwitchoverFabricTest), which every client waited through.
 * <p>
 * A gateway has at most one term at a time, so at most one collector uses the slots: {@link #lend} marks every slot
 * empty for the next. Only the seq of each slot needs clearing: a collector reads a slot's other fields only when the
 * slot holds the seq asked about, and it clears them when it registers a seq there. The response bytes stay in the
 * ring; positions from an earlier term are never read, since every slot's position is cleared on registration.
 */
final class CollectorSlots
{
    final int capacity;
    final int replicaCount;
    final long[] slotSeq;
    final long[] clientIds;
    final long[] correlationIds;
    final HashTally tally;
    final boolean[] answered;
    /** Answered with a response a retry may be given again (not given up). */
    final boolean[] answerable;
    final boolean[] fetched;
    /** The outcome of the response held for each slot, told to the client with it. */
    final byte[] outcomes;
    final HeldResponses held;

    private int lent;

    /**
     * @param capacity     slots, a power of two: the most seqs in flight (sequenced, not yet answered and committed).
     * @param replicaCount the configured replicas, ids 1..replicaCount.
     * @param cacheBytes   the ring the responses held are copied into.
     */
    CollectorSlots(final int capacity, final int replicaCount, final int cacheBytes)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("collector capacity must be a power of two, got " + capacity);
        }
        if (replicaCount < 1 || replicaCount > Long.SIZE - 2)
        {
            throw new IllegalArgumentException("replica count must be between 1 and 62, got " + replicaCount);
        }
        this.capacity = capacity;
        this.replicaCount = replicaCount;
        slotSeq = new long[capacity];
        clientIds = new long[capacity];
        correlationIds = new long[capacity];
        tally = new HashTally(capacity, replicaCount);
        answered = new boolean[capacity];
        answerable = new boolean[capacity];
        fetched = new boolean[capacity];
        outcomes = new byte[capacity];
        held = new HeldResponses(capacity, cacheBytes);
    }

    /**
     * Empty every slot for a new collector: what the one before it held is gone.
     *
     * @return these slots.
     */
    CollectorSlots lend()
    {
        Arrays.fill(slotSeq, 0L);
        lent++;
        return this;
    }

    /**
     * @return how many collectors have used these slots.
     */
    int timesLent()
    {
        return lent;
    }
}
