package io.hedge.client;

import io.hedge.transport.TransportConfiguration;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HedgeClientContextTest
{
    private static final String A = "aeron:udp?endpoint=localhost:20121";
    private static final String B = "aeron:udp?endpoint=localhost:20122";
    private static final int MAX = HedgeClientContext.MAX_REQUEST_STORE_CAPACITY;

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
    void defaultsComeFromTheConfigurationsAndTheChannelLayout()
    {
        final HedgeClientContext ctx = base().conclude();
        assertEquals("aeron:udp?endpoint=" + TransportConfiguration.GATEWAY_HOST.defaultValue() + ":" +
            TransportConfiguration.INGRESS_PORT.defaultValue(), ctx.ingressChannel());
        assertEquals(TransportConfiguration.INGRESS_STREAM.defaultInt(), ctx.ingressStreamId());
        assertEquals("aeron:udp?endpoint=" + TransportConfiguration.HOST.defaultValue() + ":0", ctx.responseChannel());
        assertEquals(TransportConfiguration.CLIENT_STREAM.defaultInt(), ctx.responseStreamId());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(ClientConfiguration.TIMEOUT_MS.defaultLong()), ctx.requestTimeoutNs());
        assertEquals(TimeUnit.SECONDS.toNanos(5), ctx.connectTimeoutNs());
        assertEquals(16 * 1024, ctx.maxInFlight());
        assertTrue(ctx.clientId() > 0, "a client id is picked");
        assertEquals(ClientConfiguration.BACKOFF_INITIAL_MS.defaultNanosFromMillis(), ctx.connectRetryIntervalNs());
        assertEquals(TimeUnit.SECONDS.toNanos(1), ctx.connectBackoffMaxNs());
        assertEquals(0.2, ctx.connectBackoffJitter());
        assertEquals(null, ctx.connectionStateListener(), "no listener unless one is given");
    }

    @Test
    void eachRuleNamesTheKeyOfWhatItRefuses()
    {
        assertRefused(c -> c.gatewayIngressChannels(List.of()),
            ClientConfiguration.INGRESS_CHANNEL.key() + ": at least one gateway ingress channel is required");
        assertRefused(c -> c.ingressChannel("udp://x"), ClientConfiguration.INGRESS_CHANNEL.key() +
            ": gateway ingress channel 1 (gateway id 1) is not a valid Aeron channel: 'udp://x'");
        assertRefused(c -> c.gatewayIngressChannel(A, ""),
            TransportConfiguration.GATEWAY_HOSTS.key() + ": gateway ingress channel 2 (gateway id 2) is required");
        assertRefused(c -> c.gatewayIngressChannel(A, A),
            TransportConfiguration.GATEWAY_HOSTS.key() + ": gateway ingress channel '" + A + "' is listed twice");
        assertRefused(c -> c.responseChannel(null), ClientConfiguration.RESPONSE_CHANNEL.key() + " (the response channel) is required");
        assertRefused(c -> c.responseChannel("nonsense"), ClientConfiguration.RESPONSE_CHANNEL.key() +
            " (the response channel) is not a valid Aeron channel: 'nonsense'");
        assertRefused(c -> c.requestTimeoutNs(0), ClientConfiguration.TIMEOUT_MS.key() + " (the request timeout) must be positive");
        // settings no properties key sets are named by what they are
        assertRefused(c -> c.clientId(-3), "client id must be positive, got -3");
        assertRefused(c -> c.connectTimeoutNs(-1), "connect timeout must be positive, got -1 ns");
        assertRefused(c -> c.failoverTimeoutNs(-5), "failover timeout must be positive, got -5 ns");
        assertRefused(c -> c.connectRetryIntervalNs(0), ClientConfiguration.BACKOFF_INITIAL_MS.key() +
            " (the first connect backoff): the connect retry interval must be positive, got 0 ns");
        assertRefused(c -> c.connectRetryIntervalNs(200).connectBackoffMaxNs(100), ClientConfiguration.BACKOFF_MAX_MS.key() +
            " (the longest connect backoff, 100 ns) must be at least " + ClientConfiguration.BACKOFF_INITIAL_MS.key() +
            " (200 ns)");
        assertRefused(c -> c.connectBackoffJitter(1.5), ClientConfiguration.BACKOFF_JITTER.key() +
            " (the random part of a connect backoff) must be between 0 and 1, got 1.5");
        assertRefused(c -> c.connectBackoffJitter(-0.1), ClientConfiguration.BACKOFF_JITTER.key());
        assertRefused(c -> c.connectBackoffJitter(Double.NaN), ClientConfiguration.BACKOFF_JITTER.key());
        assertRefused(c -> c.requestStoreCapacity(MAX + 1), "request store capacity must be between 1024 and " + MAX);
        assertRefused(c -> c.maxInFlight(1), "max in flight must be a power of two, got 1");
        // the shared ones, from RoleContext
        assertRefused(c -> c.aeronDirectoryName(null), "client needs an Aeron client or aeron.dir");
        assertRefused(c -> c.idleStrategySupplier(null), "client: idle strategy is required");
        assertRefused(c -> c.fragmentLimit(0), "client: fragment limit must be positive");
    }

    @Test
    void aContextIsConcludedOnceAndNotAtAllWhenRefused()
    {
        final HedgeClientContext ctx = base().clientId(9);
        assertFalse(ctx.isConcluded());
        ctx.conclude();
        assertTrue(ctx.isConcluded());
        final IllegalStateException twice = assertThrows(IllegalStateException.class, ctx::conclude);
        assertTrue(twice.getMessage().contains("client: its context is already concluded"), twice.getMessage());

        final HedgeClientContext refused = base().maxInFlight(3);
        assertThrows(IllegalArgumentException.class, refused::conclude);
        assertFalse(refused.isConcluded(), "a refused context may be corrected and concluded");
        assertEquals(refused, refused.maxInFlight(4).conclude());
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
