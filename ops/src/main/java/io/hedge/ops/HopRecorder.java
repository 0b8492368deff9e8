package io.hedge.ops;

import io.hedge.codecs.ops.Hop;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * The latencies of one hop (and one subject of it, a replica for {@link Hop#REPLICA_MARGIN}), in nanoseconds, over
 * the current interval. {@link #record} is the hot path: a clamp and {@link Recorder#recordValue}, which allocates,
 * locks and logs nothing and may be called from any thread. Once an interval the role's agent thread calls
 * {@link #swap}: the recorder hands over what it holds and goes on into a recycled histogram, so no value is lost
 * between intervals and nothing is allocated after the first two swaps. The last interval's figures are published
 * in volatile fields for readers on other threads (the Prometheus endpoint).
 */
public final class HopRecorder
{
    /** Longest latency held apart: one minute. Longer ones are recorded as this, negative ones (a clock step) as 0. */
    public static final long HIGHEST_NS = TimeUnit.MINUTES.toNanos(1);
    /** Three significant digits: 0.1 % resolution at any magnitude. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Hop hop;
    private final int subjectId;
    private final Recorder recorder = new Recorder(HIGHEST_NS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    private volatile long samples;
    private volatile long p50Ns;
    private volatile long p99Ns;
    private volatile long p999Ns;
    private volatile long maxNs;

    public HopRecorder(final Hop hop, final int subjectId)
    {
        this.hop = hop;
        this.subjectId = subjectId;
    }

    /**
     * Record one latency. Allocation free.
     */
    public void record(final long valueNs)
    {
        recorder.recordValue(valueNs < 0 ? 0 : Math.min(valueNs, HIGHEST_NS));
    }

    /**
     * End the interval: take what was recorded since the last swap into the interval histogram (recycled, so owned
     * by this recorder until the next swap) and publish its figures. Called by one thread, once an interval.
     *
     * @param startMs wall clock at the interval's start, kept in the histogram (its interval log needs it).
     * @param endMs   wall clock now.
     * @return the interval histogram; valid until the next swap.
     */
    public Histogram swap(final long startMs, final long endMs)
    {
        interval = recorder.getIntervalHistogram(interval);
        interval.setStartTimeStamp(startMs);
        interval.setEndTimeStamp(endMs);
        final long count = interval.getTotalCount();
        if (count > 0)
        {
            p50Ns = interval.getValueAtPercentile(50.0);
            p99Ns = interval.getValueAtPercentile(99.0);
            p999Ns = interval.getValueAtPercentile(99.9);
            maxNs = interval.getMaxValue();
        }
        else
        {
            p50Ns = 0;
            p99Ns = 0;
            p999Ns = 0;
            maxNs = 0;
        }
        samples = count;
        return interval;
    }

    /**
     * @return the last interval's histogram (null before the first swap); only for the thread that swaps.
     */
    public Histogram lastInterval()
    {
        return interval;
    }

    public Hop hop()
    {
        return hop;
    }

    public int subjectId()
    {
        return subjectId;
    }

    /** @return values recorded in the last interval. */
    public long samples()
    {
        return samples;
    }

    public long p50Ns()
    {
        return p50Ns;
    }

    public long p99Ns()
    {
        return p99Ns;
    }

    public long p999Ns()
    {
        return p999Ns;
    }

    public long maxNs()
    {
        return maxNs;
    }
}
