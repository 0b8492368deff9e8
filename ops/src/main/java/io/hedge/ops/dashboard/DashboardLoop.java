package io.hedge.ops.dashboard;

import org.agrona.concurrent.IdleStrategy;

import java.util.function.LongSupplier;

/**
 * The dashboard's one feeding thread: polls the feed into the model and publishes the model's snapshot once a second,
 * with the feed's state, until stopped.
 */
public final class DashboardLoop implements Runnable
{
    /** How often the snapshot the page sees is rebuilt. */
    public static final long PUBLISH_INTERVAL_MS = 1_000;

    private final OpsFeed feed;
    private final DashboardModel model;
    private final LongSupplier clockMs;
    private final IdleStrategy idle;
    private volatile boolean running = true;

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
            int work = feed.poll();
            final long nowMs = clockMs.getAsLong();
            if (nowMs >= nextPublishMs)
            {
                model.feedState(feed.connected(), feed.describe());
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
