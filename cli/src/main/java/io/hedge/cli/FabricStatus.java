package io.hedge.cli;

import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;

import java.util.ArrayList;
import java.util.List;

/**
 * One FabricHealth as {@code hedge status} prints it, copied out of the decoder, and what it makes of it: healthy (0:
 * every role UP), degraded (1: a role is not UP, but a gateway is active and fewer than a majority of the replicas are
 * DOWN) or down (2: no active gateway, no replica known, or a majority of the replicas DOWN).
 */
record FabricStatus(
    int answeredBy,
    long timestampMs,
    int activeGatewayId,
    long epoch,
    long lastSeq,
    long commitSeq,
    boolean suspended,
    List<GatewayRow> gateways,
    List<ReplicaRow> replicas,
    List<AlarmRow> alarms)
{
    static final int HEALTHY = 0;
    static final int DEGRADED = 1;
    static final int DOWN = 2;

    record GatewayRow(int gatewayId, String health, String role, long epoch, long lastSeq, int clients, int inFlight,
        long reportAgeMs)
    {
    }

    record ReplicaRow(int replicaId, String health, String state, long appliedSeq, long lagSeq, long lagMs,
        long stateHash, long divergences, long wins, long responses, long reportAgeMs)
    {
    }

    record AlarmRow(long alarmId, String subjectKind, int subjectId, String health, long raisedAtMs, String reason)
    {
    }

    static FabricStatus of(final FabricHealthDecoder health)
    {
        final int answeredBy = health.gatewayId();
        final long timestampMs = health.timestampMs();
        final int active = health.activeGatewayId();
        final long epoch = health.epoch();
        final long lastSeq = health.lastSeq();
        final long commitSeq = health.commitSeq();
        final boolean suspended = health.suspended() == BooleanType.TRUE;
        final List<GatewayRow> gateways = new ArrayList<>();
        for (final FabricHealthDecoder.GatewaysDecoder g : health.gateways())
        {
            gateways.add(new GatewayRow(g.gatewayId(), name(g.health()), name(g.role()), g.epoch(), g.lastSeq(),
                g.clients(), g.inFlight(), g.reportAgeMs()));
        }
        final List<ReplicaRow> replicas = new ArrayList<>();
        for (final FabricHealthDecoder.ReplicasDecoder r : health.replicas())
        {
            final ReplicaState state = ReplicaState.get(r.stateCode());
            replicas.add(new ReplicaRow(r.replicaId(), name(r.health()),
                state == ReplicaState.NULL_VAL ? "UNKNOWN" : state.name(), r.appliedSeq(), r.lagSeq(), r.lagMs(),
                r.stateHash(), r.divergences(), r.wins(), r.responses(), r.reportAgeMs()));
        }
        final List<AlarmRow> alarms = new ArrayList<>();
        for (final FabricHealthDecoder.AlarmsDecoder a : health.alarms())
        {
            alarms.add(new AlarmRow(a.alarmId(), a.subjectKind().name(), a.subjectId(), name(a.health()),
                a.raisedAtMs(), a.reason()));
        }
        return new FabricStatus(answeredBy, timestampMs, active, epoch, lastSeq, commitSeq, suspended,
            List.copyOf(gateways), List.copyOf(replicas), List.copyOf(alarms));
    }

    private static String name(final Health health)
    {
        return health == Health.NULL_VAL ? "UNKNOWN" : health.name();
    }

    private static String name(final GatewayRole role)
    {
        return role == GatewayRole.NULL_VAL ? "UNKNOWN" : role.name();
    }

    /**
     * @return {@link #HEALTHY}, {@link #DEGRADED} or {@link #DOWN}.
     */
    int verdict()
    {
        final long replicasUp = replicas.stream().filter(r -> "UP".equals(r.health())).count();
        final long replicasDown = replicas.stream().filter(r -> "DOWN".equals(r.health())).count();
        final int majority = replicas.size() / 2 + 1;
        if (0 == activeGatewayId || replicas.isEmpty() || replicasDown >= majority)
        {
            return DOWN;
        }
        final boolean allUp = replicasUp == replicas.size() && gateways.stream().allMatch(g -> "UP".equals(g.health()));
        return allUp ? HEALTHY : DEGRADED;
    }

    /**
     * @return why the verdict is what it is, in a few words.
     */
    String verdictReason()
    {
        final long replicasDown = replicas.stream().filter(r -> "DOWN".equals(r.health())).count();
        if (0 == activeGatewayId)
        {
            return "no active gateway";
        }
        if (replicas.isEmpty())
        {
            return "no replica known to gateway " + answeredBy;
        }
        if (replicasDown >= replicas.size() / 2 + 1)
        {
            return replicasDown + " of " + replicas.size() + " replicas down";
        }
        final List<String> notUp = new ArrayList<>();
        gateways.stream().filter(g -> !"UP".equals(g.health()))
            .forEach(g -> notUp.add("gateway " + g.gatewayId() + " " + g.health()));
        replicas.stream().filter(r -> !"UP".equals(r.health()))
            .forEach(r -> notUp.add("replica " + r.replicaId() + " " + r.health()));
        return notUp.isEmpty() ? "every role up" : String.join(", ", notUp);
    }

    static String verdictName(final int verdict)
    {
        return switch (verdict)
        {
            case HEALTHY -> "healthy";
            case DEGRADED -> "degraded";
            default -> "down";
        };
    }

    /**
     * @return the share of the replicas' wins this replica has, in percent; 0 when none won yet.
     */
    double winShare(final ReplicaRow replica)
    {
        final long total = replicas.stream().mapToLong(ReplicaRow::wins).sum();
        return 0 == total ? 0 : 100.0 * replica.wins() / total;
    }
}
