package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.fabric.EpochVoteRequestDecoder;
import io.hedge.codecs.fabric.GatewayHeartbeatDecoder;
import io.hedge.codecs.fabric.JoinAcceptedDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.GatewayLinks;
import io.hedge.transport.GatewayMember;
import io.hedge.transport.InboundCheck;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.SecurityCounters;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * Decodes what the other gateways publish on their sequenced and replay streams, as this gateway hears them through
 * its {@link GatewayLinks}: heartbeats (who is active, in which epoch, how far), sequenced messages (which a standby
 * journals), vote requests (a rival candidate's epoch) and join answers. Everything else there is for replicas and
 * is passed over. The links also carry this gateway's messages to each peer's inbound endpoint.
 */
final class PeerAdapter implements AutoCloseable
{
    private final PeerListener listener;
    private final InboundCheck inbound;
    private final LeadershipListener leadership;
    private final GatewayLinks links;
    private final SecurityCounters security;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final GatewayHeartbeatDecoder heartbeat = new GatewayHeartbeatDecoder();
    private final SequencedDecoder sequenced = new SequencedDecoder();
    private final EpochVoteRequestDecoder voteRequest = new EpochVoteRequestDecoder();
    private final JoinAcceptedDecoder joinAccepted = new JoinAcceptedDecoder();
    private final io.hedge.codecs.fabric.HandoverDecoder handover = new io.hedge.codecs.fabric.HandoverDecoder();
    private final long[] historyEpochs = new long[FabricLimits.HISTORY_TAIL];
    private final long[] historyStarts = new long[FabricLimits.HISTORY_TAIL];

    PeerAdapter(
        final Aeron aeron,
        final List<GatewayMember> peers,
        final int sequencedStreamId,
        final int replayStreamId,
        final int inboundStreamId,
        final MemberSealing sealing,
        final SecurityCounters security,
        final PeerListener listener,
        final LeadershipListener leadership)
    {
        this(aeron, peers, sequencedStreamId, replayStreamId, inboundStreamId, sealing, security, listener, leadership,
            new InboundCheck("gateway peers", security.malformedMessagesDropped()));
    }

    /**
     * Unsealed, with counters of its own (tests).
     *
     * @param inbound refuses (and counts) a message whose lengths do not fit what arrived, before it is decoded.
     */
    PeerAdapter(
        final Aeron aeron,
        final List<GatewayMember> peers,
        final int sequencedStreamId,
        final int replayStreamId,
        final int inboundStreamId,
        final PeerListener listener,
        final LeadershipListener leadership,
        final InboundCheck inbound)
    {
        this(aeron, peers, sequencedStreamId, replayStreamId, inboundStreamId, MemberSealing.off(),
            SecurityCounters.inMemory("gateway peers"), listener, leadership, inbound);
    }

    /**
     * @param sealing  checks each message's seal (in front of this adapter, inside the fragment assembler).
     * @param security counts epochs above the ceiling.
     * @param inbound  refuses (and counts) a message whose lengths do not fit what arrived, before it is decoded.
     */
    PeerAdapter(
        final Aeron aeron,
        final List<GatewayMember> peers,
        final int sequencedStreamId,
        final int replayStreamId,
        final int inboundStreamId,
        final MemberSealing sealing,
        final SecurityCounters security,
        final PeerListener listener,
        final LeadershipListener leadership,
        final InboundCheck inbound)
    {
        this.inbound = inbound;
        this.security = security;
        this.listener = listener;
        this.leadership = leadership;
        // a standby hears its peers' sequenced streams on their standby channels, never on the replicas'
        this.links = new GatewayLinks(
            aeron, peers, sequencedStreamId, replayStreamId, inboundStreamId, true, sealing, PeerHandler::new);
    }

    int poll(final int fragmentLimit)
    {
        return links.poll(fragmentLimit);
    }

    /**
     * @return the sealed offer to this peer's inbound endpoint, or null if it is not a peer.
     */
    StreamOffer offerTo(final int gatewayId)
    {
        for (int i = 0; i < links.size(); i++)
        {
            if (links.gatewayIdAt(i) == gatewayId)
            {
                final int index = i;
                return (buffer, offset, length) -> links.offer(index, buffer, offset, length);
            }
        }
        return null;
    }

    @Override
    public void close()
    {
        links.close();
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
     * One message of the peer {@code peerId}, its seal already checked; package-private so that tests feed it without
     * a media driver.
     */
    Action onFragment(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!inbound.accept(buffer, offset, length, headerDecoder))
        {
            listener.onUnreadablePeerMessage();
            return Action.CONTINUE;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (headerDecoder.templateId())
        {
            case GatewayHeartbeatDecoder.TEMPLATE_ID:
            {
                heartbeat.wrap(buffer, bodyOffset, blockLength, version);
                // the fixed fields first, then the group: SBE reads in order
                final long epoch = heartbeat.epoch();
                final long lastSeq = heartbeat.lastSeq();
                final long epochStartSeq = heartbeat.epochStartSeq();
                int count = 0;
                if (version >= 2)
                {
                    for (final GatewayHeartbeatDecoder.HistoryDecoder run : heartbeat.history())
                    {
                        if (count < FabricLimits.HISTORY_TAIL)
                        {
                            historyEpochs[count] = run.epoch();
                            historyStarts[count] = run.startSeq();
                            count++;
                        }
                    }
                }
                if (!refusedEpoch(epoch))
                {
                    leadership.onPeerHeartbeat(peerId, epoch, lastSeq, epochStartSeq, historyEpochs, historyStarts, count);
                }
                return Action.CONTINUE;
            }

            case SequencedDecoder.TEMPLATE_ID:
                sequenced.wrap(buffer, bodyOffset, blockLength, version);
                if (refusedEpoch(sequenced.epoch()))
                {
                    return Action.CONTINUE;
                }
                return listener.onPeerSequenced(peerId, buffer, offset, length, sequenced.epoch(), sequenced.seq(),
                    sequenced.clientId(), sequenced.correlationId());

            case EpochVoteRequestDecoder.TEMPLATE_ID:
                voteRequest.wrap(buffer, bodyOffset, blockLength, version);
                if (!refusedEpoch(voteRequest.epoch()))
                {
                    listener.onPeerVoteRequest(peerId, voteRequest.epoch(), voteRequest.preVote() == 1);
                }
                return Action.CONTINUE;

            case JoinAcceptedDecoder.TEMPLATE_ID:
                joinAccepted.wrap(buffer, bodyOffset, blockLength, version);
                if (!refusedEpoch(joinAccepted.epoch()))
                {
                    leadership.onJoinAccepted(
                        peerId, joinAccepted.gatewayId(), joinAccepted.epoch(), joinAccepted.validSeq());
                }
                return Action.CONTINUE;

            case io.hedge.codecs.fabric.HandoverDecoder.TEMPLATE_ID:
                handover.wrap(buffer, bodyOffset, blockLength, version);
                if (!refusedEpoch(handover.epoch()) && handover.gatewayId() == peerId)
                {
                    leadership.onHandover(peerId, handover.epoch(), handover.targetGatewayId(), handover.lastSeq());
                }
                return Action.CONTINUE;

            default:
                return Action.CONTINUE;
        }
    }

    /**
     * The messages of one peer: the links make one per gateway, so that each message is known by its sender.
     */
    private final class PeerHandler implements ControlledFragmentHandler
    {
        private final int peerId;

        PeerHandler(final int peerId)
        {
            this.peerId = peerId;
        }

        @Override
        public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            return PeerAdapter.this.onFragment(peerId, buffer, offset, length);
        }
    }
}
