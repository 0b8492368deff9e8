package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * What the other gateways of the stream publish that feeds this one's current phase, as it hears it through the
 * {@link PeerAdapter}: the leader's stream (journaled by a standby) and rival candidates' vote requests. Heartbeats and
 * join answers go to the {@link LeadershipListener}.
 */
interface PeerListener
{
    Action onPeerSequenced(
        int peerId,
        DirectBuffer buffer,
        int offset,
        int length,
        long entryEpoch,
        long seq,
        long clientId,
        long correlationId);

    /**
     * A rival's vote request; {@code preVote}: only asking whether replicas would vote, nothing is taken.
     */
    void onPeerVoteRequest(int peerId, long requestEpoch, boolean preVote);

    void onUnreadablePeerMessage();
}
