package io.hedge.gateway;

import io.hedge.transport.FabricLimits;

/**
 * When each replica was last heard from (its status reports), so that a candidate waits for the vote of every
 * replica that is alive, and counts the journal of each: with durability {@code first} an answered seq may be on
 * one replica only.
 */
final class ReplicaLiveness
{
    private final long[] lastStatusNs = new long[FabricLimits.MAX_REPLICAS];

    void onStatus(final int replicaId, final long nowNs)
    {
        lastStatusNs[replicaId] = nowNs;
    }

    /**
     * @return a bit per replica id heard from within the timeout.
     */
    long liveMask(final long nowNs, final long timeoutNs)
    {
        long live = 0;
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            if (0 != lastStatusNs[id] && nowNs - lastStatusNs[id] < timeoutNs)
            {
                live |= 1L << id;
            }
        }
        return live;
    }
}
