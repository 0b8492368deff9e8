package io.hedge.gateway;

import io.hedge.codecs.fabric.JoinRequestEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.RetransmitRequestEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a standby sends to the leader gateway it follows, at that peer's inbound endpoint (through the links the
 * {@link PeerAdapter} keeps): join requests and requests to retransmit a gap of its journal. The leader reads them
 * with its {@link ReplicaAdapter}, beside what replicas send there. Neither is on the per-request path; each is
 * offered once and, when it meets back pressure, sent again by the {@link Follower}'s retry timer.
 */
final class PeerPublisher
{
    private final int gatewayId;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final JoinRequestEncoder joinRequest = new JoinRequestEncoder();
    private final RetransmitRequestEncoder retransmit = new RetransmitRequestEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    PeerPublisher(final int gatewayId)
    {
        this.gatewayId = gatewayId;
    }

    boolean joinRequest(final StreamOffer leader, final long lastSeq, final long lastEpoch)
    {
        joinRequest.wrapAndApplyHeader(buffer, 0, header).gatewayId(gatewayId).lastSeq(lastSeq).lastEpoch(lastEpoch);
        return leader.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + joinRequest.encodedLength()) > 0;
    }

    boolean retransmitRequest(final StreamOffer leader, final int requesterId, final long fromSeq, final long toSeq)
    {
        retransmit.wrapAndApplyHeader(buffer, 0, header).replicaId(requesterId).fromSeq(fromSeq).toSeq(toSeq);
        return leader.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + retransmit.encodedLength()) > 0;
    }
}
