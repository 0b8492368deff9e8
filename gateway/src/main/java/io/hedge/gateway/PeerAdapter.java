package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.EpochVoteRequestDecoder;
import io.hedge.codecs.fabric.GatewayHeartbeatDecoder;
import io.hedge.codecs.fabric.JoinAcceptedDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import org.agrona.DirectBuffer;

/**
 * Decodes what another gateway publishes on its sequenced and replay streams, as this gateway hears it: heartbeats
 * (who is active, in which epoch, how far), sequenced messages (which a standby journals), vote requests (a rival
 * candidate's epoch) and join answers. Everything else there is for replicas and is passed over.
 */
final class PeerAdapter implements ControlledFragmentHandler
{
    private final GatewayAgent agent;
    private final int peerId;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final GatewayHeartbeatDecoder heartbeat = new GatewayHeartbeatDecoder();
    private final SequencedDecoder sequenced = new SequencedDecoder();
    private final EpochVoteRequestDecoder voteRequest = new EpochVoteRequestDecoder();
    private final JoinAcceptedDecoder joinAccepted = new JoinAcceptedDecoder();

    PeerAdapter(final GatewayAgent agent, final int peerId)
    {
        this.agent = agent;
        this.peerId = peerId;
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
            case GatewayHeartbeatDecoder.TEMPLATE_ID:
                heartbeat.wrap(buffer, bodyOffset, blockLength, version);
                agent.onPeerHeartbeat(peerId, heartbeat.epoch(), heartbeat.lastSeq(), heartbeat.epochStartSeq());
                return Action.CONTINUE;

            case SequencedDecoder.TEMPLATE_ID:
                sequenced.wrap(buffer, bodyOffset, blockLength, version);
                return agent.onPeerSequenced(peerId, buffer, offset, length, sequenced.epoch(), sequenced.seq(),
                    sequenced.clientId(), sequenced.correlationId());

            case EpochVoteRequestDecoder.TEMPLATE_ID:
                voteRequest.wrap(buffer, bodyOffset, blockLength, version);
                agent.onPeerVoteRequest(peerId, voteRequest.epoch());
                return Action.CONTINUE;

            case JoinAcceptedDecoder.TEMPLATE_ID:
                joinAccepted.wrap(buffer, bodyOffset, blockLength, version);
                agent.onJoinAccepted(peerId, joinAccepted.gatewayId(), joinAccepted.epoch(), joinAccepted.validSeq());
                return Action.CONTINUE;

            default:
                return Action.CONTINUE;
        }
    }
}
