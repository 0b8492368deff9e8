package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessageCheck;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.SnapshotChunkBounds;
import io.hedge.codecs.fabric.EffectsFetchDecoder;
import io.hedge.codecs.fabric.EpochVoteRequestDecoder;
import io.hedge.codecs.fabric.GatewayHeartbeatDecoder;
import io.hedge.codecs.fabric.JoinAcceptedDecoder;
import io.hedge.codecs.fabric.JournalFetchDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.RepairOrderDecoder;
import io.hedge.codecs.fabric.ReplicaQueryDecoder;
import io.hedge.codecs.fabric.ResponseFetchDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SnapshotChunkDecoder;
import io.hedge.codecs.fabric.SnapshotRequestDecoder;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.InboundCheck;
import io.hedge.transport.SecurityCounters;
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
    private final InboundCheck inbound;
    private final SecurityCounters security;
    private final int[] gatewayIds;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SequencedDecoder sequencedDecoder = new SequencedDecoder();
    private final GatewayHeartbeatDecoder heartbeatDecoder = new GatewayHeartbeatDecoder();
    private final io.hedge.codecs.fabric.HandoverDecoder handoverDecoder = new io.hedge.codecs.fabric.HandoverDecoder();
    private final SnapshotRequestDecoder snapshotRequestDecoder = new SnapshotRequestDecoder();
    private final SnapshotChunkDecoder chunkDecoder = new SnapshotChunkDecoder();
    private final EpochVoteRequestDecoder voteRequestDecoder = new EpochVoteRequestDecoder();
    private final JournalFetchDecoder journalFetchDecoder = new JournalFetchDecoder();
    private final ResponseFetchDecoder responseFetchDecoder = new ResponseFetchDecoder();
    private final RepairOrderDecoder repairOrderDecoder = new RepairOrderDecoder();
    /** The heartbeat's history runs, reused for every heartbeat; a longer tail keeps its newest runs. */
    private final long[] historyEpochs = new long[FabricLimits.HISTORY_TAIL];
    private final long[] historyStarts = new long[FabricLimits.HISTORY_TAIL];
    private final EffectsFetchDecoder effectsFetchDecoder = new EffectsFetchDecoder();
    private final ReplicaQueryDecoder queryDecoder = new ReplicaQueryDecoder();

    /**
     * @param gatewayId the gateway whose streams this adapter decodes.
     * @param listener  told every message.
     */
    GatewayAdapter(final int gatewayId, final GatewayListener listener)
    {
        this(gatewayId, listener, new InboundCheck("replica from gateway " + gatewayId, null),
            SecurityCounters.inMemory("gateway adapter"), null);
    }

    /**
     * @param inbound refuses (and counts) a message whose lengths do not fit what arrived, before it is decoded.
     */
    GatewayAdapter(final int gatewayId, final GatewayListener listener, final InboundCheck inbound)
    {
        this(gatewayId, listener, inbound, SecurityCounters.inMemory("gateway adapter"), null);
    }

    /**
     * @param security   counts messages naming a gateway that is not configured and epochs above the ceiling.
     * @param gatewayIds the configured gateways; null: any id (in tests).
     */
    GatewayAdapter(
        final int gatewayId, final GatewayListener listener, final SecurityCounters security, final int[] gatewayIds)
    {
        this(gatewayId, listener, new InboundCheck("replica from gateway " + gatewayId,
            security.malformedMessagesDropped()), security, gatewayIds);
    }

    /**
     * @param inbound    refuses (and counts) a message whose lengths do not fit what arrived, before it is decoded.
     * @param security   counts messages naming a gateway that is not configured and epochs above the ceiling.
     * @param gatewayIds the configured gateways; null: any id (in tests).
     */
    GatewayAdapter(final int gatewayId, final GatewayListener listener, final InboundCheck inbound,
        final SecurityCounters security, final int[] gatewayIds)
    {
        this.gatewayId = gatewayId;
        this.listener = listener;
        this.inbound = inbound;
        this.security = security;
        this.gatewayIds = gatewayIds;
    }

    /**
     * @return true (and counted) for an epoch above the ceiling: the message goes no further.
     */
    private boolean refusedEpoch(final long epoch)
    {
        if (FabricLimits.aboveEpochCeiling(epoch))
        {
            security.epochJumpsRefused().increment();
            return true;
        }
        return false;
    }

    /**
     * @return false (and counted) for a gateway id that is not configured: the message goes no further.
     */
    private boolean isGateway(final int id)
    {
        if (null == gatewayIds)
        {
            return true;
        }
        for (final int configured : gatewayIds)
        {
            if (configured == id)
            {
                return true;
            }
        }
        security.unknownMemberMessages().increment();
        return false;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!inbound.accept(buffer, offset, length, headerDecoder))
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
                if (refusedEpoch(sequencedDecoder.epoch()))
                {
                    return Action.CONTINUE;
                }
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
                onHeartbeat(buffer, bodyOffset, blockLength, offset + length);
                return Action.CONTINUE;

            case RepairOrderDecoder.TEMPLATE_ID:
                repairOrderDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                if (isGateway(repairOrderDecoder.gatewayId()) && !refusedEpoch(repairOrderDecoder.epoch()))
                {
                    listener.onRepairOrder(gatewayId, repairOrderDecoder.gatewayId(), repairOrderDecoder.replicaId(),
                        repairOrderDecoder.epoch(), repairOrderDecoder.seq(), repairOrderDecoder.majorityHash());
                }
                return Action.CONTINUE;

            case EpochVoteRequestDecoder.TEMPLATE_ID:
                voteRequestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                if (isGateway(voteRequestDecoder.candidateId()) && !refusedEpoch(voteRequestDecoder.epoch()) &&
                    !refusedEpoch(voteRequestDecoder.lastEpoch()))
                {
                    listener.onVoteRequest(gatewayId, voteRequestDecoder.candidateId(), voteRequestDecoder.epoch(),
                        voteRequestDecoder.lastSeq(), voteRequestDecoder.lastEpoch(), 1 == voteRequestDecoder.preVote());
                }
                return Action.CONTINUE;

            case JournalFetchDecoder.TEMPLATE_ID:
                journalFetchDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                if (isGateway(journalFetchDecoder.gatewayId()))
                {
                    listener.onJournalFetch(gatewayId, journalFetchDecoder.gatewayId(), journalFetchDecoder.replicaId(),
                        journalFetchDecoder.fromSeq(), journalFetchDecoder.toSeq());
                }
                return Action.CONTINUE;

            case ResponseFetchDecoder.TEMPLATE_ID:
                responseFetchDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                if (isGateway(responseFetchDecoder.gatewayId()))
                {
                    listener.onResponseFetch(gatewayId, responseFetchDecoder.gatewayId(), responseFetchDecoder.replicaId(),
                        responseFetchDecoder.fromSeq(), responseFetchDecoder.toSeq());
                }
                return Action.CONTINUE;

            case EffectsFetchDecoder.TEMPLATE_ID:
                effectsFetchDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                if (isGateway(effectsFetchDecoder.gatewayId()))
                {
                    listener.onEffectsFetch(gatewayId, effectsFetchDecoder.gatewayId(), effectsFetchDecoder.replicaId(),
                        effectsFetchDecoder.fromSeq(), effectsFetchDecoder.toSeq());
                }
                return Action.CONTINUE;

            case ReplicaQueryDecoder.TEMPLATE_ID:
            {
                queryDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                final int queryLengthOffset = bodyOffset + blockLength;
                final int queryLength = FabricMessages.varFieldLength(buffer, queryLengthOffset, offset + length);
                if (queryLength < 0)
                {
                    listener.onUnreadableMessage();
                    return Action.CONTINUE;
                }
                return listener.onQuery(gatewayId, queryDecoder.replicaId(), queryDecoder.token(),
                    queryDecoder.minSeq(), buffer, queryLengthOffset + Integer.BYTES, queryLength);
            }

            case JoinAcceptedDecoder.TEMPLATE_ID:
                return Action.CONTINUE; // between gateways

            case io.hedge.codecs.fabric.HandoverDecoder.TEMPLATE_ID:
                handoverDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                // only the gateway whose stream carries it may hand its own leadership over
                if (handoverDecoder.gatewayId() == gatewayId && !refusedEpoch(handoverDecoder.epoch()) &&
                    isGateway(handoverDecoder.targetGatewayId()))
                {
                    listener.onHandover(gatewayId, handoverDecoder.epoch(), handoverDecoder.targetGatewayId());
                }
                return Action.CONTINUE;

            case SnapshotRequestDecoder.TEMPLATE_ID:
                snapshotRequestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                listener.onSnapshotRequest(
                    gatewayId,
                    snapshotRequestDecoder.requesterId(), snapshotRequestDecoder.epoch(), snapshotRequestDecoder.donorId());
                return Action.CONTINUE;

            case SnapshotChunkDecoder.TEMPLATE_ID:
            {
                chunkDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
                if (refusedEpoch(chunkDecoder.epoch()))
                {
                    return Action.CONTINUE;
                }
                if (!listener.wantsChunk(gatewayId, chunkDecoder.requesterId()))
                {
                    return Action.CONTINUE; // addressed to another replica
                }
                final int dataLengthOffset = bodyOffset + blockLength;
                final int dataLength = FabricMessages.varFieldLength(buffer, dataLengthOffset, offset + length);
                if (dataLength < 0 || !SnapshotChunkBounds.fit(chunkDecoder.totalLength(), chunkDecoder.chunkOffset(),
                    dataLength))
                {
                    inbound.drop(FabricMessageCheck.OUT_OF_BOUNDS, SnapshotChunkDecoder.TEMPLATE_ID);
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

    private void onHeartbeat(final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int end)
    {
        final GatewayHeartbeatDecoder decoder = heartbeatDecoder.wrap(buffer, bodyOffset, blockLength,
            headerDecoder.version());
        int count = 0;
        if (decoder.actingVersion() >= 2)
        {
            // the group's dimensions are checked against the fragment before the decoder walks it
            final int groupOffset = decoder.limit();
            if (groupOffset + GatewayHeartbeatDecoder.HistoryDecoder.HEADER_SIZE > end)
            {
                listener.onUnreadableMessage();
                return;
            }
            final int entryLength = buffer.getShort(groupOffset, GatewayHeartbeatDecoder.BYTE_ORDER) & 0xFFFF;
            final int sent = buffer.getShort(groupOffset + 2, GatewayHeartbeatDecoder.BYTE_ORDER) & 0xFFFF;
            if (entryLength < GatewayHeartbeatDecoder.HistoryDecoder.sbeBlockLength() ||
                groupOffset + GatewayHeartbeatDecoder.HistoryDecoder.HEADER_SIZE + (long)sent * entryLength > end)
            {
                listener.onUnreadableMessage();
                return;
            }
            final int skip = Math.max(0, sent - historyEpochs.length);
            final GatewayHeartbeatDecoder.HistoryDecoder history = decoder.history();
            for (int i = 0; i < sent; i++)
            {
                history.next();
                if (i >= skip)
                {
                    historyEpochs[count] = history.epoch();
                    historyStarts[count] = history.startSeq();
                    count++;
                }
            }
        }
        if (!refusedEpoch(decoder.epoch()))
        {
            listener.onHeartbeat(gatewayId, decoder.epoch(), decoder.lastSeq(), decoder.epochStartSeq(), historyEpochs,
                historyStarts, count);
        }
    }
}
