package io.hedge.replicas;

/**
 * One gateway of the stream, as a replica reaches it.
 *
 * @param gatewayId        the gateway's id.
 * @param sequencedChannel joins the gateway's sequenced stream.
 * @param replayChannel    joins the gateway's replay stream.
 * @param gatewayChannel   sends to the gateway's inbound endpoint (responses, status, votes).
 */
public record GatewayLink(int gatewayId, String sequencedChannel, String replayChannel, String gatewayChannel)
{
}
