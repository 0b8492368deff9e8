package io.hedge.client;

import io.hedge.client.FakeIngress.Request;
import io.hedge.codecs.fabric.ConnectStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hedge.client.SessionHarness.CLIENT_ID;
import static io.hedge.client.SessionHarness.FAILOVER_TIMEOUT_NS;
import static io.hedge.client.SessionHarness.MS;
import static io.hedge.client.SessionHarness.RESPONSE_CHANNEL;
import static io.hedge.client.SessionHarness.RETRY_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's {@link SessionState} machine on fakes, in the manner of Aeron's {@code ElectionTest}: every
 * transition is driven by what gateways answer and by the test's clock, and checked in the state counter.
 */
class GatewayFailoverTest
{
    private static final String CONNECT = CLIENT_ID + "@11:" + RESPONSE_CHANNEL;

    @Test
    void connectingAsksEveryReachableGatewayAndConnectsToTheOneThatAnswersOk()
    {
        final SessionHarness session = new SessionHarness(3);
        session.gateway(3).connected = false;
        session.assertState(SessionState.CONNECTING);
        assertNull(session.failover.active());

        session.work();
        assertEquals(List.of(CONNECT), session.gateway(1).connects);
        assertEquals(List.of(CONNECT), session.gateway(2).connects);
        assertTrue(session.gateway(3).connects.isEmpty(), "an unreachable gateway is not sent to");
        session.advance(RETRY_NS - MS);
        assertEquals(1, session.gateway(1).connects.size(), "not again before the retry interval");
        session.advance(MS);
        assertEquals(2, session.gateway(1).connects.size(), "again after it");

        session.notActive(1, 3, 2);
        session.assertState(SessionState.CONNECTING);
        assertTrue(session.failover.isFailingOver());

        session.ok(2, 3);
        session.assertState(SessionState.CONNECTED);
        assertSame(session.failover.active(), session.failover.active());
        assertEquals(2, session.failover.gatewayId());
        assertEquals(3, session.failover.epoch());
        assertFalse(session.failover.isFailingOver());
        assertEquals(0, session.failover.failovers(), "the first active is no failover");

        final long id = session.offer("hello");
        assertEquals(List.of(new Request(CLIENT_ID, id, "hello")), session.gateway(2).requests);
        assertTrue(session.gateway(1).requests.isEmpty(), "nothing goes to a standby");
    }

    @Test
    void aRefusalWhileConnectingIsKeptForTheConnectErrorAndAfterwardsGoesToTheListener()
    {
        final SessionHarness session = new SessionHarness(2);
        session.work();
        session.connected(1, ConnectStatus.REJECTED, 0, 0, 0);
        session.assertState(SessionState.CONNECTING);
        assertEquals(1, session.failover.rejectedGatewayId());
        assertEquals("not you", session.failover.rejectedDetail());
        assertTrue(session.listener.rejections.isEmpty());

        session.ok(2, 1);
        session.connected(1, ConnectStatus.REJECTED, 0, 0, 0);
        assertEquals(List.of("1:not you"), session.listener.rejections);
        assertEquals(2, session.failover.connectRejections());
        session.assertState(SessionState.CONNECTED);
    }

    @Test
    void whileConnectedAGatewayNeverHeardFromIsToldOfTheClientOnceReachable()
    {
        final SessionHarness session = new SessionHarness(3);
        session.gateway(3).connected = false;
        session.work();
        session.ok(1, 1);
        session.notActive(2, 1, 1);
        session.gateway(3).connected = true;
        final int toStandby = session.gateway(2).connects.size();
        session.advance(3 * RETRY_NS - MS); // at 0, 100 and 200 ms
        assertEquals(toStandby, session.gateway(2).connects.size(), "a gateway that answered is not asked again");
        assertEquals(3, session.gateway(3).connects.size(), "one that never answered is, every retry interval");
        // changed for rule 5: an idle session sends the active a keep-alive after half the failover timeout
        assertEquals(2, session.gateway(1).connects.size(), "the active only its keep-alive");
        session.assertState(SessionState.CONNECTED);
    }

