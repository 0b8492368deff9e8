package io.hedge.gateway;

import io.hedge.codecs.fabric.ReplicaState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which configured replicas are divergent in this term, and their repair orders. A replica is divergent once a
 * majority agreed on a state hash for a seq and it sent another for that seq: its state is not the agreed history's,
 * so its responses must never reach a client, and it is ordered to rebuild from a peer ({@code RepairOrder}, sent once
 * per divergence; retried only while the stream pushes back). It counts again once it reports LIVE after a repair at
 * a seq above the divergence. Nobody is the reference before a majority agrees, so a faulty replica that answers
 * first cannot make the healthy ones look divergent.
 */
final class Divergence
{
    /** Sends a {@code RepairOrder} to one replica: the {@link ReplicaPublisher}, or a recorder in a test. */
    @FunctionalInterface
    interface RepairOrders
    {
        /**
         * @return false when the stream pushed back: it is offered again later.
         */
        boolean order(int replicaId, long seq, long majorityHash);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Divergence.class);

    private final int gatewayId;
    private final RepairOrders orders;
    private final CommitTracker tracker;
    private final long[] orderSeqs;
    private final long[] orderHashes;
    /** Bit r: replica r is divergent. */
    private long divergentMask;
    /** Bit r: replica r's repair order still has to be offered. */
    private long pendingMask;
    private long ordersSent;

    Divergence(final int gatewayId, final int replicaCount, final RepairOrders orders, final CommitTracker tracker)
    {
        this.gatewayId = gatewayId;
        this.orders = orders;
        this.tracker = tracker;
        orderSeqs = new long[replicaCount + 1];
        orderHashes = new long[replicaCount + 1];
    }

    long mask()
    {
        return divergentMask;
    }

    boolean isDivergent(final int replicaId)
    {
        return (divergentMask & (1L << replicaId)) != 0;
    }

    /**
     * A majority agreed on {@code majorityHash} for seq and this replica sent {@code stateHash}.
     */
    void mark(final ReplicaStats replica, final long seq, final long stateHash, final long majorityHash)
    {
        replica.divergences++;
        if (replica.divergent)
        {
            return;
        }
        final int replicaId = replica.replicaId;
        replica.divergent = true;
        replica.divergentSeq = seq;
        replica.repairSeen = false;
        divergentMask |= 1L << replicaId;
        // its journal is about to be moved aside by the repair: it no longer helps to commit
        tracker.forget(replicaId);
        LOG.error("gateway {}: replica {} diverged at seq {}: state hash {} but a majority of the replicas agree " +
            "on {}; its responses no longer reach clients, and it is ordered to repair", gatewayId, replicaId, seq,
            Long.toHexString(stateHash), Long.toHexString(majorityHash));
        orderSeqs[replicaId] = seq;
        orderHashes[replicaId] = majorityHash;
        pendingMask |= 1L << replicaId;
        sendPending();
    }

    /**
     * Offer the repair orders the stream pushed back.
     *
     * @return orders sent.
     */
    int sendPending()
    {
        int sent = 0;
        long pending = pendingMask;
        while (pending != 0)
        {
            final int replicaId = Long.numberOfTrailingZeros(pending);
            pending &= pending - 1;
            if (orders.order(replicaId, orderSeqs[replicaId], orderHashes[replicaId]))
            {
                pendingMask &= ~(1L << replicaId);
                ordersSent++;
                sent++;
            }
        }
        return sent;
    }

    /**
     * A status of a divergent replica: REPAIRING or BOOTSTRAPPING shows the repair under way; LIVE after it, at a seq
     * above the divergence, ends the divergence (its state was rebuilt from the agreed history). So does LIVE above
     * the divergence with the state hash a majority agreed on at that seq, for a repair quicker than a status.
     *
     * @param vouched the status's state hash is the one a majority agreed on at its applied seq.
     */
    void onStatus(final ReplicaStats replica, final ReplicaState state, final long appliedSeq, final boolean vouched)
    {
        if (!replica.divergent)
        {
            return;
        }
        if (state == ReplicaState.REPAIRING || state == ReplicaState.BOOTSTRAPPING)
        {
            replica.repairSeen = true;
        }
        else if (state == ReplicaState.LIVE && (replica.repairSeen || vouched) && appliedSeq > replica.divergentSeq)
        {
            replica.divergent = false;
            replica.repairSeen = false;
            divergentMask &= ~(1L << replica.replicaId);
            LOG.info("gateway {}: replica {} is live again at seq {} after its repair; its responses count again",
                gatewayId, replica.replicaId, appliedSeq);
        }
    }

    long ordersSent()
    {
        return ordersSent;
    }
}
