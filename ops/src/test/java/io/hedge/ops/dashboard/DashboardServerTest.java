package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.CounterType;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hedge.ops.dashboard.Json.array;
import static io.hedge.ops.dashboard.Json.number;
import static io.hedge.ops.dashboard.Json.object;
import static io.hedge.ops.dashboard.RoleReportBuilder.histogramOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardServerTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final DashboardModel model = new DashboardModel(System::currentTimeMillis, id -> "site-" + id);
    private final Histogram committed = histogramOf(400, 60_000, 90_000, 250_000, 4_000_000);
    private DashboardServer server;

    @BeforeEach
    void start() throws Exception
    {
        model.feedState(true, "test feed");
        new RoleReportBuilder(RoleKind.GATEWAY, 1).state(GatewayRole.ACTIVE.value())
            .counter(CounterType.WINS, 1, 1_234).counter(CounterType.WINS, 2, 567)
            .counter(CounterType.REPLICA_LAG_MS, 2, 42)
            .histogram(Hop.SEQUENCED_TO_COMMITTED, 0, committed)
            .deliverTo(model);
        new FabricHealthBuilder(1, 1, 1_801).gateway(1, Health.UP, GatewayRole.ACTIVE, 2)
            .replica(1, Health.UP, 1_801, 0, 1_234).replica(2, Health.LAGGING, 1_700, 42, 567)
            .alarm(3, 2, Health.LAGGING, "behind by 101 seqs").deliverTo(model);
        model.publish();
        server = new DashboardServer(DashboardServer.DEFAULT_HOST, 0, model::snapshotJson);
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    private HttpResponse<String> get(final String path) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(server.url()).resolve(path)).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndEveryAssetItReferencesFromItselfOnly() throws Exception
    {
        final HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        final List<String> references = new ArrayList<>();
        final Matcher matcher = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        while (matcher.find())
        {
            references.add(matcher.group(1));
        }
        assertTrue(references.contains("dashboard.js") && references.contains("dashboard.css"), references.toString());
        final List<String> texts = new ArrayList<>(List.of(page.body()));
        for (final String reference : references)
        {
            final HttpResponse<String> asset = get(reference);
            assertEquals(200, asset.statusCode(), reference);
            assertTrue(asset.body().length() > 100, reference);
            texts.add(asset.body());
        }
        final String script = get("dashboard.js").body();
        // what the script fetches at run time: its own relative endpoints, nothing else
        assertTrue(script.contains("fetch(\"api/state\"") && script.contains("new EventSource(\"events\")"));
        final Pattern absolute = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+[:/]");
        for (final String text : texts)
        {
            final Matcher url = absolute.matcher(text);
            while (url.find())
            {
                final String found = url.group();
                assertTrue(found.contains("//" + server.address().getAddress().getHostAddress()),
                    "the page loads something from elsewhere: " + found);
            }
            assertFalse(text.contains("@import") || text.contains("import("), "no module loading");
        }
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    }

    @Test
    void apiStateHasTheFedCountersAndHistograms() throws Exception
    {
        final HttpResponse<String> response = get("/api/state");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        final Map<String, Object> state = object(Json.parse(response.body()));
        final Map<String, Object> series = object(array(state.get("series")).get(0));
        assertEquals("SEQUENCED_TO_COMMITTED", series.get("key"));
        final Map<String, Object> last = object(series.get("last"));
        assertEquals(committed.getValueAtPercentile(99), number(last.get("p99Ns")));
        assertEquals(committed.getValueAtPercentile(99.9), number(last.get("p999Ns")));
        assertEquals(committed.getMaxValue(), number(last.get("maxNs")));
        final Map<String, Object> spectrum = object(array(object(state.get("spectrum")).get("series")).get(0));
        assertEquals(committed.getTotalCount(), number(spectrum.get("samples")));
        assertEquals(committed.getValueAtPercentile(99), number(spectrum.get("p99Ns")));
        final List<Object> replicas = array(state.get("replicas"));
        assertEquals(1_234, number(object(replicas.get(0)).get("winsTotal")));
        assertEquals(567, number(object(replicas.get(1)).get("winsTotal")));
        assertEquals(42, number(object(replicas.get(1)).get("lagMs")));
        assertEquals("LAGGING", object(array(state.get("healthReplicas")).get(1)).get("health"));
        assertEquals("behind by 101 seqs", object(array(state.get("alarms")).get(0)).get("reason"));
        assertFalse((Boolean)object(state.get("feed")).get("stale"));
    }

    @Test
    void eventsStreamsTheSnapshotEverySecond() throws Exception
    {
        final HttpResponse<InputStream> response = http.send(
            HttpRequest.newBuilder(URI.create(server.url()).resolve("/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> reading = CompletableFuture.runAsync(() ->
        {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8)))
            {
                String line;
                String event = null;
                while (events.size() < 3 && null != (line = reader.readLine()))
                {
                    if (line.startsWith("event: "))
                    {
                        event = line.substring(7);
                    }
                    else if (line.startsWith("data: ") && "state".equals(event))
                    {
                        events.add(line.substring(6));
                    }
                }
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        reading.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(3, events.size(), "the first at once, then one a second");
        for (final String event : events)
        {
            assertEquals(1_234, number(object(array(object(Json.parse(event)).get("replicas")).get(0))
                .get("winsTotal")));
        }
        assertEquals(1, server.eventStreams());
    }

    @Test
    void answersOnlyGetOfKnownPaths() throws Exception
    {
        assertEquals(404, get("/nope").statusCode());
        assertEquals(404, get("/io/hedge/ops/dashboard/index.html").statusCode());
        assertEquals(404, get("/%2e%2e/pom.xml").statusCode());
        final HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url()).resolve("/api/state"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void bindsToLoopbackByDefault() throws Exception
    {
        final InetSocketAddress address = server.address();
        assertEquals("127.0.0.1", address.getAddress().getHostAddress());
        assertTrue(address.getPort() > 0, "port 0 picks a free one");
        final InetAddress other = nonLoopbackAddress();
        if (null != other)
        {
            // the port is not open on the machine's other addresses
            assertThrows(java.io.IOException.class, () ->
            {
                try (Socket socket = new Socket())
                {
                    socket.connect(new InetSocketAddress(other, address.getPort()), 2_000);
                }
            });
        }
    }

    private static InetAddress nonLoopbackAddress() throws Exception
    {
        for (final NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces()))
        {
            if (nic.isUp() && !nic.isLoopback())
            {
                for (final InetAddress address : Collections.list(nic.getInetAddresses()))
                {
                    if (address instanceof Inet4Address)
                    {
                        return address;
                    }
                }
            }
        }
        return null;
    }
}
