package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;

/**
 * What the gateways send a client, decoded by the {@link EgressAdapter}. Buffers and decoders are valid only during
 * the call.
 */
interface EgressListener
{
    /**
     * A ClientResponse: the answer to a request or to an outcome query.
     *
     * @param epoch of the gateway that sent it, {@link EgressAdapter#NULL_EPOCH} from a gateway that does not say.
     */
    void onResponse(
        long epoch,
        long correlationId,
        long seq,
        ResponseStatus status,
        int replicaId,
        DirectBuffer payload,
        int offset,
        int length);

    /**
     * A ClientConnected addressed to this client, asked for or not.
     *
     * @param status          {@link ConnectStatus#NULL_VAL} for a status this client does not know.
     * @param activeGatewayId the active gateway a standby names, 0 if it names none.
     * @param detail          why the gateway refused (REJECTED) or superseded (SUPERSEDED) the client, otherwise
     *                        empty.
     */
    void onConnected(
        int gatewayId,
        ConnectStatus status,
        long epoch,
        int activeGatewayId,
        long lastCorrelationId,
        int maxPayloadLength,
        String detail);

    /**
     * A ConnectChallenge addressed to this client: the gateway wants proof of the principal before it establishes the
     * session. The buffer is valid only during the call.
     */
    default void onChallenge(int gatewayId, DirectBuffer challenge, int offset, int length)
    {
    }

    /**
     * The answer to a read-only query.
     *
     * @param queryId    the id the session gave the query.
     * @param status     {@link QueryStatus#NULL_VAL} for a status this client does not know.
     * @param replicaId  the replica that answered, 0 if none.
     * @param appliedSeq the seq the answering replica had applied.
     */
    void onQueryAnswer(
        long queryId, QueryStatus status, int replicaId, long appliedSeq, DirectBuffer payload, int offset, int length);

    /**
     * The answer to a status query.
     */
    void onFabricStatus(FabricStatusDecoder status);

    /**
     * A SessionMessage addressed to this client: a message a state machine sent its session.
     *
     * @param epoch of the gateway that sent it.
     * @param seq   of the request whose processing produced it.
     * @param index its position among the messages of that seq addressed to this client.
     */
    default void onSessionMessage(
        final long epoch, final long seq, final int index, final DirectBuffer payload, final int offset, final int length)
    {
    }
}
