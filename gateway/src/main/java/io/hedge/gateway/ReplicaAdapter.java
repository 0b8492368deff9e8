package io.hedge.gateway;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.fabric.ReplicaStatusDecoder;
import io.hedge.codecs.fabric.RetransmitRequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes what replicas send the gateway: responses, status reports and requests for retransmits.
 */
final class ReplicaAdapter implements FragmentHandler
{
    private final GatewayAgent agent;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ReplicaResponseDecoder responseDecoder = new ReplicaResponseDecoder();
    private final ReplicaStatusDecoder statusDecoder = new ReplicaStatusDecoder();
    private final RetransmitRequestDecoder retransmitDecoder = new RetransmitRequestDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);

    ReplicaAdapter(final GatewayAgent agent)
    {
        this.agent = agent;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!FabricMessages.hasBlock(buffer, offset, length, headerDecoder))
        {
            agent.onUnreadableReplicaMessage();
            return;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;

        switch (headerDecoder.templateId())
        {
            case ReplicaResponseDecoder.TEMPLATE_ID:
            {
                responseDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int payloadOffset = bodyOffset + blockLength;
                final int payloadLength = FabricMessages.varFieldLength(buffer, payloadOffset, offset + length);
                if (payloadLength < 0)
                {
                    agent.onUnreadableReplicaMessage();
                    return;
                }
                payload.wrap(buffer, payloadOffset + Integer.BYTES, payloadLength);
                agent.onReplicaResponse(
                    responseDecoder.epoch(),
                    responseDecoder.seq(),
                    responseDecoder.replicaId(),
                    responseDecoder.stateHash(),
                    payload,
                    0,
                    payloadLength);
                break;
            }

            case ReplicaStatusDecoder.TEMPLATE_ID:
                statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                agent.onReplicaStatus(statusDecoder);
                break;

            case RetransmitRequestDecoder.TEMPLATE_ID:
                retransmitDecoder.wrap(buffer, bodyOffset, blockLength, version);
                agent.onRetransmitRequest(
                    retransmitDecoder.replicaId(), retransmitDecoder.fromSeq(), retransmitDecoder.toSeq());
                break;

            default:
                agent.onUnreadableReplicaMessage();
        }
    }
}
