package io.hedge.gateway;

import io.hedge.codecs.fabric.ReplicaState;

/**
 * What the gateway knows of one replica: its counters from the response stream and its last reported status.
 * Written by the gateway agent thread only; read by others (a status query, a test) as a snapshot in time.
 */
public final class ReplicaStats
{
    final int replicaId;
    volatile long responses;
    volatile long wins;
    volatile long divergences;
    volatile long highestResponseSeq;
    volatile long appliedSeq;
    volatile long stateHash;
    volatile ReplicaState state = ReplicaState.STARTING;
    volatile long lastStatusNs;
    volatile boolean divergent;

    ReplicaStats(final int replicaId)
    {
        this.replicaId = replicaId;
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
     * @return responses that were the first for their seq and went to the client.
     */
    public long wins()
    {
        return wins;
    }

    /**
     * @return responses whose state hash differed from the one the client was given.
     */
    public long divergences()
    {
        return divergences;
    }

    /**
     * @return true once the replica has diverged; its responses are then never forwarded.
     */
    public boolean divergent()
    {
        return divergent;
    }

    /**
     * @return the applied seq from the replica's last status.
     */
    public long appliedSeq()
    {
        return appliedSeq;
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
