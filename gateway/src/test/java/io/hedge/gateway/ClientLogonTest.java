package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.gateway.auth.FileAuthenticator;
import io.hedge.gateway.auth.PrincipalsFile;
import io.hedge.transport.ChallengeAnswer;
import io.hedge.transport.SecurityCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway's sessions with the file authenticator, without a media driver (as {@link ClientSessionsTest}): a
 * connect is challenged and established only on the right answer, as its principal; a failed logon is told
 * AUTHENTICATION_FAILED and nothing of it is served; a client id is its first principal's; a keep-alive is not
 * challenged again; a message over another connection or without its permission is refused and counted.
 */
class ClientLogonTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long CONNECT_TIMEOUT_NS = 5_000 * MS;
    private static final String CHANNEL = "aeron:udp?endpoint=localhost:40123";
    private static final String OTHER_CHANNEL = "aeron:udp?endpoint=localhost:40999";
    private static final int STREAM = 11;
    private static final int GATEWAY_ID = 2;
    private static final int IMAGE = 1234;
    private static final String ALICE_SECRET = "alice-secret-0123456789";
    private static final String BOB_SECRET = "bob-secret-0123456789";
    private static final String CAROL_SECRET = "carol-secret-0123456789";
    private static final String DAVE_SECRET = "dave-secret-0123456789";

    @TempDir
    Path dir;

    private final FakeClientPublication.Opener opener = new FakeClientPublication.Opener();
    private final GatewayCounters counters = new GatewayCounters();
    private final SecurityCounters security = SecurityCounters.inMemory("gateway 2");
    private final ChallengeAnswer answers = new ChallengeAnswer();
    private final List<Long> requests = new ArrayList<>();
    private long nowNs = 1_000 * MS;
    private ClientSessions sessions;
    private EgressPublisher egress;
    private ClientRouter router;

    private void start() throws IOException
    {
        final Path file = dir.resolve("principals");
        Files.writeString(file, String.join("\n",
            "alice id=1 secret=" + ALICE_SECRET + " permissions=submit,query,status",
            "bob id=2 secret=" + BOB_SECRET + " permissions=submit,query,status",
            "carol id=3 secret=" + CAROL_SECRET + " permissions=status",
            "dave id=4 secret=" + DAVE_SECRET + " permissions=submit"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        sessions = new ClientSessions(opener, CONNECT_TIMEOUT_NS, 60_000 * MS, 8, GATEWAY_ID,
            new FileAuthenticator(PrincipalsFile.read(file)), new ClientOwnership(16), security);
        egress = new EgressPublisher(sessions);
        router = new ClientRouter(sessions, egress, counters, () -> nowNs, new ServingDesk(), GATEWAY_ID, security);
    }

    @Test
    void theRightAnswerEstablishesTheSessionAsItsPrincipal() throws IOException
    {
        start();
        final FakeClientPublication client = logon(7, IMAGE, CHANNEL, "alice", ALICE_SECRET);
        assertEquals(List.of(ConnectStatus.OK), statuses(client));
        assertEquals(1, sessions.established(7).principalId());
        assertEquals(Action.CONTINUE, request(7, IMAGE, 1));
        assertEquals(List.of(1L), requests);
        assertEquals(0, security.logonsRejected().get());
    }

    @Test
    void aWrongSecretIsToldAuthenticationFailedAndNothingOfItIsServed() throws IOException
    {
        start();
        final FakeClientPublication client = challenged(7, IMAGE, CHANNEL, "alice");
        assertEquals(Action.ABORT, request(7, IMAGE, 1), "held while the logon is under way");
        answer(7, IMAGE, answers.answer(bytes(BOB_SECRET), client.challenges.get(0), 7, GATEWAY_ID));
        poll(MS);
        assertEquals(List.of(ConnectStatus.AUTHENTICATION_FAILED), statuses(client));
        assertTrue(client.told.get(0).detail().contains("did not accept the credentials"), client.told.get(0).detail());
        assertTrue(client.closed);
        assertNull(sessions.session(7));
        assertEquals(1, security.logonsRejected().get());
        assertEquals(Action.CONTINUE, request(7, IMAGE, 1), "dropped: no session");
        assertTrue(requests.isEmpty(), "nothing of it reached the desk (the sequencer)");
    }

    @Test
    void noAnswerWithinTheConnectTimeoutAndAnAnswerToAStaleChallengeFail() throws IOException
    {
        start();
        final FakeClientPublication first = challenged(7, IMAGE, CHANNEL, "alice");
        poll(CONNECT_TIMEOUT_NS + MS);
        assertEquals(List.of(ConnectStatus.AUTHENTICATION_FAILED), statuses(first));
        assertEquals(1, security.logonsRejected().get());
        assertNull(sessions.session(7));

        final byte[] stale = answers.answer(bytes(ALICE_SECRET), first.challenges.get(0), 7, GATEWAY_ID);
        answer(7, IMAGE, stale);
        assertEquals(2, security.logonsRejected().get(), "an answer to no challenge under way is counted");

        final FakeClientPublication second = challenged(7, IMAGE, CHANNEL, "alice");
        answer(7, IMAGE, stale);
        poll(MS);
        assertEquals(List.of(ConnectStatus.AUTHENTICATION_FAILED), statuses(second), "the old answer is no good");
        assertEquals(3, security.logonsRejected().get());
    }

    @Test
    void anAnswerFromAnotherConnectionIsNotTaken() throws IOException
    {
        start();
        final FakeClientPublication client = challenged(7, IMAGE, CHANNEL, "alice");
        answer(7, IMAGE + 1, answers.answer(bytes(ALICE_SECRET), client.challenges.get(0), 7, GATEWAY_ID));
        poll(MS);
        assertNull(sessions.established(7));
        assertEquals(1, security.logonsRejected().get());
        answer(7, IMAGE, answers.answer(bytes(ALICE_SECRET), client.challenges.get(0), 7, GATEWAY_ID));
        poll(MS);
        assertNotNull(sessions.established(7), "the client's own answer still counts");
    }

    @Test
    void aKeepAliveIsNotChallengedAgain() throws IOException
    {
        start();
        final FakeClientPublication client = logon(7, IMAGE, CHANNEL, "alice", ALICE_SECRET);
        for (int i = 0; i < 3; i++)
        {
            connect(7, IMAGE, CHANNEL, "alice");
            poll(MS);
        }
        assertEquals(1, client.challenges.size());
        assertEquals(List.of(ConnectStatus.OK, ConnectStatus.OK, ConnectStatus.OK, ConnectStatus.OK),
            statuses(client));
        assertEquals(1, opener.opened.size());
    }

    /**
     * A connect of an established client id from anywhere else must authenticate first, the established session
     * serving on meanwhile; another principal gets CLIENT_ID_TAKEN, counted, and supersedes nothing.
     */
    @Test
    void anotherPrincipalCannotTakeAnEstablishedClientIdNorSupersedeItsSession() throws IOException
    {
        start();
        final FakeClientPublication alice = logon(7, IMAGE, CHANNEL, "alice", ALICE_SECRET);
        final FakeClientPublication bob = challenged(7, IMAGE + 1, OTHER_CHANNEL, "bob");
        assertSame(alice, sessions.established(7).publication, "the established session serves on meanwhile");
        assertEquals(Action.CONTINUE, request(7, IMAGE, 1));
        answer(7, IMAGE + 1, answers.answer(bytes(BOB_SECRET), bob.challenges.get(0), 7, GATEWAY_ID));
        poll(MS);
        assertEquals(List.of(ConnectStatus.CLIENT_ID_TAKEN), statuses(bob));
        assertEquals(1, security.clientIdClaimsRejected().get());
        assertEquals(List.of(ConnectStatus.OK), statuses(alice), "not superseded");
        assertSame(alice, sessions.established(7).publication);
        assertEquals(1, sessions.established(7).principalId());

        // the same connect with the same channel but over another connection is no keep-alive either
        final FakeClientPublication spoof = challenged(7, IMAGE + 2, CHANNEL, "bob");
        answer(7, IMAGE + 2, answers.answer(bytes(BOB_SECRET), spoof.challenges.get(0), 7, GATEWAY_ID));
        poll(MS);
        assertEquals(List.of(ConnectStatus.CLIENT_ID_TAKEN), statuses(spoof));
        assertEquals(2, security.clientIdClaimsRejected().get());

        // and a fresh id is bob's own
        logon(8, IMAGE + 1, OTHER_CHANNEL, "bob", BOB_SECRET);
        assertEquals(2, sessions.established(8).principalId());
    }

    @Test
    void theOwnerReconnectingFromElsewhereSupersedesItsOldSessionOnceAuthenticated() throws IOException
    {
        start();
        final FakeClientPublication old = logon(7, IMAGE, CHANNEL, "alice", ALICE_SECRET);
        final FakeClientPublication renewed = logon(7, IMAGE + 1, OTHER_CHANNEL, "alice", ALICE_SECRET);
        assertEquals(List.of(ConnectStatus.OK, ConnectStatus.SUPERSEDED), statuses(old));
        assertEquals(List.of(ConnectStatus.OK), statuses(renewed));
        assertSame(renewed, sessions.established(7).publication);
        assertEquals(1, sessions.superseded());
    }

    @Test
    void theOwnerRestartedOnTheSameFixedPortReplacesItsOldSessionWithoutTellingItselfSuperseded() throws IOException
    {
        start();
        final FakeClientPublication old = logon(7, IMAGE, CHANNEL, "alice", ALICE_SECRET);
        final FakeClientPublication restarted = logon(7, IMAGE + 1, CHANNEL, "alice", ALICE_SECRET);
        assertEquals(List.of(ConnectStatus.OK), statuses(old));
        assertTrue(old.closed);
        assertEquals(List.of(ConnectStatus.OK), statuses(restarted));
        assertSame(restarted, sessions.established(7).publication);
        assertEquals(Action.CONTINUE, request(7, IMAGE + 1, 1));
        assertEquals(List.of(1L), requests);
    }

    @Test
    void aMessageOverAnotherConnectionIsRefusedAndCounted() throws IOException
    {
        start();
        logon(7, IMAGE, CHANNEL, "alice", ALICE_SECRET);
        assertEquals(Action.CONTINUE, request(7, IMAGE + 1, 1));
        assertTrue(requests.isEmpty(), "someone who only knows the client id cannot speak for it");
        assertEquals(1, security.requestsUnauthorized().get());
    }

    @Test
    void aPrincipalWithoutAPermissionIsRefusedWithTheClosestAnswerAndNothingIsServed() throws IOException
    {
        start();
        final FakeClientPublication carol = logon(9, IMAGE, CHANNEL, "carol", CAROL_SECRET);
        assertEquals(Action.CONTINUE, request(9, IMAGE, 1));
        assertEquals(Action.CONTINUE, router.onOutcomeQuery(9, IMAGE, 1));
        assertEquals(Action.CONTINUE, router.onQuery(9, IMAGE, 5, 0, new UnsafeBuffer(new byte[1]), 0, 1));
        assertTrue(requests.isEmpty(), "not sequenced");
        assertEquals(2, carol.answers.size());
        assertEquals(ResponseStatus.UNAUTHORIZED, carol.answers.get(0).status());
        assertEquals(ResponseStatus.UNAUTHORIZED, carol.answers.get(1).status());
        assertEquals(List.of("5 NOT_SUPPORTED r0 applied 0, 0 bytes"), carol.queryAnswers);
        assertEquals(3, security.requestsUnauthorized().get());
        assertEquals(Action.CONTINUE, router.onStatusQuery(9, IMAGE, 3));
        assertEquals(List.of(3L), statusQueries, "carol may ask for status");

        logon(10, IMAGE + 2, "aeron:udp?endpoint=localhost:40777", "dave", DAVE_SECRET);
        assertEquals(Action.CONTINUE, router.onStatusQuery(10, IMAGE + 2, 4));
        assertEquals(List.of(3L), statusQueries, "dave may not: not answered (FabricStatus has no refusal)");
        assertEquals(4, security.requestsUnauthorized().get());

        final FakeClientPublication alice = logon(7, IMAGE + 1, OTHER_CHANNEL, "alice", ALICE_SECRET);
        assertEquals(Action.CONTINUE, request(7, IMAGE + 1, 1));
        assertEquals(List.of(1L), requests);
        assertTrue(alice.answers.isEmpty());
    }

    // ---- helpers

    private FakeClientPublication logon(
        final long clientId, final int image, final String channel, final String principal, final String secret)
    {
        final FakeClientPublication client = challenged(clientId, image, channel, principal);
        answer(clientId, image, answers.answer(bytes(secret), client.challenges.get(0), clientId, GATEWAY_ID));
        poll(MS);
        return client;
    }

    private FakeClientPublication challenged(
        final long clientId, final int image, final String channel, final String principal)
    {
        connect(clientId, image, channel, principal);
        final FakeClientPublication.Pending pending = opener.last().add();
        poll(MS);
        assertEquals(1, pending.publication.challenges.size(), "challenged once");
        assertEquals(ChallengeAnswer.CHALLENGE_LENGTH, pending.publication.challenges.get(0).length);
        assertTrue(pending.publication.told.isEmpty(), "not established before the answer");
        return pending.publication;
    }

    private void connect(final long clientId, final int image, final String channel, final String principal)
    {
        final byte[] channelBytes = bytes(channel);
        final byte[] name = bytes(principal);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[channelBytes.length + name.length + 20]);
        buffer.putBytes(9, channelBytes);
        buffer.putBytes(15 + channelBytes.length, name);
        router.onConnect(clientId, image, buffer, 9, channelBytes.length, STREAM, 15 + channelBytes.length,
            name.length);
    }

    private void answer(final long clientId, final int image, final byte[] response)
    {
        router.onChallengeResponse(clientId, image, new UnsafeBuffer(response), 0, response.length);
    }

    private Action request(final long clientId, final int image, final long correlationId)
    {
        return router.onRequest(clientId, image, correlationId, new UnsafeBuffer(new byte[1]), 0, 1);
    }

    private void poll(final long ns)
    {
        nowNs += ns;
        router.poll(nowNs);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ConnectStatus> statuses(final FakeClientPublication publication)
    {
        return publication.told.stream().map(FakeClientPublication.Connected::status).toList();
    }

    private final List<Long> statusQueries = new ArrayList<>();

    /** A desk that serves: OK to each client, and records what it is given. */
    private final class ServingDesk implements ClientDesk
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
            requests.add(-correlationId);
        }

        @Override
        public void onStatusQuery(final ClientSession session, final long correlationId, final long nowNs)
        {
            statusQueries.add(correlationId);
        }

        @Override
        public void onQuery(final ClientSession session, final long clientId, final long queryId, final long minSeq,
            final DirectBuffer payload, final int offset, final int length, final long nowNs)
        {
            requests.add(queryId * 1000);
        }

        @Override
        public boolean onEstablished(final ClientSession session)
        {
            return egress.sendConnected(session.publication, session.clientId, 1, 0, GATEWAY_ID, 4096);
        }
    }
}
