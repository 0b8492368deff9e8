package io.hedge.gateway;

import io.hedge.codecs.fabric.ReplicaState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Consumer;

/**
 * Decides, for every seq of a term, which replica response goes to the client and when, and hears each seq once it is
 * committed. A response is answered under {@link Durability}: {@code majority} once a majority of the configured
 * replicas sent the same state hash, {@code quorum:K} once K did, {@code first} on the first response. A seq of the
 * takeover warm range is answered with the response fetched from a voter once it is committed. Once a majority agree
 * on a seq's hash, a replica that sent another is divergent ({@link Divergence}); its responses never answer.
 * The {@link CommitListener} hears every seq once, in seq order, when the {@link CommitTracker}'s commit seq reaches
 * it and the collector holds a response for it that no counted replica contradicts (the one the majority agrees on,
 * else the first), or with none when a warm-range seq was given up.
 *
 * <p>In-flight seqs live in a ring of primitive arrays indexed by seq; a slot is reused only when its seq has been
 * answered (or given up) and passed to the commit listener. The response held for a seq is copied once into a ring of
 * bytes (again only when the majority agrees on another hash). Nothing is allocated per request.
 */
final class ResponseCollector
{
    /** Sends an answer to the client that asked: the {@link EgressPublisher}, or a recorder in a test. */
    interface ResponseForwarder
    {
        /**
         * @param outcome the ReplicaResponse's outcome: {@link #APPLIED}, or {@link #REJECTED} when the state machine
         *                threw on the request (every replica rejects it alike).
         */
        void forward(
            long clientId,
            long correlationId,
            long seq,
            int replicaId,
            int outcome,
            DirectBuffer buffer,
            int offset,
            int length);

        /**
         * The session messages of a seq, sent when the seq is answered (under the same durability rule), once per
         * answer: the agreed ReplicaResponse, whole, is {@code buffer[messageOffset, +messageLength)}.
         */
        default void sessionMessages(long seq, DirectBuffer buffer, int messageOffset, int messageLength)
        {
        }
    }

    /** ReplicaResponse.outcome: applied. */
    static final int APPLIED = 0;
    /** ReplicaResponse.outcome: the state machine threw; the request is rejected alike on every replica. */
    static final int REJECTED = 1;

    private final int mask;
    private final int replicaCount;
    private final int majority;
    private final int requiredMatches;
    private final long[] slotSeq;
    private final long[] clientIds;
    private final long[] correlationIds;
    private final HashTally tally;
    private final boolean[] answered;
    /** Answered with a response a retry may be given again (not given up). */
    private final boolean[] answerable;
    private final boolean[] fetched;
    /** The outcome of the response held for each slot, told to the client with it. */
    private final byte[] outcomes;
    private final HeldResponses held;
    private final UnsafeBuffer emptyBuffer = new UnsafeBuffer(new byte[0]);
    private final ResponseForwarder forwarder;
    private final CommitListener commitListener;
    private final CommitTracker tracker;
    private final Divergence divergence;
    private final ReplicaStats[] replicas;

    private boolean anyRegistered;
    private long lastRegisteredSeq;
    private long notifiedSeq;
    private long answeredCount;
    /** Answers that went to a client: the term start entry's is not one. */
    private long clientAnswers;
    private long unknownSeqResponses;
    private long unconfiguredReplicaMessages;
    private long commitsWithoutResponse;

    /**
     * @param replicaCount   the configured replicas, ids 1..replicaCount: a majority of them commits.
     * @param epoch          the term's epoch: statuses of another epoch are no commit evidence.
     * @param commitListener hears every committed seq once, in order.
     * @param repairOrders   orders a divergent replica to repair.
     */
    ResponseCollector(
        final int capacity,
        final int cacheBytes,
        final Durability durability,
        final int replicaCount,
        final long epoch,
        final int gatewayId,
        final ResponseForwarder forwarder,
        final CommitListener commitListener,
        final Divergence.RepairOrders repairOrders)
    {
        this(new CollectorSlots(capacity, replicaCount, cacheBytes), durability, epoch, gatewayId, forwarder,
            commitListener, repairOrders);
    }

    /**
     * @param slots the ring's storage, lent to this collector alone for its term ({@link CollectorSlots#lend}).
     */
    ResponseCollector(
        final CollectorSlots slots,
        final Durability durability,
        final long epoch,
        final int gatewayId,
        final ResponseForwarder forwarder,
        final CommitListener commitListener,
        final Divergence.RepairOrders repairOrders)
    {
        mask = slots.capacity - 1;
        replicaCount = slots.replicaCount;
        majority = Durability.majorityOf(replicaCount);
        requiredMatches = durability.requiredMatches(replicaCount);
        slotSeq = slots.slotSeq;
        clientIds = slots.clientIds;
        correlationIds = slots.correlationIds;
        tally = slots.tally;
        answered = slots.answered;
        answerable = slots.answerable;
        fetched = slots.fetched;
        outcomes = slots.outcomes;
        held = slots.held;
        this.forwarder = forwarder;
        this.commitListener = commitListener;
        tracker = new CommitTracker(replicaCount, epoch);
        divergence = new Divergence(gatewayId, replicaCount, repairOrders, tracker);
        replicas = new ReplicaStats[replicaCount + 1];
        for (int id = 1; id <= replicaCount; id++)
        {
            replicas[id] = new ReplicaStats(id);
        }
    }

