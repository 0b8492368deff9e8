package io.hedge.ops.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hedge dashboard} against a live fabric, in a real browser (scripts/dashboard-check.sh starts the gateway, the
 * three replicas, {@code hedge dashboard} and {@code hedge load} as processes, then runs this). Loads the page in
 * headless Chromium and compares the numbers it draws (data-k/data-v) with the fabric's own counters, read another
 * way: the gateway's Prometheus endpoint (its Aeron counters, scraped every 200 ms) and {@code hedge status --json}
 * (a STATUS over an ops session of its own).
 * <p>
 * While the load runs (twice, a few seconds apart): the page is live and drew pushed snapshots; its last seq, each
 * replica's applied seq and each replica's wins lie between the counter's value {@link #FRESH_WITHIN_MS} before the
 * page was loaded and its value after (a seq: plus the seqs that are not requests, known at the end); the health of
 * each replica and of the gateway is what STATUS said just before or just after; and the second load shows a higher
 * last seq than the first (the page draws live data). Once the load has ended and the counters have stopped: every
 * one of those numbers equals its counter or STATUS exactly, every role is UP, and each site's share of the wins
 * equals its share of the gateway's wins counters over the page's window (the whole run, when it fits in a minute).
 * <p>
 * Arguments: {@code CHROMIUM WORK_DIR PAGE_URL METRICS_URL HEDGE CONFIG LOAD_PID [SCREENSHOT.png]}. Exit code 0 when
 * every check passed.
 */
public final class LiveDashboardCheck
{
    /**
     * How old a number on the page may be while the load runs: the gateway's role report that carries its counters
     * (and the health monitor's view of the last seq) is at most {@code ops.report.ms} (1 s) old; the ops port's
     * FabricHealth reaches the dashboard within its 1 s interval; the dashboard publishes its snapshot once a second;
     * plus 1 s for a loaded 2-core machine (transport, scheduling, the page's own load).
     */
    static final long FRESH_WITHIN_MS = 4_000;
    /**
     * A replica's applied seq may be older still by how far it is allowed to trail the gateway before the health
     * monitor calls it LAGGING ({@code health.lag.ms}, 1 s): the check also asks that it is not.
     */
    static final long REPLICA_FRESH_WITHIN_MS = FRESH_WITHIN_MS + 1_000;
    private static final int REPLICAS = 3;
    /** One load session on a fresh fabric: the term's start and a few session entries, far below any real bracket. */
    private static final long MAX_NOT_REQUESTS = 16;
    private static final int EVENTS = 2;
    private static final long LOAD_TIMEOUT_MS = 180_000;
    private static final Pattern EVENTS_RECEIVED = Pattern.compile("data-events=\"(\\d+)\"");
    private static final Pattern RENDERED_AT = Pattern.compile("data-rendered-at=\"(\\d+)\"");

    private final HeadlessChromium chromium;
    private final String page;
    private final String hedge;
    private final String config;
    private final Path work;
    private final MetricsSampler metrics;
    /** Seq brackets taken under load, checked once the seqs that are not requests are known. */
    private final List<SeqBracket> seqBrackets = new ArrayList<>();
    private long firstEpoch = -1;
    private boolean passed = true;

    /**
     * A seq the page showed under load, and the gateway's count of requests sequenced before and after it: a seq
     * lies between them once the seqs that are not requests (the term's start, sessions opening) are added.
     */
    private record SeqBracket(String what, String shown, long low, long high)
    {
    }

