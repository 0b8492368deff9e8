package io.hedge.gateway;

import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.CounterType;
import io.hedge.ops.ReportedRole;
import io.hedge.ops.RoleCounters;
import io.hedge.ops.RoleHistograms;
import org.agrona.concurrent.NanoClock;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a gateway reports once an interval (docs/OPERATIONS.md): its role, epoch, seqs and counters, read on its
 * agent thread (the reporter runs beside the agent), so the agent's plain fields are safe to read here.
 */
final class GatewayReport implements ReportedRole
{
    private final GatewayAgent agent;
    private final Path journalDir;
    private final NanoClock nanoClock;
    private final int replicaCount;
    private final ReplicaFigures figures = new ReplicaFigures();

    /**
     * @param nanoClock the agent's clock: replica status ages and lag times are measured against its readings.
     */
    GatewayReport(final GatewayAgent agent, final Path journalDir, final int replicaCount, final NanoClock nanoClock)
    {
        this.agent = agent;
        this.journalDir = journalDir;
        this.replicaCount = replicaCount;
        this.nanoClock = nanoClock;
    }

    static RoleHistograms histograms(final GatewayAgent agent)
    {
        return agent.counters().hops().histograms();
    }

    @Override
    public RoleKind roleKind()
    {
        return RoleKind.GATEWAY;
    }

    @Override
    public int roleId()
    {
        return agent.gatewayId();
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

    /**
     * @return the GatewayRole value: STANDBY 0, CANDIDATE 1, ACTIVE 2, as {@link GatewayAgent.Role}'s order.
     */
    @Override
    public int stateCode()
    {
        return agent.role().ordinal();
    }

    @Override
    public long seq()
    {
        return agent.lastSeq();
    }

    /**
     * @return the active gateway's commit seq; a standby's is what it journaled.
     */
    @Override
    public long commitSeq()
    {
        return agent.role() == GatewayAgent.Role.ACTIVE ? agent.counters().commitSeq() : agent.lastSeq();
    }

    @Override
    public long stateHash()
    {
        return 0;
    }

    /**
     * @return whether {@code hedge admin suspend} holds this gateway's new requests (only the active gateway can be).
     */
    @Override
    public boolean suspended()
    {
        return agent.suspended();
    }

    @Override
    public void publishCounters(final RoleCounters counters)
    {
        final GatewayCounters gateway = agent.counters();
        counters.set(CounterType.SEQUENCED, 0, gateway.requestsSequenced());
        counters.set(CounterType.ANSWERED, 0, gateway.answered());
        counters.set(CounterType.SUSPENDED_ANSWERS, 0, gateway.suspendedAnswers());
        for (int reason = 1; reason < GatewayCounters.rejectReasons(); reason++)
        {
            final long rejected = gateway.rejectedRequests(reason);
            if (rejected > 0)
            {
                counters.set(CounterType.REJECTED, reason, rejected);
            }
        }
        counters.set(CounterType.DUPLICATES, 0, gateway.duplicatesSeen());
        counters.set(CounterType.BACK_PRESSURE_RETRIES, 0, gateway.backPressureRetries());
        counters.set(CounterType.RETRANSMITTED, 0, gateway.retransmittedMessages());
        counters.set(CounterType.SNAPSHOTS_RELAYED, 0, gateway.snapshotsRelayed());
        counters.set(CounterType.ELECTIONS, 0, gateway.elections());
        counters.set(CounterType.TAKEOVERS, 0, gateway.takeovers());
        counters.set(CounterType.STEP_DOWNS, 0, gateway.stepDowns());
        counters.set(CounterType.EFFECTS_FORWARDED, 0, gateway.effectsForwarded());
        counters.set(CounterType.CLIENTS, 0, agent.clientCount());
        final boolean active = agent.role() == GatewayAgent.Role.ACTIVE;
        counters.set(CounterType.IN_FLIGHT, 0, active ? Math.max(0, agent.lastSeq() - gateway.commitSeq()) : 0);
        counters.set(CounterType.GATEWAY_STATE, 0, stateCode());
        figures.publish(counters, gateway, active);
    }

    /**
     * Each configured replica's figures as the last term saw them: divergences, wins, lag in seqs and in time, age of
     * its last status (-1: never heard).
     */
    private final class ReplicaFigures implements java.util.function.Consumer<ReplicaStats>
    {
        private RoleCounters counters;
        private GatewayHops hops;
        private long nowNs;
        private long lastSeq;
        private boolean active;
        private int seen;

        void publish(final RoleCounters counters, final GatewayCounters gateway, final boolean active)
        {
            this.counters = counters;
            this.hops = gateway.hops();
            this.nowNs = nanoClock.nanoTime();
            this.lastSeq = agent.lastSeq();
            this.active = active;
            seen = 0;
            gateway.forEachReplica(this);
            for (int id = seen + 1; id <= replicaCount; id++)
            {
                // before the first term: every replica is there, never heard
                counters.set(CounterType.REPLICA_STATUS_AGE_MS, id, -1);
            }
        }

        @Override
        public void accept(final ReplicaStats replica)
        {
            final int id = replica.replicaId();
            seen = Math.max(seen, id);
            counters.set(CounterType.DIVERGENCES, id, replica.divergences());
            counters.set(CounterType.WINS, id, replica.wins());
            final long applied = replica.appliedSeq();
            final long lag = active ? Math.max(0, lastSeq - applied) : 0;
            counters.set(CounterType.REPLICA_LAG, id, lag);
            long lagMs = 0;
            if (lag > 0)
            {
                final long sequencedNs = hops.sequencedNs(applied + 1);
                lagMs = 0 == sequencedNs ? -1 : TimeUnit.NANOSECONDS.toMillis(nowNs - sequencedNs);
            }
            counters.set(CounterType.REPLICA_LAG_MS, id, lagMs);
            final long statusNs = replica.lastStatusNs();
            counters.set(CounterType.REPLICA_STATUS_AGE_MS, id,
                0 == statusNs ? -1 : TimeUnit.NANOSECONDS.toMillis(nowNs - statusNs));
        }
    }
}
