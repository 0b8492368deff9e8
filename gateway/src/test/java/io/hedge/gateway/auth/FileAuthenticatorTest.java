package io.hedge.gateway.auth;

import io.hedge.transport.ChallengeAnswer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file authenticator's challenge and answer, without a gateway: a {@link Session} records what it decides.
 */
class FileAuthenticatorTest
{
    private static final String SECRET = "alice-secret-0123456789";
    private static final long CLIENT_ID = 0x0102030405060708L;
    private static final int GATEWAY_ID = 2;

    private final FileAuthenticator authenticator = new FileAuthenticator(PrincipalsFile.parse(Path.of("p"), List.of(
        "alice id=1 secret=" + SECRET + " permissions=submit,query",
        "bob id=2 secret=bob-secret-0123456789 permissions=status")));
    private final ChallengeAnswer answers = new ChallengeAnswer();

    @Test
    void theRightAnswerIsAcceptedAsThePrincipal()
    {
        final Session session = connect("alice");
        assertNotNull(session.challenge, "challenged, not accepted on the name alone");
        assertEquals(ChallengeAnswer.CHALLENGE_LENGTH, session.challenge.length);
        assertNull(session.principal);
        answer(session, answers.answer(bytes(SECRET), session.challenge, CLIENT_ID, GATEWAY_ID));
        assertEquals("alice", session.principal.name());
        assertEquals(1, session.principal.id());
        assertTrue(session.principal.may(Permission.SUBMIT) && !session.principal.may(Permission.STATUS));
        assertFalse(session.rejected);
    }

    @Test
    void aWrongSecretIsRejected()
    {
        final Session session = connect("alice");
        answer(session, answers.answer(bytes("bob-secret-0123456789"), session.challenge, CLIENT_ID, GATEWAY_ID));
        assertTrue(session.rejected);
        assertNull(session.principal);
    }

    @Test
    void anAnswerToAnotherChallengeOrForAnotherClientIdOrGatewayIsRejected()
    {
        final Session first = connect("alice");
        final Session second = connect("alice");
        assertFalse(java.util.Arrays.equals(first.challenge, second.challenge), "each attempt has a fresh challenge");
        answer(second, answers.answer(bytes(SECRET), first.challenge, CLIENT_ID, GATEWAY_ID));
        assertTrue(second.rejected, "a replayed answer to an earlier challenge");

        final Session third = connect("alice");
        answer(third, answers.answer(bytes(SECRET), third.challenge, CLIENT_ID + 1, GATEWAY_ID));
        assertTrue(third.rejected, "an answer for another client id");

        final Session fourth = connect("alice");
        answer(fourth, answers.answer(bytes(SECRET), fourth.challenge, CLIENT_ID, GATEWAY_ID + 1));
        assertTrue(fourth.rejected, "an answer meant for another gateway");
    }

    @Test
    void anUnknownPrincipalIsChallengedLikeAnyOtherAndRejectedAtItsAnswer()
    {
        final Session session = connect("mallory");
        assertNotNull(session.challenge, "the exchange does not tell which names exist");
        answer(session, answers.answer(bytes(SECRET), session.challenge, CLIENT_ID, GATEWAY_ID));
        assertTrue(session.rejected);
    }

    @Test
    void noCredentialsAreRejectedAtOnceAndAnAnswerOfTheWrongLengthToo()
    {
        final Session none = new Session();
        authenticator.onConnect(none, new UnsafeBuffer(new byte[0]), 0, 0);
        assertTrue(none.rejected);
        assertNull(none.challenge);

        final Session shortAnswer = connect("alice");
        answer(shortAnswer, new byte[5]);
        assertTrue(shortAnswer.rejected);
    }

    @Test
    void theAnswerIsComparedInConstantTime() throws IOException
    {
        final byte[] challenge = new byte[32];
        final byte[] right = answers.answer(bytes(SECRET), challenge, CLIENT_ID, GATEWAY_ID);
        assertTrue(answers.check(bytes(SECRET), challenge, CLIENT_ID, GATEWAY_ID, right.clone()));
        final byte[] lastWrong = right.clone();
        lastWrong[31] ^= 1;
        assertFalse(answers.check(bytes(SECRET), challenge, CLIENT_ID, GATEWAY_ID, lastWrong));
        // the check must stay MessageDigest.isEqual (constant time), never Arrays.equals, which returns at the first
        // differing byte and so tells an attacker how much of a guess was right
        final String source = Files.readString(Path.of("..", "transport", "src", "main", "java", "io", "hedge",
            "transport", "ChallengeAnswer.java"));
        assertTrue(source.contains("MessageDigest.isEqual(answer(secret, challenge, clientId, gatewayId), given)"));
        assertFalse(source.contains("Arrays.equals"));
    }

    @Test
    void theAnswerIsHmacSha256OverChallengeClientIdAndGatewayIdLittleEndian() throws Exception
    {
        final byte[] challenge = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(bytes(SECRET), "HmacSHA256"));
        mac.update(challenge);
        mac.update(new byte[]{8, 7, 6, 5, 4, 3, 2, 1, 2, 0, 0, 0});
        assertArrayEquals(mac.doFinal(), answers.answer(bytes(SECRET), challenge, CLIENT_ID, GATEWAY_ID));
    }

    private Session connect(final String name)
    {
        final Session session = new Session();
        final byte[] credentials = bytes(name);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[credentials.length + 3]);
        buffer.putBytes(3, credentials);
        authenticator.onConnect(session, buffer, 3, credentials.length);
        assertFalse(session.rejected);
        return session;
    }

    private void answer(final Session session, final byte[] response)
    {
        session.sent = true;
        authenticator.onChallengeResponse(session, new UnsafeBuffer(response), 0, response.length);
        assertTrue(session.rejected || null != session.principal, "an answer is decided on");
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Session implements LogonSession
    {
        byte[] challenge;
        boolean sent;
        Principal principal;
        boolean rejected;
        Object attachment;

        @Override
        public long clientId()
        {
            return CLIENT_ID;
        }

        @Override
        public int gatewayId()
        {
            return GATEWAY_ID;
        }

        @Override
        public void challenge(final byte[] challenge)
        {
            this.challenge = challenge.clone();
        }

        @Override
        public byte[] challengeSent()
        {
            return sent ? challenge : null;
        }

        @Override
        public void accept(final Principal principal)
        {
            this.principal = principal;
        }

        @Override
        public void reject()
        {
            rejected = true;
        }

        @Override
        public void attach(final Object attachment)
        {
            this.attachment = attachment;
        }

        @Override
        public Object attachment()
        {
            return attachment;
        }
    }
}
