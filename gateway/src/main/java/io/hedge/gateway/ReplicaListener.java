package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * What arrives at the gateway's inbound endpoint for one phase, decoded by the {@link ReplicaAdapter}: replicas'
 * votes and the journal entries they send a filling candidate, and the responses they send back for a warm-up.
 * Replicas' status reports go to the {@link LeadershipListener}; what serves a term of leadership to a
 * {@link TermListener}.
 */
interface ReplicaListener
{
    /**
     * A replica's answer to a pre-vote ({@code preVote}) or a real vote request, with its journal's last seq and
     * epoch and the newest runs of its epoch history, oldest first. The history arrays are the adapter's, reused for
     * the next message: read them before returning.
     */
    void onEpochVote(
        int replicaId,
        int candidateId,
        long voteEpoch,
        boolean granted,
        long journaledSeq,
        long lastEntryEpoch,
        boolean preVote,
        long[] historyEpochs,
        long[] historyStarts,
        int historyCount);

    /**
     * A journal entry a voter sends a candidate that is filling its journal.
     */
    Action onFetchedSequenced(
        DirectBuffer buffer, int offset, int length, long entryEpoch, long seq, long clientId, long correlationId);

    /**
     * A response a replica sends back for a warm-up's fetch, or ({@code complete}) the end of what it holds.
     */
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
