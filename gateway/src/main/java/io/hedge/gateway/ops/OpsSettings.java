package io.hedge.gateway.ops;

/**
 * What the ops agent of one gateway is told at start.
 *
 * @param gatewayId        this gateway.
 * @param opsChannel       where it listens ({@code io.hedge.transport.OpsChannel#channel}).
 * @param maxSessions      ops.max.sessions.
 * @param sessionTimeoutMs ops.session.timeout.ms.
 */
public record OpsSettings(int gatewayId, String opsChannel, int maxSessions, long sessionTimeoutMs)
{
}
