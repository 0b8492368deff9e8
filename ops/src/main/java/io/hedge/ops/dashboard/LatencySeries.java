package io.hedge.ops.dashboard;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One measured hop (of one replica, where it is per replica) over time: the percentiles each report carried, for the
 * last {@link #HISTORY_MS}, and the sum of the interval histograms of the last {@link #SPECTRUM_MS}, the last-minute
 * spectrum. Times are the dashboard's own clock at receipt, so that the roles' clocks need not agree.
 * <p>
 * The sum is kept running (an interval is added when it arrives and subtracted when it leaves the window) and the
 * intervals are kept in their compressed encoding: a decoded histogram holds its whole counts array (about 270 KB at
 * three digits up to an hour), so keeping a minute of them decoded for every hop would take hundreds of MB.
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
    private final Histogram window = newSum();

    private record Interval(long atMs, byte[] encoded)
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
     * @param encoded  its compressed encoding, as the report carried it (kept until it leaves the window).
     */
    void add(final long atMs, final long samples, final long p50, final long p99, final long p999, final long max,
        final Histogram interval, final byte[] encoded)
    {
        points.addLast(new long[]{atMs, samples, p50, p99, p999, max});
        if (null != interval)
        {
            window.add(interval);
            intervals.addLast(new Interval(atMs, encoded));
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
        boolean subtracted = true;
        while (!intervals.isEmpty() && intervals.peekFirst().atMs() <= nowMs - SPECTRUM_MS)
        {
            final Interval leaving = intervals.removeFirst();
            try
            {
                window.subtract(decode(leaving.encoded()));
            }
            catch (final RuntimeException | java.util.zip.DataFormatException ex)
            {
                subtracted = false;
            }
        }
        if (!subtracted)
        {
            // cannot happen for what add() accepted; if it does, the sum is rebuilt rather than left wrong
            window.reset();
            for (final Interval interval : intervals)
            {
                try
                {
                    window.add(decode(interval.encoded()));
                }
                catch (final java.util.zip.DataFormatException ex)
                {
                    throw new IllegalStateException("an interval decoded once no longer does", ex);
                }
            }
        }
    }

    static Histogram decode(final byte[] encoded) throws java.util.zip.DataFormatException
    {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
    }

    private static Histogram newSum()
    {
        final Histogram sum = new Histogram(SIGNIFICANT_DIGITS);
        sum.setAutoResize(true);
        return sum;
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
     * @return the interval histograms received in the last {@link #SPECTRUM_MS} before the last {@link #prune},
     * added up (empty when there were none); read it, do not change it.
     */
    Histogram lastMinute()
    {
        return window;
    }
}
