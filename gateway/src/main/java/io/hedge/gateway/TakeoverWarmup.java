package io.hedge.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a takeover: the responses of the seqs before it, fetched from the voter that holds the most, fill
 * the new gateway's collector. A client that resends a request its predecessor sequenced then gets the original
 * answer, and the sink gets the effects its predecessor did not forward. It is done when the fetch has closed and
 * every seq of the range is answered (by the fetched responses, or by replicas catching up), or at the deadline,
 * when what is still missing is given up: a retry of it is answered DUPLICATE_NOT_CACHED.
 */
final class TakeoverWarmup
{
    /** Asks a replica for the responses of a range of seqs. */
    @FunctionalInterface
    interface Fetcher
    {
        boolean fetch(int replicaId, long fromSeq, long toSeq);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TakeoverWarmup.class);

    private final int gatewayId;
    private final Fetcher fetcher;
    private boolean active;
    private long fromSeq;
    private long toSeq;
    private int replicaId;
    private long deadlineNs;
    private boolean requested;
    private boolean fetchClosed;
    private long firstAvailable;

    TakeoverWarmup(final int gatewayId, final Fetcher fetcher)
    {
        this.gatewayId = gatewayId;
        this.fetcher = fetcher;
    }

    /**
     * Start fetching; the caller has registered seqs {@code fromSeq..toSeq} with the collector.
     */
    void begin(final long fromSeq, final long toSeq, final int replicaId, final long deadlineNs)
    {
        this.fromSeq = fromSeq;
        this.toSeq = toSeq;
        this.replicaId = replicaId;
        this.deadlineNs = deadlineNs;
        this.requested = false;
        this.fetchClosed = false;
        this.active = true;
    }

    boolean active()
    {
        return active;
    }

    /**
     * @return true if a fetched response of this replica and seq belongs to the warm-up.
     */
    boolean accepts(final int fromReplica, final long seq)
    {
        return active && fromReplica == replicaId && seq >= fromSeq && seq <= toSeq;
    }

    /**
     * The replica has sent all it holds of the range.
     */
    void onFetchClosed(final int fromReplica, final long firstAvailableSeq)
    {
        if (active && fromReplica == replicaId)
        {
            fetchClosed = true;
            firstAvailable = firstAvailableSeq;
        }
    }

    int poll(final long nowNs, final ResponseCollector collector)
    {
        if (!active)
        {
            return 0;
        }
        if (nowNs - deadlineNs > 0)
        {
            LOG.warn("gateway {}: {} of the responses of seqs {}..{} did not come in time (fetch from replica {} {}); " +
                "retries of those are answered DUPLICATE_NOT_CACHED, and effects of those that come later are not " +
                "forwarded", gatewayId, collector.unanswered(fromSeq, toSeq), fromSeq, toSeq, replicaId,
                fetchClosed ? "done" : "unfinished");
            finish(collector);
            return 1;
        }
        if (fetchClosed && 0 == collector.unanswered(fromSeq, toSeq))
        {
            finish(collector);
            return 1;
        }
        if (!requested)
        {
            requested = fetcher.fetch(replicaId, fromSeq, toSeq);
            return 1;
        }
        return 0;
    }

    void stop()
    {
        active = false;
    }

    private void finish(final ResponseCollector collector)
    {
        active = false;
        final long unanswered = collector.abandonUnanswered(fromSeq, toSeq);
        LOG.info("gateway {}: responses of seqs {}..{} fetched from replica {}{}", gatewayId, fromSeq, toSeq, replicaId,
            unanswered > 0 ? "; " + unanswered + " not available (the replica held responses from seq " +
            firstAvailable + ")" : "");
    }
}
