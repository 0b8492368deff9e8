package io.hedge.gateway;

import io.aeron.Publication;
import io.hedge.codecs.fabric.ClientConnectedEncoder;
import io.hedge.codecs.fabric.ClientResponseEncoder;
import io.hedge.codecs.fabric.ConnectChallengeEncoder;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.QueryAnswerEncoder;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Encodes the gateway's messages to clients. A client that does not keep up is not allowed to stall the
 * gateway: an offer is retried a bounded number of times, then counted as dropped. The client then times out
 * and retries with the same correlation id, and is answered from the response cache.
 */
final class EgressPublisher implements ResponseCollector.ResponseForwarder
{
    private long epoch;
    private static final int MAX_ATTEMPTS = 16;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ClientResponseEncoder responseEncoder = new ClientResponseEncoder();
    private final ClientConnectedEncoder connectedEncoder = new ClientConnectedEncoder();
    private final ConnectChallengeEncoder challengeEncoder = new ConnectChallengeEncoder();
    private final FabricStatusEncoder statusEncoder = new FabricStatusEncoder();
    private final QueryAnswerEncoder queryAnswerEncoder = new QueryAnswerEncoder();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
    private final ClientSessions sessions;
    private final SessionMessageSender sessionMessages;
    private long dropped;

    /**
     * @param sessions the clients, by id: an answer goes to the session of the client that asked.
     */
    EgressPublisher(final ClientSessions sessions)
    {
        this.sessions = sessions;
        this.sessionMessages = new SessionMessageSender(sessions);
    }

    /**
     * The session messages of an answered seq, each to the session it names and to the drop copy.
     */
    @Override
    public void sessionMessages(final long seq, final DirectBuffer buffer, final int messageOffset,
        final int messageLength)
    {
        sessionMessages.send(seq, buffer, messageOffset, messageLength);
    }

    /**
     * @param dropCopy the stream on which every session message is published too, or null for none.
     */
    void dropCopy(final StreamOffer dropCopy)
    {
        sessionMessages.dropCopy(dropCopy);
    }

    SessionMessageSender sessionMessageSender()
    {
        return sessionMessages;
    }

    /**
     * The answer the collector chose for a seq, to the client that asked (if it is still connected).
     */
    @Override
    public void forward(
        final long clientId,
        final long correlationId,
        final long seq,
        final int replicaId,
        final int outcome,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        final ClientSession session = sessions.established(clientId);
        if (null != session)
        {
            sendResponse(session.publication, correlationId, seq, statusOf(outcome), replicaId, payload, offset, length);
        }
    }

    /**
     * @return what the client is told of a seq whose replicas answered with this outcome: a request the state machine
     * threw on was sequenced and rejected alike by every replica (rule 9).
     */
    static ResponseStatus statusOf(final int outcome)
    {
        return outcome == ResponseCollector.REJECTED ? ResponseStatus.REJECTED_BY_STATE_MACHINE : ResponseStatus.OK;
    }

    boolean sendResponse(
        final ClientPublication publication,
        final long correlationId,
        final long seq,
        final ResponseStatus status,
        final int replicaId,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        responseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .seq(seq)
            .status(status)
            .replicaId(replicaId)
            .epoch(epoch)
            .putPayload(payload, offset, length);
        return offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + responseEncoder.encodedLength());
    }

    /**
     * The answer to a read-only query, to the client that asked if it is still connected.
     */
    void sendQueryAnswer(
        final long clientId,
        final long queryId,
        final int replicaId,
        final QueryStatus status,
        final long appliedSeq,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        final ClientSession session = sessions.established(clientId);
        if (null != session)
        {
            sendQueryAnswer(session.publication, queryId, replicaId, status, appliedSeq, payload, offset, length);
        }
    }

    boolean sendQueryAnswer(
        final ClientPublication publication,
        final long queryId,
        final int replicaId,
        final QueryStatus status,
        final long appliedSeq,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        queryAnswerEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .queryId(queryId)
            .replicaId(replicaId)
            .status(status)
            .appliedSeq(appliedSeq)
            .putPayload(payload, offset, length);
        return offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + queryAnswerEncoder.encodedLength());
    }

    boolean sendConnected(
        final ClientPublication publication,
        final long clientId,
        final long epoch,
        final long lastCorrelationId,
        final int gatewayId,
        final int maxPayloadLength)
    {
        connectedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(clientId)
            .epoch(epoch)
            .lastCorrelationId(lastCorrelationId)
            .gatewayId(gatewayId)
            .status(ConnectStatus.OK)
            .maxPayloadLength(maxPayloadLength)
            .activeGatewayId(gatewayId)
            .detail("");
        return offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + connectedEncoder.encodedLength());
    }

    /**
     * Tell a client that this gateway does not answer requests: it is a standby, or it has stepped down.
     */
    boolean sendNotActive(
        final ClientPublication publication,
        final long clientId,
        final long highestEpoch,
        final int gatewayId,
        final int activeGatewayId)
    {
        connectedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(clientId)
            .epoch(highestEpoch)
            .lastCorrelationId(0)
            .gatewayId(gatewayId)
            .status(ConnectStatus.NOT_ACTIVE)
            .maxPayloadLength(0)
            .activeGatewayId(activeGatewayId)
            .detail("");
        return offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + connectedEncoder.encodedLength());
    }

    /**
     * The challenge of a client's logon, which it answers with a ChallengeResponse.
     */
    boolean sendChallenge(
        final ClientPublication publication, final long clientId, final int gatewayId, final byte[] challenge)
    {
        challengeEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(clientId)
            .gatewayId(gatewayId)
            .putChallenge(challenge, 0, challenge.length);
        return offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + challengeEncoder.encodedLength());
    }

    /**
     * A last ClientConnected: the client is refused (REJECTED, AUTHENTICATION_FAILED, CLIENT_ID_TAKEN) or replaced
     * (SUPERSEDED), with the detail the SDK shows.
     */
    boolean sendEnd(
        final ClientPublication publication,
        final long clientId,
        final int gatewayId,
        final ConnectStatus status,
        final String detail)
    {
        connectedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(clientId)
            .epoch(epoch)
            .lastCorrelationId(0)
            .gatewayId(gatewayId)
            .status(status)
            .maxPayloadLength(0)
            .activeGatewayId(0)
            .detail(detail);
        return offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + connectedEncoder.encodedLength());
    }

    /**
     * @param epoch stamped on every response from here on; a client drops responses from below its session's epoch.
     */
    void epoch(final long epoch)
    {
        this.epoch = epoch;
        sessionMessages.epoch(epoch);
    }

    /**
     * @return an encoder wrapped at the start of the buffer, for the caller to fill; then {@link #sendStatus}.
     */
    FabricStatusEncoder statusEncoder()
    {
        return statusEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
    }

    boolean sendStatus(final ClientPublication publication)
    {
        return offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength());
    }

    private boolean offer(final ClientPublication publication, final int length)
    {
        for (int i = 0; i < MAX_ATTEMPTS; i++)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                break;
            }
            Thread.onSpinWait();
        }
        dropped++;
        return false;
    }

    long dropped()
    {
        return dropped;
    }
}
