package io.hedge.replicas;

/**
 * Holds a replica at a gap until the gateway has retransmitted what is missing: a seq beyond the next one (or a
 * heartbeat announcing seqs that never came) opens a gap; the replica then never skips, asks the gateway for
 * everything from its next seq to the highest seq known, asks again when the retransmit stalls, asks at once for the
 * rest when the retransmit is done but the stream has moved on, and is repaired once it has applied the highest seq
 * seen. Messages beyond the gap are let go meanwhile and come again in the retransmit.
 * <p>
 * The agent holds the replica's state: {@code HELD_AT_GAP} while {@link #holding()}. The agent thread only;
 * {@link #heldSeq()} and {@link #gatewayLastSeq()} may be read from any.
 */
final class GapRepair
{
    /** Where retransmit requests go: the gateway the replica follows. */
    @FunctionalInterface
    interface RetransmitRequests
    {
        void sendRetransmitRequest(int replicaId, long fromSeq, long toSeq);
    }

    private final int replicaId;
    private final long retransmitTimeoutNs;
    private final RetransmitRequests requests;
    private final ReplicaCounters counters;
    private volatile long heldSeq;
    private volatile long gatewayLastSeq;
    private long highestSeenSeq;
    private long gapStartNs;
    private long retransmitDeadlineNs;
    private long appliedAtLastRequest;
    private long requestedToSeq;
    private long appliedAtLastHeartbeat;
    /** The gap just opened was announced by a heartbeat, not by a later seq: say so in the log. */
    private boolean openedByHeartbeat;

    GapRepair(
        final int replicaId,
        final long retransmitTimeoutNs,
        final RetransmitRequests requests,
        final ReplicaCounters counters)
    {
        this.replicaId = replicaId;
        this.retransmitTimeoutNs = retransmitTimeoutNs;
        this.requests = requests;
        this.counters = counters;
    }

    /**
     * A seq beyond the next one arrived.
     *
     * @return true if it opened a gap (a retransmit has been asked for); false if the replica was held already.
     */
    boolean onGap(final long seq, final long appliedSeq, final long nowNs)
    {
        highestSeenSeq = Math.max(highestSeenSeq, seq);
        if (0 == heldSeq)
        {
            counters.gapDetected();
            openedByHeartbeat = false;
            heldSeq = seq;
            gapStartNs = nowNs;
            requestRetransmit(appliedSeq, nowNs);
            return true;
        }
        if (seq < heldSeq)
        {
            heldSeq = seq;
        }
        return false;
    }

    /**
     * A heartbeat of the gateway this replica follows: the last messages of a burst can be lost with nothing after
     * them to reveal the gap, and the heartbeat does, once the replica has stood still between two heartbeats.
     *
     * @param live true when the replica is live (neither held nor bootstrapping).
     * @return true if it opened a gap.
     */
    boolean onLeaderHeartbeat(final long lastSeq, final long appliedSeq, final boolean live, final long nowNs)
    {
        gatewayLastSeq = lastSeq;
        boolean opened = false;
        if (live && lastSeq > appliedSeq && appliedSeq == appliedAtLastHeartbeat)
        {
            opened = onGap(lastSeq, appliedSeq, nowNs);
            openedByHeartbeat |= opened;
        }
        appliedAtLastHeartbeat = appliedSeq;
        return opened;
    }

    /**
     * While holding: this seq was applied.
     *
     * @return true if the gap is repaired: the replica applied the highest seq seen.
     */
    boolean onApplied(final long seq, final long nowNs)
    {
        if (seq >= highestSeenSeq)
        {
            heldSeq = 0;
            counters.gapRepaired();
            return true;
        }
        if (seq == requestedToSeq)
        {
            // the retransmit is done but the stream has moved on meanwhile: ask for the rest at once
            requestRetransmit(seq, nowNs);
        }
        return false;
    }

    /**
     * While holding: ask again if the retransmit has stalled for the timeout.
     *
     * @return 1 if the deadline passed (and was moved), 0 otherwise.
     */
    int onTimer(final long appliedSeq, final long nowNs)
    {
        if (nowNs - retransmitDeadlineNs < 0)
        {
            return 0;
        }
        if (appliedSeq > appliedAtLastRequest)
        {
            // the retransmit is arriving: asking again would restart it from here and send much of it twice
            appliedAtLastRequest = appliedSeq;
            retransmitDeadlineNs = nowNs + retransmitTimeoutNs;
        }
        else
        {
            requestRetransmit(appliedSeq, nowNs);
        }
        return 1;
    }

    /**
     * The replica's state was replaced (a peer's snapshot): the next heartbeat starts the stand-still check afresh.
     */
    void restartHeartbeatCheck()
    {
        appliedAtLastHeartbeat = 0;
    }

    /**
     * The state was rebuilt or set aside by a repair: no gap is held any more, and what the stream announced is
     * fetched afresh.
     */
    void reset()
    {
        heldSeq = 0;
        highestSeenSeq = 0;
        requestedToSeq = 0;
        appliedAtLastHeartbeat = 0;
    }

    boolean holding()
    {
        return 0 != heldSeq;
    }

    /**
     * @return the lowest seq beyond the gap seen while held, 0 when not held.
     */
    long heldSeq()
    {
        return heldSeq;
    }

    /**
     * @return the last seq the followed gateway announced in a heartbeat.
     */
    long gatewayLastSeq()
    {
        return gatewayLastSeq;
    }

    /**
     * @return what the gap just opened is, for the log.
     */
    String openedReason()
    {
        final String heard = openedByHeartbeat ?
            "the gateway's heartbeat says seqs up to " + heldSeq + " are sequenced, and none came since the last one" :
            "heard of seq " + heldSeq;
        return "gap: expected seq " + (appliedAtLastRequest + 1) + " but " + heard + "; holding at seq " +
            appliedAtLastRequest + " and asking for a retransmit up to seq " + requestedToSeq;
    }

    /**
     * @return how the gap just repaired went, for the log.
     */
    String repairedReason(final long nowNs)
    {
        return "gap repaired, caught up to seq " + highestSeenSeq + " in " + (nowNs - gapStartNs) / 1_000_000 + " ms";
    }

    private void requestRetransmit(final long appliedSeq, final long nowNs)
    {
        requestedToSeq = Math.max(highestSeenSeq, gatewayLastSeq);
        requests.sendRetransmitRequest(replicaId, appliedSeq + 1, requestedToSeq);
        appliedAtLastRequest = appliedSeq;
        retransmitDeadlineNs = nowNs + retransmitTimeoutNs;
    }
}
