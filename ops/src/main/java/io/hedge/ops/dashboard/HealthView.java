package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.FabricHealthDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of one FabricHealth message (the decoder is valid only during the listener's call): every role as the
 * answering gateway's health monitor classified it, and the open alarms.
 */
record HealthView(
    long receivedAtMs,
    long timestampMs,
    int gatewayId,
    int activeGatewayId,
    long epoch,
    long lastSeq,
    long commitSeq,
    boolean suspended,
    List<Gateway> gateways,
    List<Replica> replicas,
    List<Alarm> alarms)
{
    record Gateway(int gatewayId, String health, String role, long epoch, long lastSeq, int clients, int inFlight,
        long reportAgeMs)
    {
    }

    record Replica(int replicaId, String health, String state, long appliedSeq, long lagSeq, long lagMs,
        long stateHash, long divergences, long wins, long responses, long reportAgeMs)
    {
    }

    record Alarm(long alarmId, String subjectKind, int subjectId, String health, long raisedAtMs, String reason)
    {
    }

    /**
     * Copy a FabricHealth, reading its groups in schema order.
     */
    static HealthView of(final FabricHealthDecoder health, final long receivedAtMs)
    {
        final long timestampMs = health.timestampMs();
        final int gatewayId = health.gatewayId();
        final int activeGatewayId = health.activeGatewayId();
        final long epoch = health.epoch();
        final long lastSeq = health.lastSeq();
        final long commitSeq = health.commitSeq();
        final boolean suspended = health.suspendedRaw() == 1;
        final List<Gateway> gateways = new ArrayList<>();
        for (final FabricHealthDecoder.GatewaysDecoder g : health.gateways())
        {
            gateways.add(new Gateway(g.gatewayId(), Names.health(g.healthRaw()), Names.gatewayRole(g.roleRaw()),
                g.epoch(), g.lastSeq(), g.clients(), g.inFlight(), g.reportAgeMs()));
        }
        final List<Replica> replicas = new ArrayList<>();
        for (final FabricHealthDecoder.ReplicasDecoder r : health.replicas())
        {
            replicas.add(new Replica(r.replicaId(), Names.health(r.healthRaw()), Names.replicaState(r.stateCode()),
                r.appliedSeq(), r.lagSeq(), r.lagMs(), r.stateHash(), r.divergences(), r.wins(), r.responses(),
                r.reportAgeMs()));
        }
        final List<Alarm> alarms = new ArrayList<>();
        for (final FabricHealthDecoder.AlarmsDecoder a : health.alarms())
        {
            final long alarmId = a.alarmId();
            final String kind = Names.roleKind(a.subjectKindRaw());
            final int subjectId = a.subjectId();
            final String alarmHealth = Names.health(a.healthRaw());
            final long raisedAtMs = a.raisedAtMs();
            alarms.add(new Alarm(alarmId, kind, subjectId, alarmHealth, raisedAtMs, a.reason()));
        }
        return new HealthView(receivedAtMs, timestampMs, gatewayId, activeGatewayId, epoch, lastSeq, commitSeq,
            suspended, List.copyOf(gateways), List.copyOf(replicas), List.copyOf(alarms));
    }
}
