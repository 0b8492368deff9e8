package io.hedge.gateway;

import io.hedge.codecs.fabric.GatewayHeartbeatEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Tells replicas, on the sequenced stream, that this gateway is alive and how far it has sequenced, so a
 * replica that lost the last message of a burst knows it is behind even when nothing else arrives.
 */
final class HeartbeatPublisher
{
    private final StreamOffer publication;
    private final int gatewayId;
    private final long intervalNs;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final GatewayHeartbeatEncoder encoder = new GatewayHeartbeatEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private long nextDueNs;

    HeartbeatPublisher(final StreamOffer publication, final int gatewayId, final long intervalNs)
    {
        this.publication = publication;
        this.gatewayId = gatewayId;
        this.intervalNs = intervalNs;
    }

    int poll(
        final long nowNs, final long epoch, final long lastPublishedSeq, final long epochStartSeq, final long timestampNs)
    {
        if (nowNs - nextDueNs < 0)
        {
            return 0;
        }
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .gatewayId(gatewayId)
            .epoch(epoch)
            .lastSeq(lastPublishedSeq)
            .timestampNs(timestampNs)
            .epochStartSeq(epochStartSeq);
        // a heartbeat that meets back pressure is simply late; the next one carries the same news
        publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        nextDueNs = nowNs + intervalNs;
        return 1;
    }
}
