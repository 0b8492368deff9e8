package io.hedge.client;

import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.ReplicaState;

import java.util.ArrayList;

import java.util.List;

/**
 * The fabric as the gateway sees it at one moment.
 *
 * @param epoch       of the gateway.
 * @param gatewayId   of the gateway that answered.
 * @param lastSeq     the last seq sequenced.
 * @param answered    how many seqs have been answered to their clients.
 * @param rejected    requests refused before sequencing (too large, malformed).
 * @param replicas    each replica's view, in replica id order.
 */
public record FabricStatus(long epoch, int gatewayId, long lastSeq, long answered, long rejected, List<Replica> replicas)
{
    /**
     * One replica as the gateway sees it.
     *
     * @param replicaId   of the replica.
     * @param state       from its last status report.
     * @param appliedSeq  from its last status report.
     * @param stateHash   from its last status report.
     * @param responses   responses the gateway received from it.
     * @param wins        responses of its that went to clients.
     * @param divergences responses whose state hash differed from the one the client got.
     * @param lagSeq      how many seqs it is behind the gateway.
     * @param statusAgeMs age of its last status report, -1 if none came.
     */
    public record Replica(
        int replicaId,
        ReplicaState state,
        long appliedSeq,
        long stateHash,
        long responses,
        long wins,
        long divergences,
        long lagSeq,
        long statusAgeMs)
    {
    }

    /**
     * Copy a status message out of its buffer.
     *
     * @param status decoder positioned on a FabricStatus message.
     * @return the status as a value.
     */
    public static FabricStatus from(final FabricStatusDecoder status)
    {
        final List<Replica> replicas = new ArrayList<>();
        final long epoch = status.epoch();
        final int gatewayId = status.gatewayId();
        final long lastSeq = status.lastSeq();
        final long answered = status.answeredSeq();
        final long rejected = status.rejectedRequests();
        for (final FabricStatusDecoder.ReplicasDecoder r : status.replicas())
        {
            replicas.add(new Replica(r.replicaId(), r.state(), r.appliedSeq(), r.stateHash(),
                r.responses(), r.wins(), r.divergences(), r.lagSeq(), r.statusAgeMs()));
        }
        return new FabricStatus(epoch, gatewayId, lastSeq, answered, rejected, List.copyOf(replicas));
    }

    /**
     * @return true if every replica has applied everything the gateway sequenced, and they agree.
     */
    public boolean converged()
    {
        return replicasAgree() && replicas.get(0).appliedSeq() == lastSeq;
    }

    /**
     * @return true if at least one replica reported and every replica that reported is at the same applied seq
     * with the same state hash and no divergence.
     */
    public boolean replicasAgree()
    {
        if (replicas.isEmpty())
        {
            return false;
        }
        final Replica first = replicas.get(0);
        for (final Replica replica : replicas)
        {
            if (replica.appliedSeq() != first.appliedSeq() || replica.stateHash() != first.stateHash() ||
                replica.divergences() != 0)
            {
                return false;
            }
        }
        return true;
    }
}
