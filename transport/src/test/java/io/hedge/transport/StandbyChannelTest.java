package io.hedge.transport;

import io.aeron.ChannelUri;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Rule 4 (an unreachable standby does not slow the replicas' stream): gateway and standbys derive the same standby
 * channel, on a control port of its own, so the standbys' copy of the stream has a socket apart from the replicas'.
 */
class StandbyChannelTest
{
    private final GatewayEndpoints gateway = GatewayEndpoints.fromBase(2, "10.0.0.5", 20131);

    @Test
    void theGatewayPublishesWhereItsPeersSubscribe()
    {
        final String published = StandbyChannel.of(gateway.sequencedPublicationChannel());
        final String subscribed = StandbyChannel.of(gateway.member("10.0.0.9").sequencedChannel());
        final ChannelUri publication = ChannelUri.parse(published);
        assertEquals("10.0.0.5:20135", publication.get("control"));
        assertEquals("dynamic", publication.get("control-mode"));
        assertEquals("max", publication.get("fc"), "the fastest standby sets the pace, as on the replicas' channel");
        final ChannelUri subscription = ChannelUri.parse(subscribed);
        assertEquals("10.0.0.5:20135", subscription.get("control"));
        assertEquals("10.0.0.9:0", subscription.get("endpoint"));
        assertEquals("dynamic", subscription.get("control-mode"));
        assertNotEquals(gateway.sequencedPublicationChannel(), published, "not the replicas' channel");
    }

    @Test
    void theStandbyPortIsTheFirstAfterTheGatewaysFour()
    {
        assertEquals(gateway.replayPort() + 1, gateway.sequencedPort() + StandbyChannel.PORT_OFFSET);
    }

    @Test
    void aChannelThatIsNotMultiDestinationCastHasNoStandbyChannel()
    {
        assertNull(StandbyChannel.of("aeron:ipc"));
        assertNull(StandbyChannel.of("aeron:udp?endpoint=localhost:20122"));
    }

    @Test
    void aMulticastStreamHasNoStandbyChannelStandbysJoinTheGroup()
    {
        final GatewayEndpoints multicast = GatewayEndpoints.fromBase(1, "localhost", 20121)
            .withSequencedTransport(SequencedTransport.multicast("239.255.20.1"));
        assertNull(StandbyChannel.of(multicast.sequencedPublicationChannel()));
        assertNull(StandbyChannel.of(multicast.sequencedSubscriptionChannel("localhost")));
    }
}
