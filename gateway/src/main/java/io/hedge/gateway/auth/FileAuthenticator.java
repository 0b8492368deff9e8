package io.hedge.gateway.auth;

import io.hedge.transport.ChallengeAnswer;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code gateway.authenticator=file}: the principals of a {@link PrincipalsFile}, read at start. A connect's
 * credentials are the principal's name (UTF-8); the gateway answers with a ConnectChallenge of
 * {@link ChallengeAnswer#CHALLENGE_LENGTH} fresh random bytes (one per connect attempt) and accepts the client only if
 * it answers with HMAC-SHA256(secret, challenge || client id || gateway id) ({@link ChallengeAnswer}), compared in
 * constant time. A name it does not know is challenged like any other and refused at the answer, so that the
 * exchange does not tell which names exist. The secret never crosses the wire.
 */
public final class FileAuthenticator implements Authenticator
{
    private final PrincipalsFile principals;
    private final Map<String, PrincipalsFile.Entry> byName = new HashMap<>();
    private final SecureRandom random;
    private final ChallengeAnswer answers = new ChallengeAnswer();
    private final byte[] nameBytes = new byte[256];

    public FileAuthenticator(final PrincipalsFile principals)
    {
        this.principals = principals;
        for (final PrincipalsFile.Entry entry : principals.entries())
        {
            byName.put(entry.principal().name(), entry);
        }
        SecureRandom strong;
        try
        {
            // seeded once here; drawing from it later reads no device file on the duty cycle
            strong = SecureRandom.getInstance("DRBG");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            strong = new SecureRandom();
        }
        random = strong;
        random.nextBytes(new byte[ChallengeAnswer.CHALLENGE_LENGTH]);
    }

    @Override
    public void onConnect(final LogonSession session, final DirectBuffer credentials, final int offset, final int length)
    {
        if (length <= 0 || length > nameBytes.length)
        {
            session.reject(); // no name (an SDK without client.principal), or none a principals file allows
            return;
        }
        credentials.getBytes(offset, nameBytes, 0, length);
        session.attach(byName.get(new String(nameBytes, 0, length, StandardCharsets.UTF_8)));
        final byte[] challenge = new byte[ChallengeAnswer.CHALLENGE_LENGTH];
        random.nextBytes(challenge);
        session.challenge(challenge);
    }

    @Override
    public void onChallengeResponse(
        final LogonSession session, final DirectBuffer response, final int offset, final int length)
    {
        final PrincipalsFile.Entry entry = (PrincipalsFile.Entry)session.attachment();
        final byte[] challenge = session.challengeSent();
        if (null == entry || null == challenge || length != ChallengeAnswer.LENGTH)
        {
            session.reject();
            return;
        }
        final byte[] given = new byte[length];
        response.getBytes(offset, given);
        if (answers.check(entry.secret(), challenge, session.clientId(), session.gatewayId(), given))
        {
            session.accept(entry.principal());
        }
        else
        {
            session.reject();
        }
    }

    @Override
    public String describe()
    {
        return "authenticator 'file': " + principals.entries().size() + " principal(s) from " + principals.file() +
            "; a client must answer a challenge with its principal's secret";
    }
}
