package io.hedge.ops;

import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.RoleKind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusEndpointTest
{
    @Test
    void aScrapeOverHttpShowsEveryCounterAndEachHopsPercentiles() throws Exception
    {
        final RoleCounters counters = TestRoles.counters("hedge gateway 1");
        counters.set(CounterType.SEQUENCED, 0, 4321);
        counters.set(CounterType.WINS, 1, 3000);
        counters.set(CounterType.WINS, 2, 1321);
        final RoleHistograms histograms = new RoleHistograms();
        final HopRecorder committed = histograms.add(Hop.SEQUENCED_TO_COMMITTED, 0);
        for (int i = 1; i <= 100; i++)
        {
            committed.record(i * 10_000L);
        }
        histograms.swapAll(1);

        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(
            "127.0.0.1", 0, RoleKind.GATEWAY, 1, counters, histograms))
        {
            final List<String> lines = scrape(endpoint.port());
            assertEquals(4321.0, value(lines, "hedge_gateway_sequenced{role_id=\"1\",subject=\"0\"}"), lines.toString());
            assertEquals(3000.0, value(lines, "hedge_gateway_wins{role_id=\"1\",subject=\"1\"}"));
            assertEquals(1321.0, value(lines, "hedge_gateway_wins{role_id=\"1\",subject=\"2\"}"));
            assertEquals(committed.p99Ns(), value(lines, "hedge_gateway_hop_latency_ns{hop=\"sequenced_to_committed\"," +
                "percentile=\"99\",role_id=\"1\",subject=\"0\"}"));
            assertEquals(100.0, value(lines,
                "hedge_gateway_hop_samples{hop=\"sequenced_to_committed\",role_id=\"1\",subject=\"0\"}"));

            // a later value the agent publishes is what the next scrape shows
            counters.set(CounterType.SEQUENCED, 0, 5000);
            assertEquals(5000.0, value(scrape(endpoint.port()), "hedge_gateway_sequenced{role_id=\"1\",subject=\"0\"}"));
        }
    }

    private static List<String> scrape(final int port) throws Exception
    {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body().lines().toList();
    }

    private static double value(final List<String> lines, final String series)
    {
        for (final String line : lines)
        {
            if (line.startsWith(series + " "))
            {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        assertTrue(false, "no " + series + " in\n" + String.join("\n", lines));
        return -1;
    }
}
