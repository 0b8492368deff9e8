package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * What clients send the gateway, decoded by the {@link IngressAdapter}.
 */
interface IngressListener
{
    /**
     * @return ABORT to have the request delivered again later (pushed back), else CONTINUE or BREAK.
     */
    Action onRequest(long clientId, long correlationId, DirectBuffer payload, int offset, int length);

    void onMalformedRequest(long clientId, long correlationId);

    /**
     * A ClientConnect; the response channel is given as the UTF-8 bytes the client sent, so that a repeated connect
     * (a keep-alive) is recognised without decoding it.
     */
    void onConnect(long clientId, DirectBuffer buffer, int channelOffset, int channelLength, int responseStreamId);

    /**
     * @return ABORT to have the query delivered again later (the client's session is not yet established).
     */
    Action onOutcomeQuery(long clientId, long correlationId);

    /**
     * @return ABORT to have the query delivered again later (the client's session is not yet established).
     */
    Action onStatusQuery(long clientId, long correlationId);

    /**
     * A read-only query (ClientQuery), never sequenced.
     *
     * @return ABORT to have the query delivered again later (the client's session is not yet established).
     */
    Action onQuery(long clientId, long queryId, long minSeq, DirectBuffer payload, int offset, int length);

    void onUnreadableIngress();
}
