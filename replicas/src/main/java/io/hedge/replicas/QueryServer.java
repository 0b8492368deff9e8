package io.hedge.replicas;

import io.aeron.Publication;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.QueryAnswerEncoder;
import io.hedge.codecs.fabric.QueryStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Answers the read-only queries a gateway addresses to this replica ({@code ReplicaQuery}, docs/QUERIES.md), on the
 * agent thread, as the query arrives between two applies: the state machine's {@link StateMachine#query} writes its
 * answer straight into the outgoing {@code QueryAnswer}. A query is never journaled and takes no seq; it is answered
 * only from a state that includes its minimum seq, and only for the gateway this replica follows, else NOT_YET at once
 * (the gateway asks another replica, or waits).
 * <p>
 * At most {@code budget} queries are answered per duty cycle: the next one is held on the stream (ABORT) until the
 * next cycle, after the agent's other work, so that a burst of queries delays the sequenced stream by at most one
 * cycle's worth of them. An answer the gateway's stream pushes back is held the same way; one that cannot be sent at
 * all (the gateway is gone) is dropped, and the gateway's own timeout answers its client.
 */
final class QueryServer
{
    /** Sends one answer to the gateway that asked. */
    @FunctionalInterface
    interface AnswerSink
    {
        /**
         * @return the publication's result: positive when sent.
         */
        long offer(int gatewayId, DirectBuffer buffer, int offset, int length);
    }

    private final int replicaId;
    private final int budget;
    private final AnswerSink sink;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final QueryAnswerEncoder encoder = new QueryAnswerEncoder();
    private final UnsafeBuffer buffer;
    private int answeredThisCycle;
    private long answered;
    private long notYet;
    private long failed;
    private long deferred;
    private long dropped;

    /**
     * @param replicaId       this replica.
     * @param budget          queries answered per duty cycle at most.
     * @param maxAnswerLength the most bytes the state machine may write as one answer.
     * @param sink            where answers go.
     */
    QueryServer(final int replicaId, final int budget, final int maxAnswerLength, final AnswerSink sink)
    {
        this.replicaId = replicaId;
        this.budget = budget;
        this.sink = sink;
        this.buffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + QueryAnswerEncoder.BLOCK_LENGTH +
            QueryAnswerEncoder.payloadHeaderLength() + maxAnswerLength]);
    }

    /**
     * A duty cycle begins: its budget is whole again.
     */
    void newCycle()
    {
        answeredThisCycle = 0;
    }

    /**
     * A ReplicaQuery from the stream of {@code fromGatewayId}.
     *
     * @param addressedId  the replica the gateway chose: every other one ignores the query.
     * @param serving      true when this replica follows the asking gateway and its state is whole (LIVE, or held at
     *                     a gap with every seq up to appliedSeq applied).
     * @param appliedSeq   the last seq the state machine applied.
     * @param stateMachine the state machine, read only.
     * @return ABORT to have the same query delivered again next duty cycle (budget spent, or pushed back).
     */
    Action onQuery(
        final int fromGatewayId,
        final int addressedId,
        final long token,
        final long minSeq,
        final DirectBuffer query,
        final int offset,
        final int length,
        final boolean serving,
        final long appliedSeq,
        final StateMachine stateMachine)
    {
        if (addressedId != replicaId)
        {
            return Action.CONTINUE;
        }
        if (answeredThisCycle >= budget)
        {
            deferred++;
            return Action.ABORT;
        }
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .queryId(token)
            .replicaId(replicaId)
            .status(QueryStatus.OK)
            .appliedSeq(appliedSeq);
        final int lengthOffset = encoder.limit();
        final int answerOffset = lengthOffset + Integer.BYTES;
        int answerLength = 0;
        QueryStatus status = QueryStatus.OK;
        if (!serving || appliedSeq < minSeq)
        {
            status = QueryStatus.NOT_YET;
        }
        else
        {
            try
            {
                final int written = stateMachine.query(query, offset, length, buffer, answerOffset);
                if (written == StateMachine.QUERY_NOT_SUPPORTED)
                {
                    status = QueryStatus.NOT_SUPPORTED;
                }
                else if (written < 0 || written > buffer.capacity() - answerOffset)
                {
                    status = QueryStatus.FAILED;
                }
                else
                {
                    answerLength = written;
                }
            }
            catch (final RuntimeException ex)
            {
                // read-only: the state is as it was, so the replica goes on; the client is told FAILED
                status = QueryStatus.FAILED;
            }
        }
        encoder.status(status);
        buffer.putInt(lengthOffset, answerLength, ByteOrder.LITTLE_ENDIAN);
        final long result = sink.offer(fromGatewayId, buffer, 0, answerOffset + answerLength);
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            deferred++;
            return Action.ABORT;
        }
        answeredThisCycle++;
        if (result < 0)
        {
            dropped++;
            return Action.CONTINUE;
        }
        switch (status)
        {
            case OK:
                answered++;
                break;
            case NOT_YET:
                notYet++;
                break;
            default:
                failed++;
                break;
        }
        return Action.CONTINUE;
    }

    /** @return queries answered OK. */
    long answered()
    {
        return answered;
    }

    /** @return queries answered NOT_YET (behind minSeq, or not serving the asking gateway). */
    long notYet()
    {
        return notYet;
    }

    /** @return queries the state machine did not answer: NOT_SUPPORTED or FAILED. */
    long failed()
    {
        return failed;
    }

    /** @return times a query was held on the stream for the next duty cycle (budget spent, or pushed back). */
    long deferred()
    {
        return deferred;
    }

    /** @return answers that could not be sent (no gateway): the gateway's timeout answers the client. */
    long dropped()
    {
        return dropped;
    }
}
