package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * What a replica hears from the gateways of its stream, decoded by the {@link GatewayAdapter} of the gateway each
 * message came from. The adapter only decodes; which gateway to obey is the listener's decision.
 */
interface GatewayListener
{
    /**
     * One request of the sequenced stream, or of a retransmit.
     *
     * @return {@link Action#ABORT} to have the same message delivered again on the next poll.
     */
    Action onSequenced(
        int gatewayId,
        DirectBuffer buffer,
        int offset,
        int length,
        long epoch,
        long seq,
        long timestampNs,
        long clientId,
        long correlationId,
        int payloadOffset,
        int payloadLength);

    void onHeartbeat(int gatewayId, long epoch, long lastSeq, long epochStartSeq);

    void onVoteRequest(int gatewayId, int candidateId, long epoch);

    void onJournalFetch(int fromGatewayId, int gatewayId, int replicaId, long fromSeq, long toSeq);

    void onResponseFetch(int fromGatewayId, int gatewayId, int replicaId, long fromSeq, long toSeq);

    /**
     * A gateway (fromGatewayId) asks a replica for the effects of seqs fromSeq..toSeq from its effects journal.
     */
    void onEffectsFetch(int fromGatewayId, int gatewayId, int replicaId, long fromSeq, long toSeq);

    void onSnapshotRequest(int gatewayId, int requesterId, long epoch, int donorId);

    /**
     * @return true if a snapshot chunk the gateway relays to this requester is for this replica now; the chunk's
     * data is decoded only then.
     */
    boolean wantsChunk(int gatewayId, int requesterId);

    void onSnapshotChunk(
        int donorId,
        long seq,
        long epoch,
        long rollingStateHash,
        long fullStateHash,
        int totalLength,
        int chunkOffset,
        DirectBuffer buffer,
        int dataOffset,
        int dataLength);

    /** A message too short to decode, or of a type no gateway sends a replica. */
    void onUnreadableMessage();
}
