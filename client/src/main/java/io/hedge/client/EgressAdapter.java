package io.hedge.client;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.ClientConnectedDecoder;
import io.hedge.codecs.fabric.ClientResponseDecoder;
import io.hedge.codecs.fabric.ConnectChallengeDecoder;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.QueryAnswerDecoder;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.fabric.SessionMessageDecoder;
import io.hedge.transport.InboundCheck;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes what the gateways send a client on its one response subscription (responses, ClientConnected, fabric
 * status, session messages) and hands it to an {@link EgressListener}. The client's half of the gateway's EgressPublisher.
 */
final class EgressAdapter implements FragmentHandler, AutoCloseable
{
    /** The epoch of a response from a gateway whose schema version has no epoch: it is not fenced. */
    static final long NULL_EPOCH = ClientResponseDecoder.epochNullValue();

    private static final ResponseStatus[] RESPONSE_STATUSES = ResponseStatus.values();
    private static final ConnectStatus[] CONNECT_STATUSES = ConnectStatus.values();
    private static final QueryStatus[] QUERY_STATUSES = QueryStatus.values();

    private final Subscription subscription;
    private final long clientId;
    private final EgressListener listener;
    private final InboundCheck inbound;
    private final int fragmentLimit;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();
    private final ClientConnectedDecoder connectedDecoder = new ClientConnectedDecoder();
    private final FabricStatusDecoder statusDecoder = new FabricStatusDecoder();
    private final QueryAnswerDecoder queryAnswerDecoder = new QueryAnswerDecoder();
    private final SessionMessageDecoder sessionMessageDecoder = new SessionMessageDecoder();
    private final ConnectChallengeDecoder challengeDecoder = new ConnectChallengeDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);

    /**
     * @param subscription  the client's response subscription; closed with this adapter.
     * @param clientId      ClientConnected messages for other clients (on a shared channel) are skipped.
     * @param listener      gets what is decoded.
     * @param fragmentLimit fragments read per poll.
     */
    EgressAdapter(
        final Subscription subscription, final long clientId, final EgressListener listener, final int fragmentLimit)
    {
        this(subscription, clientId, listener, fragmentLimit, new InboundCheck("client " + clientId + " egress", null));
    }

    /**
     * @param inbound refuses (and counts) a message whose lengths do not fit what arrived, before it is decoded.
     */
    EgressAdapter(
        final Subscription subscription,
        final long clientId,
        final EgressListener listener,
        final int fragmentLimit,
        final InboundCheck inbound)
    {
        this.inbound = inbound;
        this.subscription = subscription;
        this.clientId = clientId;
        this.listener = listener;
        this.fragmentLimit = fragmentLimit;
    }

    int poll()
    {
        return subscription.poll(assembler, fragmentLimit);
    }

    /**
     * @return the response channel with the port the media driver picked, once it has; null until then.
     */
    String tryResolveResponseChannel()
    {
        return subscription.tryResolveChannelEndpointPort();
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!inbound.accept(buffer, offset, length, headerDecoder))
        {
            return;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (headerDecoder.templateId())
        {
            case ClientResponseDecoder.TEMPLATE_ID:
                responseDecoder.wrap(buffer, bodyOffset, blockLength, version);
                onResponse(buffer, bodyOffset + blockLength, offset + length);
                break;

            case ClientConnectedDecoder.TEMPLATE_ID:
                connectedDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (connectedDecoder.clientId() == clientId)
                {
                    onConnected(FabricMessages.varFieldLength(buffer, bodyOffset + blockLength, offset + length) >= 0);
                }
                break;

            case FabricStatusDecoder.TEMPLATE_ID:
                statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                listener.onFabricStatus(statusDecoder);
                break;

            case QueryAnswerDecoder.TEMPLATE_ID:
            {
                queryAnswerDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int payloadField = bodyOffset + blockLength;
                final int payloadLength = FabricMessages.varFieldLength(buffer, payloadField, offset + length);
                if (payloadLength >= 0)
                {
                    payload.wrap(buffer, payloadField + Integer.BYTES, payloadLength);
                    listener.onQueryAnswer(queryAnswerDecoder.queryId(), queryStatus(queryAnswerDecoder.statusRaw()),
                        queryAnswerDecoder.replicaId(), queryAnswerDecoder.appliedSeq(), payload, 0, payloadLength);
                }
                break;
            }
            case SessionMessageDecoder.TEMPLATE_ID:
                sessionMessageDecoder.wrap(buffer, bodyOffset, blockLength, version);
                // on a shared response channel, other clients' messages pass by too
                if (sessionMessageDecoder.clientId() == clientId)
                {
                    onSessionMessage(buffer, bodyOffset + blockLength, offset + length);
                }
                break;

            case ConnectChallengeDecoder.TEMPLATE_ID:
            {
                challengeDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int challengeField = bodyOffset + blockLength;
                final int challengeLength = FabricMessages.varFieldLength(buffer, challengeField, offset + length);
                if (challengeDecoder.clientId() == clientId && challengeLength >= 0)
                {
                    listener.onChallenge(challengeDecoder.gatewayId(), buffer, challengeField + Integer.BYTES,
                        challengeLength);
                }
                break;
            }
            default:
                break;
        }
    }

    /**
     * Unlike {@link QueryStatus#get}, a value of a newer schema does not throw: it is {@link QueryStatus#NULL_VAL}.
     */
    private static QueryStatus queryStatus(final short raw)
    {
        for (final QueryStatus status : QUERY_STATUSES)
        {
            if (status.value() == raw)
            {
                return status;
            }
        }
        return QueryStatus.NULL_VAL;
    }

    private void onSessionMessage(final DirectBuffer buffer, final int payloadFieldOffset, final int messageEnd)
    {
        final int payloadLength = FabricMessages.varFieldLength(buffer, payloadFieldOffset, messageEnd);
        if (payloadLength < 0)
        {
            return;
        }
        payload.wrap(buffer, payloadFieldOffset + Integer.BYTES, payloadLength);
        listener.onSessionMessage(sessionMessageDecoder.epoch(), sessionMessageDecoder.seq(),
            sessionMessageDecoder.index(), payload, 0, payloadLength);
    }

    private void onResponse(final DirectBuffer buffer, final int payloadFieldOffset, final int messageEnd)
    {
        final int payloadLength = FabricMessages.varFieldLength(buffer, payloadFieldOffset, messageEnd);
        if (payloadLength < 0)
        {
            return;
        }
        payload.wrap(buffer, payloadFieldOffset + Integer.BYTES, payloadLength);
        listener.onResponse(
            responseDecoder.epoch(),
            responseDecoder.correlationId(),
            responseDecoder.seq(),
            responseStatus(responseDecoder.statusRaw()),
            responseDecoder.replicaId(),
            payload,
            0,
            payloadLength);
    }

    private void onConnected(final boolean detailReadable)
    {
        final ConnectStatus status = connectStatus(connectedDecoder.statusRaw());
        final int activeHint = connectedDecoder.activeGatewayId();
        // the detail is decoded (a String) only for a refusal or a superseded session: rare, and worth saying in full
        final String detail = (status == ConnectStatus.REJECTED || status == ConnectStatus.SUPERSEDED ||
            status == ConnectStatus.AUTHENTICATION_FAILED || status == ConnectStatus.CLIENT_ID_TAKEN) &&
            detailReadable ? connectedDecoder.detail() : "";
        listener.onConnected(
            connectedDecoder.gatewayId(),
            status,
            connectedDecoder.epoch(),
            activeHint == ClientConnectedDecoder.activeGatewayIdNullValue() ? 0 : activeHint,
            connectedDecoder.lastCorrelationId(),
            connectedDecoder.maxPayloadLength(),
            detail);
    }

    private static ResponseStatus responseStatus(final short raw)
    {
        for (final ResponseStatus status : RESPONSE_STATUSES)
        {
            if (status.value() == raw)
            {
                return status;
            }
        }
        return ResponseStatus.NULL_VAL;
    }

    /**
     * Unlike {@link ConnectStatus#get}, a value of a newer schema does not throw: it is {@link ConnectStatus#NULL_VAL}.
     */
    private static ConnectStatus connectStatus(final short raw)
    {
        for (final ConnectStatus status : CONNECT_STATUSES)
        {
            if (status.value() == raw)
            {
                return status;
            }
        }
        return ConnectStatus.NULL_VAL;
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(subscription);
    }
}
