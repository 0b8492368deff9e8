package io.hedge.chaos;

import io.hedge.client.ClientMetrics;
import io.hedge.client.ConnectionState;
import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeException;
import io.hedge.client.Response;
import io.hedge.client.trading.TradingRequests;
import io.hedge.client.trading.TradingResponse;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.Side;
import io.hedge.replicas.Replica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK's ergonomics over a real fabric (a gateway and three replicas on loopback): the connection-state listener,
 * fencing of an older session with the same client id, and close() with requests in flight.
 */
@Timeout(120)
class ClientSdkFabricTest
{
    @Test
    void theListenerHearsConnectedThenFailingOverAndUnreachableWhenTheGatewayGoesAway() throws Exception
    {
        try (TestFabric fabric = new TestFabric("sdk-listener"))
        {
            final List<String> heard = new CopyOnWriteArrayList<>();
            final List<String> threads = new CopyOnWriteArrayList<>();
            final HedgeClientContext ctx = context(fabric).connectionStateListener((previous, state, reason) ->
            {
                heard.add(previous + "->" + state);
                threads.add(Thread.currentThread().getName());
            });
            try (HedgeClient client = HedgeClient.connect(ctx))
            {
                final Response response = client.submit(TradingRequests.newOrder(1, 7, 1, Side.BUY, 1_000, 10))
                    .get(10, TimeUnit.SECONDS);
                assertEquals(ResponseStatus.OK, response.status());
                assertEquals(TradingResponse.Kind.EXECUTION_REPORT, TradingResponse.of(response).kind());
                TestFabric.awaitTrue("the listener heard the connect", 10, () -> heard.contains("CONNECTING->CONNECTED"));
                assertEquals(ConnectionState.CONNECTED, client.connectionState());

                final ClientMetrics metrics = client.metrics().get(10, TimeUnit.SECONDS);
                assertEquals(1, metrics.sent());
                assertEquals(1, metrics.answered(ResponseStatus.OK));
                assertEquals(1, metrics.latency().getTotalCount());
                assertTrue(metrics.latency().getMaxValue() > 0);

                fabric.gateways[0] = null;
                fabric.gateway.close();
                TestFabric.awaitTrue("the listener heard the fabric become unreachable", 30,
                    () -> heard.contains("FAILING_OVER->UNREACHABLE"));
                assertEquals(List.of("CONNECTING->CONNECTED", "CONNECTED->FAILING_OVER", "FAILING_OVER->UNREACHABLE"),
                    heard);
                assertEquals(ConnectionState.UNREACHABLE, client.connectionState());
            }
            assertEquals("UNREACHABLE->CLOSED", heard.get(heard.size() - 1));
            assertEquals(1, threads.stream().distinct().count(), "every call on the client's one thread: " + threads);
            assertNotEquals(Thread.currentThread().getName(), threads.get(0));
        }
    }

    @Test
    void aSecondSessionWithTheSameClientIdFencesTheFirst() throws Exception
    {
        try (TestFabric fabric = new TestFabric("sdk-fence"))
        {
            final List<String> firstHeard = new CopyOnWriteArrayList<>();
            final List<String> secondHeard = new CopyOnWriteArrayList<>();
            try (HedgeClient first = HedgeClient.connect(context(fabric).clientId(4242)
                .connectionStateListener((previous, state, reason) -> firstHeard.add(state + ": " + reason))))
            {
                assertEquals(ResponseStatus.OK, first.submit(TradingRequests.newOrder(1, 7, 1, Side.BUY, 1_000, 10))
                    .get(10, TimeUnit.SECONDS).status());

                try (HedgeClient second = HedgeClient.connect(context(fabric).clientId(4242)
                    .connectionStateListener((previous, state, reason) -> secondHeard.add(state.toString()))))
                {
                    TestFabric.awaitTrue("the first session is told it was superseded", 20,
                        () -> first.connectionState() == ConnectionState.SUPERSEDED);
                    final String said = firstHeard.get(firstHeard.size() - 1);
                    assertTrue(said.startsWith("SUPERSEDED: gateway 1 says: client id 4242 connected again from"), said);

                    final ExecutionException refused = assertThrows(ExecutionException.class, () -> first.submit(
                        TradingRequests.newOrder(2, 7, 1, Side.BUY, 1_000, 10)).get(10, TimeUnit.SECONDS));
                    assertEquals(HedgeException.Reason.SUPERSEDED,
                        assertInstanceOf(HedgeException.class, refused.getCause()).reason());

                    // the old session sends nothing, so it does not take the client id back: the new one keeps it
                    Thread.sleep(2_000);
                    final Response answer = second.submit(TradingRequests.newOrder(3, 7, 1, Side.BUY, 1_000, 10))
                        .get(10, TimeUnit.SECONDS);
                    assertEquals(ResponseStatus.OK, answer.status());
                    assertEquals(3, TradingResponse.of(answer).executionReport().clientOrderId());
                    assertEquals(ConnectionState.CONNECTED, second.connectionState());
                    assertEquals(List.of("CONNECTED"), secondHeard);
                    assertEquals(ConnectionState.SUPERSEDED, first.connectionState());
                }
            }
        }
    }

    @Test
    void closeReportsRequestsInFlightAsOutcomeUnknown() throws Exception
    {
        try (TestFabric fabric = new TestFabric("sdk-close"))
        {
            final HedgeClient client = HedgeClient.connect(context(fabric));
            try
            {
                assertEquals(ResponseStatus.OK, client.submit(TradingRequests.newOrder(1, 7, 1, Side.BUY, 1_000, 10))
                    .get(10, TimeUnit.SECONDS).status());
                for (final Replica replica : fabric.replicas)
                {
                    replica.close(); // nothing can be answered from now on
                }
                final CompletableFuture<Response> inFlight = client.submit(
                    TradingRequests.newOrder(2, 7, 1, Side.BUY, 1_000, 10), 0, TradingRequests.NEW_ORDER_LENGTH,
                    60, TimeUnit.SECONDS);
                TestFabric.awaitTrue("the request was sent", 10, () -> sent(client) == 2);
                client.close();

                final ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> inFlight.get(10, TimeUnit.SECONDS));
                final HedgeException unknown = assertInstanceOf(HedgeException.class, failure.getCause());
                assertEquals(HedgeException.Reason.OUTCOME_UNKNOWN, unknown.reason(), unknown.getMessage());
                assertTrue(unknown.correlationId() > 0);
                assertTrue(unknown.getMessage().contains("it was sent, so it may have executed"), unknown.getMessage());
                assertEquals(ConnectionState.CLOSED, client.connectionState());
                assertEquals(2, client.metrics().get(1, TimeUnit.SECONDS).sent(), "after close, the last snapshot");
            }
            finally
            {
                client.close();
            }
        }
    }

    private static long sent(final HedgeClient client)
    {
        try
        {
            return client.metrics().get(5, TimeUnit.SECONDS).sent();
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static HedgeClientContext context(final TestFabric fabric)
    {
        return new HedgeClientContext()
            .aeronDirectoryName(fabric.driver.aeronDirectoryName())
            .ingressChannel(fabric.ingressChannel())
            .idleStrategySupplier(TestFabric::idle);
    }
}
