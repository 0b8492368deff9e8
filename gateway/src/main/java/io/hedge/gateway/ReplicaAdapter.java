package io.hedge.gateway;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessageCheck;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.SnapshotChunkBounds;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusDecoder;
import io.hedge.codecs.fabric.RetransmitRequestDecoder;
import io.hedge.codecs.fabric.SnapshotChunkDecoder;
import io.hedge.codecs.fabric.SnapshotRequestDecoder;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.InboundCheck;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.SecurityCounters;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes what arrives at the gateway's inbound endpoint: replicas' status to the {@link LeadershipListener}; votes,
 * fetched journal entries and fetched responses to the {@link ReplicaListener}; for a term of leadership to the
 * {@link TermListener} of the phase. Only a snapshot chunk the replay stream cannot take yet is held (ABORT).
 * Responses and statuses of a replica id that is not configured (outside 1..replicaCount) go no further: counted,
 * they can neither answer a client nor commit nor depose.
 */
final class ReplicaAdapter implements ControlledFragmentHandler, AutoCloseable
{
    private static final io.hedge.codecs.fabric.QueryStatus[] QUERY_STATUSES =
        io.hedge.codecs.fabric.QueryStatus.values();

    private static final ReplicaState[] REPLICA_STATES = ReplicaState.values();

    private final Subscription subscription;
    private final ControlledFragmentAssembler assembler;
    private final ReplicaListener listener;
    private final LeadershipListener leadership;
    private TermListener term;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ReplicaResponseDecoder responseDecoder = new ReplicaResponseDecoder();
    private final ReplicaStatusDecoder statusDecoder = new ReplicaStatusDecoder();
    private final io.hedge.codecs.fabric.HandoverDecoder handoverDecoder = new io.hedge.codecs.fabric.HandoverDecoder();
    private final RetransmitRequestDecoder retransmitDecoder = new RetransmitRequestDecoder();
    private final SnapshotRequestDecoder snapshotRequestDecoder = new SnapshotRequestDecoder();
    private final SnapshotChunkDecoder chunkDecoder = new SnapshotChunkDecoder();
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
    private final int replicaCount;
    private final InboundCheck inbound;
    private final SecurityCounters security;
    private final int[] peerIds;
    /** Where the payload of the response last decoded by {@link #decodeResponseBody} lies in its buffer. */
    private int payloadOffset;
    private int payloadLength;
    private final MessageHeaderDecoder innerHeader = new MessageHeaderDecoder();
    private final ReplicaResponseDecoder innerResponse = new ReplicaResponseDecoder();
    private final io.hedge.codecs.fabric.EpochVoteDecoder voteDecoder = new io.hedge.codecs.fabric.EpochVoteDecoder();
    private final long[] voteHistoryEpochs = new long[FabricLimits.HISTORY_TAIL];
    private final long[] voteHistoryStarts = new long[FabricLimits.HISTORY_TAIL];
    private final io.hedge.codecs.fabric.SequencedDecoder sequencedDecoder = new io.hedge.codecs.fabric.SequencedDecoder();
    private final io.hedge.codecs.fabric.JoinRequestDecoder joinDecoder = new io.hedge.codecs.fabric.JoinRequestDecoder();
    private final io.hedge.codecs.fabric.ResponseReplayDecoder replayDecoder =
        new io.hedge.codecs.fabric.ResponseReplayDecoder();
    private final io.hedge.codecs.fabric.SinkPositionDecoder sinkDecoder = new io.hedge.codecs.fabric.SinkPositionDecoder();
    private final io.hedge.codecs.fabric.QueryAnswerDecoder queryAnswerDecoder =
        new io.hedge.codecs.fabric.QueryAnswerDecoder();
    private final io.hedge.codecs.fabric.EffectsReplayDecoder effectsReplayDecoder =
        new io.hedge.codecs.fabric.EffectsReplayDecoder();

