package io.hedge.client;

import org.agrona.DirectBuffer;

/**
 * Receives the messages a state machine addressed to this client's session (not the response to one of its own
 * requests), each once, in seq order, on the client's polling thread.
 */
@FunctionalInterface
public interface SessionMessageListener
{
    /**
     * @param seq    of the request whose processing produced the message.
     * @param index  its position among the messages of that seq addressed to this session, from 0.
     * @param buffer holding the message bytes; valid only during the call.
     * @param offset where they start.
     * @param length how many.
     */
    void onSessionMessage(long seq, int index, DirectBuffer buffer, int offset, int length);
}
