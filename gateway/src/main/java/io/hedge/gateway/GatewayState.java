package io.hedge.gateway;

/**
 * The phase a gateway is in; {@link GatewayAgent} changes it only through its one {@code state(next, nowNs, reason)},
 * which logs the change and writes {@link #code()} into the gateway's state counter.
 *
 * <pre>
 *   JOINING ──join accepted──► FOLLOWING            (a standby: a Follower of the known leader)
 *      │ ▲                        │
 *      │ └──new leader, step-down, withdrawal──┐   │
 *      └──leader silent──► CANDIDATE_BALLOT ◄──┼───┘ (a Candidacy: its Election, then the fill)
 *                           │ won        │ lost │
 *                           ▼            └──────┘
 *                      CANDIDATE_FILL ──filled──► LEADER_WARMUP ──warmed──► LEADER_ACTIVE   (one LeaderTerm)
 *                           └──no voter sends──► JOINING      LEADER_* ──higher epoch seen──► JOINING
 * </pre>
 */
public enum GatewayState
{
    /** A standby asking the leader it knows (if any) to take it on; stands when the leader falls silent. */
    JOINING(1, GatewayAgent.Role.STANDBY),
    /** A standby journaling the leader's stream; stands when the leader falls silent. */
    FOLLOWING(2, GatewayAgent.Role.STANDBY),
    /** Asking the replicas to vote for a new epoch. */
    CANDIDATE_BALLOT(3, GatewayAgent.Role.CANDIDATE),
    /** Elected: fetching from the furthest voter the journal entries this gateway lacks. */
    CANDIDATE_FILL(4, GatewayAgent.Role.CANDIDATE),
    /** Leading, fetching its predecessor's last responses; requests already sequenced are answered, new ones wait. */
    LEADER_WARMUP(5, GatewayAgent.Role.ACTIVE),
    /** Leading: sequencing requests and answering clients. */
    LEADER_ACTIVE(6, GatewayAgent.Role.ACTIVE);

    /** Type id of the Aeron counter that holds a gateway's state code. */
    public static final int COUNTER_TYPE_ID = 3000;

    private final int code;
    private final GatewayAgent.Role role;

    GatewayState(final int code, final GatewayAgent.Role role)
    {
        this.code = code;
        this.role = role;
    }

    /**
     * @return the value written into the state counter.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the role this state belongs to, as the rest of the fabric sees the gateway.
     */
    public GatewayAgent.Role role()
    {
        return role;
    }

    boolean isLeader()
    {
        return role == GatewayAgent.Role.ACTIVE;
    }

    boolean isCandidate()
    {
        return role == GatewayAgent.Role.CANDIDATE;
    }

    boolean isStandby()
    {
        return role == GatewayAgent.Role.STANDBY;
    }

    /**
     * @return the state whose code this is, or null.
     */
    public static GatewayState fromCode(final long code)
    {
        for (final GatewayState state : values())
        {
            if (state.code == code)
            {
                return state;
            }
        }
        return null;
    }
}
