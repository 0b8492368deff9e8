package io.hedge.gateway;

/**
 * For each in-flight seq (by the collector's slot): which configured replicas responded, with which state hash, and
 * the hash a majority agreed on once one has. Primitive arrays, one row of hashes per slot; nothing allocated.
 */
final class HashTally
{
    private final int replicaCount;
    /** Per slot, bit r: replica r has responded. */
    private final long[] responders;
    /** Per slot and replica ({@code slot * replicaCount + r - 1}): the state hash it sent. */
    private final long[] hashes;
    private final boolean[] agreed;
    private final long[] agreedHashes;

    HashTally(final int capacity, final int replicaCount)
    {
        this.replicaCount = replicaCount;
        responders = new long[capacity];
        hashes = new long[capacity * replicaCount];
        agreed = new boolean[capacity];
        agreedHashes = new long[capacity];
    }

    void clear(final int slot)
    {
        responders[slot] = 0;
        agreed[slot] = false;
    }

    /**
     * @return false if the replica had already responded for this slot's seq: a repeat counts for nothing.
     */
    boolean record(final int slot, final int replicaId, final long stateHash)
    {
        final long bit = 1L << replicaId;
        if ((responders[slot] & bit) != 0)
        {
            return false;
        }
        responders[slot] |= bit;
        hashes[slot * replicaCount + replicaId - 1] = stateHash;
        return true;
    }

    /**
     * @param excluded bit r: replica r does not count (divergent).
     * @return how many counted responders sent this hash.
     */
    int matching(final int slot, final long stateHash, final long excluded)
    {
        final long counted = responders[slot] & ~excluded;
        final int base = slot * replicaCount - 1;
        int matches = 0;
        for (int r = 1; r <= replicaCount; r++)
        {
            if ((counted & (1L << r)) != 0 && hashes[base + r] == stateHash)
            {
                matches++;
            }
        }
        return matches;
    }

    /**
     * @return how many responders count.
     */
    int counted(final int slot, final long excluded)
    {
        return Long.bitCount(responders[slot] & ~excluded);
    }

    /**
     * @return bit r set for each counted responder whose hash is not this one.
     */
    long dissenters(final int slot, final long stateHash, final long excluded)
    {
        final long counted = responders[slot] & ~excluded;
        final int base = slot * replicaCount - 1;
        long dissenters = 0;
        for (int r = 1; r <= replicaCount; r++)
        {
            if ((counted & (1L << r)) != 0 && hashes[base + r] != stateHash)
            {
                dissenters |= 1L << r;
            }
        }
        return dissenters;
    }

    long hashOf(final int slot, final int replicaId)
    {
        return hashes[slot * replicaCount + replicaId - 1];
    }

    void agree(final int slot, final long stateHash)
    {
        agreed[slot] = true;
        agreedHashes[slot] = stateHash;
    }

    boolean isAgreed(final int slot)
    {
        return agreed[slot];
    }

    long agreedHash(final int slot)
    {
        return agreedHashes[slot];
    }
}
