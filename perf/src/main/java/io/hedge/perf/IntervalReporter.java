package io.hedge.perf;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * The once-a-second side of an open-loop run: an interval histogram written to an HdrHistogram log (one interval
 * per second) and a progress line. Used from the one thread that sends and receives.
 */
public final class IntervalReporter
{
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long PERIOD_NS = TimeUnit.SECONDS.toNanos(1);

    private final Histogram interval = new Histogram(MAX_LATENCY_NS, 3);
    private final HistogramLogWriter logWriter;
    private final PrintStream progress;
    private final long startNs;
    private long nextReportNs;
    private long intervalStartMs;

    /**
     * @param intervalLog where to write the intervals, or null.
     * @param progress    where to print a line a second, or null.
     * @param startNs     System.nanoTime() at which the run starts.
     */
    public IntervalReporter(final PrintStream intervalLog, final PrintStream progress, final long startNs)
    {
        this.logWriter = null == intervalLog ? null : new HistogramLogWriter(intervalLog);
        this.progress = progress;
        this.startNs = startNs;
        this.nextReportNs = startNs + PERIOD_NS;
        this.intervalStartMs = System.currentTimeMillis();
        if (null != logWriter)
        {
            logWriter.outputLogFormatVersion();
            logWriter.outputStartTime(intervalStartMs);
            logWriter.outputLegend();
        }
    }

    /**
     * @param latencyNs of one answer, capped at 60 s.
     */
    public void record(final long latencyNs)
    {
        interval.recordValue(Math.min(latencyNs, MAX_LATENCY_NS));
    }

    /**
     * Write the interval and the progress line when a second has passed.
     */
    public void poll(final long nowNs, final boolean warmingUp, final long sent, final long answered)
    {
        if (nowNs - nextReportNs < 0)
        {
            return;
        }
        writeInterval();
        if (null != progress)
        {
            progress.printf("  %s %3d s: sent %,d answered %,d  p50 %.3f ms  p99 %.3f ms  max %.3f ms%n",
                warmingUp ? "warm-up" : "measure", TimeUnit.NANOSECONDS.toSeconds(nowNs - startNs), sent, answered,
                interval.getValueAtPercentile(50) / 1e6, interval.getValueAtPercentile(99) / 1e6,
                interval.getMaxValue() / 1e6);
        }
        interval.reset();
        nextReportNs += PERIOD_NS;
    }

    /**
     * Write the last, partial interval.
     */
    public void finish()
    {
        writeInterval();
    }

    private void writeInterval()
    {
        if (null != logWriter)
        {
            final long nowMs = System.currentTimeMillis();
            interval.setStartTimeStamp(intervalStartMs);
            interval.setEndTimeStamp(nowMs);
            logWriter.outputIntervalHistogram(interval);
            intervalStartMs = nowMs;
        }
    }
}
