package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * What clients send the gateway, decoded by the {@link IngressAdapter}. Each message comes with the Aeron session id
 * of the ingress publication (image) it arrived on: a client id speaks only over the connection it logged on with.
 */
interface IngressListener
{
    /**
     * @return ABORT to have the request delivered again later (pushed back), else CONTINUE or BREAK.
     */
    Action onRequest(long clientId, int imageSessionId, long correlationId, DirectBuffer payload, int offset,
        int length);

    void onMalformedRequest(long clientId, int imageSessionId, long correlationId);

    /**
     * A ClientConnect; the response channel is given as the UTF-8 bytes the client sent, so that a repeated connect
     * (a keep-alive) is recognised without decoding it, and the credentials as they came (length 0 for none).
     */
    void onConnect(long clientId, int imageSessionId, DirectBuffer buffer, int channelOffset, int channelLength,
        int responseStreamId, int credentialsOffset, int credentialsLength);

    /**
     * A ChallengeResponse: the client's answer to the ConnectChallenge of its logon.
     */
    void onChallengeResponse(long clientId, int imageSessionId, DirectBuffer buffer, int offset, int length);

    /**
     * @return ABORT to have the query delivered again later (the client's session is not yet established).
     */
    Action onOutcomeQuery(long clientId, int imageSessionId, long correlationId);

    /**
     * @return ABORT to have the query delivered again later (the client's session is not yet established).
     */
    Action onStatusQuery(long clientId, int imageSessionId, long correlationId);

    /**
     * A read-only query (ClientQuery), never sequenced.
     *
     * @return ABORT to have the query delivered again later (the client's session is not yet established).
     */
    Action onQuery(long clientId, int imageSessionId, long queryId, long minSeq, DirectBuffer payload, int offset,
        int length);

    void onUnreadableIngress();
}
