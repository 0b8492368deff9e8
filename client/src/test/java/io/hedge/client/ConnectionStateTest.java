package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hedge.client.SessionHarness.FAILOVER_TIMEOUT_NS;
import static io.hedge.client.SessionHarness.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public {@link ConnectionState} as the listener hears it, derived from the session's state machine on fakes and
 * a test's clock (see {@link SessionHarness}).
 */
class ConnectionStateTest
{
    @Test
    void theHandshakesConnectIsHeardAtTheFirstPollNotBefore()
    {
        final SessionHarness session = new SessionHarness(1).connectTo(1, 1);
        assertEquals(ConnectionState.CONNECTED, session.states.state());
        assertTrue(session.stateChanges.isEmpty(), "the handshake's thread does not call the listener");
        session.states.start();
        assertEquals(List.of("CONNECTING->CONNECTED"), session.stateChanges);
        session.states.start();
        assertEquals(1, session.stateChanges.size(), "once");
    }

    @Test
    void aSilentGatewayIsFailingOverThenUnreachableAndConnectedAgainWhenItAnswers()
    {
        final SessionHarness session = started(1);
        // idle: the keep-alive goes unanswered, and after the failover timeout the session probes
        for (int i = 0; i < 2_000 && session.failover.state() == SessionState.CONNECTED; i++)
        {
            session.advance(MS);
        }
        session.assertState(SessionState.PROBING);
        assertEquals(List.of("CONNECTING->CONNECTED", "CONNECTED->FAILING_OVER"), session.stateChanges);

        session.advance(FAILOVER_TIMEOUT_NS - 2 * MS);
        assertEquals(ConnectionState.FAILING_OVER, session.states.state(), "not yet: a whole failover timeout of silence");
        session.advance(3 * MS);
        assertEquals(ConnectionState.UNREACHABLE, session.states.state());

        session.ok(1, 1); // it answers again, in its epoch
        assertEquals(List.of("CONNECTING->CONNECTED", "CONNECTED->FAILING_OVER", "FAILING_OVER->UNREACHABLE",
            "UNREACHABLE->CONNECTED"), session.stateChanges);
    }

    @Test
    void aStandbyThatAnswersMakesTheFabricReachableWhileNoGatewayIsActive()
    {
        final SessionHarness session = started(2);
        session.notActive(1, 2, 2); // the active steps down
        session.assertState(SessionState.FAILING_OVER);
        session.advance(FAILOVER_TIMEOUT_NS + 2 * MS);
        assertEquals(ConnectionState.UNREACHABLE, session.states.state(), "nobody answered for a failover timeout");

        session.notActive(2, 2, 0);
        assertEquals(ConnectionState.FAILING_OVER, session.states.state(), "a gateway answers, none is active yet");
        session.advance(FAILOVER_TIMEOUT_NS / 2);
        session.notActive(2, 2, 0);
        session.advance(FAILOVER_TIMEOUT_NS / 2 + 2 * MS);
        assertEquals(ConnectionState.FAILING_OVER, session.states.state(), "it keeps answering: reachable");

        session.ok(2, 3);
        assertEquals(List.of("CONNECTING->CONNECTED", "CONNECTED->FAILING_OVER", "FAILING_OVER->UNREACHABLE",
            "UNREACHABLE->FAILING_OVER", "FAILING_OVER->CONNECTED"), session.stateChanges);
    }

    @Test
    void closedIsFinal()
    {
        final SessionHarness session = started(1);
        session.failover.state(SessionState.CLOSED, session.nowNs, "closed by the test");
        session.ok(1, 5);
        session.advance(2 * FAILOVER_TIMEOUT_NS);
        assertEquals(List.of("CONNECTING->CONNECTED", "CONNECTED->CLOSED"), session.stateChanges);
    }

    /**
     * Fencing: a gateway says another session took the client id. The session ends: every request that waited gets
     * its one completion (a timeout: outcome unknown), nothing more is sent (no keep-alive, no probe, no resend that
     * would take the client id back), and later answers change nothing.
     */
    @Test
    void supersededEndsTheSessionAndCompletesWhatWaited()
    {
        final SessionHarness session = started(2);
        final long first = session.offer("a");
        final long second = session.offer("b");
        session.respond(first, 1, "done");

        session.connected(2, ConnectStatus.SUPERSEDED, 1, 0, 0);
        session.assertState(SessionState.SUPERSEDED);
        assertEquals(ConnectionState.SUPERSEDED, session.states.state());
        assertEquals(List.of(second), session.listener.timeouts, "what waited completes, once");
        assertEquals(List.of("2:not you"), session.listener.superseded);
        assertEquals(0, session.flow.inFlight());

        final int sentBefore = session.gateway(1).connects.size() + session.gateway(1).requests.size() +
            session.gateway(2).connects.size() + session.gateway(2).requests.size();
        session.advance(10 * FAILOVER_TIMEOUT_NS);
        session.ok(1, 9);
        session.connected(1, ConnectStatus.NOT_ACTIVE, 9, 2, 0);
        session.advance(10 * FAILOVER_TIMEOUT_NS);
        assertEquals(sentBefore, session.gateway(1).connects.size() + session.gateway(1).requests.size() +
            session.gateway(2).connects.size() + session.gateway(2).requests.size(), "nothing is sent any more");
        session.assertState(SessionState.SUPERSEDED);
        assertEquals(List.of("CONNECTING->CONNECTED", "CONNECTED->SUPERSEDED"), session.stateChanges);

        session.failover.state(SessionState.CLOSED, session.nowNs, "closed by the application");
        assertEquals(List.of("CONNECTING->CONNECTED", "CONNECTED->SUPERSEDED", "SUPERSEDED->CLOSED"),
            session.stateChanges);
    }

    private static SessionHarness started(final int gateways)
    {
        final SessionHarness session = new SessionHarness(gateways).connectTo(1, 1);
        session.states.start();
        return session;
    }
}
