package io.hedge.gateway;

import io.hedge.codecs.fabric.QueryStatus;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The active gateway's read-only queries (docs/QUERIES.md): each client query goes to ONE replica, never through the
 * sequencer, and its answer back to the client. The replica is chosen round-robin among those able to answer now: live
 * (a status within the liveness timeout), in a whole state (LIVE or HELD_AT_GAP), not divergent, and known to have
 * applied the query's minimum seq (its last status, or its highest response of this term, whichever is further). So a
 * client that passes the seq of its own last answered request reads its own writes.
 * <p>
 * A query no replica can answer yet waits here, asked again every {@link #RETRY_INTERVAL_NS}, until the query timeout,
 * then is answered NOT_YET; with no live replica at all it is answered NO_REPLICA at once. A replica that answers
 * NOT_YET itself (the gateway's view of it was stale), or does not answer within {@link #ANSWER_TIMEOUT_NS}, has the
 * query asked again, of another replica when there is one. At most {@code capacity} queries wait; one more is answered
 * REJECTED_BUSY. Queries live in fixed arrays, their payloads in buffers that grow to the largest seen: nothing is
 * allocated per query once warm. A term that ends answers what it holds NOT_ACTIVE ({@link #abandonAll}).
 */
final class QueryRouter
{
    /** Queries held at most: the token keeps the slot in its low 16 bits. */
    static final int MAX_CAPACITY = 1 << 16;
    static final long RETRY_INTERVAL_NS = 1_000_000L;
    static final long ANSWER_TIMEOUT_NS = 100_000_000L;
    private static final int SLOT_BITS = 16;
    private static final int SLOT_MASK = MAX_CAPACITY - 1;

    /** What the gateway knows of the replicas. */
    @FunctionalInterface
    interface ReplicaView
    {
        /**
         * @return the seq the replica is known to have applied at least, or -1 if it cannot answer now (not live,
         * not in a whole state, divergent).
         */
        long readableSeq(int replicaId, long nowNs);
    }

    /** Sends a ReplicaQuery to one replica: the {@link ReplicaPublisher}, or a recorder in a test. */
    @FunctionalInterface
    interface QuerySender
    {
        /**
         * @return true when the stream took it.
         */
        boolean query(int replicaId, long token, long minSeq, DirectBuffer payload, int offset, int length);
    }

    /** Sends a QueryAnswer to a client: the {@link EgressPublisher}, or a recorder in a test. */
    @FunctionalInterface
    interface AnswerSender
    {
        void answer(long clientId, long queryId, int replicaId, QueryStatus status, long appliedSeq,
            DirectBuffer payload, int offset, int length);
    }

    private final int replicaCount;
    private final int maxPayloadLength;
    private final long queryTimeoutNs;
    private final ReplicaView view;
    private final QuerySender sender;
    private final AnswerSender answers;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);

    private final long[] tokens;
    private final long[] clientIds;
    private final long[] queryIds;
    private final long[] minSeqs;
    private final long[] deadlinesNs;
    private final long[] retryAtNs;
    /** The replica asked last, 0 if none is being asked now. */
    private final int[] asked;
    /** The replica that failed this query last (NOT_YET or silent): another is preferred. */
    private final int[] avoid;
    private final int[] lengths;
    private final ExpandableArrayBuffer[] payloads;
    private final int[] free;
    private int freeCount;
    private long serial;
    private int nextReplica;
    private long nextScanNs;

    private long forwarded;
    private long answered;
    private long notYet;
    private long noReplica;
    private long busy;
    private long staleAnswers;

    /**
     * @param capacity         queries held at most, 1..{@link #MAX_CAPACITY}.
     * @param replicaCount     the configured replicas, ids 1..replicaCount.
     * @param maxPayloadLength longest query payload accepted.
     * @param queryTimeoutNs   how long a query may wait for a replica able to answer it.
     */
    QueryRouter(
        final int capacity,
        final int replicaCount,
        final int maxPayloadLength,
        final long queryTimeoutNs,
        final ReplicaView view,
        final QuerySender sender,
        final AnswerSender answers)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("query capacity must be 1.." + MAX_CAPACITY + ", got " + capacity);
        }
        this.replicaCount = replicaCount;
        this.maxPayloadLength = maxPayloadLength;
        this.queryTimeoutNs = queryTimeoutNs;
        this.view = view;
        this.sender = sender;
        this.answers = answers;
        tokens = new long[capacity];
        clientIds = new long[capacity];
        queryIds = new long[capacity];
        minSeqs = new long[capacity];
        deadlinesNs = new long[capacity];
        retryAtNs = new long[capacity];
        asked = new int[capacity];
        avoid = new int[capacity];
        lengths = new int[capacity];
        payloads = new ExpandableArrayBuffer[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    /**
     * A client's query: refused at once (too large, too many waiting, no live replica), sent to a replica, or held
     * until one can answer it.
     */
    void onQuery(final long clientId, final long queryId, final long minSeq, final DirectBuffer payload,
        final int offset, final int length, final long nowNs)
    {
        if (length > maxPayloadLength)
        {
            answers.answer(clientId, queryId, 0, QueryStatus.REJECTED_TOO_LARGE, 0, empty, 0, 0);
            return;
        }
        if (0 == freeCount)
        {
            busy++;
            answers.answer(clientId, queryId, 0, QueryStatus.REJECTED_BUSY, 0, empty, 0, 0);
            return;
        }
        final int slot = free[--freeCount];
        tokens[slot] = (++serial << SLOT_BITS) | slot;
        clientIds[slot] = clientId;
        queryIds[slot] = queryId;
        minSeqs[slot] = minSeq;
        deadlinesNs[slot] = nowNs + queryTimeoutNs;
        asked[slot] = 0;
        avoid[slot] = 0;
        lengths[slot] = length;
        if (null == payloads[slot])
        {
            payloads[slot] = new ExpandableArrayBuffer(Math.max(64, length));
        }
        payloads[slot].putBytes(0, payload, offset, length);
        dispatch(slot, nowNs);
    }

    /**
     * A replica's answer to the query it was sent under this token.
     */
    void onAnswer(final long token, final int replicaId, final QueryStatus status, final long appliedSeq,
        final DirectBuffer payload, final int offset, final int length, final long nowNs)
    {
        final int slot = (int)(token & SLOT_MASK);
        if (token <= 0 || slot >= tokens.length || tokens[slot] != token || asked[slot] != replicaId)
        {
            staleAnswers++; // answered already, given up, or from a replica no longer asked
            return;
        }
        if (status == QueryStatus.NOT_YET || status == QueryStatus.NULL_VAL)
        {
            avoid[slot] = replicaId;
            asked[slot] = 0;
            retryAtNs[slot] = nowNs + RETRY_INTERVAL_NS;
            return;
        }
        answered++;
        final long clientId = clientIds[slot];
        final long queryId = queryIds[slot];
        release(slot);
        answers.answer(clientId, queryId, replicaId, status, appliedSeq, payload, offset, length);
    }

    /**
     * Give up the queries past their timeout, and ask again those that wait for a replica.
     *
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        if (freeCount == tokens.length || nowNs - nextScanNs < 0)
        {
            return 0;
        }
        nextScanNs = nowNs + RETRY_INTERVAL_NS;
        int work = 0;
        for (int slot = 0; slot < tokens.length; slot++)
        {
            if (0 == tokens[slot])
            {
                continue;
            }
            if (nowNs - deadlinesNs[slot] >= 0)
            {
                notYet++;
                final long clientId = clientIds[slot];
                final long queryId = queryIds[slot];
                release(slot);
                answers.answer(clientId, queryId, 0, QueryStatus.NOT_YET, bestReadableSeq(nowNs), empty, 0, 0);
                work++;
            }
            else if (nowNs - retryAtNs[slot] >= 0)
            {
                if (0 != asked[slot])
                {
                    avoid[slot] = asked[slot]; // silent past the answer timeout
                    asked[slot] = 0;
                }
                dispatch(slot, nowNs);
                work++;
            }
        }
        return work;
    }

    /**
     * The term is over: every query held is answered NOT_ACTIVE, for the client to ask the next active gateway.
     */
    void abandonAll()
    {
        for (int slot = 0; slot < tokens.length; slot++)
        {
            if (0 != tokens[slot])
            {
                final long clientId = clientIds[slot];
                final long queryId = queryIds[slot];
                release(slot);
                answers.answer(clientId, queryId, 0, QueryStatus.NOT_ACTIVE, 0, empty, 0, 0);
            }
        }
    }

    private void dispatch(final int slot, final long nowNs)
    {
        final long minSeq = minSeqs[slot];
        boolean anyLive = false;
        int chosen = 0;
        int fallback = 0;
        for (int i = 0; i < replicaCount && 0 == chosen; i++)
        {
            final int replicaId = 1 + (nextReplica + i) % replicaCount;
            final long readable = view.readableSeq(replicaId, nowNs);
            if (readable < 0)
            {
                continue;
            }
            anyLive = true;
            if (readable >= minSeq)
            {
                if (replicaId != avoid[slot])
                {
                    chosen = replicaId;
                }
                else
                {
                    fallback = replicaId;
                }
            }
        }
        if (0 == chosen)
        {
            chosen = fallback;
        }
        if (!anyLive)
        {
            noReplica++;
            final long clientId = clientIds[slot];
            final long queryId = queryIds[slot];
            release(slot);
            answers.answer(clientId, queryId, 0, QueryStatus.NO_REPLICA, 0, empty, 0, 0);
            return;
        }
        if (0 != chosen && sender.query(chosen, tokens[slot], minSeq, payloads[slot], 0, lengths[slot]))
        {
            // round-robin: the next query starts looking after the replica this one went to
            nextReplica = chosen % replicaCount;
            asked[slot] = chosen;
            retryAtNs[slot] = nowNs + ANSWER_TIMEOUT_NS;
            forwarded++;
        }
        else
        {
            retryAtNs[slot] = nowNs + RETRY_INTERVAL_NS;
        }
    }

    private long bestReadableSeq(final long nowNs)
    {
        long best = 0;
        for (int replicaId = 1; replicaId <= replicaCount; replicaId++)
        {
            best = Math.max(best, view.readableSeq(replicaId, nowNs));
        }
        return best;
    }

    private void release(final int slot)
    {
        tokens[slot] = 0;
        asked[slot] = 0;
        free[freeCount++] = slot;
    }

    /** @return queries held now. */
    int pending()
    {
        return tokens.length - freeCount;
    }

    /** @return ReplicaQuery messages sent (a query asked twice counts twice). */
    long forwarded()
    {
        return forwarded;
    }

    /** @return queries a replica answered (OK, NOT_SUPPORTED, FAILED). */
    long answered()
    {
        return answered;
    }

    /** @return queries given up at the query timeout: NOT_YET. */
    long notYet()
    {
        return notYet;
    }

    /** @return queries answered NO_REPLICA. */
    long noReplica()
    {
        return noReplica;
    }

    /** @return queries refused because as many as the capacity were held: REJECTED_BUSY. */
    long busy()
    {
        return busy;
    }

    /** @return answers that matched no query held (late, or from a replica no longer asked). */
    long staleAnswers()
    {
        return staleAnswers;
    }
}
