package io.hedge.fix;

import quickfix.Message;
import quickfix.SessionID;

/**
 * Sends a FIX message to a session: QuickFIX/J's {@code Session.sendToTarget} in the front door, a list in tests.
 * QuickFIX/J stores what it sends with its sequence number, also while the counterparty is logged out, and resends it
 * when asked, so a report is not lost to a disconnect.
 */
@FunctionalInterface
interface FixSender
{
    void send(SessionID session, Message message);

    /**
     * @return the sender of the running QuickFIX/J engine.
     */
    static FixSender quickFix()
    {
        return (session, message) ->
        {
            try
            {
                quickfix.Session.sendToTarget(message, session);
            }
            catch (final quickfix.SessionNotFound ex)
            {
                throw new IllegalStateException("no FIX session " + session, ex);
            }
        };
    }
}
