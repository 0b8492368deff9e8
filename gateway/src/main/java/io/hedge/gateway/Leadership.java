package io.hedge.gateway;

/**
 * What a gateway knows of who leads the stream: the gateway it follows and its epoch, the highest epoch it has seen
 * taken (by a leader, a rival candidate, a refused vote or its own candidacy: a new candidacy must stand above it),
 * and the epoch that last unseated it. Changed by the agent's transitions; read to choose a candidacy's epoch and to
 * tell clients where to go.
 */
final class Leadership
{
    private final int gatewayId;
    private long highestEpoch;
    private int leaderId;
    private long leaderEpoch;
    private long stepDownEpoch;

    /**
     * @param journalEpoch the epoch of the last entry in the journal: taken, whoever took it.
     */
    Leadership(final int gatewayId, final long journalEpoch)
    {
        this.gatewayId = gatewayId;
        this.highestEpoch = journalEpoch;
    }

    /**
     * An epoch is taken (or asked for by a rival).
     *
     * @return true when it is higher than any seen.
     */
    boolean taken(final long epoch)
    {
        if (epoch > highestEpoch)
        {
            highestEpoch = epoch;
            return true;
        }
        return false;
    }

    /**
     * @return the epoch a candidacy stands in, or 0 when the next one would pass the ceiling
     * ({@link io.hedge.transport.FabricLimits#MAX_EPOCH}): no candidacy then.
     */
    long nextCandidateEpoch(final long journalEpoch)
    {
        final long highest = Math.max(highestEpoch, journalEpoch);
        return highest >= io.hedge.transport.FabricLimits.MAX_EPOCH ? 0 : highest + 1;
    }

    /**
     * @return true when a gateway active in this epoch is older than the one followed: a stale one, not yet stepped
     * down. A failed candidacy's epoch may be higher than both, which is why this compares with the leader's epoch,
     * not the highest seen.
     */
    boolean olderThanLeader(final long epoch)
    {
        return epoch < leaderEpoch;
    }

    /**
     * @return true when this gateway and epoch are not the leader followed until now: it is followed from now on.
     */
    boolean follow(final int peerId, final long epoch)
    {
        taken(epoch);
        if (peerId == leaderId && epoch == leaderEpoch)
        {
            return false;
        }
        leaderId = peerId;
        leaderEpoch = epoch;
        return true;
    }

    void lead(final long epoch)
    {
        highestEpoch = epoch;
        leaderId = gatewayId;
        leaderEpoch = epoch;
    }

    /**
     * Unseated by a newer epoch, led by this gateway (0: a replica's promise names no gateway).
     */
    void steppedDown(final long newEpoch, final int newLeaderId)
    {
        stepDownEpoch = newEpoch;
        taken(newEpoch);
        leaderId = newLeaderId;
        leaderEpoch = 0 == newLeaderId ? 0 : newEpoch;
    }

    int leaderId()
    {
        return leaderId;
    }

    long leaderEpoch()
    {
        return leaderEpoch;
    }

    /**
     * @return what a client that reaches this gateway while it does not lead is told: the leader known, in its epoch
     * (after a step-down: the epoch that unseated this one), never a failed candidacy's, because a client raises its
     * fence to what it is told.
     */
    ClientDesk notLeadingDesk(final EgressPublisher egress, final GatewayCounters counters)
    {
        final boolean leaderKnown = 0 != leaderId && leaderId != gatewayId;
        return new NotLeadingDesk(egress, counters, gatewayId, leaderKnown ? leaderEpoch : stepDownEpoch,
            leaderKnown ? leaderId : 0);
    }
}
