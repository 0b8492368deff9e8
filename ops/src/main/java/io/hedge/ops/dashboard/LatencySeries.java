package io.hedge.ops.dashboard;

import org.HdrHistogram.Histogram;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One measured hop (of one replica, where it is per replica) over time: the percentiles each report carried, for the
 * last {@link #HISTORY_MS}, and the interval histograms of the last {@link #SPECTRUM_MS}, which add up to the
 * last-minute spectrum. Times are the dashboard's own clock at receipt, so that the roles' clocks need not agree.
 */
final class LatencySeries
{
    /** How much of the past the time charts show. */
    static final long HISTORY_MS = 600_000;
    /** The window of the spectrum. */
    static final long SPECTRUM_MS = 60_000;

    private static final int SIGNIFICANT_DIGITS = 3;

    private final String key;
    private final String label;
    private final String hop;
    private final int subjectId;
    /** {atMs, samples, p50, p99, p999, max}, oldest first. */
    private final ArrayDeque<long[]> points = new ArrayDeque<>();
    private final ArrayDeque<Interval> intervals = new ArrayDeque<>();

    private record Interval(long atMs, Histogram histogram)
    {
    }

    LatencySeries(final String key, final String label, final String hop, final int subjectId)
    {
        this.key = key;
        this.label = label;
        this.hop = hop;
        this.subjectId = subjectId;
    }

    String key()
    {
        return key;
    }

    String label()
    {
        return label;
    }

    String hop()
    {
        return hop;
    }

    int subjectId()
    {
        return subjectId;
    }

    /**
     * One report's interval.
     *
     * @param interval the decoded interval histogram, or null when the report carried none that could be read.
     */
    void add(final long atMs, final long samples, final long p50, final long p99, final long p999, final long max,
        final Histogram interval)
    {
        points.addLast(new long[]{atMs, samples, p50, p99, p999, max});
        if (null != interval)
        {
            intervals.addLast(new Interval(atMs, interval));
        }
    }

    /**
     * Forget what is older than the windows.
     */
    void prune(final long nowMs)
    {
        while (!points.isEmpty() && points.peekFirst()[0] <= nowMs - HISTORY_MS)
        {
            points.removeFirst();
        }
        while (!intervals.isEmpty() && intervals.peekFirst().atMs() <= nowMs - SPECTRUM_MS)
        {
            intervals.removeFirst();
        }
    }

    boolean isEmpty()
    {
        return points.isEmpty();
    }

    /**
     * @return the newest point {atMs, samples, p50, p99, p999, max}, or null.
     */
    long[] last()
    {
        return points.peekLast();
    }

    Iterator<long[]> points()
    {
        return points.iterator();
    }

    /**
     * @return the interval histograms received in the last {@link #SPECTRUM_MS} before nowMs, added up (empty when
     * there were none).
     */
    Histogram lastMinute(final long nowMs)
    {
        final Histogram sum = new Histogram(SIGNIFICANT_DIGITS);
        sum.setAutoResize(true);
        for (final Interval interval : intervals)
        {
            if (interval.atMs() > nowMs - SPECTRUM_MS && interval.atMs() <= nowMs)
            {
                sum.add(interval.histogram());
            }
        }
        return sum;
    }
}
