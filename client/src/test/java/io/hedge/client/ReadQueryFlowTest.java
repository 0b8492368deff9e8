package io.hedge.client;

import io.hedge.codecs.fabric.QueryStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.hedge.client.SessionHarness.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session's read-only queries (HedgeSession.query), on fake gateways and a test's clock: sent once to the active
 * gateway with their minimum seq, each answer matched to its query by id and delivered once, a query with no answer
 * timed out, and the seq of the session's last answer known so that it can read its own writes.
 */
class ReadQueryFlowTest
{
    private static UnsafeBuffer text(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static long query(final SessionHarness session, final String text, final long minSeq)
    {
        final UnsafeBuffer payload = text(text);
        return session.flow.query(payload, 0, payload.capacity(), minSeq, 50 * MS, session.nowNs);
    }

    private static void answer(final SessionHarness session, final long queryId, final String text)
    {
        final UnsafeBuffer payload = text(text);
        session.flow.onQueryAnswer(queryId, QueryStatus.OK, 2, 40, payload, 0, payload.capacity());
    }

    @Test
    void withoutAnActiveGatewayAQueryIsNotSent()
    {
        final SessionHarness session = new SessionHarness(1);
        assertEquals(HedgeSession.NOT_CONNECTED, query(session, "balance", 0));
    }

    @Test
    void eachAnswerCompletesOnlyItsOwnQueryOnce()
    {
        final SessionHarness session = new SessionHarness(1).connectTo(1, 3);
        final long first = query(session, "order 9", 12);
        final long second = query(session, "balance", 0);
        assertTrue(first > 0 && second > first, first + ", " + second);
        assertEquals(List.of(SessionHarness.CLIENT_ID + "/" + first + " min 12 'order 9'",
            SessionHarness.CLIENT_ID + "/" + second + " min 0 'balance'"), session.gateway(1).queries);

        answer(session, second, "cash 5");
        answer(session, second, "cash 5 again");
        answer(session, 999, "not ours");
        answer(session, first, "resting");
        assertEquals(List.of(second + " OK r2 applied 40 'cash 5'", first + " OK r2 applied 40 'resting'"),
            session.listener.queryAnswers, "one answer per query, by id, never by order");
        assertEquals(2, session.flow.lateQueryAnswers());
        assertEquals(0, session.flow.pendingQueries());
        assertEquals(List.of(), session.listener.responses, "a query answer is not a request's response");
    }

    @Test
    void aQueryWithNoAnswerTimesOutOnceAndALateAnswerIsDropped()
    {
        final SessionHarness session = new SessionHarness(1).connectTo(1, 3);
        final long id = query(session, "balance", 0);
        session.advance(49 * MS);
        assertEquals(List.of(), session.listener.queryTimeouts);
        session.advance(3 * MS);
        assertEquals(List.of(id), session.listener.queryTimeouts);
        answer(session, id, "too late");
        assertEquals(List.of(), session.listener.queryAnswers);
        assertEquals(1, session.gateway(1).queries.size(), "never resent");
    }

    @Test
    void backPressureOrATooLargePayloadSendNothingAndUseNoId()
    {
        final SessionHarness session = new SessionHarness(1).connectTo(1, 3);
        session.gateway(1).backPressured = true;
        assertEquals(HedgeSession.BACK_PRESSURED, query(session, "balance", 0));
        session.gateway(1).backPressured = false;
        final UnsafeBuffer big = new UnsafeBuffer(new byte[4097]);
        assertEquals(HedgeSession.PAYLOAD_TOO_LARGE, session.flow.query(big, 0, 4097, 0, 50 * MS, session.nowNs));
        assertEquals(1, query(session, "balance", 0), "the first query sent has id 1");
    }

    @Test
    void theSessionKnowsTheSeqOfItsLastAnswerToReadItsOwnWrites()
    {
        final SessionHarness session = new SessionHarness(1).connectTo(1, 3);
        final long a = session.offer("order");
        final long b = session.offer("transfer");
        assertEquals(0, session.flow.lastAnsweredSeq());
        session.respond(b, 3, "ack"); // the harness answers with seq = correlation id
        session.respond(a, 3, "report");
        assertEquals(b, session.flow.lastAnsweredSeq(), "the highest seq answered, whatever the order");
        query(session, "balance", session.flow.lastAnsweredSeq());
        assertTrue(session.gateway(1).queries.get(0).contains(" min " + b + " "), session.gateway(1).queries.toString());
    }
}
