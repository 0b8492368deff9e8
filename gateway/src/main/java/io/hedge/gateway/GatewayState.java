package io.hedge.gateway;

/**
 * The phase a gateway is in; {@link GatewayAgent} changes it only through its one {@code state(next, nowNs, reason)},
 * which logs the change and writes {@link #code()} into the gateway's state counter. The transitions:
 * <ul>
 *     <li>JOINING to FOLLOWING: the leader accepted the join (the journal cut back to what its epoch adopted);</li>
 *     <li>JOINING or FOLLOWING to JOINING: another gateway leads a newer epoch;</li>
 *     <li>JOINING or FOLLOWING to CANDIDATE_PREVOTE: the leader (or, with none known, the stream) fell silent for the
 *     heartbeat timeout plus this gateway's stagger;</li>
 *     <li>CANDIDATE_PREVOTE to CANDIDATE_BALLOT: a majority of the replicas would vote (after catching up from the
 *     newest journal, when they refused it for being behind);</li>
 *     <li>CANDIDATE_PREVOTE to JOINING: no majority would vote, or the catch-up failed; no epoch was raised;</li>
 *     <li>CANDIDATE_BALLOT to CANDIDATE_FILL: a majority voted for the epoch;</li>
 *     <li>CANDIDATE_BALLOT to JOINING: the ballot was lost or timed out, or a gateway leads an epoch as new;</li>
 *     <li>CANDIDATE_FILL to LEADER_WARMUP (or straight to LEADER_ACTIVE when there is nothing to warm): the journal
 *     holds what the furthest voter holds;</li>
 *     <li>CANDIDATE_FILL to JOINING: no voter sent the missing entries after every retry, or a gateway leads an epoch
 *     as new;</li>
 *     <li>LEADER_WARMUP to LEADER_ACTIVE: the predecessor's last responses are in (or their deadline passed);</li>
 *     <li>LEADER_WARMUP or LEADER_ACTIVE to JOINING: a gateway leads a newer epoch, or fewer than a majority of the
 *     replicas were heard in this epoch within the lease (the step-down).</li>
 * </ul>
 */
public enum GatewayState
{
    /** A standby asking the leader it knows (if any) to take it on; stands when the leader falls silent. */
    JOINING(1, GatewayAgent.Role.STANDBY),
    /** A standby journaling the leader's stream; stands when the leader falls silent. */
    FOLLOWING(2, GatewayAgent.Role.STANDBY),
    /** Asking the replicas whether they would vote (nothing promised), catching up when they refuse for being behind. */
    CANDIDATE_PREVOTE(7, GatewayAgent.Role.CANDIDATE),
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
