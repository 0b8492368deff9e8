package io.hedge.gateway;

import io.hedge.transport.FabricLimits;

/**
 * One round of a candidacy's tally (the pre-vote, then the real ballot): which replicas granted, and for every
 * replica that answered how far its journal goes (its last entry's epoch and seq) and the newest runs of its epoch
 * history, so that the candidate can catch up from, or fill from, the replica whose journal is newest. Won needs the
 * grants of more than half of the configured replicas and, in the real ballot, an answer from every replica that was
 * live when the candidate stood (or the election timeout): with durability {@code first} a request is answered after
 * one replica applied it, and that replica's journal must be counted. Lost is when too many refused for a majority
 * to remain possible, or twice the timeout passed.
 * <p>
 * Journals are compared by (last entry's epoch, last seq), lexicographically, never by length alone: a longer journal
 * of an older epoch may hold a tail the newer epoch abandoned.
 */
final class Election
{
    /** What a round has come to. */
    enum Outcome
    {
        UNDECIDED, WON, LOST
    }

    private final int replicaCount;
    private final long timeoutNs;
    private final long[] voterSeqs = new long[FabricLimits.MAX_REPLICAS];
    private final long[] voterLastEpochs = new long[FabricLimits.MAX_REPLICAS];
    private final long[][] tailEpochs = new long[FabricLimits.MAX_REPLICAS][FabricLimits.HISTORY_TAIL];
    private final long[][] tailStarts = new long[FabricLimits.MAX_REPLICAS][FabricLimits.HISTORY_TAIL];
    private final int[] tailCounts = new int[FabricLimits.MAX_REPLICAS];
    private long epoch;
    private boolean preVote;
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
     * Begin the real ballot for an epoch.
     *
     * @param liveReplicas a bit per replica id heard from recently: each one's vote is waited for.
     */
    void begin(final long candidateEpoch, final long nowNs, final long liveReplicas)
    {
        begin(candidateEpoch, false, nowNs, liveReplicas);
    }

    /**
     * Begin a round: a pre-vote (nothing is promised; won on a majority of grants, without waiting for every live
     * replica, because the real ballot waits) or the real ballot.
     */
    void begin(final long candidateEpoch, final boolean preVoteRound, final long nowNs, final long liveReplicas)
    {
        epoch = candidateEpoch;
        preVote = preVoteRound;
        startNs = nowNs;
        deadlineNs = nowNs + timeoutNs;
        live = preVoteRound ? 0 : liveReplicas;
        responded = 0;
        granted = 0;
        java.util.Arrays.fill(voterSeqs, 0);
        java.util.Arrays.fill(voterLastEpochs, 0);
        java.util.Arrays.fill(tailCounts, 0);
    }

    /**
     * A replica's answer of the real ballot, without its history (a test's shorthand).
     */
    void onVote(final int replicaId, final long voteEpoch, final boolean grant, final long journaledSeq)
    {
        onVote(replicaId, voteEpoch, grant, journaledSeq, 0, false, null, null, 0);
    }

