package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.hedge.client.RecordingListener.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class HedgeClientFailoverTest
{
    @Test
    void futuresCompleteOnceWithTheNewActivesAnswersAndOutcomesCanBeQueried() throws Exception
    {
        try (FakeFabric fabric = new FakeFabric("client-failover", 2))
        {
            final FakeGateway old = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            final FakeGateway successor = fabric.gateway(2).answerConnect(ConnectStatus.NOT_ACTIVE, 1, 1);
            try (HedgeClient client = HedgeClient.connect(fabric.clientContext()))
            {
                assertEquals(1, client.gatewayId());
                final List<CompletableFuture<Response>> futures = new ArrayList<>();
                for (int i = 0; i < 3; i++)
                {
                    futures.add(client.submit(bytes("c" + i)));
                }
                fabric.await(null, "the old gateway got all three", 5_000, () -> old.requests().size() == 3);
                fabric.await(null, "gateway 2 knows the client", 5_000, () -> successor.connects() > 0);

                successor.answerConnect(ConnectStatus.OK, 2, 0).answerRequests(true);
                successor.sendConnected(ConnectStatus.OK, 2, 0, 0);
                final List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++)
                {
                    final Response response = futures.get(i).get(5, TimeUnit.SECONDS);
                    assertEquals("gw2:c" + i, new String(response.payload()));
                    assertTrue(response.ok() && response.executed());
                    ids.add(response.correlationId());
                }
                assertEquals(ids, successor.requestIds());
                for (final long id : ids)
                {
                    old.sendResponse(id, 1, ResponseStatus.OK, 1, bytes("stale"));
                }
                fabric.await(null, "the counters are published", 5_000,
                    () -> client.failovers() == 1 && client.resentRequests() == 3);
                assertEquals(2, client.gatewayId());
                assertEquals(2, client.epoch());

                // a deadline passes: outcome unknown, with the id to ask about
                successor.answerRequests(false);
                final CompletableFuture<Response> lost = client.submit(bytes("lost"), 0, 4, 100, TimeUnit.MILLISECONDS);
                final ExecutionException failure = assertThrows(ExecutionException.class, () -> lost.get(5, TimeUnit.SECONDS));
                final HedgeException unknown = assertInstanceOf(HedgeException.class, failure.getCause());
                assertEquals(HedgeException.Reason.OUTCOME_UNKNOWN, unknown.reason());
                assertTrue(unknown.getMessage().contains("outcome is unknown"), unknown.getMessage());
                final long lostId = unknown.correlationId();
                assertTrue(lostId > ids.get(2));

                final CompletableFuture<Response> outcome = client.queryOutcome(lostId);
                fabric.await(null, "the query arrived", 5_000, () -> successor.outcomeQueries().contains(lostId));
                successor.sendResponse(lostId, 0, ResponseStatus.NOT_EXECUTED, 2, bytes(""));
                final Response notExecuted = outcome.get(5, TimeUnit.SECONDS);
                assertEquals(ResponseStatus.NOT_EXECUTED, notExecuted.status());
                assertFalse(notExecuted.executed());

                final CompletableFuture<Response> executed = client.queryOutcome(ids.get(0));
                fabric.await(null, "the second query arrived", 5_000, () -> successor.outcomeQueries().contains(ids.get(0)));
                successor.sendResponse(ids.get(0), 4, ResponseStatus.DUPLICATE_NOT_CACHED, 2, bytes(""));
                final Response duplicate = executed.get(5, TimeUnit.SECONDS);
                assertTrue(duplicate.executed());
                assertFalse(duplicate.ok());
                assertEquals(4, duplicate.seq());

                final ExecutionException never = assertThrows(ExecutionException.class,
                    () -> client.queryOutcome(lostId + 1000).get(5, TimeUnit.SECONDS));
                assertInstanceOf(IllegalArgumentException.class, never.getCause());
            }
        }
    }

    @Test
    void anOutcomeQueryForARequestStillWaitingGetsItsResponse() throws Exception
    {
        try (FakeFabric fabric = new FakeFabric("client-outcome-waiting", 1))
        {
            final FakeGateway gateway = fabric.gateway(1).answerConnect(ConnectStatus.OK, 1, 0);
            try (HedgeClient client = HedgeClient.connect(fabric.clientContext()))
            {
                final CompletableFuture<Response> submitted = client.submit(bytes("slow"));
                fabric.await(null, "the request arrived", 5_000, () -> gateway.requests().size() == 1);
                final long id = gateway.requests().get(0).correlationId();
                final CompletableFuture<Response> outcome = client.queryOutcome(id);
                gateway.sendResponse(id, 8, ResponseStatus.OK, 1, bytes("done"));
                final Response response = submitted.get(5, TimeUnit.SECONDS);
                assertArrayEquals(bytes("done"), response.payload());
                assertEquals(response, outcome.get(5, TimeUnit.SECONDS));
                assertTrue(gateway.outcomeQueries().isEmpty(), "no query needed: the response came");
            }
        }
    }
}
