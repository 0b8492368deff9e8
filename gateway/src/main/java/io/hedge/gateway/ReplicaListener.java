package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ReplicaState;
import org.agrona.DirectBuffer;

/**
 * What arrives at the gateway's inbound endpoint, decoded by the {@link ReplicaAdapter}: from replicas (responses,
 * status, votes, fetched journal entries and responses, retransmit and snapshot requests, snapshot chunks), from
 * standby gateways (join requests, retransmit requests) and from the effects sink (its position).
 */
interface ReplicaListener
{
    void onReplicaResponse(
        long responseEpoch,
        long seq,
        int replicaId,
        long stateHash,
        DirectBuffer payload,
        int offset,
        int length,
        DirectBuffer effectBuffer,
        int effectsOffset,
        int effectsLength);

    void onReplicaStatus(int replicaId, long epoch, ReplicaState state, long appliedSeq, long stateHash);

    void onEpochVote(int replicaId, int candidateId, long voteEpoch, boolean granted, long journaledSeq);

    /**
     * A journal entry a voter sends a candidate that is filling its journal.
     */
    Action onFetchedSequenced(
        DirectBuffer buffer, int offset, int length, long entryEpoch, long seq, long clientId, long correlationId);

    void onJoinRequest(int standbyId, long standbyLastSeq, long standbyLastEpoch);

    void onRetransmitRequest(int requesterId, long fromSeq, long toSeq);

    void onSnapshotRequest(int requesterId, long requestEpoch);

    /**
     * @return ABORT when the chunk cannot be relayed yet: it is delivered again.
     */
    Action onSnapshotChunk(
        DirectBuffer buffer,
        int offset,
        int length,
        int donorId,
        int requesterId,
        long seq,
        int totalLength,
        int chunkOffset,
        int dataLength);

    void onSinkPosition(long sinkEpoch, long lastSeq, int lastIndex);

    void onResponseReplay(
        int replicaId,
        long seq,
        boolean complete,
        long firstAvailableSeq,
        long responseEpoch,
        long stateHash,
        DirectBuffer payload,
        int payloadOffset,
        int payloadLength,
        DirectBuffer effectBuffer,
        int effectsOffset,
        int effectsLength);

    void onUnreadableReplicaMessage();
}
