package io.hedge.client;

import io.hedge.codecs.fabric.ResponseStatus;

/**
 * The answer to one request submitted through {@link HedgeClient}, or to an outcome query
 * ({@link HedgeClient#queryOutcome(long)}).
 *
 * @param correlationId the id the client gave the request.
 * @param seq           its place in the total order; 0 if it was not sequenced.
 * @param status        {@link ResponseStatus#OK} when a replica applied it, otherwise why it was not; an outcome
 *                      query also gets {@link ResponseStatus#DUPLICATE_NOT_CACHED} (executed, response no longer
 *                      kept) or {@link ResponseStatus#NOT_EXECUTED} (never sequenced, and now never will be).
 * @param replicaId     the replica whose response this is; 0 if none.
 * @param payload       the response bytes.
 */
public record Response(long correlationId, long seq, ResponseStatus status, int replicaId, byte[] payload)
{
    /**
     * @return true if a replica applied the request and the payload is its response.
     */
    public boolean ok()
    {
        return status == ResponseStatus.OK;
    }

    /**
     * @return true if the gateway refused the request for now because it was at a capacity limit
     * ({@link ResponseStatus#REJECTED_BUSY}): it was not sequenced and never will be under this correlation id, so
     * submit it again after a short back-off.
     */
    public boolean retryable()
    {
        return status == ResponseStatus.REJECTED_BUSY;
    }

    /**
     * @return true if the fabric was suspended by an operator (hedge admin suspend) when the request arrived
     * ({@link ResponseStatus#SUSPENDED}): a final answer, it was not sequenced and never will be under this
     * correlation id. Submit it again once the fabric is resumed (hedge admin resume); until then every new request
     * gets the same answer, so back off (say, a second) rather than retrying at once.
     */
    public boolean suspended()
    {
        return status == ResponseStatus.SUSPENDED;
    }

    /**
     * @return true if the request was sequenced and executed: {@link ResponseStatus#OK}, or
     * {@link ResponseStatus#DUPLICATE_NOT_CACHED} (executed, but its response is gone).
     */
    public boolean executed()
    {
        return status == ResponseStatus.OK || status == ResponseStatus.DUPLICATE_NOT_CACHED;
    }
}
