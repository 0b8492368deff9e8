package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The application a replica runs. Every replica applies the same sequenced requests in the same order,
 * so an implementation must be deterministic: it sees only {@code (seq, timestampNs, clientId, principalId, payload)}
 * and its configuration, and may not read a clock, an unseeded random source, the environment, a thread identity or
 * the network, nor iterate in an order that depends on object hash codes. Same input, same response bytes, same state.
 *
 * <p>{@link #apply} is on the hot path: it should not allocate, lock or log. Besides the response to the requester it
 * may leave external {@link #effects} and {@link #messages session messages} to any client, both taken right after it.
 *
 * <p><b>A request it throws on (a poison request).</b> When {@link #apply} throws a {@link RuntimeException}, the
 * replica rejects the request and goes on: it sends a response with outcome 1 and no payload, takes and drops whatever
 * {@link #effects} and {@link #messages} then give (nothing of it is sent or hashed), folds the empty response into the rolling state hash
 * like any other, and applies the next seq to the same instance. The client is told REJECTED_BY_STATE_MACHINE. Journal
 * replay (recovery, repair, audits) meets the same policy, so a replayed state ends in the same hash. This holds only
 * if throwing is as deterministic as the rest:
 * <ul>
 *     <li>the same request on the same state throws on every replica, at the same point, never depending on memory,
 *     time or the thread (an {@link Error} such as {@link OutOfMemoryError} is not a rejection: it ends the
 *     replica);</li>
 *     <li>whatever the state had changed before the throw stays changed, alike on every replica: the replica does not
 *     roll it back, and the next request sees it (validate before changing anything to keep a reject clean);</li>
 *     <li>the instance stays usable: the next {@link #apply}, {@link #writeSnapshot} and {@link #fullStateHash} work on
 *     the state the throw left.</li>
 * </ul>
 */
public interface StateMachine
{
    /**
     * The client id of a term's first entry, which each new active gateway sequences itself (an empty request of
     * client 0, its correlation id the epoch): replicas journal and answer it but never pass it to the state machine,
     * so an implementation never sees it. Clients' ids are positive.
     */
    long TERM_START_CLIENT_ID = 0;

    /**
     * Apply one request and write the response.
     *
     * @param seq            position of the request in the total order, contiguous from 1.
     * @param timestampNs    the sequencer's timestamp, the only notion of time the state machine may use.
     * @param clientId       the session that sent the request (positive); part of the sequenced input like the
     *                       payload, so a state machine may keep it (say, as an order's owner) and address
     *                       {@link #messages session messages} to it.
     * @param principalId    the authenticated principal of that session (its compact id from the gateway's principals
     *                       file), 0 for an anonymous session (gateway.authenticator none) and for requests journaled
     *                       before principals were sequenced. Sequenced with the request, so every replica and every
     *                       replay sees the same one: a state machine may authorize on it (docs/SECURITY.md).
     * @param payload        buffer holding the request bytes.
     * @param offset         where the request starts.
     * @param length         how many bytes it has; may be malformed, which must produce a reject, not a throw.
     * @param response       where to write the response.
     * @param responseOffset where the response starts.
     * @return the number of response bytes written.
     */
    int apply(
        long seq,
        long timestampNs,
        long clientId,
        int principalId,
        DirectBuffer payload,
        int offset,
        int length,
        MutableDirectBuffer response,
        int responseOffset);

    /** {@link #query} result: this state machine answers no queries; the client is told NOT_SUPPORTED. */
    int QUERY_NOT_SUPPORTED = -1;

    /**
     * Answer a read-only query from the current state (docs/QUERIES.md). A query is not sequenced and not journaled:
     * the gateway sends it to ONE replica, which calls this on its agent thread between two {@link #apply} calls, once
     * it has applied at least the query's minimum seq. So it sees exactly the state after the replica's applied seq,
     * and that is the only guarantee: another replica may answer the same query from an earlier or later state.
     *
     * <p><b>Read-only.</b> It must not change anything {@link #apply}, {@link #effects}, {@link #fullStateHash} or
     * {@link #writeSnapshot} depend on (counters, caches that change later answers, pools' order, ...): replicas stay
     * identical only if every change comes from the sequenced stream, and only one replica sees a query. Tests can
     * check it cheaply: {@link #fullStateHash} is the same before and after. Like apply, it should not allocate, lock
     * or log; it may be called again with the same bytes (a gateway that asks another replica).
     *
     * <p>A throw is not fatal: the client is told FAILED and the replica goes on, as the state is unchanged.
     *
     * @param query        buffer holding the query bytes.
     * @param offset       where they start.
     * @param length       how many; may be malformed, which should produce the application's own reject.
     * @param answer       where to write the answer.
     * @param answerOffset where the answer starts; there is room for the replica's max response length.
     * @return the number of answer bytes written, or {@link #QUERY_NOT_SUPPORTED}.
     */
    default int query(
        final DirectBuffer query,
        final int offset,
        final int length,
        final MutableDirectBuffer answer,
        final int answerOffset)
    {
        return QUERY_NOT_SUPPORTED;
    }

    /**
     * The external side effects of the request {@link #apply} handled last (say, an order sent on to an exchange), as
     * a sequence of {@code [int32 little-endian length][message bytes]}. The gateway hands each one, identified by its
     * seq and position, to the external sink exactly once. Called right after each apply; deterministic like it, and
     * like it must not allocate.
     *
     * @param buffer where to write.
     * @param offset where the effects start.
     * @return the bytes written, 0 for none.
     */
    default int effects(final MutableDirectBuffer buffer, final int offset)
    {
        return 0;
    }

    /**
     * @return the most bytes {@link #effects} can write after one apply.
     */
    default int maxEffectsLength()
    {
        return 0;
    }

    /**
     * The session messages of the request {@link #apply} handled last: messages to any connected client session, not
     * only to the requester (the owner of a resting order that was filled, say), as a sequence of entries
     * {@code [int64 little-endian clientId][int32 little-endian length][message bytes]}. Called right after
     * {@link #apply} and {@link #effects}, on every replica and in every replay; deterministic like apply, and like it
     * must not allocate. What this writes is part of the seq's output: it travels in the replica's response, is folded
     * into the rolling state hash (a replica whose messages differ from the majority's diverges) and is kept with the
     * response for a gateway that takes over.
     *
     * <p>The gateway sends each entry to the session of its clientId when the seq is released to its requester (the
     * same durability rule as the response), and to the drop-copy channel if one is configured. A session that is not
     * connected then misses it: nothing is queued for later. Across a gateway takeover an entry may be sent again;
     * the client SDK drops what it already delivered, by {@code (seq, index)} where index counts the entries of the
     * seq addressed to that session. See docs/SESSION-MESSAGES.md.
     *
     * <p>When {@link #apply} throws (a poison request), the replica calls this too and drops what it writes, as it does
     * with the effects.
     *
     * @param buffer where to write.
     * @param offset where the entries start.
     * @return the bytes written, 0 for none.
     */
    default int messages(final MutableDirectBuffer buffer, final int offset)
    {
        return 0;
    }

    /**
     * @return the most bytes {@link #messages} can write after one apply (entries' headers included); the replica
     * sizes its response buffer by it.
     */
    default int maxMessagesLength()
    {
        return 0;
    }

    /**
     * A hash of the full state, independent of the history that produced it, for snapshots and audits.
     *
     * @return the hash of the complete current state.
     */
    long fullStateHash();

    /**
     * Write the complete state (everything {@link #fullStateHash()} covers, and the id counters) so that
     * {@link #loadSnapshot} on a fresh instance reproduces it exactly: the same {@link #fullStateHash()} and the same
     * response bytes for every request applied afterwards. Called at a seq boundary, between two {@link #apply}
     * calls; it does not change the state. Not for the hot path: it may walk the whole state.
     *
     * @param buffer where to write; it expands as needed.
     * @param offset where the snapshot starts.
     * @return the number of bytes written at offset.
     */
    int writeSnapshot(ExpandableDirectByteBuffer buffer, int offset);

    /**
     * Replace this instance's state with a snapshot's. The instance must be freshly constructed with the same
     * configuration as the one that wrote the snapshot, and nothing applied to it yet. Whether the loaded state is
     * the one intended is for the caller to check, by comparing {@link #fullStateHash()} with the hash stored beside
     * the snapshot.
     *
     * @param buffer holding the snapshot.
     * @param offset where it starts.
     * @param length how many bytes it has.
     * @throws IllegalArgumentException with a clear message if the bytes are not a snapshot of this kind of state
     *                                  machine (wrong magic or version, truncated, inconsistent) or do not fit its
     *                                  configuration.
     * @throws IllegalStateException    if this instance is not fresh.
     */
    void loadSnapshot(DirectBuffer buffer, int offset, int length);

    /**
     * The most bytes {@link #apply} can write as one response; a replica launched through a {@link
     * StateMachineFactory} sizes its response buffers by it, once, at start. Exceeding it is a fault of the state
     * machine: the response buffer passed to {@link #apply} may have room for little more (writing past its end throws
     * and is a poison request, see above), and what lies past the bound is the room kept for {@link #effects}.
     *
     * @return a bound on the response length, at least 64; 64 KiB unless overridden.
     */
    default int maxResponseLength()
    {
        return DEFAULT_MAX_RESPONSE_LENGTH;
    }

    /** What {@link #maxResponseLength()} gives unless a state machine says otherwise. */
    int DEFAULT_MAX_RESPONSE_LENGTH = 64 * 1024;
}
