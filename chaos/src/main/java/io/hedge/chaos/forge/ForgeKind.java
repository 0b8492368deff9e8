package io.hedge.chaos.forge;

import io.hedge.chaos.run.RoleKind;
import io.hedge.transport.SecurityCounters;

import java.util.List;

/**
 * What the forger sends, kind by kind, where it sends it, and which of the target's {@link SecurityCounters} count it
 * as refused. Every member kind is sent without the cluster key: unsealed, with a made-up seal, or (epoch jumps)
 * sealed with a key of the forger's own.
 */
public enum ForgeKind
{
    /** GatewayHeartbeat with a higher epoch than any real one, to the replicas' sequenced stream and the standbys. */
    HEARTBEAT("heartbeat", Channel.SEQUENCED, List.of(RoleKind.REPLICA, RoleKind.GATEWAY), true),
    /** GatewayHeartbeat with an epoch near Long.MAX_VALUE, sealed with a wrong key. */
    EPOCH_JUMP("epoch-jump", Channel.SEQUENCED, List.of(RoleKind.REPLICA, RoleKind.GATEWAY), true),
    /** EpochVoteRequest for a higher epoch from a real gateway id. */
    VOTE_REQUEST("vote-request", Channel.SEQUENCED, List.of(RoleKind.REPLICA, RoleKind.GATEWAY), true),
    /** EpochVote granting the gateway a higher epoch, as a real replica id. */
    VOTE("vote", Channel.INBOUND, List.of(RoleKind.GATEWAY), true),
    /** ReplicaStatus with a higher epoch, half from a replica id that is not configured. */
    REPLICA_STATUS("replica-status", Channel.INBOUND, List.of(RoleKind.GATEWAY), true),
    /** ReplicaResponse for a seq ahead of the stream, half from a replica id that is not configured. */
    REPLICA_RESPONSE("replica-response", Channel.INBOUND, List.of(RoleKind.GATEWAY), true),
    /** ExternalEffect as a real gateway in a higher epoch, to the effects sink. */
    EFFECT("effect", Channel.SINK, List.of(RoleKind.SINK), true),
    /** SinkPosition with a higher epoch, to the gateways. */
    SINK_POSITION("sink-position", Channel.INBOUND, List.of(RoleKind.GATEWAY), true),
    /** ClientConnect with a chaos client's id and no credentials. */
    CONNECT_ANONYMOUS("connect-anonymous", Channel.INGRESS, List.of(RoleKind.GATEWAY), false),
    /** ClientConnect with a chaos client's id and another chaos principal's name; its challenges answered wrongly. */
    CONNECT_FOREIGN("connect-foreign", Channel.INGRESS, List.of(RoleKind.GATEWAY), false);

    /** Where a kind is sent. */
    public enum Channel
    {
        /** a replica's subscription to a gateway's sequenced stream, or a standby's to the active gateway's. */
        SEQUENCED,
        /** a gateway's inbound endpoint (what replicas, standbys and the sink send to). */
        INBOUND,
        /** the effects sink's endpoint. */
        SINK,
        /** a gateway's client ingress. */
        INGRESS
    }

    private static final int[] MEMBER_REFUSALS = {
        SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID,
        SecurityCounters.EPOCH_JUMPS_REFUSED_TYPE_ID,
        SecurityCounters.UNKNOWN_MEMBER_MESSAGES_TYPE_ID,
        SecurityCounters.MALFORMED_MESSAGES_DROPPED_TYPE_ID};
    private static final int[] LOGON_REFUSALS = {
        SecurityCounters.LOGONS_REJECTED_TYPE_ID,
        SecurityCounters.CLIENT_ID_CLAIMS_REJECTED_TYPE_ID,
        SecurityCounters.MALFORMED_MESSAGES_DROPPED_TYPE_ID,
        SecurityCounters.SOURCE_LIMIT_DROPS_TYPE_ID};

    private final String label;
    private final Channel channel;
    private final List<RoleKind> targets;
    private final boolean member;

    ForgeKind(final String label, final Channel channel, final List<RoleKind> targets, final boolean member)
    {
        this.label = label;
        this.channel = channel;
        this.targets = targets;
        this.member = member;
    }

    public String label()
    {
        return label;
    }

    public Channel channel()
    {
        return channel;
    }

    /**
     * @return the kinds of role it is sent to.
     */
    public List<RoleKind> targets()
    {
        return targets;
    }

    /**
     * @return true for a message between members (refused for its seal), false for a client's logon.
     */
    public boolean member()
    {
        return member;
    }

    /**
     * @return the {@link SecurityCounters} type ids whose sum at the target counts this kind as refused.
     */
    public int[] refusalCounters()
    {
        return (member ? MEMBER_REFUSALS : LOGON_REFUSALS).clone();
    }

    /**
     * @throws IllegalArgumentException naming the known labels.
     */
    public static ForgeKind byLabel(final String label)
    {
        for (final ForgeKind kind : values())
        {
            if (kind.label.equals(label))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown forge kind '" + label + "'");
    }
}
