package io.hedge.client;

import io.hedge.transport.ChallengeAnswer;

import java.nio.charset.StandardCharsets;

/**
 * Who a client says it is (client.principal) and how it proves it (the secret of client.secret.file): the name goes
 * in every ClientConnect; the secret only keys the answer to a gateway's ConnectChallenge ({@link ChallengeAnswer})
 * and never leaves the process.
 */
final class ClientCredentials
{
    /** No principal: connects carry empty credentials, which only a gateway with the {@code none} authenticator takes. */
    static final ClientCredentials NONE = new ClientCredentials(new byte[0], null);

    private final byte[] name;
    private final byte[] secret;
    private ChallengeAnswer answers;

    private ClientCredentials(final byte[] name, final byte[] secret)
    {
        this.name = name;
        this.secret = secret;
    }

    static ClientCredentials of(final String principal, final byte[] secret)
    {
        return new ClientCredentials(principal.getBytes(StandardCharsets.UTF_8), secret.clone());
    }

    /**
     * @return what a ClientConnect carries: the principal's name (UTF-8), empty for none.
     */
    byte[] name()
    {
        return name;
    }

    /**
     * @return the answer to a challenge of this gateway for this client id; empty without a secret, which the gateway
     * refuses (AUTHENTICATION_FAILED) at once rather than at its connect timeout.
     */
    byte[] answer(final byte[] challenge, final long clientId, final int gatewayId)
    {
        if (null == secret)
        {
            return new byte[0];
        }
        if (null == answers)
        {
            answers = new ChallengeAnswer();
        }
        return answers.answer(secret, challenge, clientId, gatewayId);
    }

    @Override
    public String toString()
    {
        return 0 == name.length ? "(no principal)" : new String(name, StandardCharsets.UTF_8); // never the secret
    }
}
