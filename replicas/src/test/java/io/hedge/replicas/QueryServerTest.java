package io.hedge.replicas;

import io.aeron.Publication;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.QueryAnswerDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A replica's answers to the queries a gateway addresses to it: gated by the minimum seq and by whether it serves the
 * asking gateway, bounded per duty cycle, held on back pressure, and read-only. No media driver: the answers are
 * decoded as they are offered.
 */
class QueryServerTest
{
    private static final int REPLICA_ID = 2;

    private final List<String> sent = new ArrayList<>();
    /** What the next offers return, in order; then 1 (sent). */
    private final Queue<Long> results = new ArrayDeque<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final QueryAnswerDecoder decoder = new QueryAnswerDecoder();
    private final QueryServer server = new QueryServer(REPLICA_ID, 2, 64, this::offer);
    private final SumStateMachine stateMachine = new SumStateMachine();
    private final UnsafeBuffer query = new UnsafeBuffer(new byte[]{1});

    private long offer(final int gatewayId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = results.isEmpty() ? 1 : results.poll();
        if (result > 0)
        {
            decoder.wrapAndApplyHeader(buffer, offset, header);
            final String line = "g" + gatewayId + " q" + decoder.queryId() + " r" + decoder.replicaId() + " " +
                decoder.status() + " applied " + decoder.appliedSeq();
            final int answerLength = decoder.payloadLength();
            sent.add(answerLength == Long.BYTES ?
                line + " sum " + buffer.getLong(decoder.limit() + QueryAnswerDecoder.payloadHeaderLength()) :
                line + " " + answerLength + " bytes");
        }
        return result;
    }

    private Action ask(final long token, final long minSeq, final long appliedSeq)
    {
        return server.onQuery(1, REPLICA_ID, token, minSeq, query, 0, 1, true, appliedSeq, stateMachine);
    }

    private void applyTo(final int seqs)
    {
        final UnsafeBuffer response = new UnsafeBuffer(new byte[8]);
        for (int seq = 1; seq <= seqs; seq++)
        {
            stateMachine.apply(seq, 0, 1, 0, new UnsafeBuffer(new byte[]{(byte)seq}), 0, 1, response, 0);
        }
    }

    @Test
    void answersOnlyFromAStateThatIncludesTheMinimumSeq()
    {
        applyTo(3);
        assertEquals(Action.CONTINUE, ask(7, 4, 3));
        assertEquals(Action.CONTINUE, ask(8, 3, 3));
        assertEquals(List.of("g1 q7 r2 NOT_YET applied 3 0 bytes", "g1 q8 r2 OK applied 3 sum 6"), sent);
        assertEquals(1, server.answered());
        assertEquals(1, server.notYet());
    }

    @Test
    void aReplicaThatDoesNotServeTheAskingGatewayAnswersNotYetAndOneNotAddressedIsSilent()
    {
        applyTo(1);
        assertEquals(Action.CONTINUE,
            server.onQuery(1, REPLICA_ID, 5, 0, query, 0, 1, false, 1, stateMachine));
        assertEquals(Action.CONTINUE, server.onQuery(1, REPLICA_ID + 1, 6, 0, query, 0, 1, true, 1, stateMachine));
        assertEquals(List.of("g1 q5 r2 NOT_YET applied 1 0 bytes"), sent, "the query to replica 3 is not answered here");
    }

    @Test
    void atMostTheBudgetIsAnsweredPerDutyCycleTheRestIsHeldOnTheStream()
    {
        applyTo(1);
        server.newCycle();
        assertEquals(Action.CONTINUE, ask(1, 0, 1));
        assertEquals(Action.CONTINUE, ask(2, 0, 1));
        assertEquals(Action.ABORT, ask(3, 0, 1), "the budget of 2 is spent: delivered again next cycle");
        assertEquals(Action.CONTINUE, server.onQuery(1, REPLICA_ID + 1, 4, 0, query, 0, 1, true, 1, stateMachine),
            "a query for another replica costs nothing and is not held");
        assertEquals(2, sent.size());
        server.newCycle();
        assertEquals(Action.CONTINUE, ask(3, 0, 1));
        assertEquals("g1 q3 r2 OK applied 1 sum 1", sent.get(2));
        assertEquals(1, server.deferred());
    }

    @Test
    void anAnswerPushedBackIsHeldAndOneWithNoGatewayIsDropped()
    {
        results.add((long)Publication.BACK_PRESSURED);
        results.add((long)Publication.NOT_CONNECTED);
        assertEquals(Action.ABORT, ask(1, 0, 0), "pushed back: the query comes again");
        assertEquals(Action.CONTINUE, ask(1, 0, 0), "no gateway: dropped, the gateway's timeout answers");
        assertEquals(Action.CONTINUE, ask(1, 0, 0));
        assertEquals(List.of("g1 q1 r2 OK applied 0 sum 0"), sent);
        assertEquals(1, server.dropped());
    }

    @Test
    void aStateMachineWithoutQueriesOrOneThatThrowsIsToldApartAndTheReplicaGoesOn()
    {
        final StateMachine none = new StateMachine()
        {
            public int apply(final long seq, final long timestampNs, final long clientId, final int principalId, final DirectBuffer payload, final int offset,
                final int length, final MutableDirectBuffer response, final int responseOffset)
            {
                return 0;
            }

            public long fullStateHash()
            {
                return 0;
            }

            public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
            {
                return 0;
            }

            public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
            {
            }
        };
        server.onQuery(1, REPLICA_ID, 1, 0, query, 0, 1, true, 0, none);
        server.newCycle();
        server.onQuery(1, REPLICA_ID, 2, 0, new UnsafeBuffer(new byte[]{-1}), 0, 1, true, 0, stateMachine);
        server.newCycle();
        ask(3, 0, 0);
        assertEquals(List.of("g1 q1 r2 NOT_SUPPORTED applied 0 0 bytes", "g1 q2 r2 FAILED applied 0 0 bytes",
            "g1 q3 r2 OK applied 0 sum 0"), sent);
        assertEquals(2, server.failed());
    }

    @Test
    void answeringChangesNoState()
    {
        applyTo(5);
        final long hash = stateMachine.fullStateHash();
        for (int i = 0; i < 10; i++)
        {
            server.newCycle();
            ask(i + 1, 5, 5);
        }
        assertEquals(hash, stateMachine.fullStateHash(), "a query is read-only");
        assertEquals(10, server.answered());
    }
}
