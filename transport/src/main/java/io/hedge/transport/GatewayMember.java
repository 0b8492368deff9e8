package io.hedge.transport;

/**
 * One gateway of the stream as another role reaches it: a replica, or a gateway reaching its peers. The same record
 * on both sides, so that the channel layout is derived once ({@link GatewayEndpoints#member(String)}).
 *
 * @param gatewayId        the gateway's id, from 1.
 * @param sequencedChannel subscribes to the gateway's sequenced stream.
 * @param replayChannel    subscribes to the gateway's replay (retransmit) stream.
 * @param inboundChannel   publishes to the gateway's inbound endpoint (responses, status, votes, control).
 */
public record GatewayMember(int gatewayId, String sequencedChannel, String replayChannel, String inboundChannel)
{
    /**
     * Check the member's id and channels.
     *
     * @param owner what the member is configured for, for the message ("replica 2", "gateway 1").
     * @throws IllegalArgumentException naming the first thing that is wrong.
     */
    public void check(final String owner)
    {
        if (gatewayId <= 0 || gatewayId > FabricLimits.MAX_GATEWAYS)
        {
            throw new IllegalArgumentException(owner + ": gateway id must be between 1 and " + FabricLimits.MAX_GATEWAYS +
                ", got " + gatewayId);
        }
        ChannelCheck.require(owner + ": gateway " + gatewayId + " sequenced channel", sequencedChannel);
        ChannelCheck.require(owner + ": gateway " + gatewayId + " replay channel", replayChannel);
        ChannelCheck.require(owner + ": gateway " + gatewayId + " inbound channel", inboundChannel);
    }

    /**
     * Check a list of members: each valid, ids distinct.
     *
     * @param owner   what the members are configured for.
     * @param members the members.
     * @param ownId   an id none of them may have (a gateway's own), or 0.
     */
    public static void checkAll(final String owner, final java.util.List<GatewayMember> members, final int ownId)
    {
        final boolean[] seen = new boolean[FabricLimits.MAX_GATEWAYS + 1];
        for (final GatewayMember member : members)
        {
            member.check(owner);
            if (seen[member.gatewayId()] || member.gatewayId() == ownId)
            {
                throw new IllegalArgumentException(owner + ": gateway ids must be distinct" +
                    (0 == ownId ? "" : " and differ from its own (" + ownId + ")") + "; gateway " + member.gatewayId() +
                    " is listed twice");
            }
            seen[member.gatewayId()] = true;
        }
    }
}