    /**
     * @return true if the seq after the last registered one has a free slot (the seq it would overwrite is answered
     * and committed) and the bytes of the oldest uncommitted response are not about to be overwritten. False is back
     * pressure: too many requests are unanswered or uncommitted.
     */
    boolean hasCapacity()
    {
        final int slot = (int)(lastRegisteredSeq + 1) & mask;
        if (slotSeq[slot] != 0 && (!answered[slot] || slotSeq[slot] > notifiedSeq))
        {
            return false;
        }
        final int oldest = (int)(notifiedSeq + 1) & mask;
        return slotSeq[oldest] != notifiedSeq + 1 || !held.isAging(oldest);
    }

    /**
     * Continue after seqs sequenced before this collector existed (a restarted gateway's journal); the commit listener
     * hears seqs from the first one registered.
     */
    void startAfter(final long lastSeq)
    {
        lastRegisteredSeq = lastSeq;
        tracker.termStartsAt(lastSeq + 1);
        if (!anyRegistered)
        {
            notifiedSeq = lastSeq;
        }
    }

    void onSequenced(final long seq, final long clientId, final long correlationId)
    {
        final int slot = (int)seq & mask;
        slotSeq[slot] = seq;
        clientIds[slot] = clientId;
        correlationIds[slot] = correlationId;
        tally.clear(slot);
        answered[slot] = false;
        answerable[slot] = false;
        fetched[slot] = false;
        held.clear(slot);
        if (!anyRegistered)
        {
            // the listener hears from the first seq registered: the warm range's, or the term's own
            anyRegistered = true;
            notifiedSeq = seq - 1;
        }
        lastRegisteredSeq = seq;
    }

    /**
     * A response of outcome {@link #APPLIED}: see the next method.
     */
    boolean onResponse(
        final long seq,
        final int replicaId,
        final long stateHash,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int payloadOffset,
        final int payloadLength)
    {
        return onResponse(
            seq, replicaId, stateHash, APPLIED, buffer, messageOffset, messageLength, payloadOffset, payloadLength);
    }

    /**
     * A response of this term, where the whole ReplicaResponse message is {@code buffer[messageOffset, +messageLength)}
     * and its payload {@code buffer[payloadOffset, +payloadLength)}.
     *
     * @return true if this response answered its seq.
     */
    boolean onResponse(
        final long seq,
        final int replicaId,
        final long stateHash,
        final int outcome,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int payloadOffset,
        final int payloadLength)
    {
        if (replicaId < 1 || replicaId > replicaCount)
        {
            unconfiguredReplicaMessages++;
            return false;
        }
        final ReplicaStats replica = replicas[replicaId];
        replica.heard = true;
        replica.responses++;
        if (seq > replica.highestResponseSeq)
        {
            replica.highestResponseSeq = seq;
        }
        final int slot = (int)seq & mask;
        if (seq <= 0 || seq > lastRegisteredSeq || slotSeq[slot] != seq)
        {
            // so far behind that the slot was reused, or a seq this gateway never sequenced
            unknownSeqResponses++;
            return false;
        }
        if (!tally.record(slot, replicaId, stateHash))
        {
            // agreement counts distinct replicas: a repeat adds nothing
            return false;
        }
        if (divergence.isDivergent(replicaId))
        {
            // still counted, so the operator sees it go on diverging, but never an answer or part of an agreement
            if (tally.isAgreed(slot) && stateHash != tally.agreedHash(slot))
            {
                replica.divergences++;
            }
            return false;
        }
        tracker.onResponse(replicaId, seq);

        boolean answeredNow = false;
        if (tally.isAgreed(slot) && stateHash != tally.agreedHash(slot))
        {
            divergence.mark(replica, seq, stateHash, tally.agreedHash(slot));
        }
        else
        {
            final int matches = tally.matching(slot, stateHash, divergence.mask());
            if (!tally.isAgreed(slot) && matches >= majority)
            {
                tally.agree(slot, stateHash);
                markDissenters(slot, seq, stateHash);
            }
            // a seq of an earlier epoch is answered only once committed, whatever agrees on it (see CommitTracker)
            final boolean answerNow = !answered[slot] && matches >= requiredMatches &&
                (requiredMatches < majority || seq >= tracker.termStartSeq() || seq <= tracker.commitSeq());
            if (!held.isHeld(slot) || (held.hash(slot) != stateHash && (answerNow || tally.isAgreed(slot))))
            {
                // the held response is the one a majority agrees on once there is one, and the one answered
                held.hold(slot, replicaId, stateHash, buffer, messageOffset, messageLength, payloadOffset, payloadLength);
                outcomes[slot] = (byte)outcome;
            }
            if (answerNow)
            {
                answer(slot, seq, replicaId, outcome, buffer, payloadOffset, payloadLength, messageOffset,
                    messageLength);
                answeredNow = true;
            }
        }
        notifyCommitted();
        return answeredNow;
    }

