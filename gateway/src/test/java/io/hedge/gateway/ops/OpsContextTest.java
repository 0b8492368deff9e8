package io.hedge.gateway.ops;

import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.OpsChannel;
import io.hedge.transport.SequencedTransport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpsContextTest
{
    private final GatewayEndpoints gateway = GatewayEndpoints.fromBase(2, "10.0.0.5", 20131);

    @Test
    void theOpsPortDerivedFromAMultiDestinationCastSequencedChannelIsTheEndpointsOne()
    {
        assertEquals(OpsChannel.channel(gateway), OpsContext.derivedChannel(gateway.sequencedPublicationChannel()));
    }

    @Test
    void theOpsPortDerivedFromAMulticastSequencedChannelIsTheEndpointsOneOnTheGatewaysInterface()
    {
        final GatewayEndpoints multicast = gateway.withSequencedTransport(SequencedTransport.multicast("239.255.20.1"));
        assertEquals("aeron:udp?endpoint=10.0.0.5:20136",
            OpsContext.derivedChannel(multicast.sequencedPublicationChannel()));
        assertEquals(OpsChannel.channel(multicast), OpsContext.derivedChannel(multicast.sequencedPublicationChannel()));
    }

    @Test
    void aChannelWithNeitherControlNorAMulticastInterfaceHasNoOpsPort()
    {
        assertEquals("", OpsContext.derivedChannel("aeron:ipc"));
        assertEquals("", OpsContext.derivedChannel("aeron:udp?endpoint=239.255.20.1:20132"));
        assertEquals("", OpsContext.derivedChannel("aeron:udp?endpoint=localhost:20132"));
    }
}
