package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.hedge.client.RecordingListener.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link HedgeClient} tells the application when it closes with requests waiting, and when a gateway says a
 * newer session of its client id replaced it; over fake gateways on an embedded media driver.
 */
@Timeout(60)
class HedgeClientCloseTest
{
    @Test
    void closeCompletesSentRequestsAsOutcomeUnknownAndUnsentOnesAsNotConnected() throws Exception
    {
        try (FakeFabric fabric = new FakeFabric("client-close", 1))
        {
            final FakeGateway gateway = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final List<String> heard = new CopyOnWriteArrayList<>();
            final HedgeClient client = HedgeClient.connect(fabric.clientContext()
                .connectionStateListener((previous, state, reason) -> heard.add(previous + "->" + state)));
            try
            {
                final CompletableFuture<Response> sent = client.submit(bytes("sent"));
                fabric.await(null, "the request arrived", 5_000, () -> gateway.requests().size() == 1);
                final long sentId = gateway.requests().get(0).correlationId();

                // the gateway steps down and stays a standby: nothing is active, so what comes now is kept unsent
                gateway.answerConnect(ConnectStatus.NOT_ACTIVE, 1, 0);
                gateway.sendConnected(ConnectStatus.NOT_ACTIVE, 1, 0, 0);
                fabric.await(null, "the client is failing over", 5_000,
                    () -> client.connectionState() == ConnectionState.FAILING_OVER);
                final CompletableFuture<Response> unsent = client.submit(bytes("unsent"));
                fabric.await(null, "the second request is taken", 5_000, () -> metrics(client).offered() == 2);
                assertEquals(1, metrics(client).sent());

                client.close();
                final HedgeException unknown = failure(sent);
                assertEquals(HedgeException.Reason.OUTCOME_UNKNOWN, unknown.reason(), unknown.getMessage());
                assertEquals(sentId, unknown.correlationId());
                final HedgeException notSent = failure(unsent);
                assertEquals(HedgeException.Reason.NOT_CONNECTED, notSent.reason(), notSent.getMessage());
                assertTrue(notSent.getMessage().contains("could be sent to a gateway: it did not execute"),
                    notSent.getMessage());
                assertEquals(1, gateway.requests().size(), "the unsent one never left");
                assertEquals(List.of("CONNECTING->CONNECTED", "CONNECTED->FAILING_OVER", "FAILING_OVER->CLOSED"), heard);
                assertEquals(HedgeException.Reason.NOT_CONNECTED, failure(client.submit(bytes("late"))).reason());
                assertEquals(2, client.metrics().get(1, TimeUnit.SECONDS).offered(), "the snapshot taken at close");
            }
            finally
            {
                client.close();
            }
        }
    }

    @Test
    void aSupersededClientFailsWhatWaitedWithSupersededAndSendsNothingMore() throws Exception
    {
        try (FakeFabric fabric = new FakeFabric("client-superseded", 1))
        {
            final FakeGateway gateway = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final List<String> heard = new CopyOnWriteArrayList<>();
            try (HedgeClient client = HedgeClient.connect(fabric.clientContext()
                .connectionStateListener((previous, state, reason) -> heard.add(state + ": " + reason))))
            {
                gateway.answerRequests(true);
                assertEquals(ResponseStatus.OK, client.submit(bytes("a")).get(5, TimeUnit.SECONDS).status());
                gateway.answerRequests(false);
                final CompletableFuture<Response> waiting = client.submit(bytes("b"));
                fabric.await(null, "the request arrived", 5_000, () -> gateway.requests().size() == 2);

                gateway.supersede("client id 5 connected again from 'aeron:udp?endpoint=localhost:1234'");
                final HedgeException superseded = failure(waiting);
                assertEquals(HedgeException.Reason.SUPERSEDED, superseded.reason());
                assertEquals(gateway.requests().get(1).correlationId(), superseded.correlationId());
                assertTrue(superseded.getMessage().contains("its outcome is unknown"), superseded.getMessage());
                fabric.await(null, "the state is published", 5_000,
                    () -> client.connectionState() == ConnectionState.SUPERSEDED);
                assertEquals("SUPERSEDED: gateway 1 says: client id 5 connected again from " +
                    "'aeron:udp?endpoint=localhost:1234'", heard.get(heard.size() - 1));

                assertEquals(HedgeException.Reason.SUPERSEDED, failure(client.submit(bytes("c"))).reason());
                final int connects = gateway.connects();
                Thread.sleep(1_500); // longer than a keep-alive interval and a failover timeout
                assertEquals(connects, gateway.connects(), "no keep-alive, no probe: the client id is not taken back");
                assertEquals(2, gateway.requests().size());
                assertEquals(1, metrics(client).timeouts());
            }
            assertEquals(ConnectionState.CLOSED.toString(), heard.get(heard.size() - 1).split(":")[0]);
        }
    }

    private static ClientMetrics metrics(final HedgeClient client)
    {
        try
        {
            return client.metrics().get(5, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static HedgeException failure(final CompletableFuture<Response> future)
    {
        final ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(HedgeException.class, ex.getCause());
    }
}
