package io.hedge.gateway;

/**
 * Another gateway of the same stream, as this one reaches it: the channels on which this gateway joins the peer's
 * sequenced and replay streams (subscriber form), and the channel on which it sends to the peer's inbound endpoint
 * (the one replicas send to).
 *
 * @param gatewayId        the peer's id.
 * @param sequencedChannel subscribes to the peer's sequenced stream.
 * @param replayChannel    subscribes to the peer's replay stream.
 * @param inboundChannel   publishes to the peer's replica (inbound) endpoint.
 */
public record GatewayPeer(int gatewayId, String sequencedChannel, String replayChannel, String inboundChannel)
{
}
