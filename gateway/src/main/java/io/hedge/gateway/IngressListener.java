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

    void onConnect(long clientId, String responseChannel, int responseStreamId);

    void onOutcomeQuery(long clientId, long correlationId);

    void onStatusQuery(long clientId, long correlationId);

    void onUnreadableIngress();
}
