package io.hedge.ops.dashboard;

import io.hedge.ops.OpsListener;

/**
 * Where the dashboard's messages come from: an ops session subscribed to a gateway (subscribe=TRUE, so that it hears
 * every RoleReport and a FabricHealth a second), or, in tests and the browser check, synthetic reports. It is started
 * once and then polled on one thread, the thread that feeds the {@link DashboardModel}.
 */
public interface OpsFeed extends AutoCloseable
{
    /**
     * Begin: connect, subscribe. Messages go to the listener from {@link #poll()} only.
     */
    void start(OpsListener listener);

    /**
     * Deliver what has arrived, on the calling thread.
     *
     * @return the work done (0 when there was none), for the caller's idle strategy.
     */
    int poll();

    /**
     * @return true while the session is up (connected, authenticated, subscribed).
     */
    boolean connected();

    /**
     * @return one line for the page: what the feed is connected to, or why it is not.
     */
    String describe();

    @Override
    void close();
}