    @Test
    void notActiveFromTheActiveNamingALeaderStopsSendingUntilTheLeaderAnswersOk()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        final long a = session.offer("a");
        assertEquals(List.of(a), session.gateway(1).requestIds());
        final int connectsBefore = session.gateway(2).connects.size();

        session.notActive(1, 2, 2);
        session.assertState(SessionState.FAILING_OVER);
        assertTrue(session.failover.isFailingOver());
        assertNull(session.failover.active(), "no gateway is active");
        session.work();
        assertEquals(connectsBefore + 1, session.gateway(2).connects.size(), "every gateway is asked at once");
        assertEquals(1, session.failover.probes());

        final long b = session.offer("b");
        session.respond(a, 1, "stale");
        assertEquals(1, session.failover.fencedMessages(), "an answer from the epoch that ended is fenced");
        session.ok(1, 1);
        assertEquals(2, session.failover.fencedMessages(), "so is an OK from it");
        session.assertState(SessionState.FAILING_OVER);
        session.advance(2 * RETRY_NS);
        assertEquals(List.of(a), session.gateway(1).requestIds(), "nothing goes to a gateway that stepped down");
        assertTrue(session.gateway(2).requests.isEmpty());
        assertEquals(3, session.failover.probes(), "asked again every retry interval");

