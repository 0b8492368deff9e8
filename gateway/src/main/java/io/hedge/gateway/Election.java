package io.hedge.gateway;

import io.hedge.transport.FabricLimits;

/**
 * One candidacy's tally: which replicas granted the vote, how far each one's journal goes, and whether the candidate
 * has won, lost or must wait. Won needs the votes of more than half of the configured replicas and an answer from
 * every replica that was live when the candidate stood (or the election timeout): with durability {@code first} a
 * request is answered after one replica applied it, and that replica's journal must be counted. Lost is when too
 * many refused for a majority to remain possible, or twice the timeout passed.
 */
final class Election
{
    /** What a candidacy has come to. */
    enum Outcome
    {
        UNDECIDED, WON, LOST
    }

    private final int replicaCount;
    private final long timeoutNs;
    private final long[] voterSeqs = new long[FabricLimits.MAX_REPLICAS];
    private long epoch;
    private long startNs;
    private long deadlineNs;
    private long live;
    private long responded;
    private long granted;

    /**
     * @param replicaCount the stream's replicas: a majority of them elects.
     * @param timeoutNs    how long to wait for every live replica before settling for a majority.
     */
    Election(final int replicaCount, final long timeoutNs)
    {
        this.replicaCount = replicaCount;
        this.timeoutNs = timeoutNs;
    }

    /**
     * Stand for an epoch.
     *
     * @param liveReplicas a bit per replica id heard from recently: each one's vote is waited for.
     */
    void begin(final long candidateEpoch, final long nowNs, final long liveReplicas)
    {
        epoch = candidateEpoch;
        startNs = nowNs;
        deadlineNs = nowNs + timeoutNs;
        live = liveReplicas;
        responded = 0;
        granted = 0;
        java.util.Arrays.fill(voterSeqs, 0);
    }

    /**
     * A replica's answer. A grant counts only for this epoch; a refusal counts whatever epoch it names.
     */
    void onVote(final int replicaId, final long voteEpoch, final boolean grant, final long journaledSeq)
    {
        if (replicaId <= 0 || replicaId >= FabricLimits.MAX_REPLICAS)
        {
            return;
        }
        final long bit = 1L << replicaId;
        if (grant && voteEpoch == epoch)
        {
            granted |= bit;
            responded |= bit;
            voterSeqs[replicaId] = journaledSeq;
        }
        else if (!grant)
        {
            responded |= bit;
        }
    }

    Outcome outcome(final long nowNs)
    {
        final int majority = majority();
        if (Long.bitCount(granted) >= majority && ((live & ~responded) == 0 || nowNs - deadlineNs > 0))
        {
            return Outcome.WON;
        }
        final boolean cannotWin = Long.bitCount(responded & ~granted) > replicaCount - majority;
        return cannotWin || nowNs - deadlineNs > 2 * timeoutNs ? Outcome.LOST : Outcome.UNDECIDED;
    }

    /**
     * @return the voter whose journal goes furthest, 0 when no voter's goes beyond {@code atLeast}.
     */
    int furthestVoter(final long atLeast)
    {
        int best = 0;
        long bestSeq = atLeast;
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            if (isVoter(id) && voterSeqs[id] > bestSeq)
            {
                bestSeq = voterSeqs[id];
                best = id;
            }
        }
        return best;
    }

    /**
     * @return the next voter after this one (cyclically) whose journal reaches {@code seq}, or {@code after} itself.
     */
    int nextVoterHolding(final int after, final long seq)
    {
        for (int i = 1; i < FabricLimits.MAX_REPLICAS; i++)
        {
            final int id = (after + i) % FabricLimits.MAX_REPLICAS;
            if (isVoter(id) && voterSeqs[id] >= seq)
            {
                return id;
            }
        }
        return after;
    }

    boolean isVoter(final int replicaId)
    {
        return replicaId > 0 && replicaId < FabricLimits.MAX_REPLICAS && (granted & (1L << replicaId)) != 0;
    }

    long voterSeq(final int replicaId)
    {
        return voterSeqs[replicaId];
    }

    long epoch()
    {
        return epoch;
    }

    long startNs()
    {
        return startNs;
    }

    int granted()
    {
        return Long.bitCount(granted);
    }

    int majority()
    {
        return replicaCount / 2 + 1;
    }

    /**
     * @return the voters' ids, for the log.
     */
    String voters()
    {
        final StringBuilder sb = new StringBuilder();
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            if (isVoter(id))
            {
                sb.append(sb.length() == 0 ? "" : ",").append(id);
            }
        }
        return sb.toString();
    }
}