    /**
     * A replica's answer. An answer of the other kind of round (a late pre-vote answer during the ballot) is let be;
     * a grant counts only for this epoch; a refusal counts whatever epoch it names.
     */
    void onVote(
        final int replicaId,
        final long voteEpoch,
        final boolean grant,
        final long journaledSeq,
        final long lastEntryEpoch,
        final boolean preVoteAnswer,
        final long[] historyEpochs,
        final long[] historyStarts,
        final int historyCount)
    {
        if (replicaId <= 0 || replicaId >= FabricLimits.MAX_REPLICAS || preVoteAnswer != preVote)
        {
            return;
        }
        final long bit = 1L << replicaId;
        if (grant && voteEpoch == epoch)
        {
            granted |= bit;
        }
        else if (grant)
        {
            return;
        }
        responded |= bit;
        voterSeqs[replicaId] = journaledSeq;
        voterLastEpochs[replicaId] = lastEntryEpoch;
        final int count = Math.min(historyCount, FabricLimits.HISTORY_TAIL);
        tailCounts[replicaId] = count;
        if (count > 0)
        {
            System.arraycopy(historyEpochs, 0, tailEpochs[replicaId], 0, count);
            System.arraycopy(historyStarts, 0, tailStarts[replicaId], 0, count);
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
     * @return true when journal (epochA, seqA) is newer than (epochB, seqB): a later last epoch, or the same with
     * more seqs.
     */
    static boolean newer(final long epochA, final long seqA, final long epochB, final long seqB)
    {
        return epochA > epochB || epochA == epochB && seqA > seqB;
    }

    /**
     * @param votersOnly only replicas that granted (the fill), or every replica that answered (a pre-vote's
     *                   catch-up, where the newest journals are those that refused the candidate for being behind).
     * @return the replica whose journal is newest by (last entry's epoch, last seq) and newer than
     * (lastEpoch, lastSeq), 0 when none is.
     */
    int newestBeyond(final long lastEpoch, final long lastSeq, final boolean votersOnly)
    {
        final long among = votersOnly ? granted : responded;
        int best = 0;
        long bestEpoch = lastEpoch;
        long bestSeq = lastSeq;
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            if ((among & (1L << id)) != 0 && newer(voterLastEpochs[id], voterSeqs[id], bestEpoch, bestSeq))
            {
                bestEpoch = voterLastEpochs[id];
                bestSeq = voterSeqs[id];
                best = id;
            }
        }
        return best;
    }

    /**
     * @return how many replicas granted, or answered with a journal newer than (lastEpoch, lastSeq): those that
     * would grant a candidate that caught up with them, if being behind was their only reason.
     */
    int grantedOrNewer(final long lastEpoch, final long lastSeq)
    {
        int count = 0;
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            final long bit = 1L << id;
            if ((granted & bit) != 0 ||
                (responded & bit) != 0 && newer(voterLastEpochs[id], voterSeqs[id], lastEpoch, lastSeq))
            {
                count++;
            }
        }
        return count;
    }

    /**
     * @return the voter whose journal goes furthest by (last entry's epoch, last seq); 0 when no voter's is newer
     * than a journal ending at {@code atLeast} in epoch 0 (-1: any voter).
     */
    int furthestVoter(final long atLeast)
    {
        return newestBeyond(atLeast < 0 ? -1 : 0, atLeast, true);
    }

    /**
     * @return the next voter after this one (cyclically) whose journal ends in the same epoch as {@code like}'s and
     * reaches {@code seq}, or {@code after} itself.
     */
    int nextVoterHolding(final int after, final int like, final long seq)
    {
        for (int i = 1; i < FabricLimits.MAX_REPLICAS; i++)
        {
            final int id = (after + i) % FabricLimits.MAX_REPLICAS;
            if (isVoter(id) && voterSeqs[id] >= seq && voterLastEpochs[id] == voterLastEpochs[like])
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

    long voterLastEpoch(final int replicaId)
    {
        return voterLastEpochs[replicaId];
    }

    long[] tailEpochs(final int replicaId)
    {
        return tailEpochs[replicaId];
    }

    long[] tailStarts(final int replicaId)
    {
        return tailStarts[replicaId];
    }

    int tailCount(final int replicaId)
    {
        return tailCounts[replicaId];
    }

    /**
     * @return the epoch of this replica's entry at {@code seq} by the history it sent, 0 when it did not cover it.
     */
    long tailEpochAt(final int replicaId, final long seq)
    {
        if (seq > voterSeqs[replicaId])
        {
            return 0;
        }
        for (int i = tailCounts[replicaId] - 1; i >= 0; i--)
        {
            if (tailStarts[replicaId][i] <= seq)
            {
                return tailEpochs[replicaId][i];
            }
        }
        return 0;
    }

    long epoch()
    {
        return epoch;
    }

    boolean preVote()
    {
        return preVote;
    }

    long startNs()
    {
        return startNs;
    }

    int granted()
    {
        return Long.bitCount(granted);
    }

    /**
     * @return a bit per replica id that granted.
     */
    long grantedMask()
    {
        return granted;
    }

    int refused()
    {
        return Long.bitCount(responded & ~granted);
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