    private LiveDashboardCheck(final HeadlessChromium chromium, final String page, final String hedge,
        final String config, final Path work, final MetricsSampler metrics)
    {
        this.chromium = chromium;
        this.page = page;
        this.hedge = hedge;
        this.config = config;
        this.work = work;
        this.metrics = metrics;
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 7)
        {
            System.err.println("usage: LiveDashboardCheck CHROMIUM WORK_DIR PAGE_URL METRICS_URL HEDGE CONFIG " +
                "LOAD_PID [SCREENSHOT.png]");
            System.exit(2);
        }
        final Path work = Path.of(args[1]);
        Files.createDirectories(work);
        final ProcessHandle load = ProcessHandle.of(Long.parseLong(args[6])).orElse(null);
        if (null == load)
        {
            System.err.println("dashboard-check: the load (pid " + args[6] + ") is not running");
            System.exit(1);
        }
        final MetricsSampler metrics = new MetricsSampler(args[3]);
        final Thread sampler = new Thread(metrics, "dashboard-check-metrics");
        sampler.setDaemon(true);
        sampler.start();
        final LiveDashboardCheck check = new LiveDashboardCheck(new HeadlessChromium(args[0], work), args[2],
            args[4], args[5], work, metrics);
        try
        {
            check.run(load, args.length > 7 ? Path.of(args[7]) : null);
        }
        finally
        {
            metrics.stop();
        }
        System.out.println("dashboard-check: " + (check.passed ? "PASSED" : "FAILED"));
        System.exit(check.passed ? 0 : 1);
    }

    private void run(final ProcessHandle load, final Path screenshot) throws Exception
    {
        // the counters' history must reach back before the first page load
        Thread.sleep(REPLICA_FRESH_WITHIN_MS + 1_000);
        final Map<String, String> first = duringLoad(1);
        Thread.sleep(3_000);
        final Map<String, String> second = duringLoad(2);
        check("the second load of the page was under load too", load.isAlive(),
            "the load ended before it: this machine is too slow for the check's timing");
        check("the page draws live data: last seq " + first.get("last-seq") + " then " + second.get("last-seq"),
            asLong(second.get("last-seq")) > asLong(first.get("last-seq")) &&
            asLong(second.get("rendered-at")) > asLong(first.get("rendered-at")), "it did not move");
        if (null != screenshot)
        {
            chromium.screenshot(page + "?events=" + EVENTS, screenshot, "1400,2480");
            System.out.println("dashboard-check: screenshot of the live page in " + screenshot);
        }

        System.out.println("dashboard-check: waiting for the load (pid " + load.pid() + ") to end");
        load.onExit().get(LOAD_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        final long quietSince = metrics.awaitQuiet(2_000, 60_000);
        // the page's numbers are then at most FRESH_WITHIN_MS behind the counters, which no longer move
        Thread.sleep(Math.max(0, FRESH_WITHIN_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietSince)));
        settled();
    }

    /**
     * Load the page once while traffic flows and check it against the counters around the load.
     */
    private Map<String, String> duringLoad(final int sample) throws Exception
    {
        final Map<String, Object> statusBefore = status();
        if (firstEpoch < 0)
        {
            firstEpoch = Json.number(statusBefore.get("epoch"));
        }
        final long loadedFromNs = System.nanoTime();
        final Map<String, String> shown = load("during-load-" + sample);
        final long loadedToNs = System.nanoTime();
        final Map<String, Object> statusAfter = status();
        final long lowNs = loadedFromNs - TimeUnit.MILLISECONDS.toNanos(FRESH_WITHIN_MS);
        final long replicaLowNs = loadedFromNs - TimeUnit.MILLISECONDS.toNanos(REPLICA_FRESH_WITHIN_MS);
        final String when = "under load (" + sample + "): ";
        seqBrackets.add(new SeqBracket(when + "last seq", shown.get("last-seq"), metrics.before(lowNs, "sequenced:0"),
            metrics.after(loadedToNs, "sequenced:0")));
        for (int id = 1; id <= REPLICAS; id++)
        {
            // a replica that is LAGGING, SUSPECT or DOWN may be behind by any amount: then only the upper bound holds
            final String drawn = shown.get("health-replica:" + id);
            final boolean current = "UP".equals(drawn) || "DEGRADED".equals(drawn);
            seqBrackets.add(new SeqBracket(when + "replica " + id + "'s applied seq" + (current ? "" :
                " (" + drawn + ": no lower bound)"), shown.get("seq:REPLICA:" + id),
                current ? metrics.before(replicaLowNs, "sequenced:0") : 0, metrics.after(loadedToNs, "sequenced:0")));
            within(when + "replica " + id + "'s wins", shown.get("wins:" + id), metrics.before(lowNs, "wins:" + id),
                metrics.after(loadedToNs, "wins:" + id));
            final String before = replicaHealth(statusBefore, id);
            final String after = replicaHealth(statusAfter, id);
            check(when + "replica " + id + " is " + drawn + " on the page, " + before + " then " + after +
                " by STATUS", drawn != null && (drawn.equals(before) || drawn.equals(after)), "they differ");
        }
        final String gatewayBefore = gatewayHealth(statusBefore);
        final String gatewayAfter = gatewayHealth(statusAfter);
        final String gatewayDrawn = shown.get("health-gateway:1");
        check(when + "gateway 1 is " + gatewayDrawn + " on the page, " + gatewayBefore + " then " + gatewayAfter +
            " by STATUS", gatewayDrawn != null && (gatewayDrawn.equals(gatewayBefore) ||
            gatewayDrawn.equals(gatewayAfter)), "they differ");
        return shown;
    }

    /**
     * Load the page once the counters have stopped: every number must equal its counter.
     */
    private void settled() throws Exception
    {
        final Map<String, Object> status = status();
        final Map<String, String> shown = load("settled");
        final long sequenced = metrics.latest("sequenced:0");
        final String when = "after the load: ";
        final long lastSeq = Json.number(status.get("lastSeq"));
        final long epoch = Json.number(status.get("epoch"));
        // a new term restarts the gateway's counters (wins among them): the comparisons below assume one term
        check(when + "the fabric stayed in one term (epoch " + firstEpoch + " to " + epoch + ")", epoch == firstEpoch,
            "the gateway stepped down and was elected again (its log says why: a lost lease on a starved machine?)");
        final long notRequests = lastSeq - sequenced;
        check(when + "the gateway's last seq " + lastSeq + " is its requests sequenced (" + sequenced + ") and " +
            notRequests + " seqs that are not requests (the term's start, sessions opening and closing)",
            notRequests >= 0 && notRequests <= MAX_NOT_REQUESTS, "more than " + MAX_NOT_REQUESTS);
        for (final SeqBracket b : seqBrackets)
        {
            within(b.what(), b.shown(), b.low(), b.high() + notRequests);
        }
        equal(when + "last seq (STATUS)", shown.get("last-seq"), lastSeq);
        equal(when + "commit seq (STATUS)", shown.get("commit-seq"), Json.number(status.get("commitSeq")));
        equal(when + "epoch (STATUS)", shown.get("epoch"), Json.number(status.get("epoch")));
        check(when + "gateway 1 is " + shown.get("state:GATEWAY:1") + " in its last report on the page, " +
            gatewayRole(status) + " by STATUS", "ACTIVE".equals(shown.get("state:GATEWAY:1")) &&
            "ACTIVE".equals(gatewayRole(status)), "not both ACTIVE");
        long winsTotal = 0;
        boolean windowHoldsTheRun = true;
        for (int id = 1; id <= REPLICAS; id++)
        {
            final Map<String, Object> replica = replica(status, id);
            equal(when + "replica " + id + "'s applied seq (the gateway's last seq)", shown.get("seq:REPLICA:" + id),
                lastSeq);
            equal(when + "replica " + id + "'s applied seq (STATUS)", shown.get("seq:REPLICA:" + id),
                null == replica ? -1 : Json.number(replica.get("appliedSeq")));
            equal(when + "replica " + id + "'s wins (gateway's wins counter)", shown.get("wins:" + id),
                metrics.latest("wins:" + id));
            equal(when + "replica " + id + "'s wins (STATUS)", shown.get("wins:" + id),
                null == replica ? -1 : Json.number(replica.get("wins")));
            check(when + "replica " + id + " is UP on the page and by STATUS",
                "UP".equals(shown.get("health-replica:" + id)) && "UP".equals(replicaHealth(status, id)),
                "page " + shown.get("health-replica:" + id) + ", STATUS " + replicaHealth(status, id));
            winsTotal += metrics.latest("wins:" + id);
            windowHoldsTheRun &= String.valueOf(shown.get("wins:" + id)).equals(shown.get("wins-minute:" + id));
        }
        check(when + "gateway 1 is UP on the page and by STATUS",
            "UP".equals(shown.get("health-gateway:1")) && "UP".equals(gatewayHealth(status)),
            "page " + shown.get("health-gateway:1") + ", STATUS " + gatewayHealth(status));
        // the page's share is of the last minute: of the whole run when the run fits in it (the dashboard starts
        // before the load), else of the wins the counters added since the page's window began
        long windowTotal = 0;
        final long[] windowWins = new long[REPLICAS + 1];
        for (int id = 1; id <= REPLICAS; id++)
        {
            final long base = windowHoldsTheRun ? 0 :
                asLong(shown.get("wins:" + id)) - asLong(shown.get("wins-minute:" + id));
            windowWins[id] = metrics.latest("wins:" + id) - base;
            windowTotal += windowWins[id];
        }
        final String window = windowHoldsTheRun ? "of the whole run" : "since the page's window began";
        for (int id = 1; id <= REPLICAS; id++)
        {
            final double share = Double.parseDouble(String.valueOf(shown.get("win-share:" + id)));
            final double expected = 0 == windowTotal ? 0 : (double)windowWins[id] / windowTotal;
            // the same division of the same counts: only the last digit's rounding may differ
            check(when + "replica " + id + "'s share of the wins " + window + " is " + share + " on the page, " +
                expected + " by the gateway's counters", Math.abs(share - expected) < 1e-9, "they differ");
        }
        check(when + "every seq was won by one replica: " + winsTotal + " wins, last seq " + lastSeq,
            sequenced > 0 && winsTotal == lastSeq, "they differ");
    }

    private Map<String, String> load(final String name) throws IOException, InterruptedException
    {
        // the page stops listening after two events, so that Chromium's virtual time budget can run out
        final String dom = chromium.dumpDom(page + "?events=" + EVENTS);
        Files.writeString(work.resolve(name + ".html"), dom);
        final Map<String, String> shown = HeadlessChromium.numbers(dom);
        final Matcher events = EVENTS_RECEIVED.matcher(dom);
        check(name + ": the page drew " + EVENTS + " snapshots pushed by /events",
            events.find() && events.group(1).equals(String.valueOf(EVENTS)), "no data-events=" + EVENTS);
        check(name + ": the page says the feed is live", "live".equals(shown.get("feed")), "feed=" + shown.get("feed"));
        final Matcher rendered = RENDERED_AT.matcher(dom);
        shown.put("rendered-at", rendered.find() ? rendered.group(1) : "-1");
        return shown;
    }

    private Map<String, Object> status() throws IOException, InterruptedException
    {
        final Path out = work.resolve("status.json");
        final Process process = new ProcessBuilder(hedge, "status", "--json", "--config", config)
            .redirectOutput(out.toFile()).redirectError(work.resolve("status.err").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("hedge status did not answer within 60 s");
        }
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (lines.isEmpty())
        {
            throw new IllegalStateException("hedge status printed nothing (exit code " + process.exitValue() + ")");
        }
        return Json.object(Json.parse(lines.get(lines.size() - 1)));
    }

    private static Map<String, Object> replica(final Map<String, Object> status, final int id)
    {
        for (final Object o : Json.array(status.get("replicas")))
        {
            final Map<String, Object> replica = Json.object(o);
            if (Json.number(replica.get("replicaId")) == id)
            {
                return replica;
            }
        }
        return null;
    }

    private static String replicaHealth(final Map<String, Object> status, final int id)
    {
        final Map<String, Object> replica = replica(status, id);
        return null == replica ? "absent" : String.valueOf(replica.get("health"));
    }

    private static String gatewayHealth(final Map<String, Object> status)
    {
        return gatewayField(status, "health");
    }

    private static String gatewayRole(final Map<String, Object> status)
    {
        return gatewayField(status, "role");
    }

    private static String gatewayField(final Map<String, Object> status, final String field)
    {
        for (final Object o : Json.array(status.get("gateways")))
        {
            final Map<String, Object> gateway = Json.object(o);
            if (Json.number(gateway.get("gatewayId")) == 1)
            {
                return String.valueOf(gateway.get(field));
            }
        }
        return "absent";
    }

    private void within(final String what, final String shown, final long low, final long high)
    {
        final long value = asLong(shown);
        check(what + " is " + shown + " on the page, the counter " + low + " to " + high + " around it",
            low >= 0 && value >= low && value <= high, "outside");
    }

    private void equal(final String what, final String shown, final long counter)
    {
        check(what + " is " + shown + " on the page and " + counter, asLong(shown) == counter, "they differ");
    }

    private static long asLong(final String value)
    {
        try
        {
            return null == value ? Long.MIN_VALUE : Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            return Long.MIN_VALUE;
        }
    }

    private void check(final String what, final boolean ok, final String detail)
    {
        System.out.println("dashboard-check: " + (ok ? "ok   " : "FAIL ") + what + (ok ? "" : ": " + detail));
        passed &= ok;
    }

    /**
     * Scrapes the gateway's Prometheus endpoint every 200 ms and keeps, with the time of each scrape, its
     * hedge_gateway_sequenced and hedge_gateway_wins (per replica) gauges: they are its Aeron counters.
     */
    static final class MetricsSampler implements Runnable
    {
        private static final Pattern GAUGE =
            Pattern.compile("(?m)^hedge_gateway_(sequenced|wins)\\{([^}]*)} (\\S+)$");
        private static final Pattern SUBJECT = Pattern.compile("subject=\"(\\d+)\"");
        private static final long INTERVAL_MS = 200;

        private record Sample(long atNs, Map<String, Long> values)
        {
        }

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;
        private final List<Sample> samples = new ArrayList<>();
        private volatile boolean running = true;
        private volatile String failure;

        MetricsSampler(final String url)
        {
            uri = URI.create(url);
        }

        @Override
        public void run()
        {
            while (running)
            {
                try
                {
                    final String text = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                    final long atNs = System.nanoTime();
                    final Map<String, Long> values = new HashMap<>();
                    final Matcher m = GAUGE.matcher(text);
                    while (m.find())
                    {
                        final Matcher subject = SUBJECT.matcher(m.group(2));
                        values.put(m.group(1) + ":" + (subject.find() ? subject.group(1) : "?"),
                            (long)Double.parseDouble(m.group(3)));
                    }
                    synchronized (samples)
                    {
                        samples.add(new Sample(atNs, values));
                    }
                    Thread.sleep(INTERVAL_MS);
                }
                catch (final IOException ex)
                {
                    failure = ex.toString();
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }

        void stop()
        {
            running = false;
        }

        /**
         * @return the value of the newest scrape taken at or before the time (the counters only grow), or -1.
         */
        long before(final long atNs, final String key)
        {
            synchronized (samples)
            {
                for (int i = samples.size() - 1; i >= 0; i--)
                {
                    if (samples.get(i).atNs() <= atNs)
                    {
                        return samples.get(i).values().getOrDefault(key, -1L);
                    }
                }
            }
            return -1;
        }

        /**
         * @return the value of the first scrape taken after the time, waiting for it.
         */
        long after(final long atNs, final String key) throws InterruptedException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() - deadlineNs < 0)
            {
                synchronized (samples)
                {
                    for (final Sample s : samples)
                    {
                        if (s.atNs() > atNs)
                        {
                            return s.values().getOrDefault(key, -1L);
                        }
                    }
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("no scrape of the gateway's metrics for 10 s: " + failure);
        }

        long latest(final String key) throws InterruptedException
        {
            return after(System.nanoTime(), key);
        }

        /**
         * Wait until the sequenced counter has not moved for quietMs.
         *
         * @return when it last moved (System.nanoTime).
         */
        long awaitQuiet(final long quietMs, final long timeoutMs) throws InterruptedException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (System.nanoTime() - deadlineNs < 0)
            {
                synchronized (samples)
                {
                    final Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
                    long movedAtNs = -1;
                    for (int i = samples.size() - 1; i > 0 && null != last; i--)
                    {
                        if (!samples.get(i - 1).values().equals(last.values()))
                        {
                            movedAtNs = samples.get(i).atNs();
                            break;
                        }
                    }
                    if (null != last && movedAtNs > 0 &&
                        last.atNs() - movedAtNs >= TimeUnit.MILLISECONDS.toNanos(quietMs))
                    {
                        return movedAtNs;
                    }
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the gateway's counters did not stop moving within " + timeoutMs + " ms");
        }
    }
}
