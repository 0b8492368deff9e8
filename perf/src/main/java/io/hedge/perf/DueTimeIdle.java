package io.hedge.perf;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a load generator waits for its next request's due time when nothing came in: park while there is time,
 * yield close to it, never spin. On two cores a spinning client takes a whole core from the system it measures,
 * so every generator that is compared must wait the same way.
 */
public final class DueTimeIdle
{
    private static final long PARK_THRESHOLD_NS = TimeUnit.MICROSECONDS.toNanos(80);
    private static final long PARK_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private DueTimeIdle()
    {
    }

    /**
     * @param dueNs when the next request is due.
     * @param nowNs now.
     */
    public static void idle(final long dueNs, final long nowNs)
    {
        if (dueNs - nowNs > PARK_THRESHOLD_NS)
        {
            LockSupport.parkNanos(PARK_NS);
        }
        else
        {
            Thread.yield();
        }
    }
}
