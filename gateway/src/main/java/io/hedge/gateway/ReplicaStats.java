package io.hedge.gateway;

import io.hedge.codecs.fabric.ReplicaState;

/**
 * What the gateway knows of one configured replica: its counters from the response stream and its last reported
 * status. Written by the gateway agent thread only; read by others (a status query, a test) as a snapshot in time.
 */
public final class ReplicaStats
{
    final int replicaId;
    volatile boolean heard;
    volatile long responses;
    volatile long wins;
    volatile long divergences;
    volatile long highestResponseSeq;
    volatile long appliedSeq;
    volatile long journaledSeq;
    volatile long matchedEpoch;
    volatile long stateHash;
    volatile ReplicaState state = ReplicaState.STARTING;
    volatile long lastStatusNs;
    volatile boolean divergent;
    volatile long divergentSeq;
    /** A status said REPAIRING or BOOTSTRAPPING since it was found divergent: its next LIVE is a repaired state. */
    volatile boolean repairSeen;

    ReplicaStats(final int replicaId)
    {
        this.replicaId = replicaId;
    }

    void onStatus(
        final ReplicaState state,
        final long appliedSeq,
        final long journaledSeq,
        final long matchedEpoch,
        final long stateHash,
        final long nowNs)
    {
        heard = true;
        this.appliedSeq = appliedSeq;
        this.journaledSeq = journaledSeq;
        this.matchedEpoch = matchedEpoch;
        this.stateHash = stateHash;
        this.state = state;
        lastStatusNs = nowNs;
    }

    public int replicaId()
    {
        return replicaId;
    }

    /**
     * @return responses received for seqs the collector still tracked.
     */
    public long responses()
    {
        return responses;
    }

    /**
     * @return responses that answered a client.
     */
    public long wins()
    {
        return wins;
    }

    /**
     * @return responses whose state hash differed from the one a majority agreed on.
     */
    public long divergences()
    {
        return divergences;
    }

    /**
     * @return true while the replica is divergent: from a majority disagreeing with it until it is LIVE again after
     * a repair; its responses then never reach a client.
     */
    public boolean divergent()
    {
        return divergent;
    }

    /**
     * @return the seq at which it was last found divergent, 0 if never.
     */
    public long divergentSeq()
    {
        return divergentSeq;
    }

    /**
     * @return the applied seq from the replica's last status.
     */
    public long appliedSeq()
    {
        return appliedSeq;
    }

    /**
     * @return the journaled seq from the replica's last status.
     */
    public long journaledSeq()
    {
        return journaledSeq;
    }

    /**
     * @return the epoch whose leader's history the replica's journal was checked against, from its last status.
     */
    public long matchedEpoch()
    {
        return matchedEpoch;
    }

    /**
     * @return the state hash from the replica's last status.
     */
    public long stateHash()
    {
        return stateHash;
    }

    /**
     * @return the replica's state from its last status.
     */
    public ReplicaState state()
    {
        return state;
    }

    /**
     * @return the highest seq the replica answered.
     */
    public long highestResponseSeq()
    {
        return highestResponseSeq;
    }

    /**
     * @return System.nanoTime() of the last status, 0 if none yet.
     */
    public long lastStatusNs()
    {
        return lastStatusNs;
    }
}
