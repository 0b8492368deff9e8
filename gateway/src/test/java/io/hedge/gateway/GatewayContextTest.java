package io.hedge.gateway;

import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.TransportConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayContextTest
{
    private static GatewayContext valid()
    {
        return new GatewayContext().aeronDirectoryName("target/aeron-unused");
    }

    @Test
    void defaultsComeFromTheConfigurations()
    {
        final GatewayContext ctx = valid().conclude();
        assertEquals(GatewayConfiguration.ID.defaultInt(), ctx.gatewayId());
        assertEquals(GatewayConfiguration.HEARTBEAT_TIMEOUT_MS.defaultNanosFromMillis(), ctx.heartbeatTimeoutNs());
        assertEquals(GatewayConfiguration.HEARTBEAT_MS.defaultNanosFromMillis(), ctx.heartbeatIntervalNs());
        assertEquals(GatewayConfiguration.CANDIDATE_STAGGER_MS.defaultNanosFromMillis(), ctx.candidateStaggerNs());
        assertEquals(GatewayConfiguration.ELECTION_TIMEOUT_MS.defaultNanosFromMillis(), ctx.electionTimeoutNs());
        assertEquals(ctx.heartbeatTimeoutNs(), ctx.leaseNs(), "the lease defaults to the heartbeat timeout");
        assertEquals(GatewayConfiguration.STANDBY_SLEEP_US.defaultNanosFromMicros(), ctx.standbySleepNs());
        assertEquals(GatewayConfiguration.MAX_PAYLOAD.defaultInt(), ctx.maxPayloadLength());
        assertEquals(GatewayConfiguration.SINK_STREAM.defaultInt(), ctx.sinkStreamId());
        assertEquals(GatewayConfiguration.QUERY_TIMEOUT_MS.defaultNanosFromMillis(), ctx.queryTimeoutNs());
        assertEquals(GatewayConfiguration.MAX_QUERIES.defaultInt(), ctx.maxQueries());
        assertTrue(ctx.durability().isMajority(), "majority is the default durability");
        assertEquals(TransportConfiguration.INGRESS_STREAM.defaultInt(), ctx.ingressStreamId());
        assertEquals(TransportConfiguration.SEQUENCED_STREAM.defaultInt(), ctx.sequencedStreamId());
        assertEquals(TransportConfiguration.RESPONSES_STREAM.defaultInt(), ctx.replicaStreamId());
        assertEquals(TransportConfiguration.REPLAY_STREAM.defaultInt(), ctx.replayStreamId());
        assertEquals(TransportConfiguration.SITES.defaultValue().split(",").length, ctx.replicaCount());
        final GatewayEndpoints layout = GatewayEndpoints.fromBase(1, TransportConfiguration.GATEWAY_HOST.defaultValue(),
            TransportConfiguration.INGRESS_PORT.defaultInt());
        assertEquals(layout.ingressChannel(), ctx.ingressChannel());
        assertEquals(layout.sequencedPublicationChannel(), ctx.sequencedChannel());
        assertEquals(layout.inboundChannel(), ctx.replicaChannel());
        assertEquals(layout.replayPublicationChannel(), ctx.replayChannel());
        assertEquals("aeron:udp?endpoint=localhost:20121", ctx.ingressChannel(), "the documented default");
    }

    @Test
    void aLeaseSetIsKeptAndFollowsNoOtherSetting()
    {
        final GatewayContext ctx = valid().leaseNs(TimeUnit.MILLISECONDS.toNanos(300)).conclude();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(300), ctx.leaseNs());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(900),
            valid().heartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(900)).conclude().leaseNs(),
            "unset, it follows the heartbeat timeout");
    }

    static Stream<Arguments> badSettings()
    {
        return Stream.of(
            bad("gateway.id", ctx -> ctx.gatewayId(0)),
            bad("gateway.lease.ms", ctx -> ctx.leaseNs(TimeUnit.MILLISECONDS.toNanos(50))),
            bad("gateway.lease.ms", ctx -> ctx.leaseNs(-1)),
            bad("gateway.id", ctx -> ctx.gatewayId(10)),
            bad("gateway.ingress.channel", ctx -> ctx.ingressChannel("udp://nowhere")),
            bad("gateway.sequenced.channel", ctx -> ctx.sequencedChannel("")),
            bad("gateway.replica.channel", ctx -> ctx.replicaChannel("aeron:carrier-pigeon")),
            bad("replay.port", ctx -> ctx.replayChannel(" ")),
            bad("gateway.replay.batch", ctx -> ctx.replayBatch(0)),
            bad("ingress.stream", ctx -> ctx.sequencedStreamId(ctx.ingressStreamId())),
            bad("hedge.dir", ctx -> ctx.journalDir(null)),
            bad("gateway.max.payload", ctx -> ctx.maxPayloadLength(0)),
            bad("gateway.max.payload", ctx -> ctx.maxPayloadLength(2 * 1024 * 1024)),
            bad("gateway.collector.capacity", ctx -> ctx.collectorCapacity(1000)),
            bad("gateway.duplicate.window", ctx -> ctx.duplicateWindow(3)),
            bad("gateway.response.cache.bytes", ctx -> ctx.responseCacheBytes(100)),
            bad("gateway.heartbeat.ms", ctx -> ctx.heartbeatIntervalNs(0)),
            bad("connect timeout", ctx -> ctx.connectTimeoutNs(0)),
            bad("sites", ctx -> ctx.replicaCount(0)),
            bad("sites", ctx -> ctx.replicaCount(64)),
            bad("gateway.heartbeat.timeout.ms", ctx -> ctx.heartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(50))),
            bad("gateway.standby.sleep.us", ctx -> ctx.standbySleepNs(TimeUnit.MILLISECONDS.toNanos(200))),
            bad("gateway.candidate.stagger.ms", ctx -> ctx.candidateStaggerNs(-1)),
            bad("gateway.election.timeout.ms", ctx -> ctx.electionTimeoutNs(0)),
            bad("fill", ctx -> ctx.fillTimeoutNs(0)),
            bad("gateway.takeover.warm", ctx -> ctx.takeoverWarmSeqs(ctx.collectorCapacity() + 1)),
            bad("gateway.hosts", ctx -> ctx.peers(List.of(
                GatewayEndpoints.fromBase(2, "localhost", 20131).member("localhost"),
                GatewayEndpoints.fromBase(2, "localhost", 20141).member("localhost")))),
            bad("gateway.hosts", ctx -> ctx.peers(List.of(
                GatewayEndpoints.fromBase(1, "localhost", 20131).member("localhost")))),
            bad("sink.port", ctx -> ctx.sinkChannel("not a channel")),
            bad("gateway.durability", ctx -> ctx.durability(null)),
            bad("gateway.durability", ctx -> ctx.replicaCount(3).durability(Durability.quorum(4))),
            bad("gateway.query.timeout.ms", ctx -> ctx.queryTimeoutNs(0)),
            bad("gateway.max.queries", ctx -> ctx.maxQueries(0)),
            bad("gateway.max.queries", ctx -> ctx.maxQueries(QueryRouter.MAX_CAPACITY + 1)),
            bad("aeron.dir", ctx -> ctx.aeronDirectoryName(null)));
    }

    private static Arguments bad(final String key, final Consumer<GatewayContext> change)
    {
        return Arguments.of(key, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void eachRuleRejectsABadValueNamingItsKey(final String key, final Consumer<GatewayContext> change)
    {
        final GatewayContext ctx = valid();
        change.accept(ctx);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertTrue(ex.getMessage().contains(key), "'" + ex.getMessage() + "' names " + key);
    }

    @Test
    void aContextServesOneLaunch()
    {
        final GatewayContext ctx = valid().conclude();
        assertThrows(IllegalStateException.class, ctx::conclude);
    }

    @Test
    void peersOfTheSameLayoutAreAccepted()
    {
        final GatewayContext ctx = valid().gatewayId(2).peers(List.of(
            GatewayEndpoints.fromBase(1, "localhost", 20121).member("localhost"),
            GatewayEndpoints.fromBase(3, "localhost", 20141).member("localhost"))).conclude();
        assertEquals(List.of(1, 3), ctx.peers().stream().map(p -> p.gatewayId()).toList());
    }

    /**
     * Rule 8: the client bounds are settings whose conclude check names the key; an idle timeout shorter than twice
     * the SDK's longest keep-alive interval would expire live idle clients.
     */
    @Test
    void clientBoundsComeFromTheConfigurationAndAreCheckedByKey()
    {
        final GatewayContext ctx = valid().conclude();
        assertEquals(GatewayConfiguration.SESSION_IDLE_TIMEOUT_MS.defaultNanosFromMillis(), ctx.sessionIdleTimeoutNs());
        assertEquals(GatewayConfiguration.MAX_CLIENTS.defaultInt(), ctx.maxClients());
        assertEquals(GatewayConfiguration.DUPLICATE_WINDOWS.defaultInt(), ctx.duplicateWindows());
        assertEquals(GatewayConfiguration.DUPLICATE_MAX_CLIENTS.defaultInt(), ctx.duplicateMaxClients());

        final List<Consumer<GatewayContext>> bad = List.of(
            c -> c.sessionIdleTimeoutNs(TimeUnit.SECONDS.toNanos(9)),
            c -> c.maxClients(0),
            c -> c.duplicateWindows(0),
            c -> c.maxClients(100).duplicateMaxClients(99));
        final List<String> keys = List.of(GatewayConfiguration.SESSION_IDLE_TIMEOUT_MS.key(),
            GatewayConfiguration.MAX_CLIENTS.key(), GatewayConfiguration.DUPLICATE_WINDOWS.key(),
            GatewayConfiguration.DUPLICATE_MAX_CLIENTS.key());
        for (int i = 0; i < bad.size(); i++)
        {
            final GatewayContext wrong = valid();
            bad.get(i).accept(wrong);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, wrong::conclude);
            assertTrue(ex.getMessage().contains(keys.get(i)), ex.getMessage());
        }
    }
}
