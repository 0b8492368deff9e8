package io.hedge.gateway.auth;

import org.agrona.DirectBuffer;

/**
 * {@code gateway.authenticator=none}: every connect is accepted as {@link Principal#ANONYMOUS} (id 0, every
 * permission). For local development and the demo: any process that reaches the ingress port may submit.
 */
public final class NoneAuthenticator implements Authenticator
{
    @Override
    public void onConnect(final LogonSession session, final DirectBuffer credentials, final int offset, final int length)
    {
        session.accept(Principal.ANONYMOUS);
    }

    @Override
    public void onChallengeResponse(
        final LogonSession session, final DirectBuffer response, final int offset, final int length)
    {
        session.reject(); // it never challenges
    }

    @Override
    public String describe()
    {
        return "authenticator 'none': any process that reaches the ingress port may submit, as principal 0 with " +
            "every permission (set gateway.authenticator=file and gateway.principals.file to require credentials)";
    }
}
