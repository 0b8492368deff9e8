package io.hedge.perf;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one open-loop run measured: counts, the latency histogram (in nanoseconds, each request timed from the
 * moment it was scheduled to be sent), and which replica answered how often.
 *
 * @param sent         requests the gateway accepted from the client.
 * @param answered     requests that got a response.
 * @param notOk        responses whose status was not OK (rejected by the gateway, duplicate).
 * @param timedOut     requests that got no response in time.
 * @param histogram    latency of the measured (post warm-up) requests, ns.
 * @param winsByReplica responses per replica id.
 * @param elapsedNs    duration of the measured part.
 */
public record LoadResult(
    long sent, long answered, long notOk, long timedOut, Histogram histogram, Map<Integer, Long> winsByReplica,
    long elapsedNs)
{
    /**
     * @return true if every request sent was answered with an OK status.
     */
    public boolean allAnswered()
    {
        return sent > 0 && answered == sent && notOk == 0 && timedOut == 0;
    }

    /**
     * Print the percentile table in milliseconds.
     */
    public void printPercentiles(final PrintStream out)
    {
        out.printf("  %-8s %10s%n", "pct", "ms");
        for (final double p : new double[]{50, 90, 99, 99.9})
        {
            out.printf("  p%-7s %10.3f%n", trim(p), histogram.getValueAtPercentile(p) / 1e6);
        }
        out.printf("  %-8s %10.3f%n", "max", histogram.getMaxValue() / 1e6);
        out.printf("  %-8s %10d%n", "count", histogram.getTotalCount());
    }

    /**
     * @return a copy of the wins keyed by replica id, ordered.
     */
    public Map<Integer, Long> sortedWins()
    {
        return new TreeMap<>(winsByReplica);
    }

    private static String trim(final double p)
    {
        return p == Math.rint(p) ? Long.toString((long)p) : Double.toString(p);
    }
}