    /**
     * A fetched response of outcome {@link #APPLIED}: see the next method.
     */
    void onFetchedResponse(
        final long seq,
        final int replicaId,
        final long stateHash,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int payloadOffset,
        final int payloadLength)
    {
        onFetchedResponse(
            seq, replicaId, stateHash, APPLIED, buffer, messageOffset, messageLength, payloadOffset, payloadLength);
    }

    /**
     * A response of a warm-range seq fetched from a voter's response log: held, and answered once committed.
     */
    void onFetchedResponse(
        final long seq,
        final int replicaId,
        final long stateHash,
        final int outcome,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int payloadOffset,
        final int payloadLength)
    {
        final int slot = (int)seq & mask;
        if (seq <= 0 || seq > lastRegisteredSeq || slotSeq[slot] != seq || seq <= notifiedSeq)
        {
            unknownSeqResponses++;
            return;
        }
        fetched[slot] = true;
        if (!held.isHeld(slot))
        {
            held.hold(slot, replicaId, stateHash, buffer, messageOffset, messageLength, payloadOffset, payloadLength);
            outcomes[slot] = (byte)outcome;
        }
        notifyCommitted();
    }

    /**
     * A replica's status: its figures, the end of a divergence after a repair, and commit evidence.
     */
    void onReplicaStatus(
        final int replicaId,
        final long statusEpoch,
        final ReplicaState state,
        final long appliedSeq,
        final long journaledSeq,
        final long matchedEpoch,
        final long stateHash,
        final long nowNs)
    {
        if (replicaId < 1 || replicaId > replicaCount)
        {
            unconfiguredReplicaMessages++;
            return;
        }
        final ReplicaStats stats = replicas[replicaId];
        stats.onStatus(state, appliedSeq, journaledSeq, matchedEpoch, stateHash, nowNs);
        final int appliedSlot = (int)appliedSeq & mask;
        divergence.onStatus(stats, state, appliedSeq, appliedSeq > 0 && slotSeq[appliedSlot] == appliedSeq &&
            tally.isAgreed(appliedSlot) && tally.agreedHash(appliedSlot) == stateHash);
        if (!divergence.isDivergent(replicaId))
        {
            tracker.onStatus(replicaId, statusEpoch, matchedEpoch, Math.min(journaledSeq, lastRegisteredSeq));
            notifyCommitted();
        }
    }

    /**
     * Offer what the stream pushed back (repair orders).
     *
     * @return work done.
     */
    int doWork()
    {
        return divergence.sendPending();
    }

    /**
     * Answer a retried request that was already sequenced.
     *
     * @return true if it was answered from the cache or will be answered when its seq is; false if its response is no
     * longer known.
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
        if (!answerable[slot] || !held.isAvailable(slot))
        {
            return false;
        }
        forwarder.forward(clientId, correlationId, seq, held.replicaId(slot), outcomes[slot], held.buffer(),
            held.payloadIndex(slot), held.payloadLength(slot));
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
     * Give up answering these seqs (a takeover could not fetch their responses, or they did not commit in time): each
     * counts as answered with nothing to give again, so a retry of it is told DUPLICATE_NOT_CACHED. The commit
     * listener still hears each once it commits, with what is held of it, if anything.
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
                answerable[slot] = false;
                count++;
            }
        }
        notifyCommitted();
        return count;
    }

    /**
     * @return true if the held response may go to the commit listener: a majority agrees on it, or no counted
     * replica has contradicted it yet (then it is the best there is). While the responses disagree and no majority
     * has decided, the seq waits: effects of a state nobody can vouch for must not leave.
     */
    private boolean settled(final int slot)
    {
        if (tally.isAgreed(slot))
        {
            return true;
        }
        final long excluded = divergence.mask();
        return !divergence.isDivergent(held.replicaId(slot)) &&
            tally.matching(slot, held.hash(slot), excluded) == tally.counted(slot, excluded);
    }

