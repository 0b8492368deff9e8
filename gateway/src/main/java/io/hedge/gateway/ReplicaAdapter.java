package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.fabric.ReplicaStatusDecoder;
import io.hedge.codecs.fabric.RetransmitRequestDecoder;
import io.hedge.codecs.fabric.SnapshotChunkDecoder;
import io.hedge.codecs.fabric.SnapshotRequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes what replicas send the gateway: responses, status reports, requests for retransmits, and the snapshot
 * requests and chunks of a peer state transfer. Only a chunk the replay stream cannot take yet is held (ABORT).
 */
final class ReplicaAdapter implements ControlledFragmentHandler
{
    private final GatewayAgent agent;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ReplicaResponseDecoder responseDecoder = new ReplicaResponseDecoder();
    private final ReplicaStatusDecoder statusDecoder = new ReplicaStatusDecoder();
    private final RetransmitRequestDecoder retransmitDecoder = new RetransmitRequestDecoder();
    private final SnapshotRequestDecoder snapshotRequestDecoder = new SnapshotRequestDecoder();
    private final SnapshotChunkDecoder chunkDecoder = new SnapshotChunkDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);

    ReplicaAdapter(final GatewayAgent agent)
    {
        this.agent = agent;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!FabricMessages.hasBlock(buffer, offset, length, headerDecoder))
        {
            agent.onUnreadableReplicaMessage();
            return Action.CONTINUE;
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
                    return Action.CONTINUE;
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

            case SnapshotRequestDecoder.TEMPLATE_ID:
                snapshotRequestDecoder.wrap(buffer, bodyOffset, blockLength, version);
                agent.onSnapshotRequest(snapshotRequestDecoder.requesterId(), snapshotRequestDecoder.epoch());
                break;

            case SnapshotChunkDecoder.TEMPLATE_ID:
            {
                chunkDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int dataLength = FabricMessages.varFieldLength(buffer, bodyOffset + blockLength, offset + length);
                if (dataLength < 0)
                {
                    agent.onUnreadableReplicaMessage();
                    return Action.CONTINUE;
                }
                return agent.onSnapshotChunk(
                    buffer,
                    offset,
                    length,
                    chunkDecoder.donorId(),
                    chunkDecoder.requesterId(),
                    chunkDecoder.seq(),
                    chunkDecoder.totalLength(),
                    chunkDecoder.chunkOffset(),
                    dataLength);
            }

            default:
                agent.onUnreadableReplicaMessage();
        }
        return Action.CONTINUE;
    }
}
