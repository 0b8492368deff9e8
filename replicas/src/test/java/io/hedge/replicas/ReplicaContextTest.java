package io.hedge.replicas;

import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.GatewayMember;
import io.hedge.transport.TransportConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule of {@link ReplicaContext#conclude()} rejects a bad value and names its key; the defaults are those of
 * the Configuration classes.
 */
class ReplicaContextTest
{
    private static ReplicaContext valid()
    {
        return new ReplicaContext()
            .aeronDirectoryName("aeron-dir")
            .journalDir(Path.of("target", "context-test", "journal"))
            .stateMachineSupplier(SumStateMachine::new);
    }

    @Test
    void aValidContextConcludesOnceAndOnlyOnce()
    {
        final ReplicaContext ctx = valid().conclude();
        assertEquals(Path.of("target", "context-test", "journal-snapshots"), ctx.snapshotDir());
        assertEquals(1, ctx.gateways().size(), "the single-gateway channels make gateway 1");
        assertEquals(ctx.sequencedChannel(), ctx.gateways().get(0).sequencedChannel());
        assertEquals(ctx.gatewayChannel(), ctx.gateways().get(0).inboundChannel());
        assertThrows(IllegalStateException.class, ctx::conclude);
    }

    @Test
    void defaultsComeFromTheConfigurations()
    {
        final ReplicaContext ctx = new ReplicaContext();
        assertEquals(ReplicaConfiguration.VOTE_HOLDOFF_MS.defaultNanosFromMillis(), ctx.voteHoldoffNs());
        assertEquals(ReplicaConfiguration.STATUS_MS.defaultNanosFromMillis(), ctx.statusIntervalNs());
        assertEquals(ReplicaConfiguration.SNAPSHOT_INTERVAL.defaultLong(), ctx.snapshotInterval());
        assertEquals(ReplicaConfiguration.SNAPSHOT_RETAIN.defaultInt(), ctx.snapshotRetain());
        assertEquals(ReplicaConfiguration.BOOTSTRAP_PEER.defaultBoolean(), ctx.bootstrapFromPeer());
        assertEquals(ReplicaConfiguration.BOOTSTRAP_TIMEOUT_MS.defaultNanosFromMillis(), ctx.bootstrapTimeoutNs());
        assertEquals(ReplicaConfiguration.QUERY_BUDGET.defaultInt(), ctx.queryBudget());
        assertEquals(TransportConfiguration.SEQUENCED_STREAM.defaultInt(), ctx.sequencedStreamId());
        assertEquals(TransportConfiguration.RESPONSES_STREAM.defaultInt(), ctx.gatewayStreamId());
        assertEquals(TransportConfiguration.REPLAY_STREAM.defaultInt(), ctx.replayStreamId());
        assertEquals("aeron:udp?endpoint=localhost:0|control=localhost:20122|control-mode=dynamic",
            ctx.sequencedChannel());
        assertEquals("aeron:udp?endpoint=localhost:20123", ctx.gatewayChannel());
        assertEquals("aeron:udp?endpoint=localhost:0|control=localhost:20124|control-mode=dynamic", ctx.replayChannel());
    }

    @Test
    void eachRuleNamesItsKey()
    {
        rejects("aeron.dir", c -> c.aeronDirectoryName(null));
        rejects("replica.id", c -> c.replicaId(0));
        rejects("replica.id", c -> c.replicaId(64));
        rejects("replica.site", c -> c.site(" "));
        rejects("replica.sequenced.channel", c -> c.sequencedChannel("not a channel"));
        rejects("replica.gateway.channel", c -> c.gatewayChannel(""));
        rejects("replica.replay.channel", c -> c.replayChannel("aeron:carrier-pigeon"));
        rejects("replica.retransmit.timeout", c -> c.retransmitTimeoutNs(0));
        rejects("replica.journal.dir", c -> c.journalDir(null));
        rejects("replica.snapshot.interval", c -> c.snapshotInterval(-1));
        rejects("replica.snapshot.retain", c -> c.snapshotRetain(0));
        rejects("replica.state.machine", c -> c.stateMachineSupplier(null));
        rejects("replica.status.ms", c -> c.statusIntervalNs(0));
        rejects("replica.max.response.length", c -> c.maxResponseLength(63));
        rejects("replica.snapshot.chunk.length", c -> c.snapshotChunkLength(0));
        rejects("replica.snapshot.chunk.length", c -> c.snapshotChunkLength(ReplicaContext.MAX_SNAPSHOT_CHUNK_LENGTH + 1));
        rejects("replica.vote.holdoff.ms", c -> c.voteHoldoffNs(-1));
        rejects("replica.response.log", c -> c.responseLogEntries(3));
        rejects("replica.response.log", c -> c.responseLogBytes(100));
        rejects("replica.bootstrap.retry.interval", c -> c.bootstrapRetryIntervalNs(0));
        rejects("replica.bootstrap.timeout.ms", c -> c.bootstrapTimeoutNs(0));
        rejects("replica.query.budget", c -> c.queryBudget(0));
    }

    @Test
    void gatewayMembersAreChecked()
    {
        final GatewayMember one = GatewayEndpoints.fromBase(1, "localhost", 20121).member("localhost");
        rejects("gateway ids must be distinct", c -> c.gateways(List.of(one, one)));
        rejects("gateway id must be between", c -> c.gateways(List.of(new GatewayMember(0, one.sequencedChannel(),
            one.replayChannel(), one.inboundChannel()))));
        rejects("gateway 1 inbound channel", c -> c.gateways(List.of(new GatewayMember(1, one.sequencedChannel(),
            one.replayChannel(), "nonsense"))));
        assertNotNull(valid().gateways(List.of(one, GatewayEndpoints.fromBase(2, "localhost", 20131).member("h")))
            .conclude());
    }

    private static void rejects(final String key, final UnaryOperator<ReplicaContext> change)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).conclude(), key);
        assertTrue(ex.getMessage().contains(key), "'" + ex.getMessage() + "' names " + key);
    }
}
