package io.hedge.client;

import io.hedge.client.FakeGateway.Request;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.hedge.client.RecordingListener.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class HedgeSessionFailoverTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static long offer(final HedgeSession session, final String text)
    {
        return offer(session, text, TimeUnit.SECONDS.toNanos(10));
    }

    private static long offer(final HedgeSession session, final String text, final long timeoutNs)
    {
        final byte[] payload = bytes(text);
        final long id = session.offer(new UnsafeBuffer(payload), 0, payload.length, timeoutNs);
        assertTrue(id > 0, "offer of '" + text + "' gave " + id);
        return id;
    }

    @Test
    void connectPicksTheGatewayThatAnswersOkWhenTheOtherIsStandingBy()
    {
        try (FakeFabric fabric = new FakeFabric("connect-picks-active", 2))
        {
            final FakeGateway standby = fabric.gateway(1).answerConnect(ConnectStatus.NOT_ACTIVE, 3, 2);
            final FakeGateway active = fabric.gateway(2).answerConnect(ConnectStatus.OK, 3, 0).answerRequests(true);
            final RecordingListener listener = new RecordingListener();
            try (HedgeSession session = HedgeSession.connect(fabric.clientContext(), listener))
            {
                assertEquals(2, session.gatewayId());
                assertEquals(3, session.epoch());
                assertEquals(2, session.gatewayCount());
                assertFalse(session.isFailingOver());
                fabric.await(session, "the standby was sent ClientConnect too", 5_000, () -> standby.connects() > 0);

                final long id = offer(session, "hello");
                fabric.await(session, "the answer", 5_000, () -> listener.responses.size() == 1);
                assertEquals("gw2:hello", listener.responseFor(id).payload());
                assertEquals(List.of(id), active.requestIds());
                assertTrue(standby.requests().isEmpty(), "nothing goes to a standby");
                assertEquals(0, session.failovers());
            }
        }
    }

    @Test
    void takeoverResendsEveryInFlightRequestWithItsIdAndBytesAndCompletesEachOnce()
    {
        try (FakeFabric fabric = new FakeFabric("takeover", 2))
        {
            final FakeGateway old = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final FakeGateway successor = fabric.gateway(2).answerConnect(ConnectStatus.NOT_ACTIVE, 1, 1);
            final RecordingListener listener = new RecordingListener();
            try (HedgeSession session = HedgeSession.connect(fabric.clientContext(), listener))
            {
                final long[] ids = new long[5];
                for (int i = 0; i < ids.length; i++)
                {
                    ids[i] = offer(session, "r" + i);
                }
                fabric.await(session, "the old gateway got all five", 5_000, () -> old.requests().size() == 5);
                fabric.await(session, "gateway 2 knows the client", 5_000, () -> successor.connects() > 0);
                old.sendResponse(ids[0], 1, ResponseStatus.OK, 1, bytes("gw1:r0"));
                fabric.await(session, "the first answer", 5_000, () -> listener.responses.size() == 1);

                // gateway 2 takes over and says so, unasked
                successor.answerConnect(ConnectStatus.OK, 2, 0).answerRequests(true);
                successor.sendConnected(ConnectStatus.OK, 2, 0, ids[0]);
                fabric.await(session, "all five answered", 5_000, () -> listener.responses.size() == 5);

                final List<Request> resent = successor.requests();
                assertEquals(List.of(ids[1], ids[2], ids[3], ids[4]), successor.requestIds(),
                    "every request still waiting, in correlation id order, and only those");
                for (int i = 1; i < ids.length; i++)
                {
                    final Request request = resent.get(i - 1);
                    assertEquals(session.clientId(), request.clientId());
                    assertArrayEquals(old.requests().get(i).payload(), request.payload(), "the original bytes");
                    assertArrayEquals(bytes("r" + i), request.payload());
                    assertEquals("gw2:r" + i, listener.responseFor(ids[i]).payload());
                }
                assertEquals("gw1:r0", listener.responseFor(ids[0]).payload());
                assertEquals(2, session.gatewayId());
                assertEquals(2, session.epoch());
                assertEquals(1, session.failovers());
                assertEquals(4, session.resentRequests());

                // the old gateway answers too (in its old epoch), and the new one answers one request twice
                for (int i = 1; i < ids.length; i++)
                {
                    old.sendResponse(ids[i], 10 + i, ResponseStatus.OK, 1, bytes("stale"));
                }
                successor.sendResponse(ids[2], 99, ResponseStatus.OK, 2, bytes("again"));
                fabric.await(session, "the extra answers were dropped", 5_000,
                    () -> session.fencedMessages() == 4 && session.lateResponses() == 1);
                fabric.pollFor(session, 50);
                assertEquals(5, listener.responses.size());
                for (final long id : ids)
                {
                    assertEquals(1, listener.responsesFor(id), "one completion for " + id);
                }
                assertTrue(listener.timeouts.isEmpty());

                final long next = offer(session, "after");
                fabric.await(session, "the next answer", 5_000, () -> listener.responses.size() == 6);
                assertEquals("gw2:after", listener.responseFor(next).payload());
                assertEquals(5, old.requests().size(), "nothing more goes to the old gateway");
            }
        }
    }

    @Test
    void answersFromALowerEpochAreDropped()
    {
        try (FakeFabric fabric = new FakeFabric("fencing", 2))
        {
            final FakeGateway active = fabric.gateway(1).answerConnect(ConnectStatus.OK, 5, 0);
            final FakeGateway other = fabric.gateway(2).answerConnect(ConnectStatus.NOT_ACTIVE, 5, 1);
            final RecordingListener listener = new RecordingListener();
            try (HedgeSession session = HedgeSession.connect(fabric.clientContext(), listener))
            {
                final long id = offer(session, "x");
                fabric.await(session, "the request arrived", 5_000, () -> active.requests().size() == 1);
                fabric.await(session, "gateway 2 heard of the client", 5_000, () -> other.connects() > 0);

                active.sendResponse(id, 1, ResponseStatus.OK, 4, bytes("from epoch 4"));
                other.sendConnected(ConnectStatus.OK, 4, 0, 0);
                fabric.await(session, "both dropped", 5_000, () -> session.fencedMessages() == 2);
                assertTrue(listener.responses.isEmpty());
                assertEquals(1, session.inFlight());
                assertEquals(1, session.gatewayId(), "an OK from an older epoch does not make a gateway active");
                assertEquals(5, session.epoch());
                assertEquals(0, session.failovers());

                active.sendResponse(id, 1, ResponseStatus.OK, 5, bytes("from epoch 5"));
                fabric.await(session, "the answer", 5_000, () -> listener.responses.size() == 1);
                assertEquals("from epoch 5", listener.responseFor(id).payload());
            }
        }
    }

    @Test
    void probeAfterTheFailoverTimeoutFindsTheNewActive()
    {
        try (FakeFabric fabric = new FakeFabric("probe", 2))
        {
            final long failoverTimeoutNs = 200 * MS;
            final FakeGateway first = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0).answerRequests(true);
            final FakeGateway second = fabric.gateway(2).answerConnect(ConnectStatus.NOT_ACTIVE, 1, 1);
            final RecordingListener listener = new RecordingListener();
            final HedgeClientContext ctx = fabric.clientContext()
                .failoverTimeoutNs(failoverTimeoutNs)
                .connectRetryIntervalNs(50 * MS);
            try (HedgeSession session = HedgeSession.connect(ctx, listener))
            {
                fabric.await(session, "gateway 2 was told of the client", 5_000, () -> second.connects() > 0);

                // an active gateway that answers is never probed, however long the session runs
                final long busyEndNs = System.nanoTime() + 2 * failoverTimeoutNs;
                int sent = 0;
                while (System.nanoTime() - busyEndNs < 0)
                {
                    offer(session, "busy" + sent++);
                    fabric.pollFor(session, 10);
                }
                final int busy = sent;
                fabric.await(session, "all answered", 5_000, () -> listener.responses.size() == busy);
                assertEquals(0, session.probes());
                final int connectsBefore = second.connects();

                // the active falls silent; gateway 2 would now answer OK in epoch 2, but only when asked
                first.answerRequests(false).ignoreConnect();
                second.answerConnect(ConnectStatus.OK, 2, 0).answerRequests(true);
                final long startNs = System.nanoTime();
                final List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++)
                {
                    ids.add(offer(session, "p" + i));
                }
                fabric.await(session, "the three answered by gateway 2", 5_000,
                    () -> listener.responses.size() == busy + 3);

                final List<Long> connectTimes = second.connectTimesNs();
                assertTrue(connectTimes.size() > connectsBefore, "gateway 2 was probed");
                final long probeAfterNs = connectTimes.get(connectsBefore) - startNs;
                assertTrue(probeAfterNs >= failoverTimeoutNs,
                    "probed only after the failover timeout, not after " + probeAfterNs / MS + " ms");
                assertTrue(session.probes() >= 1);
                assertEquals(1, session.failovers());
                assertEquals(2, session.gatewayId());
                assertEquals(2, session.epoch());
                assertEquals(ids, second.requestIds());
                for (int i = 0; i < 3; i++)
                {
                    assertEquals("gw2:p" + i, listener.responseFor(ids.get(i)).payload());
                }
            }
        }
    }

    @Test
    void aSteppedDownActiveGetsNothingAndRequestsWaitForTheNextActive()
    {
        try (FakeFabric fabric = new FakeFabric("step-down", 2))
        {
            final FakeGateway first = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final FakeGateway second = fabric.gateway(2).answerConnect(ConnectStatus.NOT_ACTIVE, 1, 1);
            final RecordingListener listener = new RecordingListener();
            try (HedgeSession session = HedgeSession.connect(
                fabric.clientContext().connectRetryIntervalNs(50 * MS), listener))
            {
                final long a = offer(session, "a");
                fabric.await(session, "a arrived", 5_000, () -> first.requests().size() == 1);

                first.ignoreConnect();
                first.sendConnected(ConnectStatus.NOT_ACTIVE, 2, 2, 0);
                fabric.await(session, "the session noticed the step-down", 5_000, session::isFailingOver);
                first.sendResponse(a, 1, ResponseStatus.OK, 1, bytes("stale"));
                fabric.await(session, "the stale answer was dropped", 5_000, () -> session.fencedMessages() == 1);
                first.sendConnected(ConnectStatus.OK, 1, 0, 0);
                fabric.await(session, "an OK from the epoch it stepped down from was dropped", 5_000,
                    () -> session.fencedMessages() == 2);
                assertTrue(session.isFailingOver());

                final long b = offer(session, "b");
                fabric.pollFor(session, 100);
                assertEquals(List.of(a), first.requestIds(), "nothing goes to a gateway that stepped down");
                assertTrue(listener.responses.isEmpty());

                second.answerConnect(ConnectStatus.OK, 2, 0).answerRequests(true);
                fabric.await(session, "both answered by gateway 2", 5_000, () -> listener.responses.size() == 2);
                assertEquals(List.of(a, b), second.requestIds());
                assertEquals("gw2:a", listener.responseFor(a).payload());
                assertEquals("gw2:b", listener.responseFor(b).payload());
                assertEquals(1, session.failovers());
                assertEquals(1, session.resentRequests(), "a was resent; b had never been sent");
                assertFalse(session.isFailingOver());
            }
        }
    }

    @Test
    void theDeadlineGivesOneOutcomeUnknownAndStopsTheResending()
    {
        try (FakeFabric fabric = new FakeFabric("deadline", 1))
        {
            // the gateway answers every probe in the same epoch but never the request: the session keeps resending
            final FakeGateway gateway = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final RecordingListener listener = new RecordingListener();
            final HedgeClientContext ctx = fabric.clientContext()
                .failoverTimeoutNs(100 * MS)
                .connectRetryIntervalNs(20 * MS);
            try (HedgeSession session = HedgeSession.connect(ctx, listener))
            {
                final long id = offer(session, "lost", 600 * MS);
                fabric.await(session, "the deadline", 5_000, () -> !listener.timeouts.isEmpty());
                assertEquals(List.of(id), listener.timeouts);
                assertEquals(0, session.inFlight());
                assertTrue(session.resentRequests() >= 1, "resent while the deadline had not passed");

                fabric.pollFor(session, 100);
                final long copies = gateway.requestsFor(id);
                assertTrue(copies >= 2, "the gateway got the request again, " + copies + " copies");
                for (final Request request : gateway.requests())
                {
                    assertEquals(id, request.correlationId());
                    assertArrayEquals(bytes("lost"), request.payload());
                }
                fabric.pollFor(session, 500);
                assertEquals(copies, gateway.requestsFor(id), "not resent after its deadline");

                gateway.sendResponse(id, 1, ResponseStatus.OK, 1, bytes("too late"));
                fabric.await(session, "the late answer was dropped", 5_000, () -> session.lateResponses() == 1);
                assertTrue(listener.responses.isEmpty());
                assertEquals(List.of(id), listener.timeouts, "one completion only");
            }
        }
    }

    @Test
    void queryOutcomeReportsEachOfTheThreeOutcomes()
    {
        try (FakeFabric fabric = new FakeFabric("outcome", 1))
        {
            final FakeGateway gateway = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final RecordingListener listener = new RecordingListener();
            final HedgeClientContext ctx = fabric.clientContext().requestTimeoutNs(TimeUnit.SECONDS.toNanos(1));
            try (HedgeSession session = HedgeSession.connect(ctx, listener))
            {
                final long executed = offer(session, "e", 50 * MS);
                final long gone = offer(session, "g", 50 * MS);
                final long never = offer(session, "n", 50 * MS);
                final long unanswered = offer(session, "u", 50 * MS);
                fabric.await(session, "all four timed out", 5_000, () -> listener.timeouts.size() == 4);
                final long waiting = offer(session, "w", TimeUnit.SECONDS.toNanos(30));

                assertEquals(HedgeSession.STILL_IN_FLIGHT, session.queryOutcome(waiting));
                assertEquals(HedgeSession.UNKNOWN_CORRELATION_ID, session.queryOutcome(waiting + 1));
                assertEquals(HedgeSession.UNKNOWN_CORRELATION_ID, session.queryOutcome(0));
                for (final long id : new long[]{executed, gone, never, unanswered})
                {
                    assertEquals(id, session.queryOutcome(id));
                }
                fabric.await(session, "the gateway got the queries", 5_000,
                    () -> gateway.outcomeQueries().containsAll(List.of(executed, gone, never, unanswered)));

                gateway.sendResponse(executed, 11, ResponseStatus.OK, 1, bytes("original"));
                gateway.sendResponse(gone, 12, ResponseStatus.DUPLICATE_NOT_CACHED, 1, bytes(""));
                gateway.sendResponse(never, 0, ResponseStatus.NOT_EXECUTED, 1, bytes(""));
                fabric.await(session, "three outcomes", 5_000, () -> listener.outcomes.size() == 3);
                assertEquals(new RecordingListener.Answer(executed, 11, ResponseStatus.OK, "original"), listener.outcomes.get(0));
                assertEquals(new RecordingListener.Answer(gone, 12, ResponseStatus.DUPLICATE_NOT_CACHED, ""),
                    listener.outcomes.get(1));
                assertEquals(new RecordingListener.Answer(never, 0, ResponseStatus.NOT_EXECUTED, ""), listener.outcomes.get(2));
                assertTrue(listener.responses.isEmpty(), "an outcome is not a second completion of the request");

                fabric.await(session, "the unanswered query timed out", 5_000, () -> !listener.outcomeTimeouts.isEmpty());
                assertEquals(List.of(unanswered), listener.outcomeTimeouts);
                assertEquals(3, listener.outcomes.size());
            }
        }
    }

    @Test
    void anOutcomeQueryIsResentToTheNewActive()
    {
        try (FakeFabric fabric = new FakeFabric("outcome-failover", 2))
        {
            final FakeGateway first = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final FakeGateway second = fabric.gateway(2).answerConnect(ConnectStatus.NOT_ACTIVE, 1, 1);
            final RecordingListener listener = new RecordingListener();
            try (HedgeSession session = HedgeSession.connect(fabric.clientContext(), listener))
            {
                final long id = offer(session, "q", 20 * MS);
                fabric.await(session, "the timeout", 5_000, () -> listener.timeouts.size() == 1);
                assertEquals(id, session.queryOutcome(id));
                fabric.await(session, "the query reached gateway 1", 5_000, () -> first.outcomeQueries().size() == 1);

                fabric.await(session, "gateway 2 knows the client", 5_000, () -> second.connects() > 0);
                second.sendConnected(ConnectStatus.OK, 2, 0, id);
                fabric.await(session, "the query reached gateway 2", 5_000, () -> second.outcomeQueries().equals(List.of(id)));
                first.sendResponse(id, 3, ResponseStatus.OK, 1, bytes("old epoch"));
                second.sendResponse(id, 3, ResponseStatus.OK, 2, bytes("new epoch"));
                fabric.await(session, "the outcome", 5_000, () -> listener.outcomes.size() == 1);
                assertEquals("new epoch", listener.outcomes.get(0).payload());
            }
        }
    }

    @Test
    void aFullRequestStoreIsReportedUntilOlderRequestsComplete()
    {
        try (FakeFabric fabric = new FakeFabric("store-full", 1))
        {
            final FakeGateway gateway = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final RecordingListener listener = new RecordingListener();
            try (HedgeSession session = HedgeSession.connect(
                fabric.clientContext().requestStoreCapacity(1024), listener))
            {
                final String big = "x".repeat(400);
                final long first = offer(session, big);
                offer(session, big);
                final byte[] third = bytes(big);
                assertEquals(HedgeSession.STORE_FULL, session.offer(new UnsafeBuffer(third), 0, third.length));
                final byte[] huge = new byte[2048];
                assertEquals(HedgeSession.PAYLOAD_TOO_LARGE, session.offer(new UnsafeBuffer(huge), 0, huge.length));

                fabric.await(session, "both arrived", 5_000, () -> gateway.requests().size() == 2);
                gateway.sendResponse(first, 1, ResponseStatus.OK, 1, bytes("done"));
                fabric.await(session, "the first answered", 5_000, () -> listener.responses.size() == 1);
                final long again = offer(session, big);
                fabric.await(session, "the third arrived", 5_000, () -> gateway.requests().size() == 3);
                assertArrayEquals(third, gateway.requests().get(2).payload());
                assertEquals(again, gateway.requests().get(2).correlationId());
            }
        }
    }

    /**
     * Rule 8. Invariant: a gateway at its gateway.max.clients refuses a client, and that alone does not keep the client
     * from the active gateway.
     */
    @Test
    void aStandbysRefusalDoesNotStopTheConnectToTheActiveGateway()
    {
        try (FakeFabric fabric = new FakeFabric("refused-by-standby", 2))
        {
            fabric.gateway(1).rejectConnect("too many clients");
            fabric.gateway(2).answerConnect(ConnectStatus.OK, 3, 0);
            try (HedgeSession session = HedgeSession.connect(fabric.clientContext(), new RecordingListener()))
            {
                assertEquals(2, session.gatewayId());
            }
        }
    }

    @Test
    void connectReportsARefusalAndWhatEachGatewaySaid()
    {
        try (FakeFabric fabric = new FakeFabric("connect-errors", 2))
        {
            fabric.gateway(1).rejectConnect("response channel not allowed");
            fabric.gateway(2).ignoreConnect();
            // changed for rule 8: a refusal ends the connect once no other gateway answered OK in the connect timeout
            final HedgeException rejected = assertThrows(HedgeException.class,
                () -> HedgeSession.connect(fabric.clientContext().connectTimeoutNs(700 * MS), new RecordingListener()));
            assertEquals(HedgeException.Reason.CONNECT_REJECTED, rejected.reason());
            assertTrue(rejected.getMessage().contains("gateway 1") &&
                rejected.getMessage().contains("response channel not allowed"), rejected.getMessage());

            fabric.gateway(1).ignoreConnect();
            fabric.gateway(2).answerConnect(ConnectStatus.NOT_ACTIVE, 4, 0);
            final List<String> channels = new ArrayList<>(fabric.clientContext().gatewayIngressChannels());
            channels.add("aeron:udp?endpoint=localhost:" + FakeFabric.freeUdpPort());
            final HedgeClientContext ctx = fabric.clientContext()
                .gatewayIngressChannels(channels)
                .connectTimeoutNs(700 * MS);
            final HedgeException unreachable = assertThrows(HedgeException.class,
                () -> HedgeSession.connect(ctx, new RecordingListener()));
            assertEquals(HedgeException.Reason.GATEWAY_UNREACHABLE, unreachable.reason());
            final String message = unreachable.getMessage();
            assertTrue(message.contains("gateway 1 at '" + channels.get(0) + "' is reachable but did not answer"), message);
            assertTrue(message.contains("gateway 2 at '" + channels.get(1) +
                "' is standing by (epoch 4, active gateway unknown)"), message);
            assertTrue(message.contains("gateway 3 at '" + channels.get(2) + "' is not reachable"), message);
        }
    }

    @Test
    void aGatewayThatStartsLaterIsToldOfTheClientAndCanTakeOver()
    {
        try (FakeFabric fabric = new FakeFabric("late-gateway", 2))
        {
            final FakeGateway first = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final FakeGateway second = fabric.gateway(2).ignoreConnect();
            final RecordingListener listener = new RecordingListener();
            try (HedgeSession session = HedgeSession.connect(fabric.clientContext(), listener))
            {
                final long id = offer(session, "r");
                fabric.await(session, "the request arrived", 5_000, () -> first.requests().size() == 1);
                // gateway 2 never answered: the session keeps telling it about the client
                fabric.await(session, "gateway 2 heard of the client", 5_000, () -> second.connects() >= 2);
                second.answerRequests(true).answerConnect(ConnectStatus.OK, 3, 0);
                second.sendConnected(ConnectStatus.OK, 3, 0, 0);
                fabric.await(session, "answered by gateway 2", 5_000, () -> listener.responses.size() == 1);
                assertEquals("gw2:r", listener.responseFor(id).payload());
                assertEquals(3, session.epoch());
                assertNotNull(listener.responseFor(id));
            }
        }
    }
}
