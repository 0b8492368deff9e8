package io.hedge.chaos;

import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.Side;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Roles restarted on their own directories come back to exactly where the fabric is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartTest
{
    @Test
    void aRestartedReplicaReplaysItsJournalThenCatchesUp()
    {
        try (TestFabric fabric = new TestFabric("replica-restart");
            RequestDriver driver = new RequestDriver(fabric))
        {
            final TradingWorkload workload = new TradingWorkload(3, TestFabric.TRADING, 80, 15, 5);
            driver.send(workload, 2_000, 32, 0, n -> { });
            final Replica siteC = fabric.replicas.get(2);
            TestFabric.awaitTrue("site C applied 2,000", 30, () -> siteC.agent().appliedSeq() == 2_000);
            siteC.close();
            fabric.replicas.remove(siteC);

            driver.send(workload, 2_000, 32, 0, n -> { });
            final Replica restarted = fabric.startReplica("C");
            TestFabric.awaitTrue("restarted site C caught up", 30, () -> restarted.agent().appliedSeq() == 4_000);
            assertEquals(fabric.replicas.get(0).agent().stateHash(), restarted.agent().stateHash());
            assertEquals(4_000, driver.answered);
        }
    }

    @Test
    void aRestartedGatewayContinuesTheSequenceAndNeverSequencesARetryAgain()
    {
        try (TestFabric fabric = new TestFabric("gateway-restart"))
        {
            try (RawClient client = new RawClient(fabric.aeron, fabric.ingressChannel(), 555))
            {
                for (long id = 1; id <= 3; id++)
                {
                    client.request(id, Orders.newOrder(id, 3, Side.BUY, 990, 1));
                    assertEquals(ResponseStatus.OK, client.awaitAnswer(id).status());
                }
            }
            fabric.gateway.close();
            fabric.startGateway();

            try (RawClient client = new RawClient(fabric.aeron, fabric.ingressChannel(), 555))
            {
                // the retry of an acknowledged request: known from the journal, not sequenced again
                client.request(3, Orders.newOrder(3, 3, Side.BUY, 990, 1));
                final RawClient.Answer retry = client.awaitAnswer(3);
                assertEquals(ResponseStatus.DUPLICATE_NOT_CACHED, retry.status());
                assertEquals(3, retry.seq());

                client.request(4, Orders.newOrder(4, 3, Side.BUY, 990, 1));
                final RawClient.Answer next = client.awaitAnswer(4);
                assertEquals(ResponseStatus.OK, next.status());
                assertEquals(4, next.seq(), "the restarted gateway continues after its journal's last seq");
            }
            for (final Replica replica : fabric.replicas)
            {
                TestFabric.awaitTrue("site " + replica.agent().site() + " applied seq 4", 30,
                    () -> replica.agent().appliedSeq() == 4);
                assertEquals(fabric.replicas.get(0).agent().stateHash(), replica.agent().stateHash());
            }
            assertNotEquals(0, fabric.replicas.get(0).agent().stateHash());
        }
    }
}
