package io.hedge.gateway;

import io.hedge.transport.FabricLimits;

import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for every seq, which replica response goes to the client: the first one (or the first K that agree,
 * under quorum durability), at once and only once. Later responses are compared by state hash: a replica whose
 * hash differs from the one the client was given is marked divergent and never answers a client again.
 *
 * <p>In-flight seqs live in a ring of primitive arrays indexed by seq, so nothing is allocated per request.
 */
final class ResponseCollector
{
    /** Sends an answer to the client that asked: the {@link EgressPublisher}, or a recorder in a test. */
    interface ResponseForwarder
    {
        void forward(long clientId, long correlationId, long seq, int replicaId, DirectBuffer buffer, int offset, int length);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCollector.class);

    private final int mask;
    private final long[] slotSeq;
    private final long[] clientIds;
    private final long[] correlationIds;
    private final long[] firstHashes;
    private final int[] matches;
    private final long[] responders;
    private final int[] firstReplicas;
    private final boolean[] answered;
    private final long[] cachePositions;
    private final int[] cacheLengths;
    private final ResponseCache cache;
    private final int requiredMatches;
    private final ResponseForwarder forwarder;
    private final ReplicaStats[] replicas = new ReplicaStats[FabricLimits.MAX_REPLICAS];
    /** Hears each committed seq in order (the term's effects forwarder); h4-commit calls it. */
    private CommitListener commitListener;

    private long lastRegisteredSeq;
    private long answeredCount;
    private long unknownSeqResponses;

