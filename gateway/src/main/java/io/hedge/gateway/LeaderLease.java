package io.hedge.gateway;

import io.hedge.transport.FabricLimits;

/**
 * CheckQuorum for one term of leadership: when each configured replica last showed it follows this term (a status
 * in this gateway's epoch, or a response of this term). The term holds its lease while a majority of the configured
 * replicas were heard within {@code gateway.lease.ms}; a leader cut off from them (a partition, a majority that
 * promised a newer epoch and so ignores it) loses it and steps down, instead of answering clients from a stream
 * nobody applies. The voters of the term count as heard when it begins.
 */
final class LeaderLease
{
    private final int replicaCount;
    private final long leaseNs;
    private final long[] lastHeardNs = new long[FabricLimits.MAX_REPLICAS];
    private final boolean[] heard = new boolean[FabricLimits.MAX_REPLICAS];

    /**
     * @param voters a bit per replica id that voted for this term, heard at {@code nowNs}.
     */
    LeaderLease(final int replicaCount, final long leaseNs, final long voters, final long nowNs)
    {
        this.replicaCount = replicaCount;
        this.leaseNs = leaseNs;
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            if ((voters & (1L << id)) != 0)
            {
                onHeard(id, nowNs);
            }
        }
    }

    /**
     * A replica of the configured ones showed it follows this term; others are not counted.
     */
    void onHeard(final int replicaId, final long nowNs)
    {
        if (replicaId > 0 && replicaId <= replicaCount && replicaId < FabricLimits.MAX_REPLICAS)
        {
            lastHeardNs[replicaId] = nowNs;
            heard[replicaId] = true;
        }
    }

    /**
     * @return how many configured replicas were heard within the lease.
     */
    int heardWithin(final long nowNs)
    {
        int count = 0;
        for (int id = 1; id <= replicaCount && id < FabricLimits.MAX_REPLICAS; id++)
        {
            if (heard[id] && nowNs - lastHeardNs[id] <= leaseNs)
            {
                count++;
            }
        }
        return count;
    }

    boolean held(final long nowNs)
    {
        return heardWithin(nowNs) >= majority();
    }

    int majority()
    {
        return replicaCount / 2 + 1;
    }

    long leaseNs()
    {
        return leaseNs;
    }
}
