package io.hedge.ops.dashboard;

import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard in a real browser (scripts/dashboard-check.sh runs it; not part of the default test run, because
 * Chromium is not part of the project's set-up). Serves a dashboard fed by {@link SyntheticFabric} (ten minutes of
 * history, then a live tick a second), loads the page in headless Chromium and checks that the numbers drawn into the
 * page (every chart's numbers are also text, data-k/data-v) are those the feed sent; then stops the feed and checks
 * that the page says so; and takes a screenshot.
 * <p>
 * Arguments: {@code CHROMIUM WORK_DIR [SCREENSHOT.png]}. Exit code 0 when every check passed.
 */
public final class DashboardBrowserCheck
{
    private static final Pattern EVENTS_RECEIVED = Pattern.compile("data-events=\"(\\d+)\"");
    private static final double SPECTRUM_TOLERANCE = 0.01;
    private static final int EVENTS = 2;

    private DashboardBrowserCheck()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 2)
        {
            System.err.println("usage: DashboardBrowserCheck CHROMIUM WORK_DIR [SCREENSHOT.png]");
            System.exit(2);
        }
        final Path work = Path.of(args[1]);
        Files.createDirectories(work);
        final HeadlessChromium chromium = new HeadlessChromium(args[0], work);
        // ten minutes of history first, on a simulated clock; then the model's clock runs from where it ended, so
        // that the time the history took to make is not a gap in the charts
        final AtomicBoolean prefilling = new AtomicBoolean(true);
        final AtomicLong simulatedMs = new AtomicLong();
        final AtomicLong shiftMs = new AtomicLong();
        final LongSupplier clock = () -> prefilling.get() ? simulatedMs.get() : System.currentTimeMillis() - shiftMs.get();
        final DashboardModel model = new DashboardModel(clock,
            id -> id >= 1 && id <= SyntheticFabric.SITES.length ? SyntheticFabric.SITES[id - 1] : null);
        final SyntheticFabric fabric = new SyntheticFabric();
        final long startMs = System.currentTimeMillis();
        for (int secondsAgo = 600; secondsAgo >= 1; secondsAgo--)
        {
            simulatedMs.set(startMs - secondsAgo * 1000L);
            fabric.tick(model, 600 - secondsAgo, secondsAgo <= 60);
        }
        shiftMs.set(System.currentTimeMillis() - startMs);
        prefilling.set(false);
        final List<Map<String, Long>> sent = new ArrayList<>();
        final SyntheticFeed feed = new SyntheticFeed(fabric, sent);
        final DashboardLoop loop = new DashboardLoop(feed, model, clock,
            new SleepingMillisIdleStrategy(1));
        final Thread thread = new Thread(loop, "dashboard-check-feed");
        thread.setDaemon(true);
        boolean passed = true;
        try (DashboardServer server = new DashboardServer(DashboardServer.DEFAULT_HOST, 0, model::snapshotJson))
        {
            thread.start();
            System.out.println("dashboard-check: serving " + server.url());
            Thread.sleep(3_000);

            // the page stops listening after two events, so that Chromium's virtual time budget can run out
            final String page = server.url() + "?events=" + EVENTS;
            final String dom = chromium.dumpDom(page);
            Files.writeString(work.resolve("live.html"), dom);
            final Map<String, String> shown = HeadlessChromium.numbers(dom);
            final Matcher events = EVENTS_RECEIVED.matcher(dom);
            passed &= check("the page drew " + EVENTS + " snapshots pushed by /events",
                events.find() && events.group(1).equals(String.valueOf(EVENTS)), "no data-events=" + EVENTS);
            passed &= check("the page says the feed is live", "live".equals(shown.get("feed")), "feed=" + shown.get("feed"));
            final List<Map<String, Long>> ticks;
            synchronized (sent)
            {
                ticks = new ArrayList<>(sent);
            }
            passed &= checkAgainstTicks(shown, ticks);
            if (args.length > 2)
            {
                chromium.screenshot(page, Path.of(args[2]), "1400,2480");
                System.out.println("dashboard-check: screenshot in " + args[2]);
            }

            loop.stop();
            thread.join(5_000);
            model.feedState(false, "synthetic fabric stopped");
            model.publish();
            final String stopped = chromium.dumpDom(page);
            Files.writeString(work.resolve("stopped.html"), stopped);
            final String banner = HeadlessChromium.numbers(stopped).get("feed");
            passed &= check("the page says the feed is disconnected once it stops", "down".equals(banner),
                "feed=" + banner);
        }
        System.out.println("dashboard-check: " + (passed ? "PASSED" : "FAILED"));
        System.exit(passed ? 0 : 1);
    }

    /**
     * The numbers of one tick the feed sent must all be on the page: the counters exactly, the interval percentiles
     * exactly, the last-minute spectrum to HdrHistogram's precision.
     */
    private static boolean checkAgainstTicks(final Map<String, String> shown, final List<Map<String, Long>> ticks)
    {
        List<String> bestMismatches = null;
        for (final Map<String, Long> tick : ticks)
        {
            final List<String> mismatches = new ArrayList<>();
            for (final Map.Entry<String, Long> e : tick.entrySet())
            {
                final String value = shown.get(e.getKey());
                if (null == value)
                {
                    mismatches.add(e.getKey() + " is not on the page");
                }
                else if (e.getKey().startsWith("spectrum-") && !e.getKey().startsWith("spectrum-max"))
                {
                    final double relative = Math.abs(Double.parseDouble(value) - e.getValue()) / e.getValue();
                    if (relative > SPECTRUM_TOLERANCE)
                    {
                        mismatches.add(e.getKey() + " shows " + value + ", sent " + e.getValue());
                    }
                }
                else if (!value.equals(String.valueOf(e.getValue())))
                {
                    mismatches.add(e.getKey() + " shows " + value + ", sent " + e.getValue());
                }
            }
            if (mismatches.isEmpty())
            {
                return check("the page shows the " + tick.size() + " numbers of one tick the feed sent (of " +
                    ticks.size() + " ticks)", true, "");
            }
            if (null == bestMismatches || mismatches.size() < bestMismatches.size())
            {
                bestMismatches = mismatches;
            }
        }
        return check("the page shows the numbers of one tick the feed sent", false,
            ticks.isEmpty() ? "no tick was sent" : String.join("; ", bestMismatches));
    }

    private static boolean check(final String what, final boolean ok, final String detail)
    {
        System.out.println("dashboard-check: " + (ok ? "ok   " : "FAIL ") + what + (ok ? "" : ": " + detail));
        return ok;
    }
}
