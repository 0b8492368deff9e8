package io.hedge.ops;

import io.hedge.codecs.ops.RoleKind;

/**
 * Every counter a role keeps, by the Aeron counter type id it is allocated with (so that AeronStat, Prometheus and a
 * RoleReport's counters group name it the same way). Type ids 7701-7708 are the security counters
 * ({@code io.hedge.transport.SecurityCounters}); 7710-7799 are these. A counter with a subject (a reject reason, a
 * replica id) is one Aeron counter per subject, its label naming the subject.
 */
public enum CounterType
{
    // gateway
    SEQUENCED(7710, RoleKind.GATEWAY, "requests sequenced"),
    ANSWERED(7711, RoleKind.GATEWAY, "requests answered to their clients"),
    REJECTED(7712, RoleKind.GATEWAY, "requests rejected before sequencing, by reason (subject: ResponseStatus value)"),
    DUPLICATES(7713, RoleKind.GATEWAY, "duplicate requests answered from the response cache or held"),
    BACK_PRESSURE_RETRIES(7714, RoleKind.GATEWAY, "offers retried because a publication was back-pressured"),
    RETRANSMITTED(7715, RoleKind.GATEWAY, "sequenced messages retransmitted to replicas that found a gap"),
    SNAPSHOTS_RELAYED(7716, RoleKind.GATEWAY, "snapshots relayed from a donor to a bootstrapping replica"),
    ELECTIONS(7717, RoleKind.GATEWAY, "elections this gateway stood in"),
    TAKEOVERS(7718, RoleKind.GATEWAY, "terms this gateway began as the active gateway"),
    STEP_DOWNS(7719, RoleKind.GATEWAY, "terms this gateway ended (a higher epoch, a lost lease)"),
    EFFECTS_FORWARDED(7720, RoleKind.GATEWAY, "external effects forwarded to the sink"),
    DIVERGENCES(7721, RoleKind.GATEWAY, "responses whose state hash differed from the majority's (subject: replica id)"),
    REPLICA_LAG(7722, RoleKind.GATEWAY, "seqs a replica is behind the last sequenced (subject: replica id)"),
    WINS(7723, RoleKind.GATEWAY, "responses of a replica that completed a request (subject: replica id)"),
    CLIENTS(7724, RoleKind.GATEWAY, "client sessions open"),
    IN_FLIGHT(7725, RoleKind.GATEWAY, "requests sequenced and not yet answered"),
    GATEWAY_STATE(7726, RoleKind.GATEWAY, "the gateway's role (GatewayRole value)"),
    SUSPENDED_ANSWERS(7727, RoleKind.GATEWAY, "requests answered SUSPENDED while the fabric was suspended"),
    REPLICA_STATUS_AGE_MS(7728, RoleKind.GATEWAY, "age of a replica's last status report, -1 if none (subject: replica id)"),
    REPLICA_LAG_MS(7729, RoleKind.GATEWAY,
        "how long ago the seq after a replica's applied seq was sequenced, 0 when caught up (subject: replica id)"),
    ALARMS_RAISED(7730, RoleKind.GATEWAY, "alarms this gateway's health monitor raised"),
    REPORTS_DROPPED(7731, RoleKind.GATEWAY, "this gateway's own role reports not taken by a gateway's ops port"),

    // replica
    APPLIED(7740, RoleKind.REPLICA, "requests applied to the state machine"),
    GAPS(7741, RoleKind.REPLICA, "gaps found in the sequenced stream"),
    RETRANSMITS_REQUESTED(7742, RoleKind.REPLICA, "retransmit requests sent"),
    SNAPSHOTS_WRITTEN(7743, RoleKind.REPLICA, "snapshots written"),
    REPAIRS(7744, RoleKind.REPLICA, "repairs of the journal back to the agreed history"),
    REPLICA_BACK_PRESSURE_RETRIES(7745, RoleKind.REPLICA, "offers to the gateway retried because back-pressured"),
    REPLICA_STATE(7746, RoleKind.REPLICA, "the replica's state (ReplicaState value)"),
    STATE_MACHINE_REJECTS(7747, RoleKind.REPLICA, "requests the state machine threw on (the poison policy)"),
    REPLICA_REPORTS_DROPPED(7748, RoleKind.REPLICA, "role reports not taken by a gateway's ops port"),

    // effects sink
    EFFECTS_RECEIVED(7770, RoleKind.SINK, "external effects taken"),
    EFFECTS_DROPPED_STALE(7771, RoleKind.SINK, "external effects dropped as from a lower epoch"),
    SINK_REPORTS_DROPPED(7772, RoleKind.SINK, "role reports not taken by a gateway's ops port");

    private final int typeId;
    private final RoleKind roleKind;
    private final String description;

    CounterType(final int typeId, final RoleKind roleKind, final String description)
    {
        this.typeId = typeId;
        this.roleKind = roleKind;
        this.description = description;
    }

    public int typeId()
    {
        return typeId;
    }

    public RoleKind roleKind()
    {
        return roleKind;
    }

    public String description()
    {
        return description;
    }

    /**
     * @return the name Prometheus and the dashboard use: {@code hedge_gateway_sequenced}.
     */
    public String metricName()
    {
        return "hedge_" + roleKind.name().toLowerCase(java.util.Locale.ROOT) + "_" +
            name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @return the counter type of this type id, or null.
     */
    public static CounterType ofTypeId(final int typeId)
    {
        for (final CounterType type : VALUES)
        {
            if (type.typeId == typeId)
            {
                return type;
            }
        }
        return null;
    }

    /**
     * @return the counter of a role's own reports that were dropped (a gateway's ops port not connected or
     * back-pressured).
     */
    public static CounterType reportsDropped(final RoleKind roleKind)
    {
        switch (roleKind)
        {
            case GATEWAY:
                return REPORTS_DROPPED;
            case REPLICA:
                return REPLICA_REPORTS_DROPPED;
            default:
                return SINK_REPORTS_DROPPED;
        }
    }

    private static final CounterType[] VALUES = values();
}
