package io.hedge.gateway;

import io.hedge.codecs.fabric.ResponseStatus;

import java.util.function.Consumer;

/**
 * What a gateway counts, written by its agent's thread and read from any other (tests, the command line's status).
 * One writer: an increment is a plain read and a volatile write, no atomic operation on the request path.
 */
public final class GatewayCounters
{
    /** Rejects by {@link ResponseStatus#value()}: read only on the agent thread (its once-an-interval report). */
    private static final int REJECT_REASONS = maxStatusValue() + 1;

    private final long[] rejectedByReason = new long[REJECT_REASONS];
    private final GatewayHops hops = new GatewayHops();
    private volatile long elections;
    private volatile long backPressureRetries;
    private volatile long effectsInEndedTerms;
    private volatile EffectForwarder effects;
    private volatile long answeredInEndedTerms;
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

    void onRejected(final ResponseStatus reason)
    {
        rejectedRequests++;
        final int value = reason.value();
        if (value >= 0 && value < REJECT_REASONS)
        {
            rejectedByReason[value]++;
        }
    }

    /**
     * @return requests rejected before sequencing with this status value (on the agent thread only).
     */
    long rejectedRequests(final int statusValue)
    {
        return statusValue >= 0 && statusValue < REJECT_REASONS ? rejectedByReason[statusValue] : 0;
    }

    static int rejectReasons()
    {
        return REJECT_REASONS;
    }

    private static int maxStatusValue()
    {
        int max = 0;
        for (final ResponseStatus status : ResponseStatus.values())
        {
            if (status != ResponseStatus.NULL_VAL)
            {
                max = Math.max(max, status.value());
            }
        }
        return max;
    }

    /** The sequencer's pending message was back-pressured again: retried next duty cycle. */
    void onBackPressureRetry()
    {
        backPressureRetries++;
    }

    /** @return offers of a sequenced message retried because the publication was back-pressured. */
    public long backPressureRetries()
    {
        return backPressureRetries;
    }

    /**
     * A term begins with this effects forwarder (null without a sink): the last term's count is kept.
     */
    void termEffects(final EffectForwarder termEffects)
    {
        final EffectForwarder last = effects;
        if (null != last)
        {
            effectsInEndedTerms += last.effectsForwarded();
        }
        effects = termEffects;
    }

    /** @return external effects forwarded to the sink over every term. */
    public long effectsForwarded()
    {
        final EffectForwarder current = effects;
        return effectsInEndedTerms + (null == current ? 0 : current.effectsForwarded());
    }

    /**
     * @return the last term's commit seq (0 before the first); on the agent thread.
     */
    long commitSeq()
    {
        final ResponseCollector c = collector;
        return null == c ? 0 : c.commitSeq();
    }

    /** A candidacy began: this gateway stands in an election (its pre-vote first). */
    void onElection()
    {
        elections++;
    }

    /** @return elections this gateway stood in. */
    public long elections()
    {
        return elections;
    }

    /**
     * @return requests answered to their clients over every term (the running term's as it stands, read on the
     * agent thread for a report; from another thread the running term's part may lag).
     */
    public long answered()
    {
        final ResponseCollector c = collector;
        return answeredInEndedTerms + (null == c ? 0 : c.clientAnswers());
    }

    /**
     * @return the active gateway's latency recorders and its seq ring (the agent thread's).
     */
    GatewayHops hops()
    {
        return hops;
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
        if (null != collector)
        {
            answeredInEndedTerms += collector.clientAnswers();
        }
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
