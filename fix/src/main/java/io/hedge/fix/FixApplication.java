package io.hedge.fix;

import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.UnsupportedMessageType;

/**
 * QuickFIX/J's callbacks: application messages go to {@link InboundOrders} on QuickFIX/J's thread, which returns only
 * once what must be durable is, so that QuickFIX/J counts a message received only then. Message types the front door
 * does not take are refused with QuickFIX/J's BusinessMessageReject.
 */
final class FixApplication implements quickfix.Application
{
    private final InboundOrders inbound;

    FixApplication(final InboundOrders inbound)
    {
        this.inbound = inbound;
    }

    @Override
    public void onCreate(final SessionID sessionId)
    {
    }

    @Override
    public void onLogon(final SessionID sessionId)
    {
    }

    @Override
    public void onLogout(final SessionID sessionId)
    {
    }

    @Override
    public void toAdmin(final Message message, final SessionID sessionId)
    {
    }

    @Override
    public void fromAdmin(final Message message, final SessionID sessionId)
    {
    }

    @Override
    public void toApp(final Message message, final SessionID sessionId)
    {
    }

    @Override
    public void fromApp(final Message message, final SessionID sessionId) throws FieldNotFound, UnsupportedMessageType
    {
        if (!inbound.onMessage(sessionId, message))
        {
            throw new UnsupportedMessageType();
        }
    }
}
