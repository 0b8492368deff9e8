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

    /**
     * A gateway's heartbeat with the newest runs of its epoch history, oldest first. The arrays are the adapter's and
     * are reused by the next heartbeat: copy what must be kept.
     *
     * @param historyEpochs the epoch of each run.
     * @param historyStarts the first seq of each run.
     * @param historyCount  how many runs were sent; 0 from a gateway that sends none (before protocol v2).
     */
    void onHeartbeat(
        int gatewayId,
        long epoch,
        long lastSeq,
        long epochStartSeq,
        long[] historyEpochs,
        long[] historyStarts,
        int historyCount);

    /**
     * A gateway orders one replica to rebuild its state from a peer: its state hash at seq disagrees with the one a
     * majority of the replicas agree on.
     *
     * @param fromGatewayId the gateway whose stream carried it.
     */
    void onRepairOrder(int fromGatewayId, int gatewayId, int replicaId, long epoch, long seq, long majorityHash);

    /**
     * hedge admin switchover: the gateway leading this epoch handed over to targetId and stepped down.
     *
     * @param fromGatewayId the gateway whose stream carried it (and that sent it).
     */
    default void onHandover(int fromGatewayId, long epoch, int targetId)
    {
    }

    /**
     * @param lastSeq   the last seq the candidate journaled.
     * @param lastEpoch the epoch of the candidate's last journaled entry.
     * @param preVote   true when the candidate only asks whether this replica would vote for it.
     */
    void onVoteRequest(int gatewayId, int candidateId, long epoch, long lastSeq, long lastEpoch, boolean preVote);

    void onJournalFetch(int fromGatewayId, int gatewayId, int replicaId, long fromSeq, long toSeq);

    void onResponseFetch(int fromGatewayId, int gatewayId, int replicaId, long fromSeq, long toSeq);

    /**
     * A gateway (fromGatewayId) asks a replica for the effects of seqs fromSeq..toSeq from its effects journal.
     */
    void onEffectsFetch(int fromGatewayId, int gatewayId, int replicaId, long fromSeq, long toSeq);

    void onSnapshotRequest(int gatewayId, int requesterId, long epoch, int donorId);

    /**
     * A read-only query the gateway addressed to one replica (never sequenced, never journaled).
     *
     * @param fromGatewayId the gateway whose stream carried it, which the answer goes to.
     * @param replicaId     the replica addressed.
     * @param token         the gateway's id for the query.
     * @param minSeq        the least applied seq to answer from.
     * @return ABORT to have the same query delivered again on the next poll.
     */
    Action onQuery(int fromGatewayId, int replicaId, long token, long minSeq, DirectBuffer buffer, int payloadOffset,
        int payloadLength);

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
