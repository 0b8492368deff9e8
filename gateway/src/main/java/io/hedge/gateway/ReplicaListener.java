package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * What arrives at the gateway's inbound endpoint for a candidacy, decoded by the {@link ReplicaAdapter}: replicas'
 * votes, and the journal entries they send a filling candidate. Replicas' status reports go to the
 * {@link LeadershipListener}; what serves a term of leadership to a {@link TermListener}.
 */
interface ReplicaListener
{
    void onEpochVote(int replicaId, int candidateId, long voteEpoch, boolean granted, long journaledSeq);

    /**
     * A journal entry a voter sends a candidate that is filling its journal.
     */
    Action onFetchedSequenced(
        DirectBuffer buffer, int offset, int length, long entryEpoch, long seq, long clientId, long correlationId);

    void onUnreadableReplicaMessage();
}
