package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.GatewayHeartbeatDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SnapshotChunkDecoder;
import io.hedge.codecs.fabric.SnapshotRequestDecoder;
import org.agrona.DirectBuffer;

/**
 * Decodes the sequenced stream (requests in order, and gateway heartbeats) and the replay stream (retransmits, and
 * the snapshot requests and chunks the gateway relays between replicas) for the replica agent.
 */
final class SequencedAdapter implements ControlledFragmentHandler
{
    private final ReplicaAgent agent;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SequencedDecoder sequencedDecoder = new SequencedDecoder();
    private final GatewayHeartbeatDecoder heartbeatDecoder = new GatewayHeartbeatDecoder();
    private final SnapshotRequestDecoder snapshotRequestDecoder = new SnapshotRequestDecoder();
    private final SnapshotChunkDecoder chunkDecoder = new SnapshotChunkDecoder();

    private final int gatewayId;
    private final io.hedge.codecs.fabric.EpochVoteRequestDecoder voteRequestDecoder =
        new io.hedge.codecs.fabric.EpochVoteRequestDecoder();
    private final io.hedge.codecs.fabric.JournalFetchDecoder journalFetchDecoder =
        new io.hedge.codecs.fabric.JournalFetchDecoder();
    private final io.hedge.codecs.fabric.ResponseFetchDecoder responseFetchDecoder =
        new io.hedge.codecs.fabric.ResponseFetchDecoder();

    SequencedAdapter(final ReplicaAgent agent, final int gatewayId)
    {
        this.agent = agent;
        this.gatewayId = gatewayId;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!FabricMessages.hasBlock(buffer, offset, length, headerDecoder))
        {
            agent.onUnreadableMessage();
            return Action.CONTINUE;
        }
        final int blockLength = headerDecoder.blockLength();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;

        switch (headerDecoder.templateId())
        {
            case SequencedDecoder.TEMPLATE_ID:
            {
                sequencedDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                final int payloadLengthOffset = bodyOffset + blockLength;
                final int payloadLength = FabricMessages.varFieldLength(buffer, payloadLengthOffset, offset + length);
                if (payloadLength < 0)
                {
                    agent.onUnreadableMessage();
                    return Action.CONTINUE;
                }
                return agent.onSequenced(
                    gatewayId,
                    buffer,
                    offset,
                    length,
                    sequencedDecoder.epoch(),
                    sequencedDecoder.seq(),
                    sequencedDecoder.timestampNs(),
                    sequencedDecoder.clientId(),
                    sequencedDecoder.correlationId(),
                    payloadLengthOffset + Integer.BYTES,
                    payloadLength);
            }

            case GatewayHeartbeatDecoder.TEMPLATE_ID:
                heartbeatDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                agent.onHeartbeat(
                    gatewayId, heartbeatDecoder.epoch(), heartbeatDecoder.lastSeq(), heartbeatDecoder.epochStartSeq());
                return Action.CONTINUE;

            case io.hedge.codecs.fabric.EpochVoteRequestDecoder.TEMPLATE_ID:
                voteRequestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                agent.onVoteRequest(gatewayId, voteRequestDecoder.candidateId(), voteRequestDecoder.epoch());
                return Action.CONTINUE;

            case io.hedge.codecs.fabric.JournalFetchDecoder.TEMPLATE_ID:
                journalFetchDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                agent.onJournalFetch(gatewayId, journalFetchDecoder.gatewayId(), journalFetchDecoder.replicaId(),
                    journalFetchDecoder.fromSeq(), journalFetchDecoder.toSeq());
                return Action.CONTINUE;

            case io.hedge.codecs.fabric.ResponseFetchDecoder.TEMPLATE_ID:
                responseFetchDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                agent.onResponseFetch(gatewayId, responseFetchDecoder.gatewayId(), responseFetchDecoder.replicaId(),
                    responseFetchDecoder.fromSeq(), responseFetchDecoder.toSeq());
                return Action.CONTINUE;

            case io.hedge.codecs.fabric.JoinAcceptedDecoder.TEMPLATE_ID:
                return Action.CONTINUE; // between gateways

            case SnapshotRequestDecoder.TEMPLATE_ID:
                snapshotRequestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                agent.onSnapshotRequest(
                    gatewayId,
                    snapshotRequestDecoder.requesterId(), snapshotRequestDecoder.epoch(), snapshotRequestDecoder.donorId());
                return Action.CONTINUE;

            case SnapshotChunkDecoder.TEMPLATE_ID:
            {
                chunkDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                if (!agent.wantsChunk(gatewayId, chunkDecoder.requesterId()))
                {
                    return Action.CONTINUE; // addressed to another replica
                }
                final int dataLengthOffset = bodyOffset + blockLength;
                final int dataLength = FabricMessages.varFieldLength(buffer, dataLengthOffset, offset + length);
                if (dataLength < 0)
                {
                    agent.onUnreadableMessage();
                    return Action.CONTINUE;
                }
                agent.onSnapshotChunk(
                    chunkDecoder.donorId(),
                    chunkDecoder.seq(),
                    chunkDecoder.epoch(),
                    chunkDecoder.rollingStateHash(),
                    chunkDecoder.fullStateHash(),
                    chunkDecoder.totalLength(),
                    chunkDecoder.chunkOffset(),
                    buffer,
                    dataLengthOffset + Integer.BYTES,
                    dataLength);
                return Action.CONTINUE;
            }

            default:
                agent.onUnreadableMessage();
                return Action.CONTINUE;
        }
    }
}
