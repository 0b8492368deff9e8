package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The application a replica runs. Every replica applies the same sequenced requests in the same order,
 * so an implementation must be deterministic: it sees only {@code (seq, timestampNs, payload)} and may
 * not read a clock, an unseeded random source, the environment, a thread identity or the network, nor
 * iterate in an order that depends on object hash codes. Same input, same response bytes, same state.
 *
 * <p>{@link #apply} is on the hot path: it should not allocate, lock or log.
 */
public interface StateMachine
{
    /**
     * Apply one request and write the response.
     *
     * @param seq            position of the request in the total order, contiguous from 1.
     * @param timestampNs    the sequencer's timestamp, the only notion of time the state machine may use.
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
        DirectBuffer payload,
        int offset,
        int length,
        MutableDirectBuffer response,
        int responseOffset);

    /**
     * A hash of the full state, independent of the history that produced it, for snapshots and audits.
     *
     * @return the hash of the complete current state.
     */
    long fullStateHash();
}