    ReplicaAdapter(
        final Subscription subscription,
        final ReplicaListener listener,
        final LeadershipListener leadership,
        final TermListener term,
        final int replicaCount)
    {
        this(subscription, MemberSealing.off(), SecurityCounters.inMemory("replica adapter"), listener, leadership, term,
            replicaCount, new int[0]);
    }

    /**
     * Unsealed, with counters of its own (tests).
     *
     * @param inbound refuses (and counts) a message whose lengths do not fit what arrived, before it is decoded.
     */
    ReplicaAdapter(
        final Subscription subscription,
        final ReplicaListener listener,
        final LeadershipListener leadership,
        final TermListener term,
        final int replicaCount,
        final InboundCheck inbound)
    {
        this(subscription, MemberSealing.off(), SecurityCounters.inMemory("replica adapter"), listener, leadership, term,
            replicaCount, new int[0], inbound);
    }

    /**
     * @param sealing checks each message's seal before it is decoded: everything on the inbound endpoint comes from
     *                members (replicas, peers, the effects sink).
     * @param security counts messages naming a member that is not configured and epochs above the ceiling.
     * @param peerIds  the configured peer gateways: a join request naming another goes no further.
     */
    ReplicaAdapter(
        final Subscription subscription,
        final MemberSealing sealing,
        final SecurityCounters security,
        final ReplicaListener listener,
        final LeadershipListener leadership,
        final TermListener term,
        final int replicaCount,
        final int[] peerIds)
    {
        this(subscription, sealing, security, listener, leadership, term, replicaCount, peerIds,
            new InboundCheck("gateway inbound", security.malformedMessagesDropped()));
    }

    /**
     * @param sealing  checks each message's seal in front of this adapter (inside the fragment assembler).
     * @param security counts messages naming a member that is not configured and epochs above the ceiling.
     * @param peerIds  the configured peer gateways: a join request naming another goes no further.
     * @param inbound  refuses (and counts) a message whose lengths do not fit what arrived, before it is decoded.
     */
    ReplicaAdapter(
        final Subscription subscription,
        final MemberSealing sealing,
        final SecurityCounters security,
        final ReplicaListener listener,
        final LeadershipListener leadership,
        final TermListener term,
        final int replicaCount,
        final int[] peerIds,
        final InboundCheck inbound)
    {
        this.inbound = inbound;
        this.security = security;
        this.peerIds = peerIds;
        this.replicaCount = replicaCount;
        this.subscription = subscription;
        this.assembler = new ControlledFragmentAssembler(sealing.wrap((ControlledFragmentHandler)this));
        this.listener = listener;
        this.leadership = leadership;
        this.term = term;
    }

