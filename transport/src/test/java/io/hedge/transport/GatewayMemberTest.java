package io.hedge.transport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayMemberTest
{
    private static GatewayMember member(final int gatewayId)
    {
        return GatewayEndpoints.fromBase(gatewayId, "localhost", 20_121 + 10 * (gatewayId - 1)).member("localhost");
    }

    @Test
    void aGoodMemberPasses()
    {
        assertDoesNotThrow(() -> member(1).check("replica 2"));
        assertDoesNotThrow(() -> member(FabricLimits.MAX_GATEWAYS).check("replica 2"));
    }

    @Test
    void aGatewayIdOutOfRangeIsNamed()
    {
        for (final int bad : new int[]{0, -1, FabricLimits.MAX_GATEWAYS + 1})
        {
            final GatewayMember good = member(1);
            final GatewayMember member = new GatewayMember(
                bad, good.sequencedChannel(), good.replayChannel(), good.inboundChannel());
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> member.check("replica 2"));
            assertEquals("replica 2: gateway id must be between 1 and " + FabricLimits.MAX_GATEWAYS + ", got " + bad,
                ex.getMessage());
        }
    }

    @Test
    void eachBadChannelIsNamedWithItsGatewayAndItsKind()
    {
        final GatewayMember good = member(3);
        final GatewayMember badSequenced =
            new GatewayMember(3, "junk", good.replayChannel(), good.inboundChannel());
        final GatewayMember badReplay =
            new GatewayMember(3, good.sequencedChannel(), "", good.inboundChannel());
        final GatewayMember badInbound =
            new GatewayMember(3, good.sequencedChannel(), good.replayChannel(), null);

        final String sequenced = assertThrows(IllegalArgumentException.class,
            () -> badSequenced.check("gateway 1")).getMessage();
        assertTrue(sequenced.startsWith("gateway 1: gateway 3 sequenced channel is not a valid Aeron channel: 'junk'"),
            sequenced);
        assertEquals("gateway 1: gateway 3 replay channel is required",
            assertThrows(IllegalArgumentException.class, () -> badReplay.check("gateway 1")).getMessage());
        assertEquals("gateway 1: gateway 3 inbound channel is required",
            assertThrows(IllegalArgumentException.class, () -> badInbound.check("gateway 1")).getMessage());
    }

    @Test
    void checkAllPassesDistinctGoodMembers()
    {
        assertDoesNotThrow(() -> GatewayMember.checkAll("replica 1", List.of(member(1), member(2), member(3)), 0));
        assertDoesNotThrow(() -> GatewayMember.checkAll("gateway 2", List.of(member(1), member(3)), 2));
        assertDoesNotThrow(() -> GatewayMember.checkAll("gateway 1", List.of(), 1));
    }

    @Test
    void checkAllRejectsAGatewayListedTwice()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> GatewayMember.checkAll("replica 1", List.of(member(1), member(2), member(2)), 0));
        assertEquals("replica 1: gateway ids must be distinct; gateway 2 is listed twice", ex.getMessage());
    }

    @Test
    void checkAllRejectsAPeerWithTheOwnersId()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> GatewayMember.checkAll("gateway 2", List.of(member(1), member(2)), 2));
        assertTrue(ex.getMessage().startsWith("gateway 2: gateway ids must be distinct and differ from its own (2)"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("gateway 2"), ex.getMessage());
    }

    @Test
    void checkAllChecksEachMember()
    {
        final GatewayMember good = member(2);
        final GatewayMember bad = new GatewayMember(2, good.sequencedChannel(), "aeron:", good.inboundChannel());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> GatewayMember.checkAll("replica 3", List.of(member(1), bad), 0));
        assertTrue(ex.getMessage().startsWith("replica 3: gateway 2 replay channel is not a valid Aeron channel"),
            ex.getMessage());
    }
}