    ResponseCollector(
        final int capacity, final int cacheBytes, final Durability durability, final ResponseForwarder forwarder)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("collector capacity must be a power of two, got " + capacity);
        }
        mask = capacity - 1;
        slotSeq = new long[capacity];
        clientIds = new long[capacity];
        correlationIds = new long[capacity];
        firstHashes = new long[capacity];
        matches = new int[capacity];
        responders = new long[capacity];
        firstReplicas = new int[capacity];
        answered = new boolean[capacity];
        cachePositions = new long[capacity];
        cacheLengths = new int[capacity];
        cache = new ResponseCache(cacheBytes);
        requiredMatches = durability.requiredMatches();
        this.forwarder = forwarder;
    }

    /**
     * @return true if the seq after the last registered one has a free slot: the oldest request that would be
     * overwritten has been answered. False is back pressure: too many requests are unanswered.
     */
    boolean hasCapacity()
    {
        final int slot = (int)(lastRegisteredSeq + 1) & mask;
        return slotSeq[slot] == 0 || answered[slot];
    }

    /**
     * @param listener hears each committed seq, in seq order, once (the term's effects forwarder).
     */
    void commitListener(final CommitListener listener)
    {
        this.commitListener = listener;
    }

    /**
     * Continue after seqs sequenced before this collector existed (a restarted gateway's journal).
     */
    void startAfter(final long lastSeq)
    {
        lastRegisteredSeq = lastSeq;
    }

    void onSequenced(final long seq, final long clientId, final long correlationId)
    {
        final int slot = (int)seq & mask;
        slotSeq[slot] = seq;
        clientIds[slot] = clientId;
        correlationIds[slot] = correlationId;
        firstHashes[slot] = 0;
        matches[slot] = 0;
        responders[slot] = 0;
        firstReplicas[slot] = 0;
        answered[slot] = false;
        cachePositions[slot] = -1;
        cacheLengths[slot] = 0;
        lastRegisteredSeq = seq;
    }

    /**
     * @return true if this response answered its seq (the first, or the one that completed a quorum).
     */
    boolean onResponse(
        final long seq,
        final int replicaId,
        final long stateHash,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final ReplicaStats replica = replica(replicaId);
        if (null == replica)
        {
            unknownSeqResponses++;
            return false;
        }
        replica.responses++;
        if (seq > replica.highestResponseSeq)
        {
            replica.highestResponseSeq = seq;
        }

        final int slot = (int)seq & mask;
        if (seq <= 0 || slotSeq[slot] != seq)
        {
            // so far behind that the slot was reused, or a seq this gateway never sequenced
            unknownSeqResponses++;
            return false;
        }
        final long responderBit = 1L << replicaId;
        if ((responders[slot] & responderBit) != 0)
        {
            // a quorum counts distinct replicas: a repeat adds nothing
            return false;
        }
        responders[slot] |= responderBit;
        if (replica.divergent)
        {
            // still counted, so the operator sees it go on diverging, but never an answer or part of a quorum
            if (matches[slot] > 0 && stateHash != firstHashes[slot])
            {
                replica.divergences++;
            }
            return false;
        }

        if (matches[slot] == 0)
        {
            firstHashes[slot] = stateHash;
            firstReplicas[slot] = replicaId;
            matches[slot] = 1;
            if (requiredMatches == 1)
            {
                answer(slot, seq, replicaId, buffer, offset, length);
                return true;
            }
            return false;
        }

        if (stateHash != firstHashes[slot])
        {
            onDivergence(replica, seq, stateHash, slot);
            return false;
        }
        matches[slot]++;
        if (!answered[slot] && matches[slot] >= requiredMatches)
        {
            answer(slot, seq, replicaId, buffer, offset, length);
            return true;
        }
        return false;
    }

    /**
     * Answer a retried request that was already sequenced.
     *
     * @return true if it was answered from the cache or will be answered when its first response comes;
     * false if its response is no longer known.
     */
    boolean onDuplicate(final long seq, final long clientId, final long correlationId)
    {
        final int slot = (int)seq & mask;
        if (seq <= 0 || slotSeq[slot] != seq)
        {
            return false;
        }
        if (!answered[slot])
        {
            return true;
        }
        final long position = cachePositions[slot];
        final int length = cacheLengths[slot];
        if (!cache.isAvailable(position, length))
        {
            return false;
        }
        forwarder.forward(
            clientId, correlationId, seq, firstReplicas[slot], cache.buffer(), cache.indexOf(position), length);
        return true;
    }

    /**
     * @return how many of these seqs are registered and not yet answered.
     */
    long unanswered(final long fromSeq, final long toSeq)
    {
        long count = 0;
        for (long seq = fromSeq; seq <= toSeq; seq++)
        {
            final int slot = (int)seq & mask;
            if (slotSeq[slot] == seq && !answered[slot])
            {
                count++;
            }
        }
        return count;
    }

    /**
     * Give up on the responses of these seqs that never came (a takeover could not fetch them): each counts as
     * answered with nothing cached, so a retry of it is told DUPLICATE_NOT_CACHED and the slot can be reused.
     *
     * @return how many were given up.
     */
    long abandonUnanswered(final long fromSeq, final long toSeq)
    {
        long count = 0;
        for (long seq = fromSeq; seq <= toSeq; seq++)
        {
            final int slot = (int)seq & mask;
            if (slotSeq[slot] == seq && !answered[slot])
            {
                answered[slot] = true;
                cachePositions[slot] = -1;
                cacheLengths[slot] = 0;
                count++;
            }
        }
        return count;
    }

    private void answer(
        final int slot, final long seq, final int replicaId, final DirectBuffer buffer, final int offset, final int length)
    {
        answered[slot] = true;
        answeredCount++;
        final ReplicaStats winner = replicas[replicaId];
        winner.wins++;
        firstReplicas[slot] = replicaId;
        cachePositions[slot] = cache.store(buffer, offset, length);
        cacheLengths[slot] = length;
        forwarder.forward(clientIds[slot], correlationIds[slot], seq, replicaId, buffer, offset, length);
    }

    private void onDivergence(final ReplicaStats replica, final long seq, final long stateHash, final int slot)
    {
        replica.divergences++;
        if (!replica.divergent)
        {
            replica.divergent = true;
            LOG.error(
                "replica {} diverged at seq {}: state hash {} but replica {} answered with {}; " +
                "its responses will no longer reach clients",
                replica.replicaId, seq, Long.toHexString(stateHash),
                firstReplicas[slot], Long.toHexString(firstHashes[slot]));
        }
    }

    ReplicaStats replica(final int replicaId)
    {
        if (replicaId <= 0 || replicaId >= FabricLimits.MAX_REPLICAS)
        {
            return null;
        }
        ReplicaStats stats = replicas[replicaId];
        if (null == stats)
        {
            stats = new ReplicaStats(replicaId);
            replicas[replicaId] = stats;
        }
        return stats;
    }

    /**
     * @return the replica's statistics if it has been heard from, else null; creates nothing.
     */
    ReplicaStats knownReplica(final int replicaId)
    {
        return replicaId <= 0 || replicaId >= FabricLimits.MAX_REPLICAS ? null : replicas[replicaId];
    }

    /**
     * @param consumer of each replica seen so far, in replica id order.
     */
    void forEachReplica(final java.util.function.Consumer<ReplicaStats> consumer)
    {
        for (final ReplicaStats stats : replicas)
        {
            if (null != stats)
            {
                consumer.accept(stats);
            }
        }
    }

    long answeredCount()
    {
        return answeredCount;
    }

    long unknownSeqResponses()
    {
        return unknownSeqResponses;
    }
}