    private void markDissenters(final int slot, final long seq, final long majorityHash)
    {
        long dissenters = tally.dissenters(slot, majorityHash, divergence.mask());
        while (dissenters != 0)
        {
            final int r = Long.numberOfTrailingZeros(dissenters);
            dissenters &= dissenters - 1;
            divergence.mark(replicas[r], seq, tally.hashOf(slot, r), majorityHash);
        }
    }

    private void answer(
        final int slot,
        final long seq,
        final int replicaId,
        final int outcome,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageOffset,
        final int messageLength)
    {
        answered[slot] = true;
        answerable[slot] = true;
        answeredCount++;
        replicas[replicaId].wins++;
        if (LeaderTerm.TERM_START_CLIENT_ID != clientIds[slot])
        {
            clientAnswers++;
            forwarder.forward(clientIds[slot], correlationIds[slot], seq, replicaId, outcome, buffer, offset, length);
            // the seq's session messages leave with its answer, from the same agreed response, once
            forwarder.sessionMessages(seq, buffer, messageOffset, messageLength);
        }
    }

    /**
     * Pass every seq now committed to the commit listener, in order; a warm-range seq's fetched response answers its
     * client first. A committed seq waits while nothing is held of it (unless it was given up) and while its responses
     * disagree with no majority decided ({@link #settled}); the seqs after it wait with it, for the order.
     */
    private void notifyCommitted()
    {
        final long target = Math.min(tracker.commitSeq(), lastRegisteredSeq);
        while (notifiedSeq < target)
        {
            final long seq = notifiedSeq + 1;
            final int slot = (int)seq & mask;
            if (slotSeq[slot] != seq)
            {
                commitListener.onCommitted(seq, 0, emptyBuffer, 0, 0);
                notifiedSeq = seq;
                continue;
            }
            final boolean marker = LeaderTerm.TERM_START_CLIENT_ID == clientIds[slot];
            if (!marker && (!answered[slot] && !held.isHeld(slot) || held.isHeld(slot) && !settled(slot)))
            {
                return;
            }
            final boolean available = held.isAvailable(slot);
            if ((fetched[slot] || seq < tracker.termStartSeq()) && !answered[slot] && available)
            {
                answer(slot, seq, held.replicaId(slot), outcomes[slot], held.buffer(), held.payloadIndex(slot),
                    held.payloadLength(slot), held.messageIndex(slot), held.messageLength(slot));
            }
            notifiedSeq = seq;
            if (marker && seq < tracker.termStartSeq())
            {
                // an earlier term's marker has no client and does not wait for its response: passed by the commit,
                // it is done, so that a takeover's warm-up does not wait out its timeout for a response of it
                answered[slot] = true;
            }
            if (available)
            {
                commitListener.onCommitted(
                    seq, held.replicaId(slot), held.buffer(), held.messageIndex(slot), held.messageLength(slot));
            }
            else
            {
                commitsWithoutResponse++;
                commitListener.onCommitted(seq, 0, emptyBuffer, 0, 0);
            }
        }
    }

    /**
     * @return the configured replica's statistics, null for an id that is not configured.
     */
    ReplicaStats replica(final int replicaId)
    {
        return replicaId < 1 || replicaId > replicaCount ? null : replicas[replicaId];
    }

    /**
     * @return the replica's statistics if it has been heard from, else null.
     */
    ReplicaStats knownReplica(final int replicaId)
    {
        final ReplicaStats stats = replica(replicaId);
        return null != stats && stats.heard ? stats : null;
    }

    /**
     * @param consumer of each replica heard from so far, in replica id order.
     */
    void forEachReplica(final Consumer<ReplicaStats> consumer)
    {
        for (int id = 1; id <= replicaCount; id++)
        {
            if (replicas[id].heard)
            {
                consumer.accept(replicas[id]);
            }
        }
    }

    /**
     * @return every seq up to this one is journaled on a majority of the configured replicas (this term's evidence).
     */
    long commitSeq()
    {
        return tracker.commitSeq();
    }

    /**
     * @return the last seq passed to the commit listener.
     */
    long notifiedSeq()
    {
        return notifiedSeq;
    }

    /**
     * @return seqs answered to their clients (the term start entry is answered, but to no client).
     */
    long clientAnswers()
    {
        return clientAnswers;
    }

    long answeredCount()
    {
        return answeredCount;
    }

    long unknownSeqResponses()
    {
        return unknownSeqResponses;
    }

    /**
     * @return responses and statuses from replica ids outside 1..replicaCount, ignored.
     */
    long unconfiguredReplicaMessages()
    {
        return unconfiguredReplicaMessages;
    }

    /**
     * @return committed seqs passed to the commit listener with no response: given up, or their bytes overwritten.
     */
    long commitsWithoutResponse()
    {
        return commitsWithoutResponse;
    }

    long repairOrdersSent()
    {
        return divergence.ordersSent();
    }
}
