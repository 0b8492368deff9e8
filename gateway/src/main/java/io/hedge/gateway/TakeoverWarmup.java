package io.hedge.gateway;

import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a takeover, the object of LEADER_WARMUP: the responses of the seqs before it, fetched from the
 * voter that holds the most, fill the new gateway's collector. A client that resends a request its predecessor
 * sequenced then gets the original answer, and the sink gets the effects its predecessor did not forward. A fetched
 * response is released (to its client and to the commit listener) only once its seq is committed in this term: the
 * predecessor may have sequenced it on a minority only, and an answer must never leave for a seq a later leader
 * could lose. Made when a {@link LeaderTerm} has seqs to warm, dropped when done: once the fetch has closed and every
 * seq of the range is answered (by the fetched responses once committed, or by replicas catching up), or at the
 * deadline, when what is still unanswered is given up: a retry of it is answered DUPLICATE_NOT_CACHED. Its term
 * outlives it.
 */
final class TakeoverWarmup implements GatewayPhase
{
    /** Asks a replica for the responses of a range of seqs. */
    @FunctionalInterface
    interface Fetcher
    {
        boolean fetch(int replicaId, long fromSeq, long toSeq);
    }

    /** Where the warm-up stands; it changes only in {@link #step(Step)}. */
    enum Step
    {
        /** The fetch has not yet been taken by the stream: it is offered again at the next poll. */
        REQUESTING,
        /** The replica is sending the responses it holds of the range. */
        FETCHING,
        /** The replica has sent all it holds; seqs still unanswered may yet be answered by replicas catching up. */
        FETCH_CLOSED,
        /** Every seq answered, or the deadline passed: the term serves new requests, this object is dropped. */
        DONE
    }

    private static final Logger LOG = LoggerFactory.getLogger(TakeoverWarmup.class);

    private final LeaderTerm term;
    private final int gatewayId;
    private final Fetcher fetcher;
    private final ResponseCollector collector;
    private final long fromSeq;
    private final long toSeq;
    private final int replicaId;
    private final long deadlineNs;
    private Step step = Step.REQUESTING;
    private long firstAvailable;

    /**
     * Start warming; the caller has registered seqs {@code fromSeq..toSeq} with the collector. The fetch goes out at
     * the first poll.
     *
     * @param term the term this warms up, carried for the agent: it goes on serving once the warm-up is dropped.
     */
    TakeoverWarmup(
        final LeaderTerm term,
        final int gatewayId,
        final Fetcher fetcher,
        final ResponseCollector collector,
        final long fromSeq,
        final long toSeq,
        final int replicaId,
        final long deadlineNs)
    {
        this.term = term;
        this.gatewayId = gatewayId;
        this.fetcher = fetcher;
        this.collector = collector;
        this.fromSeq = fromSeq;
        this.toSeq = toSeq;
        this.replicaId = replicaId;
        this.deadlineNs = deadlineNs;
    }

    LeaderTerm term()
    {
        return term;
    }

    Step step()
    {
        return step;
    }

    boolean done()
    {
        return step == Step.DONE;
    }

    /**
     * @return true if a fetched response of this replica and seq belongs to the warm-up.
     */
    boolean accepts(final int fromReplica, final long seq)
    {
        return step != Step.DONE && fromReplica == replicaId && seq >= fromSeq && seq <= toSeq;
    }

    /**
     * What a replica sends back for a fetch: a response of the range goes to the term, which answers and forwards it;
     * the closing message says the replica has sent all it holds.
     */
    void onResponseReplay(
        final int fromReplica,
        final long seq,
        final boolean complete,
        final long firstAvailableSeq,
        final long stateHash,
        final int outcome,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int payloadOffset,
        final int payloadLength)
    {
        if (complete)
        {
            onFetchClosed(fromReplica, firstAvailableSeq);
        }
        else if (accepts(fromReplica, seq))
        {
            term.onFetchedResponse(seq, fromReplica, stateHash, outcome, buffer, messageOffset, messageLength,
                payloadOffset, payloadLength);
        }
    }

    /**
     * The replica has sent all it holds of the range. A close before this warm-up's fetch was taken by the stream
     * cannot answer it (it closes an older fetch), and is let be.
     */
    void onFetchClosed(final int fromReplica, final long firstAvailableSeq)
    {
        if ((step == Step.FETCHING || step == Step.FETCH_CLOSED) && fromReplica == replicaId)
        {
            firstAvailable = firstAvailableSeq;
            step(Step.FETCH_CLOSED);
        }
    }

    /**
     * @return work done; see {@link #done()} after it.
     */
    int poll(final long nowNs)
    {
        switch (step)
        {
            case REQUESTING:
                if (pastDeadline(nowNs))
                {
                    return 1;
                }
                if (fetcher.fetch(replicaId, fromSeq, toSeq))
                {
                    step(Step.FETCHING);
                }
                return 1;

            case FETCHING:
                return pastDeadline(nowNs) ? 1 : 0;

            case FETCH_CLOSED:
                if (pastDeadline(nowNs))
                {
                    return 1;
                }
                if (0 == collector.unanswered(fromSeq, toSeq))
                {
                    finish();
                    return 1;
                }
                return 0;

            default:
                return 0;
        }
    }

    private boolean pastDeadline(final long nowNs)
    {
        if (nowNs - deadlineNs > 0)
        {
            LOG.warn("gateway {}: {} of the responses of seqs {}..{} did not come, or did not commit, in time (fetch " +
                "from replica {} {}); retries of those are answered DUPLICATE_NOT_CACHED", gatewayId, collector.unanswered(fromSeq, toSeq), fromSeq, toSeq, replicaId,
                step == Step.FETCH_CLOSED ? "done" : "unfinished");
            finish();
            return true;
        }
        return false;
    }

    private void finish()
    {
        final long unanswered = collector.abandonUnanswered(fromSeq, toSeq);
        step(Step.DONE);
        LOG.info("gateway {}: responses of seqs {}..{} fetched from replica {}{}", gatewayId, fromSeq, toSeq, replicaId,
            unanswered > 0 ? "; " + unanswered + " not available (the replica held responses from seq " +
            firstAvailable + ")" : "");
    }

    private void step(final Step next)
    {
        step = next;
    }
}
