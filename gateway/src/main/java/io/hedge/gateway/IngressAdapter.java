package io.hedge.gateway;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.ChallengeResponseDecoder;
import io.hedge.codecs.fabric.ClientConnectDecoder;
import io.hedge.codecs.fabric.ClientRequestDecoder;
import io.hedge.codecs.fabric.ClientQueryDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.StatusQueryDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes what clients send to the gateway and hands it to the listener. A request the agent cannot take yet
 * (the sequencer is pushed back, too many are unanswered, or the client's session is not yet established) is
 * aborted, so Aeron delivers it again: each client has an image of its own, so only that client waits.
 */
final class IngressAdapter implements ControlledFragmentHandler, AutoCloseable
{
    /** Longest response channel a ClientConnect may name, bytes. */
    static final int MAX_CHANNEL_LENGTH = 4096;
    /** Longest credentials (or answer to a challenge) a client may send, bytes. */
    static final int MAX_CREDENTIALS_LENGTH = 1024;

    private final Subscription subscription;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private final IngressListener listener;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientRequestDecoder requestDecoder = new ClientRequestDecoder();
    private final ClientConnectDecoder connectDecoder = new ClientConnectDecoder();
    private final StatusQueryDecoder statusQueryDecoder = new StatusQueryDecoder();
    private final ClientQueryDecoder queryDecoder = new ClientQueryDecoder();
    private final ChallengeResponseDecoder challengeResponseDecoder = new ChallengeResponseDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final io.hedge.codecs.fabric.OutcomeQueryDecoder outcomeDecoder =
        new io.hedge.codecs.fabric.OutcomeQueryDecoder();

    IngressAdapter(final Subscription subscription, final IngressListener listener)
    {
        this.subscription = subscription;
        this.listener = listener;
    }

    int poll(final int fragmentLimit)
    {
        return subscription.controlledPoll(assembler, fragmentLimit);
    }

    @Override
    public void close()
    {
        CloseHelper.close(subscription);
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!FabricMessages.hasBlock(buffer, offset, length, headerDecoder))
        {
            listener.onUnreadableIngress();
            return Action.CONTINUE;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;
        final int imageSessionId = header.sessionId();

        switch (headerDecoder.templateId())
        {
            case ClientRequestDecoder.TEMPLATE_ID:
            {
                requestDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final long clientId = requestDecoder.clientId();
                final long correlationId = requestDecoder.correlationId();
                final int payloadOffset = bodyOffset + blockLength;
                final int payloadLength = FabricMessages.varFieldLength(buffer, payloadOffset, end);
                if (payloadLength < 0)
                {
                    listener.onMalformedRequest(clientId, imageSessionId, correlationId);
                    return Action.CONTINUE;
                }
                payload.wrap(buffer, payloadOffset + Integer.BYTES, payloadLength);
                return listener.onRequest(clientId, imageSessionId, correlationId, payload, 0, payloadLength);
            }

            case ClientQueryDecoder.TEMPLATE_ID:
            {
                queryDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int payloadOffset = bodyOffset + blockLength;
                final int payloadLength = FabricMessages.varFieldLength(buffer, payloadOffset, end);
                if (payloadLength < 0)
                {
                    listener.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                payload.wrap(buffer, payloadOffset + Integer.BYTES, payloadLength);
                return listener.onQuery(queryDecoder.clientId(), imageSessionId, queryDecoder.queryId(),
                    queryDecoder.minSeq(), payload, 0, payloadLength);
            }

            case ClientConnectDecoder.TEMPLATE_ID:
            {
                connectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final long clientId = connectDecoder.clientId();
                final int streamId = connectDecoder.responseStreamId();
                final int channelField = bodyOffset + blockLength;
                final int channelLength = FabricMessages.varFieldLength(buffer, channelField, end);
                if (channelLength <= 0 || channelLength > MAX_CHANNEL_LENGTH)
                {
                    listener.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                // credentials (schema version 4) follow the channel; a client of an older schema sends none
                final int credentialsField = channelField + Integer.BYTES + channelLength;
                final int credentialsLength = credentialsField < end ?
                    FabricMessages.varFieldLength(buffer, credentialsField, end) : 0;
                if (credentialsLength < 0 || credentialsLength > MAX_CREDENTIALS_LENGTH)
                {
                    listener.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                listener.onConnect(clientId, imageSessionId, buffer, channelField + Integer.BYTES, channelLength,
                    streamId, credentialsField + Integer.BYTES, credentialsLength);
                return Action.CONTINUE;
            }

            case ChallengeResponseDecoder.TEMPLATE_ID:
            {
                challengeResponseDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int responseField = bodyOffset + blockLength;
                final int responseLength = FabricMessages.varFieldLength(buffer, responseField, end);
                if (responseLength < 0 || responseLength > MAX_CREDENTIALS_LENGTH)
                {
                    listener.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                listener.onChallengeResponse(challengeResponseDecoder.clientId(), imageSessionId, buffer,
                    responseField + Integer.BYTES, responseLength);
                return Action.CONTINUE;
            }

            case io.hedge.codecs.fabric.OutcomeQueryDecoder.TEMPLATE_ID:
                outcomeDecoder.wrap(buffer, bodyOffset, blockLength, version);
                return listener.onOutcomeQuery(
                    outcomeDecoder.clientId(), imageSessionId, outcomeDecoder.correlationId());

            case StatusQueryDecoder.TEMPLATE_ID:
                statusQueryDecoder.wrap(buffer, bodyOffset, blockLength, version);
                return listener.onStatusQuery(statusQueryDecoder.clientId(), imageSessionId,
                    statusQueryDecoder.correlationId());

            default:
                listener.onUnreadableIngress();
                return Action.CONTINUE;
        }
    }
}
