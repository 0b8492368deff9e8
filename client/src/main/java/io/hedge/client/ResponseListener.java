package io.hedge.client;

import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;

/**
 * Receives what a {@link HedgeSession} gets back, on the thread that calls {@link HedgeSession#poll()}.
 * Each request offered gets exactly one call: a response or a timeout.
 */
public interface ResponseListener
{
    /**
     * The answer to a request. The buffer is valid only during the call.
     *
     * @param correlationId the id {@link HedgeSession#offer} returned.
     * @param seq           the request's place in the total order, 0 if it was not sequenced.
     * @param status        {@link ResponseStatus#OK} when a replica applied it; otherwise why not.
     * @param replicaId     the replica whose response this is, 0 if none.
     * @param buffer        holding the response payload.
     * @param offset        of the payload.
     * @param length        of the payload.
     */
    void onResponse(
        long correlationId, long seq, ResponseStatus status, int replicaId, DirectBuffer buffer, int offset, int length);

    /**
     * No answer came within the request's timeout. The request may still have executed; offering the same
     * correlation id again is not possible through this API, so treat its outcome as unknown.
     *
     * @param correlationId of the request.
     */
    void onTimeout(long correlationId);

    /**
     * The answer to {@link HedgeSession#queryStatus()}; the decoder is valid only during the call.
     *
     * @param status of the fabric as the gateway sees it.
     */
    default void onFabricStatus(final FabricStatusDecoder status)
    {
    }
}
