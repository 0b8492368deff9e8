package io.hedge.ops;

import io.hedge.codecs.ops.AdminResponseDecoder;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.RoleReportDecoder;

/**
 * What an ops session hears from a gateway ({@code OpsClient} calls it on the thread that polls it). Each decoder is
 * wrapped on its message, just after the message header, and valid only during the call: copy what you keep.
 */
public interface OpsListener
{
    /**
     * A role's report, relayed by the gateway (sessions that subscribed, with the metrics permission).
     */
    default void onRoleReport(final RoleReportDecoder report)
    {
    }

    /**
     * Every role as the gateway's health monitor sees it: once a second to subscribed sessions (correlationId 0), or
     * the answer to a STATUS request (its correlationId).
     */
    default void onFabricHealth(final FabricHealthDecoder health)
    {
    }

    /**
     * The answer to an admin verb other than STATUS.
     */
    default void onAdminResponse(final AdminResponseDecoder response)
    {
    }
}
