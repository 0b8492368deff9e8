package io.hedge.gateway;

import io.hedge.codecs.fabric.QueryStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The active gateway's routing of read-only queries, over fake replicas: which replica a query goes to, when it waits,
 * and what the client is told. No media driver: the router's three outlets are recorders.
 */
class QueryRouterTest
{
    private static final long MS = 1_000_000L;
    private static final long TIMEOUT_NS = 1_000 * MS;

    /** Each replica's readable seq as the gateway knows it; -1: cannot answer now. Index 0 unused. */
    private final long[] readable = {0, 10, 10, 10};
    private final List<String> sentToReplicas = new ArrayList<>();
    private final List<Long> tokens = new ArrayList<>();
    private final List<String> toClients = new ArrayList<>();
    private boolean streamTakes = true;
    private final QueryRouter router = new QueryRouter(2, 3, 16, TIMEOUT_NS,
        (replicaId, nowNs) -> readable[replicaId],
        (replicaId, token, minSeq, payload, offset, length) ->
        {
            if (streamTakes)
            {
                sentToReplicas.add("r" + replicaId + " min " + minSeq + " " + length + " bytes");
                tokens.add(token);
            }
            return streamTakes;
        },
        (clientId, queryId, replicaId, status, appliedSeq, payload, offset, length) ->
            toClients.add("c" + clientId + " q" + queryId + " " + status + " r" + replicaId + " applied " + appliedSeq +
                (length == 1 ? " answer " + payload.getByte(offset) : "")));
    private final UnsafeBuffer query = new UnsafeBuffer(new byte[]{5});
    private final UnsafeBuffer answer = new UnsafeBuffer(new byte[]{42});

    private void ask(final long queryId, final long minSeq, final long nowNs)
    {
        router.onQuery(7, queryId, minSeq, query, 0, 1, nowNs);
    }

    private void answer(final int index, final int replicaId, final QueryStatus status, final long nowNs)
    {
        router.onAnswer(tokens.get(index), replicaId, status, 10, answer, 0, 1, nowNs);
    }

    @Test
    void queriesGoRoundRobinToReplicasThatHaveAppliedTheMinimumSeqAndTheAnswerGoesToTheClient()
    {
        ask(1, 10, 0);
        ask(2, 10, 0);
        assertEquals(List.of("r1 min 10 1 bytes", "r2 min 10 1 bytes"), sentToReplicas);
        answer(1, 2, QueryStatus.OK, MS);
        answer(0, 1, QueryStatus.OK, MS);
        assertEquals(List.of("c7 q2 OK r2 applied 10 answer 42", "c7 q1 OK r1 applied 10 answer 42"), toClients);
        readable[1] = -1; // not live, or not in a whole state
        ask(3, 5, 2 * MS);
        assertEquals("r3 min 5 1 bytes", sentToReplicas.get(2), "after replica 2 comes 3; 1 is skipped anyway");
        assertEquals(1, router.pending(), "one query waits for its answer");
    }

    @Test
    void aQueryNoReplicaCanAnswerYetWaitsAndGoesToTheFirstThatCatchesUp()
    {
        ask(1, 11, 0);
        assertEquals(List.of(), sentToReplicas, "every replica is at seq 10");
        readable[3] = 11;
        router.doWork(QueryRouter.RETRY_INTERVAL_NS);
        assertEquals(List.of("r3 min 11 1 bytes"), sentToReplicas);
        answer(0, 3, QueryStatus.OK, 2 * MS);
        assertEquals(List.of("c7 q1 OK r3 applied 10 answer 42"), toClients);
    }

    @Test
    void aQueryBeyondWhatAnyReplicaAppliedIsAnsweredNotYetAtTheTimeout()
    {
        ask(1, 1_000, 0);
        router.doWork(TIMEOUT_NS - MS);
        assertEquals(List.of(), toClients, "still within the timeout");
        router.doWork(TIMEOUT_NS);
        assertEquals(List.of("c7 q1 NOT_YET r0 applied 10"), toClients, "with the highest seq a live replica applied");
        assertEquals(0, router.pending());
        assertEquals(1, router.notYet());
    }

    @Test
    void withNoLiveReplicaTheAnswerIsNoReplicaAtOnce()
    {
        readable[1] = readable[2] = readable[3] = -1;
        ask(1, 0, 0);
        assertEquals(List.of("c7 q1 NO_REPLICA r0 applied 0"), toClients);
        assertEquals(0, router.pending());
    }

    @Test
    void aReplicaThatSaysNotYetOrStaysSilentHasTheQueryAskedOfAnother()
    {
        ask(1, 10, 0);
        answer(0, 1, QueryStatus.NOT_YET, MS);
        router.doWork(MS + QueryRouter.RETRY_INTERVAL_NS);
        assertEquals(List.of("r1 min 10 1 bytes", "r2 min 10 1 bytes"), sentToReplicas, "replica 1 said not yet");
        router.doWork(MS + QueryRouter.RETRY_INTERVAL_NS + QueryRouter.ANSWER_TIMEOUT_NS);
        assertEquals("r3 min 10 1 bytes", sentToReplicas.get(2), "replica 2 stayed silent");
        answer(1, 2, QueryStatus.OK, 200 * MS);
        assertEquals(List.of(), toClients, "a late answer of a replica no longer asked is not the answer");
        answer(2, 3, QueryStatus.OK, 200 * MS);
        assertEquals(List.of("c7 q1 OK r3 applied 10 answer 42"), toClients);
        answer(2, 3, QueryStatus.OK, 200 * MS);
        assertEquals(1, toClients.size(), "answered once");
        assertEquals(2, router.staleAnswers());
    }

    @Test
    void aQueryTheStreamPushesBackIsSentAgainLater()
    {
        streamTakes = false;
        ask(1, 0, 0);
        streamTakes = true;
        router.doWork(QueryRouter.RETRY_INTERVAL_NS);
        assertEquals(1, sentToReplicas.size());
    }

    @Test
    void tooLargeOrTooManyAreRefusedAndAnEndingTermAnswersWhatItHolds()
    {
        router.onQuery(7, 1, 0, new UnsafeBuffer(new byte[17]), 0, 17, 0);
        ask(2, 0, 0);
        ask(3, 0, 0);
        ask(4, 0, 0);
        assertEquals(List.of("c7 q1 REJECTED_TOO_LARGE r0 applied 0", "c7 q4 REJECTED_BUSY r0 applied 0"), toClients);
        router.abandonAll();
        assertTrue(toClients.containsAll(List.of("c7 q2 NOT_ACTIVE r0 applied 0", "c7 q3 NOT_ACTIVE r0 applied 0")),
            toClients.toString());
        assertEquals(0, router.pending());
        ask(5, 0, 0);
        assertEquals(1, router.pending(), "the slots are free again");
    }
}
