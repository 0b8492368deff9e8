package io.hedge.ops.dashboard;

import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.RoleKind;

/**
 * The names the dashboard shows for the protocol's codes. A code this build does not know (a newer peer's) is shown
 * as its number rather than failing the message.
 */
final class Names
{
    private Names()
    {
    }

    static String health(final short raw)
    {
        for (final Health value : Health.values())
        {
            if (value != Health.NULL_VAL && value.value() == raw)
            {
                return value.name();
            }
        }
        return "CODE_" + raw;
    }

    static String gatewayRole(final short raw)
    {
        for (final GatewayRole value : GatewayRole.values())
        {
            if (value != GatewayRole.NULL_VAL && value.value() == raw)
            {
                return value.name();
            }
        }
        return "CODE_" + raw;
    }

    static String roleKind(final short raw)
    {
        for (final RoleKind value : RoleKind.values())
        {
            if (value != RoleKind.NULL_VAL && value.value() == raw)
            {
                return value.name();
            }
        }
        return "CODE_" + raw;
    }

    static String replicaState(final short raw)
    {
        for (final ReplicaState value : ReplicaState.values())
        {
            if (value != ReplicaState.NULL_VAL && value.value() == raw)
            {
                return value.name();
            }
        }
        return "CODE_" + raw;
    }

    /**
     * @return what a hop measures, in a few words.
     */
    static String hop(final Hop hop)
    {
        return switch (hop)
        {
            case SEQUENCED_TO_COMMITTED -> "sequenced \u2192 committed";
            case SEQUENCED_TO_FIRST_RESPONSE -> "sequenced \u2192 first response";
            case REPLICA_MARGIN -> "margin behind the first";
            case APPLY -> "apply";
            case JOURNAL_APPEND -> "journal append";
            case CLIENT_ROUND_TRIP -> "client round trip";
            default -> hop.name();
        };
    }
}
