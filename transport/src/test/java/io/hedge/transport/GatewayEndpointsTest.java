package io.hedge.transport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GatewayEndpointsTest
{
    private final GatewayEndpoints gateway = new GatewayEndpoints(2, "10.0.0.5", 20131, 20132, 20133, 20134);

    @Test
    void fromBaseNumbersThePortsFromTheIngressPort()
    {
        assertEquals(gateway, GatewayEndpoints.fromBase(2, "10.0.0.5", 20131));
    }

    @Test
    void clientsAndInboundTrafficSendToTheGatewaysEndpoints()
    {
        assertEquals("aeron:udp?endpoint=10.0.0.5:20131", gateway.ingressChannel());
        assertEquals("aeron:udp?endpoint=10.0.0.5:20133", gateway.inboundChannel());
    }

    @Test
    void sequencedAndReplayAreMultiDestinationCastWithDynamicControl()
    {
        assertEquals("aeron:udp?control=10.0.0.5:20132|control-mode=dynamic|fc=max",
            gateway.sequencedPublicationChannel());
        assertEquals("aeron:udp?endpoint=10.0.0.7:0|control=10.0.0.5:20132|control-mode=dynamic",
            gateway.sequencedSubscriptionChannel("10.0.0.7"));
        assertEquals("aeron:udp?control=10.0.0.5:20134|control-mode=dynamic|fc=max",
            gateway.replayPublicationChannel());
        assertEquals("aeron:udp?endpoint=10.0.0.7:0|control=10.0.0.5:20134|control-mode=dynamic",
            gateway.replaySubscriptionChannel("10.0.0.7"));
    }

    @Test
    void aMulticastSequencedStreamGoesToTheGroupOnTheSequencedPortAndReplayStaysMultiDestinationCast()
    {
        final GatewayEndpoints multicast = gateway.withSequencedTransport(SequencedTransport.multicast("239.255.20.1"));
        assertEquals(SequencedTransport.MDC, gateway.sequencedTransport());
        assertEquals("aeron:udp?endpoint=239.255.20.1:20132|interface=10.0.0.5|fc=max",
            multicast.sequencedPublicationChannel());
        assertEquals("aeron:udp?endpoint=239.255.20.1:20132|interface=10.0.0.7",
            multicast.sequencedSubscriptionChannel("10.0.0.7"));
        assertEquals(gateway.replayPublicationChannel(), multicast.replayPublicationChannel());
        assertEquals(gateway.replaySubscriptionChannel("10.0.0.7"), multicast.replaySubscriptionChannel("10.0.0.7"));
        assertEquals(gateway.ingressChannel(), multicast.ingressChannel());
        final GatewayMember member = multicast.member("10.0.0.7");
        assertEquals(multicast.sequencedSubscriptionChannel("10.0.0.7"), member.sequencedChannel());
        assertDoesNotThrow(() -> member.check("replica 1"));
        assertDoesNotThrow(() -> ChannelCheck.require("channel", multicast.sequencedPublicationChannel()));
        assertThrows(IllegalArgumentException.class, () -> gateway.withSequencedTransport(null));
    }

    @Test
    void memberIsTheGatewayAsAnotherRoleReachesIt()
    {
        final GatewayMember member = gateway.member("10.0.0.7");
        assertEquals(2, member.gatewayId());
        assertEquals(gateway.sequencedSubscriptionChannel("10.0.0.7"), member.sequencedChannel());
        assertEquals(gateway.replaySubscriptionChannel("10.0.0.7"), member.replayChannel());
        assertEquals(gateway.inboundChannel(), member.inboundChannel());
        assertDoesNotThrow(() -> member.check("replica 1"));
    }

    @Test
    void everyChannelParses()
    {
        for (final String channel : List.of(gateway.ingressChannel(), gateway.inboundChannel(),
            gateway.sequencedPublicationChannel(), gateway.sequencedSubscriptionChannel("localhost"),
            gateway.replayPublicationChannel(), gateway.replaySubscriptionChannel("localhost")))
        {
            assertDoesNotThrow(() -> ChannelCheck.require("channel", channel), channel);
        }
    }

    @Test
    void clientsReceiveOnAnEphemeralPortAndTheSinkOnItsOwn()
    {
        assertEquals("aeron:udp?endpoint=198.18.0.3:0", GatewayEndpoints.clientResponseChannel("198.18.0.3"));
        assertEquals("aeron:udp?endpoint=198.18.0.5:20199", GatewayEndpoints.sinkChannel("198.18.0.5", 20199));
        assertDoesNotThrow(() -> ChannelCheck.require("sink", GatewayEndpoints.sinkChannel("localhost", 1)));
    }
}
