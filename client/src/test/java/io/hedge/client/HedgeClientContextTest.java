package io.hedge.client;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HedgeClientContextTest
{
    private static final String A = "aeron:udp?endpoint=localhost:20121";
    private static final String B = "aeron:udp?endpoint=localhost:20122";

    private static HedgeClientContext base()
    {
        return new HedgeClientContext().aeronDirectoryName("unused");
    }

    private static void assertRefused(final UnaryOperator<HedgeClientContext> setting, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> setting.apply(base()).conclude());
        assertTrue(ex.getMessage().contains(expected), "'" + ex.getMessage() + "' should say '" + expected + "'");
    }

    @Test
    void defaults()
    {
        final HedgeClientContext ctx = base().conclude();
        assertEquals(List.of(HedgeClientContext.DEFAULT_INGRESS_CHANNEL), ctx.gatewayIngressChannels());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), ctx.failoverTimeoutNs());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), ctx.connectRetryIntervalNs());
        assertEquals(8 * 1024 * 1024, ctx.requestStoreCapacity());
    }

    @Test
    void theSingleChannelSetterIsAListOfOne()
    {
        final HedgeClientContext ctx = base().ingressChannel(B).conclude();
        assertEquals(List.of(B), ctx.gatewayIngressChannels());
        assertEquals(B, ctx.ingressChannel());
        assertEquals(1, ctx.gatewayCount());
    }

    @Test
    void gatewayIdsFollowTheOrderOfTheChannels()
    {
        final HedgeClientContext ctx = base().gatewayIngressChannel(B, A).conclude();
        assertEquals(List.of(B, A), ctx.gatewayIngressChannels());
        assertEquals(B, ctx.ingressChannel(), "the first channel is gateway 1's");
        assertEquals(2, ctx.gatewayCount());
    }

    @Test
    void badSettingsAreNamed()
    {
        assertRefused(c -> c.gatewayIngressChannels(List.of()), "at least one gateway ingress channel is required");
        assertRefused(c -> c.gatewayIngressChannels(null), "at least one gateway ingress channel is required");
        assertRefused(c -> c.gatewayIngressChannels(Arrays.asList(A, null)),
            "gateway ingress channel 2 (gateway id 2) is required");
        assertRefused(c -> c.gatewayIngressChannel(A, " "), "gateway ingress channel 2 (gateway id 2) is required");
        assertRefused(c -> c.gatewayIngressChannel("udp://localhost:1", A),
            "gateway ingress channel 1 (gateway id 1) is not a valid Aeron channel: 'udp://localhost:1'");
        assertRefused(c -> c.gatewayIngressChannel(A, B, A), "is listed twice: as gateway 1 and as gateway 3");
        assertRefused(c -> c.ingressChannel(null), "gateway ingress channel 1 (gateway id 1) is required");
        assertRefused(c -> c.failoverTimeoutNs(0), "failover timeout must be positive");
        assertRefused(c -> c.connectRetryIntervalNs(-1), "connect retry interval must be positive");
        assertRefused(c -> c.requestStoreCapacity(100), "request store capacity must be between 1024 and");
        assertRefused(c -> c.maxInFlight(1000), "max in flight must be a power of two");
    }

    @Test
    void theChannelListCannotBeChangedBehindTheContextsBack()
    {
        final java.util.ArrayList<String> channels = new java.util.ArrayList<>(List.of(A));
        final HedgeClientContext ctx = base().gatewayIngressChannels(channels);
        channels.add(B);
        assertEquals(List.of(A), ctx.gatewayIngressChannels());
        assertThrows(UnsupportedOperationException.class, () -> ctx.gatewayIngressChannels().add(B));
    }
}
