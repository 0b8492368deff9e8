package io.hedge.client;

import io.hedge.codecs.fabric.ResponseStatus;

/**
 * The answer to one request submitted through {@link HedgeClient}.
 *
 * @param correlationId the id the client gave the request.
 * @param seq           its place in the total order; 0 if it was not sequenced.
 * @param status        {@link ResponseStatus#OK} when a replica applied it, otherwise why it was not.
 * @param replicaId     the replica whose response this is; 0 if none.
 * @param payload       the response bytes.
 */
public record Response(long correlationId, long seq, ResponseStatus status, int replicaId, byte[] payload)
{
    /**
     * @return true if a replica applied the request.
     */
    public boolean ok()
    {
        return status == ResponseStatus.OK;
    }
}
