package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ConnectStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 8 (bounded resources) on the client side of a gateway, without a media driver: a {@link ClientRouter} over
 * {@link ClientSessions} with {@link FakeClientPublication}s whose asynchronous adds the test completes, and a test's
 * clock.
 */
class ClientSessionsTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long CONNECT_TIMEOUT_NS = 5_000 * MS;
    private static final long IDLE_TIMEOUT_NS = 10_000 * MS;
    private static final String CHANNEL = "aeron:udp?endpoint=localhost:40123";
    private static final int STREAM = 11;

    private final FakeClientPublication.Opener opener = new FakeClientPublication.Opener();
    private final GatewayCounters counters = new GatewayCounters();
    private final List<Long> requests = new ArrayList<>();
    private long nowNs = 1_000 * MS;
    private ClientSessions sessions;
    private EgressPublisher egress;
    private ClientRouter router;

    private void start(final int maxClients)
    {
        sessions = new ClientSessions(opener, CONNECT_TIMEOUT_NS, IDLE_TIMEOUT_NS, maxClients, 2);
        egress = new EgressPublisher(sessions);
        router = new ClientRouter(sessions, egress, counters, () -> nowNs, new RecordingDesk(), 2);
    }

    /**
     * Invariant: adding a client's publication never blocks the duty cycle (it is polled for), and a request the
     * client sends meanwhile is held, not lost: it is taken once the session is established.
     */
    @Test
    void thePublicationIsAddedAsynchronouslyAndTheClientsRequestsWaitForIt()
    {
        start(8);
        connect(7, CHANNEL);
        assertEquals(1, opener.opened.size());
        final FakeClientPublication.Pending pending = opener.last();
        assertEquals(CHANNEL, pending.channel, "the checked channel");
        assertEquals(STREAM, pending.streamId);

        for (int i = 0; i < 3; i++)
        {
            poll(MS); // the driver is slow: the duty cycle goes on
        }
        assertEquals(3, pending.polls, "polled once a duty cycle, never waited for");
        assertEquals(Action.ABORT, request(7, 1), "held on the client's image until its session is established");
        assertNull(sessions.established(7));

        pending.add();
        poll(MS);
        assertSame(pending.publication, sessions.established(7).publication);
        assertEquals(List.of(ConnectStatus.OK), statuses(pending.publication));
        assertEquals(Action.CONTINUE, request(7, 1), "delivered again, it is taken");
        assertEquals(List.of(1L), requests);
        assertEquals(1, router.heldMessages());
    }

    @Test
    void aPublicationTheDriverRefusesDropsTheSessionAndItsHeldRequestsBecomeUnknown()
    {
        start(8);
        connect(7, CHANNEL);
        opener.last().failure = new IllegalStateException("unknown host");
        poll(MS);
        assertNull(sessions.session(7));
        assertEquals(1, sessions.failedPublications());
        assertEquals(Action.CONTINUE, request(7, 1));
        assertEquals(1, counters.unknownClientRequests());
    }

    /**
     * Invariant: a session not heard from for the idle timeout is gone and its publication closed, so dead clients
     * hold no resources; a keep-alive (a repeated connect) keeps a session alive without a new publication; a client
     * that comes back after expiry connects again.
     */
    @Test
    void anIdleSessionExpiresAndItsPublicationIsClosedWhileKeepAlivesKeepOneAlive()
    {
        start(8);
        final FakeClientPublication idle = establish(7, CHANNEL);
        final FakeClientPublication alive = establish(8, CHANNEL.replace("40123", "40124"));

        final long endNs = nowNs + IDLE_TIMEOUT_NS + 2_000 * MS;
        while (nowNs < endNs)
        {
            poll(1_000 * MS);
            connect(8, CHANNEL.replace("40123", "40124")); // its SDK's keep-alive
        }
        assertTrue(idle.closed, "the expired session's publication is closed");
        assertNull(sessions.session(7));
        assertEquals(1, sessions.expired());
        assertFalse(alive.closed);
        assertEquals(2, opener.opened.size(), "a keep-alive opens nothing");
        assertTrue(statuses(alive).size() > 5, "each keep-alive is answered");
        assertEquals(Action.CONTINUE, request(7, 5), "an expired client's request is not taken");
        assertTrue(requests.isEmpty());

        final FakeClientPublication back = establish(7, CHANNEL);
        assertFalse(back.closed);
        assertEquals(List.of(ConnectStatus.OK), statuses(back), "a reconnect after expiry works");
        assertEquals(Action.CONTINUE, request(7, 5));
        assertEquals(List.of(5L), requests);
    }

    /**
     * Invariant: at most maxClients sessions; a connect beyond them is answered ClientConnected REJECTED with the
     * reason over a short-lived publication, and the table does not grow.
     */
    @Test
    void aConnectBeyondMaxClientsIsRefusedWithTheReason()
    {
        start(2);
        establish(1, CHANNEL);
        establish(2, CHANNEL.replace("40123", "40124"));
        connect(3, CHANNEL.replace("40123", "40125"));
        assertEquals(2, sessions.size());
        assertNull(sessions.session(3));
        assertEquals(1, sessions.refusedForCap());

        final FakeClientPublication.Pending refusal = opener.last().add();
        poll(MS);
        final List<FakeClientPublication.Connected> told = refusal.publication.told;
        assertEquals(1, told.size());
        assertEquals(ConnectStatus.REJECTED, told.get(0).status());
        assertEquals(3, told.get(0).clientId());
        assertTrue(told.get(0).detail().contains("too many clients") &&
            told.get(0).detail().contains(GatewayConfiguration.MAX_CLIENTS.key()), told.get(0).detail());
        assertTrue(refusal.publication.closed, "the refusal's publication is closed once it is sent");

        connect(1, CHANNEL); // a known client connecting again is no new client
        assertEquals(1, sessions.refusedForCap());
    }

    /**
     * Fencing: a second session of a client id (another response channel) replaces the first, and the first is told
     * so (SUPERSEDED, with the new channel) over its own publication before that is closed, so its client stops instead
     * of silently losing its answers. Answers and requests of the client id belong to the new session from then on.
     */
    @Test
    void aSecondSessionWithTheSameClientIdSupersedesTheFirstAndTheFirstIsTold()
    {
        start(8);
        final FakeClientPublication first = establish(7, CHANNEL);
        final String newer = CHANNEL.replace("40123", "40999");
        connect(7, newer);
        assertEquals(1, sessions.superseded());
        assertNull(sessions.established(7), "the new session is not established until its publication is");

        final FakeClientPublication.Pending second = opener.last().add();
        poll(MS);
        assertEquals(List.of(ConnectStatus.OK, ConnectStatus.SUPERSEDED), statuses(first));
        final String detail = first.told.get(1).detail();
        assertTrue(detail.contains("client id 7 connected again from '" + newer + "'"), detail);
        assertEquals(7, first.told.get(1).clientId());
        assertTrue(first.closed, "the old publication is closed once its client is told");
        assertSame(second.publication, sessions.established(7).publication);
        assertEquals(List.of(ConnectStatus.OK), statuses(second.publication));
        assertEquals(1, sessions.size());

        connect(7, newer); // the new session's keep-alive supersedes nothing
        poll(MS);
        assertEquals(1, sessions.superseded());
        assertEquals(List.of(ConnectStatus.OK, ConnectStatus.OK), statuses(second.publication));
    }

    @Test
    void aSupersededSessionWhoseClientCannotBeReachedNowIsToldWhenItCanOrClosedAtTheDeadline()
    {
        start(8);
        final FakeClientPublication first = establish(7, CHANNEL);
        first.connected = false;
        connect(7, CHANNEL.replace("40123", "40999"));
        opener.last().add();
        poll(MS);
        assertEquals(List.of(ConnectStatus.OK), statuses(first), "not connected: not sent yet");
        assertFalse(first.closed);
        first.connected = true;
        poll(MS);
        assertEquals(List.of(ConnectStatus.OK, ConnectStatus.SUPERSEDED), statuses(first));
        assertTrue(first.closed);

        final FakeClientPublication second = sessions.established(7).publication instanceof FakeClientPublication ?
            (FakeClientPublication)sessions.established(7).publication : null;
        second.connected = false;
        connect(7, CHANNEL.replace("40123", "40998"));
        opener.last().add();
        poll(CONNECT_TIMEOUT_NS + MS);
        assertTrue(second.closed, "given up at the connect deadline, and closed");
        assertEquals(List.of(ConnectStatus.OK), statuses(second));
    }

    @Test
    void refusalsInFlightAreBoundedTooBeyondThemTheyAreOnlyCounted()
    {
        start(1);
        establish(1, CHANNEL);
        for (int i = 0; i < ClientSessions.MAX_REFUSALS + 5; i++)
        {
            connect(100 + i, "aeron:udp?endpoint=localhost:" + (41000 + i));
        }
        assertEquals(1 + ClientSessions.MAX_REFUSALS, opener.opened.size());
        assertEquals(5, sessions.refusalsDropped());
        poll(CONNECT_TIMEOUT_NS + MS); // none became reachable: each is given up and its add cancelled
        assertTrue(opener.opened.get(1).cancelled);
    }

    /**
     * Invariant: a client cannot make the gateway listen, send elsewhere, or allocate what it chooses: a response
     * channel outside the allow-list (ChannelCheck.clientResponseChannel) opens no session. Issue 14: where its
     * endpoint alone is allowed, the client is told why (ClientConnected REJECTED with the reason) over a short-lived
     * publication to that endpoint only; a multicast endpoint is not answered at all. Each refusal is counted as a
     * malformed message.
     */
    @Test
    void aBadResponseChannelOpensNoSessionAndIsRefusedWithTheReason()
    {
        final io.hedge.transport.SecurityCounters security = io.hedge.transport.SecurityCounters.inMemory("gateway 2");
        sessions = new ClientSessions(opener, CONNECT_TIMEOUT_NS, IDLE_TIMEOUT_NS, 8, 2, false,
            security.malformedMessagesDropped());
        egress = new EgressPublisher(sessions);
        router = new ClientRouter(sessions, egress, counters, () -> nowNs, new RecordingDesk(), 2);
        connect(7, "aeron:udp?endpoint=localhost:40123|control-mode=dynamic|control=localhost:40124");
        connect(8, "aeron:udp?endpoint=224.0.1.1:40123");
        connect(9, "aeron:ipc");
        assertEquals(3, sessions.invalidChannels());
        assertEquals(3, security.malformedMessagesDropped().get());
        assertEquals(0, sessions.size());
        assertEquals(1, opener.opened.size(), "only the refusal of 7, to its endpoint alone");
        assertEquals(CHANNEL, opener.last().channel);

        final FakeClientPublication.Pending refusal = opener.last().add();
        poll(MS);
        final List<FakeClientPublication.Connected> told = refusal.publication.told;
        assertEquals(1, told.size());
        assertEquals(ConnectStatus.REJECTED, told.get(0).status());
        assertTrue(told.get(0).detail().contains("control, control-mode"), told.get(0).detail());
        assertTrue(refusal.publication.closed);
        assertEquals(0, sessions.refusedForCap(), "not a refusal for the cap");

        connect(10, "aeron:udp?endpoint=localhost:40123|rcv-wnd=65536");
        assertEquals(CHANNEL, opener.last().channel, "only the endpoint is taken from an allowed channel");
        assertEquals(1, sessions.size());
    }

    /**
     * Issue 14: a connect naming an endpoint that never answers (black-holed: its publication is never added, or
     * never connected) stalls no one: another client connecting meanwhile is established at once and served, and the
     * black-holed session is dropped at its connect deadline.
     */
    @Test
    void aBlackHoledEndpointDoesNotStallOtherClients()
    {
        start(8);
        connect(7, "aeron:udp?endpoint=192.0.2.1:40000"); // TEST-NET-1: nothing answers there
        final FakeClientPublication.Pending blackHole = opener.last();
        connect(9, "aeron:udp?endpoint=192.0.2.2:40000");
        final FakeClientPublication.Pending neverConnected = opener.last().add();
        neverConnected.publication.connected = false;

        final FakeClientPublication other = establish(8, CHANNEL);
        assertEquals(Action.CONTINUE, request(8, 1), "served while the others wait");
        assertEquals(List.of(1L), requests);
        assertNull(sessions.established(7));

        poll(CONNECT_TIMEOUT_NS + MS);
        assertNull(sessions.session(7), "dropped at its deadline");
        assertNull(sessions.session(9), "dropped at its deadline");
        assertTrue(blackHole.cancelled, "its pending publication is cancelled");
        assertSame(other, sessions.established(8).publication);
    }

    /**
     * Issue 14: IPC responses are a log buffer in the gateway's own driver; a gateway whose ingress is IPC allows them.
     */
    @Test
    void anIpcResponseChannelIsAllowedWhereTheIngressIsIpc()
    {
        sessions = new ClientSessions(opener, CONNECT_TIMEOUT_NS, IDLE_TIMEOUT_NS, 8, 2, true, null);
        egress = new EgressPublisher(sessions);
        router = new ClientRouter(sessions, egress, counters, () -> nowNs, new RecordingDesk(), 2);
        connect(7, "aeron:ipc");
        assertEquals("aeron:ipc", opener.last().channel);
        assertEquals(0, sessions.invalidChannels());
    }

    @Test
    void anAnnounceThatCannotBeSentNowIsSentWhenItCan()
    {
        start(8);
        final FakeClientPublication client = establish(7, CHANNEL);
        client.connected = false;
        router.announce();
        poll(MS);
        assertEquals(1, statuses(client).size(), "not connected: not sent yet");
        client.connected = true;
        poll(MS);
        assertEquals(2, statuses(client).size(), "sent once it could be");
    }

    // ---- helpers

    private FakeClientPublication establish(final long clientId, final String channel)
    {
        connect(clientId, channel);
        final FakeClientPublication.Pending pending = opener.last().add();
        poll(MS);
        assertSame(pending.publication, sessions.established(clientId).publication);
        return pending.publication;
    }

    private void connect(final long clientId, final String channel)
    {
        final byte[] bytes = channel.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 9]);
        buffer.putBytes(9, bytes); // at an offset, as in a fragment
        router.onConnect(clientId, 0, buffer, 9, bytes.length, STREAM, 0, 0);
    }

    private Action request(final long clientId, final long correlationId)
    {
        return router.onRequest(clientId, 0, correlationId, new UnsafeBuffer(new byte[1]), 0, 1);
    }

    private void poll(final long ns)
    {
        nowNs += ns;
        router.poll(nowNs);
    }

    private static List<ConnectStatus> statuses(final FakeClientPublication publication)
    {
        return publication.told.stream().map(FakeClientPublication.Connected::status).toList();
    }

    /** A desk that serves: OK to each client, and records the requests it is given. */
    private final class RecordingDesk implements ClientDesk
    {
        @Override
        public Action onRequest(final ClientSession session, final long clientId, final long correlationId,
            final DirectBuffer payload, final int offset, final int length)
        {
            requests.add(correlationId);
            return Action.CONTINUE;
        }

        @Override
        public void onOutcomeQuery(final ClientSession session, final long clientId, final long correlationId)
        {
        }

        @Override
        public void onStatusQuery(final ClientSession session, final long correlationId, final long nowNs)
        {
        }

        @Override
        public void onQuery(final ClientSession session, final long clientId, final long queryId, final long minSeq,
            final DirectBuffer payload, final int offset, final int length, final long nowNs)
        {
        }

        @Override
        public boolean onEstablished(final ClientSession session)
        {
            return egress.sendConnected(session.publication, session.clientId, 1, 0, 2, 4096);
        }
    }
}
