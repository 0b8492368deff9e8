package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.QueryStatus;
import org.agrona.DirectBuffer;

/**
 * What arrives at the gateway's inbound endpoint for a term of leadership, decoded by the {@link ReplicaAdapter}:
 * replicas' responses, their retransmit and snapshot requests and
 * snapshot chunks, standbys' join and retransmit requests, and the effects sink's position. The agent sets the
 * listener at every change of phase: the {@link LeaderTerm} while it leads, {@link #notLeading} otherwise.
 */
interface TermListener
{
    /**
     * A replica's response: the whole ReplicaResponse message is {@code buffer[messageOffset, +messageLength)}, its
     * payload {@code buffer[payloadOffset, +payloadLength)}.
     */
    void onReplicaResponse(
        long responseEpoch,
        long seq,
        int replicaId,
        long stateHash,
        int outcome,
        DirectBuffer buffer,
        int messageOffset,
        int messageLength,
        int payloadOffset,
        int payloadLength);

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

    /**
     * A replica's answer to the effects forwarder's EffectsFetch: one seq's effects, or ({@code complete}) the close.
     */
    void onEffectsReplay(int replicaId, long seq, boolean complete, long firstAvailableSeq, DirectBuffer effects,
        int offset, int length);

    /**
     * A replica's answer to a read-only query this gateway sent it: {@code queryId} is the gateway's token. Outside a
     * term nothing was asked: let be.
     */
    default void onQueryAnswer(long queryId, int replicaId, QueryStatus status, long appliedSeq, DirectBuffer payload,
        int offset, int length)
    {
    }

    /**
     * Outside a term: responses are counted as stale (sent to an epoch this gateway does not lead), the rest let be.
     */
    static TermListener notLeading(final GatewayCounters counters)
    {
        return new TermListener()
        {
            @Override
            public void onReplicaResponse(final long responseEpoch, final long seq, final int replicaId,
                final long stateHash, final int outcome, final DirectBuffer buffer, final int messageOffset,
                final int messageLength, final int payloadOffset, final int payloadLength)
            {
                counters.onStaleEpochResponse();
            }

            @Override
            public void onJoinRequest(final int standbyId, final long standbyLastSeq, final long standbyLastEpoch)
            {
            }

            @Override
            public void onRetransmitRequest(final int requesterId, final long fromSeq, final long toSeq)
            {
            }

            @Override
            public void onSnapshotRequest(final int requesterId, final long requestEpoch)
            {
            }

            @Override
            public Action onSnapshotChunk(final DirectBuffer buffer, final int offset, final int length,
                final int donorId, final int requesterId, final long seq, final int totalLength, final int chunkOffset,
                final int dataLength)
            {
                return Action.CONTINUE;
            }

            @Override
            public void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
            {
            }

            @Override
            public void onEffectsReplay(final int replicaId, final long seq, final boolean complete,
                final long firstAvailableSeq, final DirectBuffer effects, final int offset, final int length)
            {
            }
        };
    }
}
