package io.hedge.gateway;

import java.util.function.Consumer;

/**
 * What a gateway counts, written by its agent's thread and read from any other (tests, the command line's status).
 * One writer: an increment is a plain read and a volatile write, no atomic operation on the request path.
 */
public final class GatewayCounters
{
    private volatile long requestsSequenced;
    private volatile long duplicatesSeen;
    private volatile long duplicatesHeldUncommitted;
    private volatile long rejectedRequests;
    private volatile long unreadableMessages;
    private volatile long unknownClientRequests;
    private volatile long staleEpochResponses;
    private volatile long requestsWhileNotActive;
    private volatile long unconfiguredReplicaMessages;
    private volatile long takeovers;
    private volatile long stepDowns;
    private volatile long leaseLosses;
    private volatile long lastTakeoverNs;
    private volatile long retransmittedMessages;
    private volatile long snapshotsRelayed;
    private volatile long snapshotBytesRelayed;
    private volatile long snapshotRequestsWithoutDonor;
    private volatile long suspendedAnswers;
    private volatile ResponseCollector collector;

    void onSequenced()
    {
        requestsSequenced++;
    }

    void onSuspendedAnswer()
    {
        suspendedAnswers++;
    }

    void onDuplicate()
    {
        duplicatesSeen++;
    }

    void onDuplicateOfUncommitted()
    {
        duplicatesHeldUncommitted++;
    }

    void onRejected()
    {
        rejectedRequests++;
    }

    void onUnreadable()
    {
        unreadableMessages++;
    }

    void onUnknownClient()
    {
        unknownClientRequests++;
    }

    void onStaleEpochResponse()
    {
        staleEpochResponses++;
    }

    void onRequestWhileNotActive()
    {
        requestsWhileNotActive++;
    }

    void onUnconfiguredReplica()
    {
        unconfiguredReplicaMessages++;
    }

    /**
     * @return responses and statuses from replica ids that are not configured, ignored.
     */
    public long unconfiguredReplicaMessages()
    {
        return unconfiguredReplicaMessages;
    }

    /**
     * A term of leadership began: its collector's replicas are the ones reported from now on.
     *
     * @param standingNs from standing for election to leading.
     */
    void onTakeover(final long standingNs, final ResponseCollector termCollector)
    {
        takeovers++;
        lastTakeoverNs = standingNs;
        collector = termCollector;
        snapshotsRelayed = 0;
        snapshotBytesRelayed = 0;
        snapshotRequestsWithoutDonor = 0;
    }

    void onStepDown()
    {
        stepDowns++;
    }

    /**
     * A term ended because fewer than a majority of the replicas were heard in it within the lease.
     */
    void onLeaseLost()
    {
        leaseLosses++;
    }

    /**
     * @return terms ended by a lost lease (each also counts as a step-down).
     */
    public long leaseLosses()
    {
        return leaseLosses;
    }

    void onRetransmitted(final int messages)
    {
        if (messages > 0)
        {
            retransmittedMessages += messages;
        }
    }

    /**
     * The running term's snapshot relay, as it stands.
     */
    void snapshotRelay(final long relayed, final long bytes, final long withoutDonor)
    {
        if (relayed != snapshotsRelayed || bytes != snapshotBytesRelayed || withoutDonor != snapshotRequestsWithoutDonor)
        {
            snapshotsRelayed = relayed;
            snapshotBytesRelayed = bytes;
            snapshotRequestsWithoutDonor = withoutDonor;
        }
    }

    public long requestsSequenced()
    {
        return requestsSequenced;
    }

    public long duplicatesSeen()
    {
        return duplicatesSeen;
    }

    /**
     * @return resends and outcome queries of a sequenced request left unanswered because its seq was not yet
     * committed: "executed" could not be said yet (the client asks again).
     */
    public long duplicatesHeldUncommitted()
    {
        return duplicatesHeldUncommitted;
    }

    /**
     * @return new requests answered SUSPENDED (not sequenced) while hedge admin suspend was in force.
     */
    public long suspendedAnswers()
    {
        return suspendedAnswers;
    }

    public long rejectedRequests()
    {
        return rejectedRequests;
    }

    public long unreadableMessages()
    {
        return unreadableMessages;
    }

    public long unknownClientRequests()
    {
        return unknownClientRequests;
    }

    public long staleEpochResponses()
    {
        return staleEpochResponses;
    }

    public long requestsWhileNotActive()
    {
        return requestsWhileNotActive;
    }

    public long takeovers()
    {
        return takeovers;
    }

    public long stepDowns()
    {
        return stepDowns;
    }

    /**
     * @return from standing for election to being active, in the last takeover, ns.
     */
    public long lastTakeoverNs()
    {
        return lastTakeoverNs;
    }

    /**
     * @return journaled messages sent again to replicas (and standbys) that had a gap, over every term.
     */
    public long retransmittedMessages()
    {
        return retransmittedMessages;
    }

    /**
     * @return peer snapshots relayed completely from a donor replica to a bootstrapping one, in the last term.
     */
    public long snapshotsRelayed()
    {
        return snapshotsRelayed;
    }

    /**
     * @return bytes of peer snapshots relayed, in the last term.
     */
    public long snapshotBytesRelayed()
    {
        return snapshotBytesRelayed;
    }

    /**
     * @return snapshot requests from bootstrapping replicas that found no live donor, in the last term.
     */
    public long snapshotRequestsWithoutDonor()
    {
        return snapshotRequestsWithoutDonor;
    }

    /**
     * @param consumer of each replica's statistics in the last term, in replica id order; none before the first.
     */
    public void forEachReplica(final Consumer<ReplicaStats> consumer)
    {
        final ResponseCollector c = collector;
        if (null != c)
        {
            c.forEachReplica(consumer);
        }
    }
}
