package io.hedge.client;

import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.FabricStatusEncoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.hedge.client.SessionHarness.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 5, second half. Invariant: a status or outcome query is completed only by the answer that carries its own
 * correlation id, so one unanswered query (sent to a gateway that died) never shifts later answers onto earlier
 * queries (issue 11: after one unanswered status query every later answer went to the query before it).
 */
class QueryMatchingTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void statusQueriesGetIdsNeverReusedAndEachAnswerCompletesOnlyItsOwnQuery() throws Exception
    {
        final SessionHarness session = new SessionHarness(1).connectTo(1, 3);
        final long first = session.flow.queryStatus();
        final long second = session.flow.queryStatus();
        final long third = session.flow.queryStatus();
        assertTrue(first > 0 && second > first && third > second, "distinct, rising ids");
        assertEquals(List.of(first, second, third), session.gateway(1).statusQueries, "each sent with its id");

        final ClientAgent agent = new ClientAgent();
        final ClientAgent.StatusRequest a = new ClientAgent.StatusRequest();
        final ClientAgent.StatusRequest b = new ClientAgent.StatusRequest();
        final ClientAgent.StatusRequest c = new ClientAgent.StatusRequest();
        agent.statusRequests.put(first, a);
        agent.statusRequests.put(second, b);
        agent.statusRequests.put(third, c);

        // the first query is never answered (its gateway died); the answers to the others arrive
        agent.onFabricStatus(status(third, 7));
        assertFalse(a.future.isDone(), "the unanswered query is not given another's answer");
        assertFalse(b.future.isDone());
        assertEquals(7, c.future.getNow(null).lastSeq(), "the third query gets the third answer");
        agent.onFabricStatus(status(second, 5));
        assertEquals(5, b.future.getNow(null).lastSeq());
        assertFalse(a.future.isDone());
        agent.onFabricStatus(status(second, 9));
        assertEquals(5, b.future.getNow(null).lastSeq(), "a second answer completes nothing");
        agent.onFabricStatus(status(999, 9));
        assertFalse(a.future.isDone(), "an answer to no known query completes nothing");
        assertEquals(1, agent.statusRequests.size());
    }

    @Test
    void anOutcomeAnswerCompletesOnlyTheQueryOfItsCorrelationId()
    {
        final SessionHarness session = new SessionHarness(1).connectTo(1, 1);
        final byte[] payload = "x".getBytes(StandardCharsets.UTF_8);
        final long a = session.flow.offer(new UnsafeBuffer(payload), 0, 1, 10 * MS, session.nowNs);
        final long b = session.flow.offer(new UnsafeBuffer(payload), 0, 1, 10 * MS, session.nowNs);
        session.advance(20 * MS);
        assertEquals(List.of(a, b), session.listener.timeouts);

        assertEquals(a, session.flow.queryOutcome(a, session.nowNs));
        assertEquals(b, session.flow.queryOutcome(b, session.nowNs));
        assertEquals(List.of(a, b), session.gateway(1).outcomeQueries);

        session.flow.nowNs(session.nowNs);
        final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
        session.flow.onResponse(1, b, 0, ResponseStatus.NOT_EXECUTED, 0, empty, 0, 0);
        assertEquals(1, session.listener.outcomes.size());
        assertEquals(b, session.listener.outcomes.get(0).correlationId(), "the answer for b completes b, not a");
        session.flow.onResponse(1, a, 4, ResponseStatus.DUPLICATE_NOT_CACHED, 0, empty, 0, 0);
        assertEquals(a, session.listener.outcomes.get(1).correlationId());
        assertEquals(4, session.listener.outcomes.get(1).seq());
    }

    private FabricStatusDecoder status(final long correlationId, final long lastSeq)
    {
        final FabricStatusEncoder encoder = new FabricStatusEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(correlationId)
            .epoch(1)
            .gatewayId(1)
            .lastSeq(lastSeq)
            .answeredSeq(lastSeq)
            .rejectedRequests(0);
        encoder.replicasCount(0);
        return new FabricStatusDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
    }
}
