package io.hedge.client;

import org.agrona.DirectBuffer;

/**
 * Delivers the session messages the gateways send this client to its {@link SessionMessageListener}, each once: a
 * gateway that takes over may send again what its predecessor already sent, so a message at or below the last one
 * delivered, by {@code (seq, index)}, is dropped. Within a seq the gateway sends a session's messages in index order,
 * and seqs in the order they are released, so the listener sees them in seq order.
 */
final class SessionMessages
{
    private final SessionMessageListener listener;
    private long lastSeq;
    private int lastIndex = -1;
    private long delivered;
    private long duplicates;

    /**
     * @param listener gets each message once; null to take none (they are counted as delivered all the same).
     */
    SessionMessages(final SessionMessageListener listener)
    {
        this.listener = listener;
    }

    /**
     * A SessionMessage addressed to this client, already checked against the session's epoch.
     */
    void onMessage(final long seq, final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (seq < lastSeq || (seq == lastSeq && index <= lastIndex))
        {
            duplicates++;
            return;
        }
        lastSeq = seq;
        lastIndex = index;
        delivered++;
        if (null != listener)
        {
            listener.onSessionMessage(seq, index, buffer, offset, length);
        }
    }

    /** @return messages passed to the listener. */
    long delivered()
    {
        return delivered;
    }

    /** @return messages dropped as at or below the last one delivered (sent again after a gateway takeover). */
    long duplicates()
    {
        return duplicates;
    }
}
