package io.hedge.gateway;

import org.agrona.collections.Object2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;

/**
 * Each source's share of the gateway's ingress: connects per second and requests (requests and every kind of
 * query) per second, each with a burst of one second's worth. A source is the sender of an Aeron image (its
 * {@code sourceIdentity()}: address and port), so a process flooding the gateway is cut to its share while every
 * other source keeps its own; what is beyond the share is dropped and counted in {@code sourceLimitDrops}.
 *
 * <p>Each share is kept as a theoretical arrival time (GCRA): one long per kind and source, no allocation per
 * message. A source first seen allocates its entry once; entries idle for {@link #IDLE_NS} are swept, and beyond
 * {@code maxSources} new sources share one entry, so a spray of addresses cannot grow the table.
 */
final class SourceLimits
{
    /** A source not heard from for this long is forgotten (its share is then full again). */
    static final long IDLE_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long BURST_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long SWEEP_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final long connectIntervalNs;
    private final long requestIntervalNs;
    private final int maxSources;
    private final AtomicCounter drops;
    private final Object2ObjectHashMap<String, Share> shares = new Object2ObjectHashMap<>();
    private final Share overflow = new Share();
    private long nextSweepNs;
    private long dropped;

    /**
     * @param connectsPerSecond connects one source may send per second; 0 for no limit.
     * @param requestsPerSecond requests and queries one source may send per second; 0 for no limit.
     * @param maxSources        sources tracked each on its own; further ones share one entry.
     * @param drops             counts what is dropped; null for none.
     */
    SourceLimits(final long connectsPerSecond, final long requestsPerSecond, final int maxSources,
        final AtomicCounter drops)
    {
        this.connectIntervalNs = intervalNs(connectsPerSecond);
        this.requestIntervalNs = intervalNs(requestsPerSecond);
        this.maxSources = maxSources;
        this.drops = drops;
    }

    private static long intervalNs(final long perSecond)
    {
        return perSecond <= 0 ? 0 : Math.max(1, TimeUnit.SECONDS.toNanos(1) / perSecond);
    }

    /**
     * @param source the sender (an image's source identity); the same String instance each time is cheapest.
     * @return true if the source may connect now; false if the connect is dropped (counted).
     */
    boolean allowConnect(final String source, final long nowNs)
    {
        if (0 == connectIntervalNs)
        {
            return true;
        }
        final Share share = share(source, nowNs);
        final long tat = Math.max(share.connectTatNs, nowNs);
        if (tat - nowNs > BURST_NS)
        {
            return drop();
        }
        share.connectTatNs = tat + connectIntervalNs;
        return true;
    }

    /**
     * @return true if the source may send a request (or query) now; false if it is dropped (counted).
     */
    boolean allowRequest(final String source, final long nowNs)
    {
        if (0 == requestIntervalNs)
        {
            return true;
        }
        final Share share = share(source, nowNs);
        final long tat = Math.max(share.requestTatNs, nowNs);
        if (tat - nowNs > BURST_NS)
        {
            return drop();
        }
        share.requestTatNs = tat + requestIntervalNs;
        return true;
    }

    /**
     * Give back the request just allowed: it was pushed back and will be delivered (and charged) again.
     */
    void refundRequest(final String source)
    {
        final Share share = shares.get(source);
        if (0 != requestIntervalNs)
        {
            (null == share ? overflow : share).requestTatNs -= requestIntervalNs;
        }
    }

    /** Messages dropped for being beyond their source's share. */
    long dropped()
    {
        return dropped;
    }

    /** Sources tracked each on its own. */
    int sources()
    {
        return shares.size();
    }

    private boolean drop()
    {
        dropped++;
        if (null != drops)
        {
            drops.increment();
        }
        return false;
    }

    private Share share(final String source, final long nowNs)
    {
        if (nowNs - nextSweepNs >= 0)
        {
            nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
            sweep(nowNs);
        }
        Share share = shares.get(source);
        if (null == share)
        {
            if (shares.size() >= maxSources)
            {
                share = overflow;
            }
            else
            {
                share = new Share();
                share.connectTatNs = nowNs;
                share.requestTatNs = nowNs;
                shares.put(source, share);
            }
        }
        share.lastSeenNs = nowNs;
        return share;
    }

    private void sweep(final long nowNs)
    {
        shares.values().removeIf(share -> nowNs - share.lastSeenNs > IDLE_NS);
    }

    private static final class Share
    {
        long connectTatNs;
        long requestTatNs;
        long lastSeenNs;
    }
}
