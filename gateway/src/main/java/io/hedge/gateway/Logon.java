package io.hedge.gateway;

import io.hedge.gateway.auth.LogonSession;
import io.hedge.gateway.auth.Principal;

/**
 * The authentication of one connect attempt, as the {@link io.hedge.gateway.auth.Authenticator} sees it: what it
 * decided, and what it keeps until the client answers. Lives from the connect until the session is established or
 * refused; a keep-alive of an established session never makes a new one. Client connects and ops connects (the
 * gateway's ops agent) both use it, so one authenticator configuration serves both.
 */
public final class Logon implements LogonSession
{
    public enum Verdict
    {
        /** The authenticator has not decided (yet). */
        UNDECIDED,
        /** A challenge is to be sent once the client's publication is connected. */
        CHALLENGE_DUE,
        /** The challenge is sent; the answer is awaited until the connect deadline. */
        CHALLENGED,
        ACCEPTED,
        REJECTED
    }

    private final long clientId;
    private final int gatewayId;
    private Verdict verdict = Verdict.UNDECIDED;
    private byte[] challenge;
    private Object attachment;
    private Principal principal;

    public Logon(final long clientId, final int gatewayId)
    {
        this.clientId = clientId;
        this.gatewayId = gatewayId;
    }

    @Override
    public long clientId()
    {
        return clientId;
    }

    @Override
    public int gatewayId()
    {
        return gatewayId;
    }

    @Override
    public void challenge(final byte[] challenge)
    {
        if (verdict == Verdict.UNDECIDED)
        {
            this.challenge = challenge.clone();
            verdict = Verdict.CHALLENGE_DUE;
        }
    }

    @Override
    public byte[] challengeSent()
    {
        return verdict == Verdict.CHALLENGED ? challenge : null;
    }

    @Override
    public void accept(final Principal principal)
    {
        if (verdict != Verdict.REJECTED && null != principal)
        {
            this.principal = principal;
            verdict = Verdict.ACCEPTED;
        }
    }

    @Override
    public void reject()
    {
        principal = null;
        verdict = Verdict.REJECTED;
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

    public Verdict verdict()
    {
        return verdict;
    }

    public byte[] challenge()
    {
        return challenge;
    }

    public void challengeSent(final boolean sent)
    {
        if (sent && verdict == Verdict.CHALLENGE_DUE)
        {
            verdict = Verdict.CHALLENGED;
        }
    }

    public Principal principal()
    {
        return principal;
    }
}
