package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * What the other gateways of the stream publish, as this one hears it through the {@link PeerAdapter}.
 */
interface PeerListener
{
    void onPeerHeartbeat(int peerId, long peerEpoch, long lastSeq, long epochStartSeq);

    Action onPeerSequenced(
        int peerId,
        DirectBuffer buffer,
        int offset,
        int length,
        long entryEpoch,
        long seq,
        long clientId,
        long correlationId);

    void onPeerVoteRequest(int peerId, long requestEpoch);

    void onJoinAccepted(int peerId, int targetId, long acceptedEpoch, long validSeq);

    void onUnreadablePeerMessage();
}
