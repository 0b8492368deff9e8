package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ReplicaState;
import org.agrona.DirectBuffer;

/**
 * What arrives at the gateway's inbound endpoint and concerns the gateway in every phase, decoded by the
 * {@link ReplicaAdapter}: replicas' status reports (their liveness, and the epochs they promised), their votes, and
 * the journal entries they send a filling candidate. What serves a term of leadership goes to a {@link TermListener}.
 */
interface ReplicaListener
{
    void onReplicaStatus(int replicaId, long epoch, ReplicaState state, long appliedSeq, long stateHash);

    void onEpochVote(int replicaId, int candidateId, long voteEpoch, boolean granted, long journaledSeq);

    /**
     * A journal entry a voter sends a candidate that is filling its journal.
     */
    Action onFetchedSequenced(
        DirectBuffer buffer, int offset, int length, long entryEpoch, long seq, long clientId, long correlationId);

    void onUnreadableReplicaMessage();
}
