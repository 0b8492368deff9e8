package io.hedge.gateway;

import io.hedge.codecs.fabric.ReplicaState;

/**
 * What may change a gateway's phase, whatever the phase: another gateway heard leading (through the
 * {@link PeerAdapter}), the leader's answer to a join, and a replica's status (through the {@link ReplicaAdapter}),
 * which may carry a promise of a newer epoch. The {@link GatewayAgent} hears these itself, because each may end its
 * phase at once; what only feeds the current phase goes to the {@link PhaseRouter}.
 */
interface LeadershipListener
{
    /**
     * Another gateway is active: its epoch, how far it has sequenced, and the newest runs of its epoch history,
     * oldest first (arrays of the adapter, reused for the next message: read them before returning).
     */
    void onPeerHeartbeat(
        int peerId,
        long peerEpoch,
        long lastSeq,
        long epochStartSeq,
        long[] historyEpochs,
        long[] historyStarts,
        int historyCount);

    void onJoinAccepted(int peerId, int targetId, long acceptedEpoch, long validSeq);

    /**
     * @param journaledSeq the last seq in the replica's journal.
     * @param matchedEpoch the epoch whose leader's history the journal was checked against, 0 until checked.
     */
    void onReplicaStatus(
        int replicaId, long epoch, ReplicaState state, long appliedSeq, long journaledSeq, long matchedEpoch,
        long stateHash);

    /**
     * A replica's status (schema version 5 or later) named the seq of its last snapshot, 0 if none.
     */
    default void onReplicaSnapshot(int replicaId, long lastSnapshotSeq)
    {
    }

    /**
     * The active gateway hands over to targetId (hedge admin switchover): everything up to lastSeq is committed and
     * answered, and it has stepped down.
     */
    default void onHandover(int peerId, long epoch, int targetId, long lastSeq)
    {
    }
}
