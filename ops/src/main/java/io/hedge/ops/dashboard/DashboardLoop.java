package io.hedge.ops.dashboard;

import org.agrona.concurrent.IdleStrategy;

import java.util.function.LongSupplier;

/**
 * The dashboard's one feeding thread: polls the feed into the model and publishes the model's snapshot once a second,
 * with the feed's state, until stopped.
 */
public final class DashboardLoop implements Runnable
{
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DashboardLoop.class);

    /** How often the snapshot the page sees is rebuilt. */
    public static final long PUBLISH_INTERVAL_MS = 1_000;

    private final OpsFeed feed;
    private final DashboardModel model;
    private final LongSupplier clockMs;
    private final IdleStrategy idle;
    private volatile boolean running = true;
    private long failures;
    private String lastFailure;
    private String loggedFailure;

    public DashboardLoop(final OpsFeed feed, final DashboardModel model, final LongSupplier clockMs,
        final IdleStrategy idle)
    {
        this.feed = feed;
        this.model = model;
        this.clockMs = clockMs;
        this.idle = idle;
    }

    @Override
    public void run()
    {
        feed.start(model);
        long nextPublishMs = 0;
        while (running && !Thread.currentThread().isInterrupted())
        {
            int work = 0;
            try
            {
                work = feed.poll();
            }
            catch (final RuntimeException ex)
            {
                // a message the model could not take, or a feed fault: the page says so; the loop goes on
                failures++;
                lastFailure = ex.toString();
                if (failures == 1 || !ex.toString().equals(loggedFailure))
                {
                    loggedFailure = ex.toString();
                    LOG.warn("dashboard: the feed failed ({} so far): {}", failures, ex.toString());
                }
            }
            final long nowMs = clockMs.getAsLong();
            if (nowMs >= nextPublishMs)
            {
                model.feedState(feed.connected(), null == lastFailure ? feed.describe() :
                    feed.describe() + " (" + failures + " failures, the last: " + lastFailure + ")");
                model.publish();
                nextPublishMs = nowMs + PUBLISH_INTERVAL_MS;
                work++;
            }
            idle.idle(work);
        }
    }

    /**
     * Ask the loop to end after its current poll.
     */
    public void stop()
    {
        running = false;
    }
}
