package io.hedge.replicas;

import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.CounterType;
import io.hedge.ops.ReportedRole;
import io.hedge.ops.RoleCounters;

import java.nio.file.Path;

/**
 * What a replica reports once an interval (docs/OPERATIONS.md): its state, applied and journaled seqs, state hash,
 * and its counters, read on its agent thread (the reporter runs beside the agent), so plain fields are safe to read.
 */
final class ReplicaReport implements ReportedRole
{
    private final ReplicaAgent agent;
    private final Path journalDir;

    ReplicaReport(final ReplicaAgent agent, final Path journalDir)
    {
        this.agent = agent;
        this.journalDir = journalDir;
    }

    @Override
    public RoleKind roleKind()
    {
        return RoleKind.REPLICA;
    }

    @Override
    public int roleId()
    {
        return agent.replicaId();
    }

    @Override
    public Path journalDir()
    {
        return journalDir;
    }

    @Override
    public long epoch()
    {
        return agent.epoch();
    }

    @Override
    public int stateCode()
    {
        return agent.state().value();
    }

    @Override
    public long seq()
    {
        return agent.appliedSeq();
    }

    @Override
    public long commitSeq()
    {
        return agent.resources().journal.lastSeq();
    }

    @Override
    public long stateHash()
    {
        return agent.stateHash();
    }

    @Override
    public boolean suspended()
    {
        return false;
    }

    @Override
    public void publishCounters(final RoleCounters counters)
    {
        final ReplicaResources resources = agent.resources();
        final ReplicaCounters replica = agent.counters();
        counters.set(CounterType.APPLIED, 0, resources.applier.appliedCount());
        counters.set(CounterType.GAPS, 0, replica.gapsDetected());
        counters.set(CounterType.RETRANSMITS_REQUESTED, 0, resources.publisher.retransmitRequests());
        counters.set(CounterType.SNAPSHOTS_WRITTEN, 0, resources.snapshots.written());
        counters.set(CounterType.REPAIRS, 0, replica.repairs());
        counters.set(CounterType.REPLICA_BACK_PRESSURE_RETRIES, 0, resources.publisher.backPressureRetries());
        counters.set(CounterType.REPLICA_STATE, 0, agent.state().value());
        counters.set(CounterType.STATE_MACHINE_REJECTS, 0, replica.requestsRejected());
    }

    /**
     * @return the replica's latency recorders.
     */
    static io.hedge.ops.RoleHistograms histograms(final ReplicaAgent agent)
    {
        return agent.counters().hops().histograms();
    }
}
