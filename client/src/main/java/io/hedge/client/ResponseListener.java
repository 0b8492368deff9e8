package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;

/**
 * Receives what a {@link HedgeSession} gets back, on the thread that calls {@link HedgeSession#poll()}.
 * Each request offered gets exactly one call: a response or a timeout, also when it was resent to another gateway
 * and answered twice.
 */
public interface ResponseListener
{
    /**
     * The answer to a request. The buffer is valid only during the call.
     *
     * @param correlationId the id {@link HedgeSession#offer} returned.
     * @param seq           the request's place in the total order, 0 if it was not sequenced.
     * @param status        {@link ResponseStatus#OK} when a replica applied it;
     *                      {@link ResponseStatus#DUPLICATE_NOT_CACHED} when a resent request had executed but its
     *                      response was gone; {@link ResponseStatus#REJECTED_BUSY} when the gateway was at a
     *                      capacity limit (too many clients known to its duplicate table, or its queues full): the
     *                      request was not sequenced and will not be, so offer it again (a new correlation id) after
     *                      a short back-off; {@link ResponseStatus#SUSPENDED} when an operator suspended the
     *                      fabric (hedge admin suspend): not sequenced and will not be, so offer it again once the
     *                      fabric is resumed; otherwise why not.
     * @param replicaId     the replica whose response this is, 0 if none.
     * @param buffer        holding the response payload.
     * @param offset        of the payload.
     * @param length        of the payload.
     */
    void onResponse(
        long correlationId, long seq, ResponseStatus status, int replicaId, DirectBuffer buffer, int offset, int length);

    /**
     * The request's deadline passed without an answer. Its outcome is unknown: it may have executed. The session
     * stops resending it; {@link HedgeSession#queryOutcome(long)} asks the gateway what became of it.
     *
     * @param correlationId of the request.
     */
    void onTimeout(long correlationId);

    /**
     * The answer to {@link HedgeSession#queryOutcome(long)}. The buffer is valid only during the call.
     *
     * @param correlationId the request asked about.
     * @param seq           its seq if it was sequenced, else 0.
     * @param status        {@link ResponseStatus#OK} (executed; the payload is its original response),
     *                      {@link ResponseStatus#DUPLICATE_NOT_CACHED} (executed; response no longer kept) or
     *                      {@link ResponseStatus#NOT_EXECUTED} (never sequenced, and the gateway now refuses it).
     * @param replicaId     the replica whose response the payload is, 0 if none.
     * @param buffer        holding the payload.
     * @param offset        of the payload.
     * @param length        of the payload.
     */
    default void onOutcome(
        final long correlationId,
        final long seq,
        final ResponseStatus status,
        final int replicaId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
    }

    /**
     * No answer to an outcome query within the context's request timeout; it may be asked again.
     *
     * @param correlationId the request asked about.
     */
    default void onOutcomeTimeout(final long correlationId)
    {
    }

    /**
     * The answer to a read-only query ({@link HedgeSession#query}). The buffer is valid only during the call.
     *
     * @param queryId    the id {@link HedgeSession#query} returned.
     * @param status     {@link QueryStatus#OK} when a replica answered from a state that includes the query's minimum
     *                   seq; otherwise why not ({@link QueryStatus#NOT_YET}: no replica had applied it in time).
     * @param replicaId  the replica that answered, 0 if none.
     * @param appliedSeq the answering replica's applied seq: the answer reflects every seq up to it.
     * @param buffer     holding the answer.
     * @param offset     of the answer.
     * @param length     of the answer.
     */
    default void onQueryAnswer(
        final long queryId,
        final QueryStatus status,
        final int replicaId,
        final long appliedSeq,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
    }

    /**
     * No answer to a read-only query within its timeout (the gateway it went to may have failed): it is not resent;
     * a query is safe to ask again.
     *
     * @param queryId the id {@link HedgeSession#query} returned.
     */
    default void onQueryTimeout(final long queryId)
    {
    }

    /**
     * A gateway refused the client's connect request (ConnectStatus REJECTED) after the session was established.
     * During {@link HedgeSession#connect} a refusal is thrown instead.
     *
     * @param gatewayId of the gateway.
     * @param detail    its reason.
     */
    default void onConnectRejected(final int gatewayId, final String detail)
    {
    }

    /**
     * Another session connected with this client id from another response channel, and a gateway told this one that
     * it replaced it (ConnectStatus SUPERSEDED). The session sends nothing more; right after this call every request
     * still waiting gets {@link #onTimeout} (its outcome is unknown: it may have executed) and every outcome query
     * {@link #onOutcomeTimeout}. During {@link HedgeSession#connect} it is thrown instead, as
     * {@link HedgeException.Reason#SUPERSEDED}.
     *
     * @param gatewayId of the gateway that said so.
     * @param detail    its words: the new session's response channel.
     */
    default void onSuperseded(final int gatewayId, final String detail)
    {
    }

    /**
     * A gateway refused this client after the session was established: its credentials
     * ({@link ConnectStatus#AUTHENTICATION_FAILED}) or its client id, which belongs to another principal
     * ({@link ConnectStatus#CLIENT_ID_TAKEN}). Final, like {@link #onSuperseded}: the session sends nothing more, and
     * right after this call every request still waiting gets {@link #onTimeout}. During {@link HedgeSession#connect}
     * it is thrown instead, as {@link HedgeException.Reason#AUTHENTICATION_FAILED} or
     * {@link HedgeException.Reason#CLIENT_ID_TAKEN}.
     */
    default void onRefused(final int gatewayId, final ConnectStatus status, final String detail)
    {
    }

    /**
     * The answer to {@link HedgeSession#queryStatus()}; the decoder is valid only during the call.
     *
     * @param status of the fabric as the gateway sees it.
     */
    default void onFabricStatus(final FabricStatusDecoder status)
    {
    }
}
