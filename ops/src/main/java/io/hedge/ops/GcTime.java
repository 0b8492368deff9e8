package io.hedge.ops;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Time the JVM spent in garbage collections, per interval: the difference of the collectors' accumulated times
 * ({@link GarbageCollectorMXBean#getCollectionTime()}) between two calls. Once an interval, never per message.
 */
public final class GcTime
{
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private long lastTotalMs = totalMs();

    /**
     * @return milliseconds spent collecting since the last call (or since this was made).
     */
    public long sinceLastMs()
    {
        final long total = totalMs();
        final long delta = total - lastTotalMs;
        lastTotalMs = total;
        return Math.max(0, delta);
    }

    private long totalMs()
    {
        long total = 0;
        for (int i = 0, n = collectors.size(); i < n; i++)
        {
            final long ms = collectors.get(i).getCollectionTime();
            if (ms > 0)
            {
                total += ms;
            }
        }
        return total;
    }
}
