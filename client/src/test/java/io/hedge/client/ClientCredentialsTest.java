package io.hedge.client;

import io.hedge.codecs.fabric.ChallengeResponseDecoder;
import io.hedge.codecs.fabric.ClientConnectDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.transport.ChallengeAnswer;
import io.hedge.transport.ClientCredentials;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's credentials: read from client.principal and client.secret.file at conclude (a secret file others may
 * read is refused, and no error shows the secret), sent as the principal's name in every ClientConnect, and the answer
 * to a challenge keyed with the secret.
 */
class ClientCredentialsTest
{
    private static final String SECRET = "alice-secret-0123456789";

    @TempDir
    Path dir;

    private HedgeClientContext context()
    {
        return new HedgeClientContext().aeronDirectoryName("unused").clientId(7);
    }

    private Path secretFile(final String permissions) throws IOException
    {
        final Path file = dir.resolve("alice.secret");
        Files.writeString(file, SECRET + "\nnot read\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void aPrincipalWithAPrivateSecretFileAnswersChallengesWithItsSecret() throws IOException
    {
        final HedgeClientContext ctx = context().principal("alice").secretFile(secretFile("rw-------")).conclude();
        assertEquals("alice", ctx.credentials().toString());
        final byte[] challenge = new byte[32];
        challenge[3] = 9;
        assertArrayEquals(new ChallengeAnswer().answer(SECRET.getBytes(StandardCharsets.UTF_8), challenge, 7, 2),
            ctx.credentials().answer(challenge, 7, 2));
    }

    @Test
    void aSecretFileOthersMayReadIsRefusedAndNoErrorShowsTheSecret() throws IOException
    {
        final Path file = secretFile("rw-r--r--");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> context().principal("alice").secretFile(file).conclude());
        assertTrue(ex.getMessage().startsWith("client.secret.file: " + file), ex.getMessage());
        assertFalse(ex.getMessage().contains(SECRET));
    }

    @Test
    void aPrincipalNeedsASecretAndASecretNeedsAPrincipal() throws IOException
    {
        final IllegalArgumentException noSecret = assertThrows(IllegalArgumentException.class,
            () -> context().principal("alice").conclude());
        assertTrue(noSecret.getMessage().startsWith("client.secret.file is required"), noSecret.getMessage());
        final Path file = secretFile("rw-------");
        final IllegalArgumentException noPrincipal = assertThrows(IllegalArgumentException.class,
            () -> context().secretFile(file).conclude());
        assertTrue(noPrincipal.getMessage().startsWith("client.principal is required"), noPrincipal.getMessage());
        assertThrows(IllegalArgumentException.class, () -> context().principal("al ice").secretFile(file).conclude());
        assertEquals(0, context().conclude().credentials().name().length, "no principal: empty credentials");
        assertEquals(0, ClientCredentials.NONE.answer(new byte[32], 7, 1).length, "nothing to answer with");
    }

    @Test
    void everyConnectCarriesThePrincipalsNameAndTheAnswerGoesOverTheIngress() throws IOException
    {
        final HedgeClientContext ctx = context().principal("alice").secretFile(secretFile("rw-------")).conclude();
        final Recorder ingress = new Recorder();
        final IngressPublisher publisher = new IngressPublisher(ingress, 7, ctx.credentials());
        publisher.encodeConnect(11, "aeron:udp?endpoint=localhost:40123");
        publisher.sendConnect();
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(ingress.last, 0);
        final ClientConnectDecoder connect = new ClientConnectDecoder()
            .wrap(ingress.last, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals("aeron:udp?endpoint=localhost:40123", connect.responseChannel());
        final byte[] name = new byte[connect.credentialsLength()];
        connect.getCredentials(name, 0, name.length);
        assertEquals("alice", new String(name, StandardCharsets.UTF_8));

        final byte[] answer = ctx.credentials().answer(new byte[32], 7, 1);
        publisher.sendChallengeResponse(answer);
        header.wrap(ingress.last, 0);
        assertEquals(ChallengeResponseDecoder.TEMPLATE_ID, header.templateId());
        final ChallengeResponseDecoder response = new ChallengeResponseDecoder()
            .wrap(ingress.last, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(7, response.clientId());
        final byte[] sent = new byte[response.responseLength()];
        response.getResponse(sent, 0, sent.length);
        assertArrayEquals(answer, sent);
    }

    /** Keeps a copy of the last message offered. */
    private static final class Recorder implements IngressPublication
    {
        UnsafeBuffer last;

        @Override
        public boolean isConnected()
        {
            return true;
        }

        @Override
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            last = new UnsafeBuffer(copy);
            return length;
        }

        @Override
        public long offer(final DirectBuffer one, final int offsetOne, final int lengthOne, final DirectBuffer two,
            final int offsetTwo, final int lengthTwo)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close()
        {
        }
    }
}
