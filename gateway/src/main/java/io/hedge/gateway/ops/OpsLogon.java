package io.hedge.gateway.ops;

import io.hedge.gateway.auth.LogonSession;
import io.hedge.gateway.auth.Principal;

/**
 * The authentication of one ops connect, as the {@link io.hedge.gateway.auth.Authenticator} sees it: the same
 * contract as a client's connect, so one authenticator configuration serves both.
 */
final class OpsLogon implements LogonSession
{
    enum Verdict
    {
        UNDECIDED, CHALLENGED, ACCEPTED, REJECTED
    }

    private final long opsClientId;
    private final int gatewayId;
    private Verdict verdict = Verdict.UNDECIDED;
    private byte[] challenge;
    private Object attachment;
    private Principal principal;

    OpsLogon(final long opsClientId, final int gatewayId)
    {
        this.opsClientId = opsClientId;
        this.gatewayId = gatewayId;
    }

    @Override
    public long clientId()
    {
        return opsClientId;
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
            verdict = Verdict.CHALLENGED;
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

    Verdict verdict()
    {
        return verdict;
    }

    byte[] challenge()
    {
        return challenge;
    }

    Principal principal()
    {
        return principal;
    }
}
