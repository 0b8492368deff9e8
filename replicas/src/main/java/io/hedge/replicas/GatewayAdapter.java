package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.EffectsFetchDecoder;
import io.hedge.codecs.fabric.EpochVoteRequestDecoder;
import io.hedge.codecs.fabric.GatewayHeartbeatDecoder;
import io.hedge.codecs.fabric.JoinAcceptedDecoder;
import io.hedge.codecs.fabric.JournalFetchDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ResponseFetchDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SnapshotChunkDecoder;
import io.hedge.codecs.fabric.SnapshotRequestDecoder;
import org.agrona.DirectBuffer;

/**
 * Decodes everything one gateway sends a replica, on its sequenced stream (requests in order, heartbeats, vote
 * requests, fetches) and its replay stream (retransmits, and the snapshot requests and chunks the gateway relays
 * between replicas), and hands it to a {@link GatewayListener} with the id of the gateway it came from. The
 * replica's inbound half; {@link GatewayPublisher} is its outbound one.
 */
final class GatewayAdapter implements ControlledFragmentHandler
{
    private final GatewayListener listener;
    private final int gatewayId;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SequencedDecoder sequencedDecoder = new SequencedDecoder();
    private final GatewayHeartbeatDecoder heartbeatDecoder = new GatewayHeartbeatDecoder();
    private final SnapshotRequestDecoder snapshotRequestDecoder = new SnapshotRequestDecoder();
    private final SnapshotChunkDecoder chunkDecoder = new SnapshotChunkDecoder();
    private final EpochVoteRequestDecoder voteRequestDecoder = new EpochVoteRequestDecoder();
    private final JournalFetchDecoder journalFetchDecoder = new JournalFetchDecoder();
    private final ResponseFetchDecoder responseFetchDecoder = new ResponseFetchDecoder();
    private final EffectsFetchDecoder effectsFetchDecoder = new EffectsFetchDecoder();

    /**
     * @param gatewayId the gateway whose streams this adapter decodes.
     * @param listener  told every message.
     */
    GatewayAdapter(final int gatewayId, final GatewayListener listener)
    {
        this.gatewayId = gatewayId;
        this.listener = listener;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!FabricMessages.hasBlock(buffer, offset, length, headerDecoder))
        {
            listener.onUnreadableMessage();
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
                    listener.onUnreadableMessage();
                    return Action.CONTINUE;
                }
                return listener.onSequenced(
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
                listener.onHeartbeat(
                    gatewayId, heartbeatDecoder.epoch(), heartbeatDecoder.lastSeq(), heartbeatDecoder.epochStartSeq());
                return Action.CONTINUE;

            case EpochVoteRequestDecoder.TEMPLATE_ID:
                voteRequestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                listener.onVoteRequest(gatewayId, voteRequestDecoder.candidateId(), voteRequestDecoder.epoch());
                return Action.CONTINUE;

            case JournalFetchDecoder.TEMPLATE_ID:
                journalFetchDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                listener.onJournalFetch(gatewayId, journalFetchDecoder.gatewayId(), journalFetchDecoder.replicaId(),
                    journalFetchDecoder.fromSeq(), journalFetchDecoder.toSeq());
                return Action.CONTINUE;

            case ResponseFetchDecoder.TEMPLATE_ID:
                responseFetchDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                listener.onResponseFetch(gatewayId, responseFetchDecoder.gatewayId(), responseFetchDecoder.replicaId(),
                    responseFetchDecoder.fromSeq(), responseFetchDecoder.toSeq());
                return Action.CONTINUE;

            case EffectsFetchDecoder.TEMPLATE_ID:
                effectsFetchDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                listener.onEffectsFetch(gatewayId, effectsFetchDecoder.gatewayId(), effectsFetchDecoder.replicaId(),
                    effectsFetchDecoder.fromSeq(), effectsFetchDecoder.toSeq());
                return Action.CONTINUE;

            case JoinAcceptedDecoder.TEMPLATE_ID:
                return Action.CONTINUE; // between gateways

            case SnapshotRequestDecoder.TEMPLATE_ID:
                snapshotRequestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                listener.onSnapshotRequest(
                    gatewayId,
                    snapshotRequestDecoder.requesterId(), snapshotRequestDecoder.epoch(), snapshotRequestDecoder.donorId());
                return Action.CONTINUE;

            case SnapshotChunkDecoder.TEMPLATE_ID:
            {
                chunkDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                if (!listener.wantsChunk(gatewayId, chunkDecoder.requesterId()))
                {
                    return Action.CONTINUE; // addressed to another replica
                }
                final int dataLengthOffset = bodyOffset + blockLength;
                final int dataLength = FabricMessages.varFieldLength(buffer, dataLengthOffset, offset + length);
                if (dataLength < 0)
                {
                    listener.onUnreadableMessage();
                    return Action.CONTINUE;
                }
                listener.onSnapshotChunk(
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
                listener.onUnreadableMessage();
                return Action.CONTINUE;
        }
    }
}
