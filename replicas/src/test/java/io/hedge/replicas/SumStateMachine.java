package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A deterministic state machine small enough to reason about in tests: its state is the sum of the first byte of
 * every payload it applied, its response the sum after the seq, and its snapshot the sum. It can be told to fail at
 * one seq, as a state machine with a bug would, after changing its state. A query is answered with the sum.
 */
final class SumStateMachine implements StateMachine
{
    private long sum;
    private long failAtSeq = -1;

    SumStateMachine failAt(final long seq)
    {
        failAtSeq = seq;
        return this;
    }

    long sum()
    {
        return sum;
    }

    @Override
    public int apply(
        final long seq,
        final long timestampNs,
        final long clientId,
        final int principalId,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final MutableDirectBuffer response,
        final int responseOffset)
    {
        if (seq == failAtSeq)
        {
            // a change before the throw, as a state machine with a bug would make: the poison policy keeps it
            sum += 1_000;
            throw new IllegalStateException("told to fail at seq " + seq);
        }
        sum += length > 0 ? payload.getByte(offset) : 0;
        response.putLong(responseOffset, sum);
        return Long.BYTES;
    }

    /**
     * Answers the sum; a query whose first byte is -1 throws, as a buggy query would.
     */
    @Override
    public int query(
        final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer answer,
        final int answerOffset)
    {
        if (length > 0 && query.getByte(offset) == -1)
        {
            throw new IllegalStateException("told to fail this query");
        }
        answer.putLong(answerOffset, sum);
        return Long.BYTES;
    }

    @Override
    public long fullStateHash()
    {
        return 0x5EED_0000L ^ sum;
    }

    @Override
    public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
    {
        buffer.putLong(offset, sum);
        return Long.BYTES;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != Long.BYTES)
        {
            throw new IllegalArgumentException("a snapshot of " + length + " bytes, expected " + Long.BYTES);
        }
        sum = buffer.getLong(offset);
    }
}
