package io.hedge.chaos;

import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.Response;
import io.hedge.gateway.Gateway;
import io.hedge.gateway.GatewayAgent;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import io.hedge.transport.SequencedTransport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three gateways and three replicas in one JVM: the active gateway is closed under load, a standby takes over, and
 * every request the client submitted is executed once and answered once.
 */
@Timeout(120)
class FailoverTest
{
    private static final int REQUESTS = 3_000;

    @Test
    void aStandbyTakesOverAndEveryRequestExecutesOnce() throws Exception
    {
        failover("failover", SequencedTransport.MDC);
    }

    /** The same over a multicast sequenced stream: the standbys follow on the group and the new active one sends to it. */
    @Test
    void aStandbyTakesOverAMulticastStreamAndEveryRequestExecutesOnce() throws Exception
    {
        if (!LoopbackMulticast.works())
        {
            System.out.println("FailoverTest over multicast skipped: " + LoopbackMulticast.reason());
        }
        assumeTrue(LoopbackMulticast.works(), () -> "multicast on loopback: " + LoopbackMulticast.reason());
        failover("failover-mcast", SequencedTransport.multicast("239.255.77.5"));
    }

    private static void failover(final String name, final SequencedTransport transport) throws Exception
    {
        try (TestFabric fabric = new TestFabric(name, 4096, site -> new TradingEngine(TestFabric.TRADING), 3, 3, "",
            null, "", null, transport, driver -> { }))
        {
            final Gateway first = fabric.activeGateway();
            assertNotNull(first);
            final long firstEpoch = first.agent().epoch();
            final HedgeClientContext ctx = new HedgeClientContext()
                .aeronDirectoryName(fabric.driver.aeronDirectoryName())
                .clientId(42)
                .gatewayIngressChannels(fabric.ingressChannels())
                .requestTimeoutNs(TimeUnit.SECONDS.toNanos(30));
            final List<CompletableFuture<Response>> futures = new ArrayList<>();
            final long cashBefore;
            try (HedgeClient client = HedgeClient.connect(ctx))
            {
                final TradingWorkload workload = new TradingWorkload(11, TestFabric.TRADING, 60, 10, 30);
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TradingWorkload.MAX_REQUEST_LENGTH]);
                cashBefore = ((TradingEngine)fabric.replicas.get(0).agent().stateMachine()).totalCash();
                for (int i = 0; i < REQUESTS; i++)
                {
                    final int length = workload.next(buffer, 0);
                    futures.add(client.submit(buffer, 0, length));
                    if (i == REQUESTS / 3)
                    {
                        fabric.gateways[first.agent().gatewayId() - 1] = null;
                        first.close();
                    }
                    if (i % 10 == 0)
                    {
                        Thread.sleep(1);
                    }
                }
                int executed = 0;
                for (final CompletableFuture<Response> future : futures)
                {
                    final Response response = future.get(60, TimeUnit.SECONDS);
                    assertTrue(response.executed(), "request " + response.correlationId() + ": " + response.status());
                    executed++;
                }
                assertEquals(REQUESTS, executed);
                assertTrue(client.failovers() >= 1, "the client noticed the failover");
            }

            final Gateway second = fabric.activeGateway();
            assertNotNull(second, "a standby took over");
            assertNotEquals(first, second);
            assertTrue(second.agent().epoch() > firstEpoch, "epoch " + second.agent().epoch() + " > " + firstEpoch);
            final long lastSeq = second.agent().lastSeq();
            // each term begins with an entry of its own: two at least (the first gateway's and the new one's), more
            // when a lease lapses on a loaded machine and a term begins again; that each request is journaled exactly
            // once is checked at every site below
            assertTrue(lastSeq >= REQUESTS + 2, "every request and two term starts sequenced: last seq " + lastSeq);
            for (final Replica replica : fabric.replicas)
            {
                TestFabric.awaitTrue("site " + replica.agent().site() + " applied seq " + lastSeq, 30,
                    () -> replica.agent().appliedSeq() == lastSeq);
                assertEquals(fabric.replicas.get(0).agent().stateHash(), replica.agent().stateHash());
                assertEquals(cashBefore, ((TradingEngine)replica.agent().stateMachine()).totalCash(),
                    "cash is conserved at site " + replica.agent().site());
            }

            // the gateway that was closed comes back as a standby and follows the new active one
            final Gateway rejoined = fabric.startGateway(first.agent().gatewayId());
            // on a loaded machine the active gateway may lose its lease and win again meanwhile, each term adding
            // its first entry: the standby is compared with the active gateway's journal now, not with lastSeq
            TestFabric.awaitTrue("the old gateway rejoined as a standby at the active gateway's last seq", 30,
                () ->
                {
                    final Gateway active = fabric.activeGateway();
                    return null != active && active != rejoined && rejoined.agent().lastSeq() >= lastSeq &&
                        rejoined.agent().lastSeq() == active.agent().lastSeq();
                });
            assertEquals(GatewayAgent.Role.STANDBY, rejoined.agent().role());

            for (final Replica replica : fabric.replicas)
            {
                replica.close();
            }
            for (final String site : TestFabric.SITES)
            {
                JournalChecks.assertEachRequestOnce(fabric.journalDir(site), 42, REQUESTS);
            }
        }
    }
}