        session.ok(2, 2);
        session.assertState(SessionState.CONNECTED);
        assertEquals(2, session.failover.gatewayId());
        session.work();
        assertEquals(List.of(a, b), session.gateway(2).requestIds(), "the waiting request and the new one");
        assertEquals(1, session.failover.failovers());
        assertEquals(1, session.flow.resentRequests(), "a was resent; b had never been sent");
    }

    @Test
    void aNotActiveFromAnOlderEpochOfTheActiveIsNoStepDown()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 5);
        session.notActive(1, 4, 2);
        session.assertState(SessionState.CONNECTED);
        assertEquals(1, session.failover.gatewayId());
    }

    @Test
    void silenceOfTheActivePastTheFailoverTimeoutProbesEveryGatewayUntilItAnswers()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        final long a = session.offer("a");
        final int connectsBefore = session.gateway(2).connects.size();

        session.advance(FAILOVER_TIMEOUT_NS);
        session.assertState(SessionState.CONNECTED);
        session.advance(MS);
        session.assertState(SessionState.PROBING);
        assertTrue(session.failover.isFailingOver());
        assertEquals(connectsBefore + 1, session.gateway(2).connects.size(), "every gateway is asked");
        assertEquals(2, session.gateway(1).connects.size(), "the silent one too");
        assertEquals(1, session.failover.probes());

        final long b = session.offer("b");
        assertEquals(List.of(a, b), session.gateway(1).requestIds(), "requests still go to the silent active");
        session.advance(RETRY_NS);
        assertEquals(2, session.failover.probes(), "asked again after the retry interval");

        session.ok(1, 1);
        session.assertState(SessionState.CONNECTED);
        session.work();
        assertEquals(List.of(a, b, a, b), session.gateway(1).requestIds(), "what waits is sent again");
        assertEquals(2, session.flow.resentRequests());
        assertEquals(0, session.failover.failovers(), "the same gateway in the same epoch is no failover");
    }

    @Test
    void anActiveThatAnswersIsNeverProbed()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        for (int i = 0; i < 20; i++)
        {
            final long id = session.offer("r" + i);
            session.advance(FAILOVER_TIMEOUT_NS / 4);
            session.respond(id, 1, "ok");
        }
        session.assertState(SessionState.CONNECTED);
        assertEquals(0, session.failover.probes());

        // changed for rule 5: silence with nothing waiting is tested with a keep-alive, and a live active answers it
        for (int i = 0; i < 6; i++)
        {
            final int connects = session.gateway(1).connects.size();
            session.advance(FAILOVER_TIMEOUT_NS / 2);
            assertEquals(connects + 1, session.gateway(1).connects.size(), "a keep-alive after half the timeout");
            session.ok(1, 1);
        }
        session.assertState(SessionState.CONNECTED);
        assertEquals(0, session.failover.probes(), "an active that answers its keep-alives is never probed");
        assertEquals(6, session.failover.keepAlives());
    }

    /**
     * Rule 5 (clients follow a takeover whether or not they send). Invariant: an idle session learns the new active
     * gateway within the failover timeout plus a connect retry interval of its active gateway falling silent. Before
     * the keep-alive an idle session never looked for another gateway (the run of issue 11: over a minute).
     */
    @Test
    void anIdleSessionWhoseActiveFallsSilentFindsTheNewActiveWithinTheFailoverTimeout()
    {
        final SessionHarness session = new SessionHarness(3).connectTo(1, 1);
        final long silentFromNs = session.nowNs; // gateway 1 dies now; its publication still looks connected
        final int standbyConnects = session.gateway(2).connects.size();

        session.advance(FAILOVER_TIMEOUT_NS / 2);
        assertEquals(2, session.gateway(1).connects.size(), "a keep-alive to the active");
        assertEquals(standbyConnects, session.gateway(2).connects.size(), "only to the active");
        session.assertState(SessionState.CONNECTED);

        session.advance(FAILOVER_TIMEOUT_NS / 2 + MS);
        session.assertState(SessionState.PROBING);
        assertTrue(session.gateway(2).connects.size() > standbyConnects, "every gateway is asked which one is active");
        assertTrue(session.gateway(3).connects.size() > standbyConnects);

        session.advance(RETRY_NS - 2 * MS); // the standby wins its election meanwhile and answers a probe
        session.ok(2, 2);
        session.assertState(SessionState.CONNECTED);
        assertEquals(2, session.failover.gatewayId());
        assertEquals(2, session.failover.epoch());
        assertTrue(session.nowNs - silentFromNs <= FAILOVER_TIMEOUT_NS + RETRY_NS,
            "learned within the failover timeout and a retry interval");

        final long id = session.offer("after");
        assertEquals(List.of(id), session.gateway(2).requestIds(), "the next request goes to the new active");
    }

    /**
     * Rule 5. Invariant: an idle session follows an unsolicited ClientConnected(OK) of a standby that took over, which
     * reaches it because every standby is told of the client again every {@link KeepAlive#MAX_INTERVAL_NS}
     * (a standby that restarted, or whose session expired, knows it again).
     */
    @Test
    void everyStandbyIsToldOfTheClientAgainSoThatANewActiveCanAnnounceItself()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        final int standbyConnects = session.gateway(2).connects.size();
        final long endNs = session.nowNs + KeepAlive.MAX_INTERVAL_NS + 2 * MS;
        while (session.nowNs < endNs)
        {
            session.advance(FAILOVER_TIMEOUT_NS / 2);
            session.ok(1, 1); // the active answers each keep-alive
        }
        assertEquals(standbyConnects + 1, session.gateway(2).connects.size(), "the standby is told again");
        session.notActive(2, 1, 1);

        session.ok(2, 2); // unsolicited, on taking over
        session.assertState(SessionState.CONNECTED);
        assertEquals(2, session.failover.gatewayId());
        assertEquals(0, session.failover.probes(), "no probing was needed");
    }

    /**
     * Rule 5. Invariant: a busy session is never sent keep-alives (its requests are the probe), so they cost nothing
     * under load.
     */
    @Test
    void aSessionWaitingForAnswersSendsNoKeepAlive()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        session.offer("a");
        session.advance(FAILOVER_TIMEOUT_NS);
        assertEquals(0, session.failover.keepAlives());
        assertEquals(1, session.gateway(1).connects.size());
    }

    @Test
    void anUnreachableActiveIsProbedAtOnce()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        session.gateway(1).connected = false;
        session.advance(MS);
        session.assertState(SessionState.PROBING);
        assertEquals(1, session.failover.probes());
    }

    @Test
    void aStepDownWhileProbingStopsTheSending()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        session.offer("a");
        session.advance(FAILOVER_TIMEOUT_NS + MS);
        session.assertState(SessionState.PROBING);
        session.notActive(1, 1, 0);
        session.assertState(SessionState.FAILING_OVER);
        assertNull(session.failover.active());
    }

    @Test
    void aHigherEpochOkSwitchesAndResendsEveryInFlightRequestWithItsIdAndBytes()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        final long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = session.offer("r" + i);
        }
        session.respond(ids[0], 1, "done");
        assertEquals(5, session.gateway(1).requests.size());

        session.ok(2, 2); // unasked
        session.assertState(SessionState.CONNECTED);
        assertEquals(2, session.failover.gatewayId());
        assertEquals(2, session.failover.epoch());
        assertEquals(1, session.failover.failovers());
        session.work();
        final List<Request> resent = session.gateway(2).requests;
        assertEquals(List.of(ids[1], ids[2], ids[3], ids[4]), session.gateway(2).requestIds(),
            "every request still waiting, in correlation id order, and only those");
        for (int i = 1; i < ids.length; i++)
        {
            assertEquals(new Request(CLIENT_ID, ids[i], "r" + i), resent.get(i - 1), "the original id and bytes");
        }
        assertEquals(4, session.flow.resentRequests());

        for (int i = 1; i < ids.length; i++)
        {
            session.respond(ids[i], 1, "stale");
        }
        assertEquals(4, session.failover.fencedMessages(), "the old gateway's answers are fenced");
        assertTrue(session.listener.responses.size() == 1);
        for (int i = 1; i < ids.length; i++)
        {
            session.respond(ids[i], 2, "new");
        }
        session.respond(ids[2], 2, "again");
        assertEquals(5, session.listener.responses.size());
        assertEquals(1, session.flow.lateResponses(), "a second answer completes nothing");

        final long next = session.offer("after");
        assertEquals(next, session.gateway(2).requests.get(4).correlationId());
        assertEquals(5, session.gateway(1).requests.size(), "nothing more goes to the old gateway");
    }

    @Test
    void aNewActiveWhileProbingTakesOver()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        final long a = session.offer("a");
        session.advance(FAILOVER_TIMEOUT_NS + MS);
        session.assertState(SessionState.PROBING);
        session.ok(2, 2);
        session.assertState(SessionState.CONNECTED);
        session.work();
        assertEquals(List.of(a), session.gateway(2).requestIds());
        assertEquals(1, session.failover.failovers());
    }

    @Test
    void answersFromALowerEpochAreFencedAndASecondClaimOfTheSameEpochIsIgnored()
    {
        final SessionHarness session = new SessionHarness(3).connectTo(1, 5);
        final long id = session.offer("x");
        session.respond(id, 4, "from epoch 4");
        session.ok(2, 4);
        assertEquals(2, session.failover.fencedMessages());
        assertTrue(session.listener.responses.isEmpty());
        assertEquals(1, session.flow.inFlight());
        assertEquals(1, session.failover.gatewayId(), "an OK from an older epoch makes no gateway active");

        session.ok(3, 5);
        assertEquals(1, session.failover.gatewayId(), "the first claim of an epoch stands");
        assertEquals(0, session.failover.failovers());
        session.assertState(SessionState.CONNECTED);

        session.respond(id, EgressAdapter.NULL_EPOCH, "from a gateway that does not say its epoch");
        assertEquals(1, session.listener.responses.size(), "an answer without an epoch is not fenced");
    }

    @Test
    void aNewActiveContinuesAfterTheLastCorrelationIdItSawFromThisClient()
    {
        final SessionHarness session = new SessionHarness(1);
        session.work();
        session.connected(1, ConnectStatus.OK, 1, 0, 41);
        assertEquals(42, session.offer("next"));
        assertEquals(List.of(42L), session.gateway(1).requestIds());
    }

    @Test
    void closedIsTheEnd()
    {
        final SessionHarness session = new SessionHarness(2).connectTo(1, 1);
        session.offer("a");
        session.failover.state(SessionState.CLOSED, session.nowNs, "closed");
        session.assertState(SessionState.CLOSED);
        assertTrue(session.failover.isClosed());
        final int connects = session.gateway(2).connects.size();
        assertEquals(0, session.failover.doWork(session.nowNs + 10 * FAILOVER_TIMEOUT_NS, session.flow));
        assertEquals(connects, session.gateway(2).connects.size(), "a closed session asks no gateway");
    }
}
