package io.hedge.gateway;

/**
 * The commit seq of one term: the largest seq that a majority of the configured replicas have journaled in
 * agreement with this gateway's log. Evidence for a replica is a response of this term for seq N (a replica answers
 * only once it is matched with this leader's history and has journaled N) or a status of this epoch whose
 * {@code matchedEpoch} is this epoch (then its {@code journaledSeq}). A replica journals in seq order, so its highest
 * evidenced seq says it holds every seq up to it; the commit seq is the majority-th highest of those.
 *
 * <p>Made per term (a new epoch starts from nothing: evidence of an older epoch proves no agreement with this log).
 * Primitive arrays only; an update costs a pass over the configured replicas and allocates nothing.
 */
final class CommitTracker
{
    private final int replicaCount;
    private final int majority;
    private final long epoch;
    /** Per replica id (1..replicaCount): the highest seq evidenced journaled in agreement this term. */
    private final long[] journaled;
    /** The term's first seq: nothing is committed until it is on a majority (see {@link #termStartsAt}). */
    private long termStartSeq = 1;
    private long commitSeq;

    /**
     * @param replicaCount the configured replicas, ids 1..replicaCount.
     * @param epoch        the term's epoch: statuses of any other epoch are no evidence.
     */
    CommitTracker(final int replicaCount, final long epoch)
    {
        if (replicaCount < 1)
        {
            throw new IllegalArgumentException("replica count must be at least 1, got " + replicaCount);
        }
        this.replicaCount = replicaCount;
        this.majority = Durability.majorityOf(replicaCount);
        this.epoch = epoch;
        this.journaled = new long[replicaCount + 1];
    }

    /**
     * A response of this term for seq: the replica has journaled every seq up to it.
     *
     * @return the commit seq after it.
     */
    long onResponse(final int replicaId, final long seq)
    {
        return raise(replicaId, seq);
    }

    /**
     * A replica's status: evidence only when it is of this epoch and matched with this epoch's leader.
     *
     * @return the commit seq after it.
     */
    long onStatus(final int replicaId, final long statusEpoch, final long matchedEpoch, final long journaledSeq)
    {
        if (statusEpoch != epoch || matchedEpoch != epoch)
        {
            return commitSeq;
        }
        return raise(replicaId, journaledSeq);
    }

    /**
     * The replica's journal is no evidence any more (it was found divergent and will be rebuilt); what was committed
     * stays committed, it only no longer helps to commit more.
     */
    void forget(final int replicaId)
    {
        if (replicaId >= 1 && replicaId <= replicaCount)
        {
            journaled[replicaId] = 0;
        }
    }

    /**
     * The term sequences from this seq (its marker). Seqs of earlier epochs that a majority holds are not committed by
     * counting them (Raft's rule: a later candidate whose last entry is of a newer epoch than theirs could still win
     * and replace them); they are once this term's first entry is on a majority, which no such candidate can outvote.
     */
    void termStartsAt(final long seq)
    {
        termStartSeq = Math.max(1, seq);
    }

    long termStartSeq()
    {
        return termStartSeq;
    }

    long commitSeq()
    {
        return commitSeq;
    }

    long epoch()
    {
        return epoch;
    }

    /**
     * @return the highest seq evidenced for the replica, 0 if none or not configured.
     */
    long journaled(final int replicaId)
    {
        return replicaId >= 1 && replicaId <= replicaCount ? journaled[replicaId] : 0;
    }

    private long raise(final int replicaId, final long seq)
    {
        if (replicaId < 1 || replicaId > replicaCount || seq <= journaled[replicaId])
        {
            return commitSeq;
        }
        journaled[replicaId] = seq;
        if (seq <= commitSeq)
        {
            return commitSeq;
        }
        // the majority-th highest: the largest candidate that at least a majority of replicas have reached
        long best = commitSeq;
        for (int candidate = 1; candidate <= replicaCount; candidate++)
        {
            final long value = journaled[candidate];
            if (value <= best)
            {
                continue;
            }
            int atLeast = 0;
            for (int r = 1; r <= replicaCount; r++)
            {
                if (journaled[r] >= value)
                {
                    atLeast++;
                }
            }
            if (atLeast >= majority)
            {
                best = value;
            }
        }
        if (best >= termStartSeq)
        {
            commitSeq = best;
        }
        return commitSeq;
    }
}