    /**
     * @param term hears, from now on, what serves a term of leadership.
     */
    void term(final TermListener term)
    {
        this.term = term;
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

    /**
     * @return the outcome of a ReplicaResponse; one of schema version 1 (no such field) was applied.
     */
    private static int outcome(final short outcome)
    {
        return outcome == ReplicaResponseDecoder.outcomeNullValue() ? ResponseCollector.APPLIED : outcome;
    }

    /**
     * Find the payload of a ReplicaResponse whose var fields begin at {@code fieldsOffset}, and check that its effects
     * (from schema version 1) and session messages (from version 3) lie within the message: the whole message goes on, for its effects to be read later.
     *
     * @return false if the fields run past the end.
     */
    private boolean decodeResponseBody(final DirectBuffer buffer, final int fieldsOffset, final int end, final int version)
    {
        final int length = FabricMessages.varFieldLength(buffer, fieldsOffset, end);
        if (length < 0)
        {
            return false;
        }
        payloadOffset = fieldsOffset + Integer.BYTES;
        payloadLength = length;
        final int effectsOffset = payloadOffset + length;
        if (version < 1 || effectsOffset == end)
        {
            return true;
        }
        final int effectsLength = FabricMessages.varFieldLength(buffer, effectsOffset, end);
        if (effectsLength < 0)
        {
            return false;
        }
        // session messages (from schema version 3) follow the effects
        final int messagesOffset = effectsOffset + Integer.BYTES + effectsLength;
        return version < 3 || messagesOffset == end || FabricMessages.varFieldLength(buffer, messagesOffset, end) >= 0;
    }

    /**
     * Unlike {@code QueryStatus.get}, a value of a newer schema does not throw: it is NULL_VAL.
     */
    private static io.hedge.codecs.fabric.QueryStatus queryStatus(final short raw)
    {
        for (final io.hedge.codecs.fabric.QueryStatus status : QUERY_STATUSES)
        {
            if (status.value() == raw)
            {
                return status;
            }
        }
        return io.hedge.codecs.fabric.QueryStatus.NULL_VAL;
    }

    /**
     * Unlike {@code ReplicaState.get}, a value of a newer schema (or a garbled one) does not throw: it is NULL_VAL.
     */
    private static ReplicaState replicaState(final short raw)
    {
        for (final ReplicaState state : REPLICA_STATES)
        {
            if (state.value() == raw)
            {
                return state;
            }
        }
        return ReplicaState.NULL_VAL;
    }

    private boolean isConfigured(final int replicaId)
    {
        if (replicaId >= 1 && replicaId <= replicaCount)
        {
            return true;
        }
        listener.onUnconfiguredReplica(replicaId);
        security.unknownMemberMessages().increment();
        return false;
    }

    private boolean isPeer(final int gatewayId)
    {
        for (final int peerId : peerIds)
        {
            if (peerId == gatewayId)
            {
                return true;
            }
        }
        security.unknownMemberMessages().increment();
        return false;
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

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!inbound.accept(buffer, offset, length, headerDecoder))
        {
            listener.onUnreadableReplicaMessage();
            return Action.CONTINUE;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;

        switch (headerDecoder.templateId())
        {
            case ReplicaResponseDecoder.TEMPLATE_ID:
                responseDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (!decodeResponseBody(buffer, bodyOffset + blockLength, offset + length, version))
                {
                    listener.onUnreadableReplicaMessage();
                    return Action.CONTINUE;
                }
                if (isConfigured(responseDecoder.replicaId()) && !refusedEpoch(responseDecoder.epoch()))
                {
                    term.onReplicaResponse(
                        responseDecoder.epoch(),
                        responseDecoder.seq(),
                        responseDecoder.replicaId(),
                        responseDecoder.stateHash(),
                        outcome(responseDecoder.outcome()),
                        buffer,
                        offset,
                        length,
                        payloadOffset,
                        payloadLength);
                }
                break;

            case io.hedge.codecs.fabric.EpochVoteDecoder.TEMPLATE_ID:
            {
                voteDecoder.wrap(buffer, bodyOffset, blockLength, version);
                // the fixed fields first, then the group: SBE reads in order
                final int replicaId = voteDecoder.replicaId();
                final int candidateId = voteDecoder.candidateId();
                final long voteEpoch = voteDecoder.epoch();
                final boolean granted = voteDecoder.granted() != 0;
                final long journaledSeq = voteDecoder.journaledSeq();
                final long lastEntryEpoch = voteDecoder.lastEntryEpoch();
                final boolean preVote = voteDecoder.preVote() == 1;
                int count = 0;
                if (version >= 2)
                {
                    for (final io.hedge.codecs.fabric.EpochVoteDecoder.HistoryDecoder run : voteDecoder.history())
                    {
                        if (count < FabricLimits.HISTORY_TAIL)
                        {
                            voteHistoryEpochs[count] = run.epoch();
                            voteHistoryStarts[count] = run.startSeq();
                            count++;
                        }
                    }
                }
                if (isConfigured(replicaId) && !refusedEpoch(voteEpoch) && !refusedEpoch(lastEntryEpoch))
                {
                    listener.onEpochVote(replicaId, candidateId, voteEpoch, granted, journaledSeq, lastEntryEpoch,
                        preVote, voteHistoryEpochs, voteHistoryStarts, count);
                }
                break;
            }

            case io.hedge.codecs.fabric.SequencedDecoder.TEMPLATE_ID:
                sequencedDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (refusedEpoch(sequencedDecoder.epoch()))
                {
                    break;
                }
                return listener.onFetchedSequenced(buffer, offset, length, sequencedDecoder.epoch(), sequencedDecoder.seq(),
                    sequencedDecoder.clientId(), sequencedDecoder.correlationId());

            case io.hedge.codecs.fabric.JoinRequestDecoder.TEMPLATE_ID:
                joinDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (isPeer(joinDecoder.gatewayId()) && !refusedEpoch(joinDecoder.lastEpoch()))
                {
                    term.onJoinRequest(joinDecoder.gatewayId(), joinDecoder.lastSeq(), joinDecoder.lastEpoch());
                }
                break;

            case io.hedge.codecs.fabric.HandoverDecoder.TEMPLATE_ID:
                // hedge admin switchover, sent straight to the target's inbound endpoint as well: the standbys' copy of
                // the sequenced stream may lag by hundreds of ms under load
                handoverDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (isPeer(handoverDecoder.gatewayId()) && !refusedEpoch(handoverDecoder.epoch()))
                {
                    leadership.onHandover(handoverDecoder.gatewayId(), handoverDecoder.epoch(),
                        handoverDecoder.targetGatewayId(), handoverDecoder.lastSeq());
                }
                break;

            case io.hedge.codecs.fabric.SinkPositionDecoder.TEMPLATE_ID:
                sinkDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (!refusedEpoch(sinkDecoder.epoch()))
                {
                    term.onSinkPosition(sinkDecoder.epoch(), sinkDecoder.lastSeq(), sinkDecoder.lastIndex());
                }
                break;

            case io.hedge.codecs.fabric.EffectsReplayDecoder.TEMPLATE_ID:
            {
                effectsReplayDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int effectsLengthOffset = bodyOffset + blockLength;
                final int effectsLength = FabricMessages.varFieldLength(buffer, effectsLengthOffset, offset + length);
                if (effectsLength < 0)
                {
                    listener.onUnreadableReplicaMessage();
                    return Action.CONTINUE;
                }
                term.onEffectsReplay(effectsReplayDecoder.replicaId(), effectsReplayDecoder.seq(),
                    effectsReplayDecoder.complete() != 0, effectsReplayDecoder.firstAvailableSeq(), buffer,
                    effectsLengthOffset + Integer.BYTES, effectsLength);
                break;
            }

            case io.hedge.codecs.fabric.ResponseReplayDecoder.TEMPLATE_ID:
            {
                replayDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int innerLengthOffset = bodyOffset + blockLength;
                final int innerLength = FabricMessages.varFieldLength(buffer, innerLengthOffset, offset + length);
                if (innerLength < 0)
                {
                    listener.onUnreadableReplicaMessage();
                    return Action.CONTINUE;
                }
                if (replayDecoder.complete() != 0)
                {
                    listener.onResponseReplay(replayDecoder.replicaId(), replayDecoder.seq(), true,
                        replayDecoder.firstAvailableSeq(), 0, 0, 0, empty, 0, 0, 0, 0);
                    break;
                }
                final int innerOffset = innerLengthOffset + Integer.BYTES;
                if (!inbound.accept(buffer, innerOffset, innerLength, innerHeader) ||
                    innerHeader.templateId() != ReplicaResponseDecoder.TEMPLATE_ID)
                {
                    listener.onUnreadableReplicaMessage();
                    return Action.CONTINUE;
                }
                final int innerBody = innerOffset + MessageHeaderDecoder.ENCODED_LENGTH;
                innerResponse.wrap(buffer, innerBody, innerHeader.blockLength(), innerHeader.version());
                if (!decodeResponseBody(buffer, innerBody + innerHeader.blockLength(), innerOffset + innerLength,
                    innerHeader.version()))
                {
                    listener.onUnreadableReplicaMessage();
                    return Action.CONTINUE;
                }
                listener.onResponseReplay(replayDecoder.replicaId(), innerResponse.seq(), false,
                    replayDecoder.firstAvailableSeq(), innerResponse.epoch(), innerResponse.stateHash(),
                    outcome(innerResponse.outcome()), buffer, innerOffset, innerLength, payloadOffset, payloadLength);
                break;
            }

            case io.hedge.codecs.fabric.QueryAnswerDecoder.TEMPLATE_ID:
            {
                queryAnswerDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int answerLengthOffset = bodyOffset + blockLength;
                final int answerLength = FabricMessages.varFieldLength(buffer, answerLengthOffset, offset + length);
                if (answerLength < 0)
                {
                    listener.onUnreadableReplicaMessage();
                    return Action.CONTINUE;
                }
                if (isConfigured(queryAnswerDecoder.replicaId()))
                {
                    term.onQueryAnswer(queryAnswerDecoder.queryId(), queryAnswerDecoder.replicaId(),
                        queryStatus(queryAnswerDecoder.statusRaw()), queryAnswerDecoder.appliedSeq(), buffer,
                        answerLengthOffset + Integer.BYTES, answerLength);
                }
                break;
            }

            case ReplicaStatusDecoder.TEMPLATE_ID:
            {
                statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (!isConfigured(statusDecoder.replicaId()))
                {
                    break;
                }
                final ReplicaState state = replicaState(statusDecoder.stateRaw());
                // matchedEpoch reads as its null value from a replica of schema version 1: never a real epoch
                final long matchedEpoch = version < 2 ? 0 : statusDecoder.matchedEpoch();
                if (refusedEpoch(statusDecoder.epoch()) || refusedEpoch(matchedEpoch))
                {
                    break;
                }
                leadership.onReplicaStatus(statusDecoder.replicaId(), statusDecoder.epoch(),
                    state == ReplicaState.NULL_VAL ? ReplicaState.STARTING : state, statusDecoder.appliedSeq(),
                    statusDecoder.journaledSeq(), matchedEpoch, statusDecoder.stateHash());
                if (version >= ReplicaStatusDecoder.lastSnapshotSeqSinceVersion() && statusDecoder.lastSnapshotSeq() > 0)
                {
                    leadership.onReplicaSnapshot(statusDecoder.replicaId(), statusDecoder.lastSnapshotSeq());
                }
                break;
            }

            case RetransmitRequestDecoder.TEMPLATE_ID:
                retransmitDecoder.wrap(buffer, bodyOffset, blockLength, version);
                term.onRetransmitRequest(
                    retransmitDecoder.replicaId(), retransmitDecoder.fromSeq(), retransmitDecoder.toSeq());
                break;

            case SnapshotRequestDecoder.TEMPLATE_ID:
                snapshotRequestDecoder.wrap(buffer, bodyOffset, blockLength, version);
                term.onSnapshotRequest(snapshotRequestDecoder.requesterId(), snapshotRequestDecoder.epoch());
                break;

            case SnapshotChunkDecoder.TEMPLATE_ID:
            {
                chunkDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int dataLength = FabricMessages.varFieldLength(buffer, bodyOffset + blockLength, offset + length);
                if (dataLength < 0 || !SnapshotChunkBounds.fit(chunkDecoder.totalLength(), chunkDecoder.chunkOffset(),
                    dataLength))
                {
                    inbound.drop(FabricMessageCheck.OUT_OF_BOUNDS, SnapshotChunkDecoder.TEMPLATE_ID);
                    listener.onUnreadableReplicaMessage();
                    return Action.CONTINUE;
                }
                return term.onSnapshotChunk(
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
                listener.onUnreadableReplicaMessage();
        }
        return Action.CONTINUE;
    }
}
