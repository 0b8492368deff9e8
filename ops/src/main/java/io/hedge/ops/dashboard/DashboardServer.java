package io.hedge.ops.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The dashboard's web server, the JDK's own: the page and its script and style from this jar's resources (nothing is
 * fetched from anywhere else), {@code /api/state} (the model's snapshot once) and {@code /events} (the snapshot
 * pushed once a second as Server-Sent Events). It only reads the published snapshot, never the model.
 */
public final class DashboardServer implements AutoCloseable
{
    /** The default address: this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** At most this many pages listening at once; more get 503 so that a reloading tab cannot pile up streams. */
    static final int MAX_EVENT_STREAMS = 32;

    private static final String RESOURCES = "/io/hedge/ops/dashboard/";
    /** Path, resource, content type: every file the page may load. */
    private static final Map<String, String[]> ASSETS = Map.of(
        "/", new String[]{"index.html", "text/html; charset=utf-8"},
        "/dashboard.js", new String[]{"dashboard.js", "text/javascript; charset=utf-8"},
        "/dashboard.css", new String[]{"dashboard.css", "text/css; charset=utf-8"});
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DashboardServer.class);

    private final Supplier<String> snapshot;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService pusher;
    private final List<EventStream> streams = new CopyOnWriteArrayList<>();

    private record EventStream(HttpExchange exchange, OutputStream out)
    {
    }

    /**
     * Bind and start serving.
     *
     * @param host     the address to bind (a name or literal).
     * @param port     the port, 0 for any free one.
     * @param snapshot the JSON to serve, as {@link DashboardModel#snapshotJson()}.
     * @throws IOException when the address cannot be bound.
     */
    public DashboardServer(final String host, final int port, final Supplier<String> snapshot) throws IOException
    {
        this.snapshot = snapshot;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        handlers = Executors.newFixedThreadPool(4, daemon("hedge-dashboard-http"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        pusher = Executors.newSingleThreadScheduledExecutor(daemon("hedge-dashboard-events"));
        server.start();
        pusher.scheduleAtFixedRate(this::push, DashboardLoop.PUBLISH_INTERVAL_MS, DashboardLoop.PUBLISH_INTERVAL_MS,
            TimeUnit.MILLISECONDS);
    }

    /**
     * @return the address bound (with the port chosen when 0 was asked for).
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    /**
     * @return the page's URL.
     */
    public String url()
    {
        final InetSocketAddress address = address();
        final String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try
        {
            final String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            if ("/api/state".equals(path))
            {
                send(exchange, 200, "application/json", snapshot.get().getBytes(StandardCharsets.UTF_8));
            }
            else if ("/events".equals(path))
            {
                openEventStream(exchange);
            }
            else if (ASSETS.containsKey(path))
            {
                final String[] asset = ASSETS.get(path);
                send(exchange, 200, asset[1], resource(asset[0]));
            }
            else
            {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ex)
        {
            // the browser went away mid-answer: nothing to tell anyone
            exchange.close();
        }
    }

    private static void send(final HttpExchange exchange, final int status, final String type, final byte[] body)
        throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        // the page loads only from this server, whatever a snapshot's text says
        exchange.getResponseHeaders().set("Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static byte[] resource(final String name) throws IOException
    {
        try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name))
        {
            if (null == in)
            {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private void openEventStream(final HttpExchange exchange) throws IOException
    {
        if (streams.size() >= MAX_EVENT_STREAMS)
        {
            send(exchange, 503, "text/plain; charset=utf-8", "too many event streams\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        final EventStream stream = new EventStream(exchange, exchange.getResponseBody());
        // the handler returns with the exchange open: the pusher writes to it until the browser goes
        synchronized (stream)
        {
            write(stream, "retry: 1000\n\n" + event(snapshot.get()));
        }
        streams.add(stream);
    }

    private static String event(final String json)
    {
        // a snapshot is one line (JsonWriter escapes line breaks), so it is one data field
        return "event: state\ndata: " + json + "\n\n";
    }

    private void push()
    {
        try
        {
            final String event = event(snapshot.get());
            for (final EventStream stream : streams)
            {
                synchronized (stream)
                {
                    try
                    {
                        write(stream, event);
                    }
                    catch (final IOException ex)
                    {
                        streams.remove(stream);
                        stream.exchange().close();
                    }
                }
            }
        }
        catch (final RuntimeException ex)
        {
            // a scheduled task that throws is never run again: the page would freeze without saying why
            LOG.warn("dashboard: pushing a snapshot failed: {}", ex.toString());
        }
    }

    private static void write(final EventStream stream, final String text) throws IOException
    {
        stream.out().write(text.getBytes(StandardCharsets.UTF_8));
        stream.out().flush();
    }

    /**
     * @return the number of pages listening to /events now.
     */
    public int eventStreams()
    {
        return streams.size();
    }

    @Override
    public void close()
    {
        pusher.shutdownNow();
        for (final EventStream stream : streams)
        {
            stream.exchange().close();
        }
        streams.clear();
        server.stop(0);
        handlers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(final String name)
    {
        return runnable ->
        {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
