package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.ClientConnectDecoder;
import io.hedge.codecs.fabric.ClientRequestDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.StatusQueryDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes what clients send to the gateway and hands it to the agent. A request the agent cannot take yet
 * (the sequencer is pushed back, or too many are unanswered) is aborted, so Aeron delivers it again.
 */
final class IngressAdapter implements ControlledFragmentHandler
{
    private final GatewayAgent agent;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientRequestDecoder requestDecoder = new ClientRequestDecoder();
    private final ClientConnectDecoder connectDecoder = new ClientConnectDecoder();
    private final StatusQueryDecoder statusQueryDecoder = new StatusQueryDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final io.hedge.codecs.fabric.OutcomeQueryDecoder outcomeDecoder =
        new io.hedge.codecs.fabric.OutcomeQueryDecoder();

    IngressAdapter(final GatewayAgent agent)
    {
        this.agent = agent;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!FabricMessages.hasBlock(buffer, offset, length, headerDecoder))
        {
            agent.onUnreadableIngress();
            return Action.CONTINUE;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;

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
                    agent.onMalformedRequest(clientId, correlationId);
                    return Action.CONTINUE;
                }
                payload.wrap(buffer, payloadOffset + Integer.BYTES, payloadLength);
                return agent.onRequest(clientId, correlationId, payload, 0, payloadLength);
            }

            case ClientConnectDecoder.TEMPLATE_ID:
            {
                connectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final long clientId = connectDecoder.clientId();
                final int streamId = connectDecoder.responseStreamId();
                final int channelLength = FabricMessages.varFieldLength(buffer, bodyOffset + blockLength, end);
                if (channelLength <= 0 || channelLength > 4096)
                {
                    agent.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                agent.onConnect(clientId, connectDecoder.responseChannel(), streamId);
                return Action.CONTINUE;
            }

            case io.hedge.codecs.fabric.OutcomeQueryDecoder.TEMPLATE_ID:
                outcomeDecoder.wrap(buffer, bodyOffset, blockLength, version);
                agent.onOutcomeQuery(outcomeDecoder.clientId(), outcomeDecoder.correlationId());
                return Action.CONTINUE;

            case StatusQueryDecoder.TEMPLATE_ID:
                statusQueryDecoder.wrap(buffer, bodyOffset, blockLength, version);
                agent.onStatusQuery(statusQueryDecoder.clientId(), statusQueryDecoder.correlationId());
                return Action.CONTINUE;

            default:
                agent.onUnreadableIngress();
                return Action.CONTINUE;
        }
    }
}
