package io.hedge.ops.health;

import java.util.Arrays;

/**
 * One metric of one role, a sample per report, and whether its trend says the role is heading for failure.
 *
 * <p>Why this method: over the last {@code window} samples the slope is the median of the slopes of every pair of
 * samples (Theil-Sen) and the agreement is Kendall's tau (the share of pairs that worsen minus the share that
 * improve). A least-squares slope or an EWMA moves a long way for one spike; the median of pairwise slopes and tau
 * hardly move for one outlier in ten, yet both follow a ramp within half a window. A trend counts as worsening when
 * the pairs agree ({@code tau >= agreement}) and the fitted line reaches the metric's limit within the horizon (a
 * projected time-to-threshold, so that slow drift far below the limit, such as a journal filling a large disk, says
 * nothing), or when most of the window is already beyond the limit. DEGRADED needs {@code confirm} consecutive
 * worsening evaluations, so a burst shorter than that cannot raise it. Once confirmed, it holds while the slope is
 * still positive with any agreement and the limit within twice the horizon, or while the fitted level stays at or
 * above the level it was confirmed at and the pairs do not clearly say it falls (hysteresis on the criterion itself,
 * on top of the alarm's hold time): it clears when the metric turns back, not when noise hides a slow ramp for a few
 * reports. A plateau at a worse level therefore stays DEGRADED until it comes back down. All of it works on reused
 * arrays: no allocation per report.
 */
final class TrendSeries
{
    private final double[] samples;
    private final double[] slopes;
    private final double[] scratch;
    private int count;
    private int next;
    private int worseningRun;

    private double slope;
    private double level;
    private double tau;
    private double reportsToLimit = Double.POSITIVE_INFINITY;
    private boolean beyond;
    private double confirmedLevel;

    TrendSeries(final int window)
    {
        samples = new double[window];
        slopes = new double[window * (window - 1) / 2];
        scratch = new double[window];
    }

    void reset()
    {
        count = 0;
        next = 0;
        worseningRun = 0;
        slope = 0;
        tau = 0;
        reportsToLimit = Double.POSITIVE_INFINITY;
        beyond = false;
    }

    void add(final double value)
    {
        samples[next] = value;
        next = (next + 1) % samples.length;
        count = Math.min(count + 1, samples.length);
    }

    int count()
    {
        return count;
    }

    /**
     * Evaluate the window after a new sample.
     *
     * @param limit          the value at which the metric means failure.
     * @param rising         true when higher is worse; false for free disk.
     * @param horizonReports how many reports ahead the fitted line is projected.
     * @param agreement      the tau a worsening trend needs.
     * @param confirm        consecutive worsening evaluations needed.
     * @param levelCounts    true when most of the window beyond the limit counts as worsening on its own.
     * @return true when the trend has been worsening for {@code confirm} evaluations in a row.
     */
    boolean evaluate(
        final double limit,
        final boolean rising,
        final double horizonReports,
        final double agreement,
        final int confirm,
        final boolean levelCounts)
    {
        if (count < samples.length)
        {
            worseningRun = 0;
            return false;
        }
        final int n = samples.length;
        final double sign = rising ? 1.0 : -1.0;
        final double oriented = sign * limit;
        int pairs = 0;
        int worse = 0;
        int better = 0;
        for (int i = 0; i < n; i++)
        {
            final double yi = sign * sample(i);
            for (int j = i + 1; j < n; j++)
            {
                final double d = (sign * sample(j) - yi) / (j - i);
                slopes[pairs++] = d;
                if (d > 0)
                {
                    worse++;
                }
                else if (d < 0)
                {
                    better++;
                }
            }
        }
        Arrays.sort(slopes, 0, pairs);
        slope = median(slopes, pairs);
        tau = (double)(worse - better) / pairs;
        for (int i = 0; i < n; i++)
        {
            scratch[i] = sign * sample(i) - slope * i;
        }
        Arrays.sort(scratch, 0, n);
        level = median(scratch, n) + slope * (n - 1);
        for (int i = 0; i < n; i++)
        {
            scratch[i] = sign * sample(i);
        }
        Arrays.sort(scratch, 0, n);
        beyond = levelCounts && median(scratch, n) >= oriented;
        reportsToLimit = slope > 0 ? Math.max(0.0, (oriented - level) / slope) : Double.POSITIVE_INFINITY;
        final boolean worsening;
        if (worseningRun >= confirm)
        {
            // confirmed: it holds while the metric still heads for its limit with any agreement, or stays at or above
            // the level it had when confirmed without clearly falling; a slow ramp whose noise is as large as its rise
            // over one window must not clear and raise its alarm over and over
            worsening = beyond || (tau > 0 && slope > 0 && reportsToLimit <= 2 * horizonReports) ||
                (level >= confirmedLevel && tau > -agreement);
        }
        else
        {
            worsening = beyond || (tau >= agreement && slope > 0 && reportsToLimit <= horizonReports);
        }
        worseningRun = worsening ? worseningRun + 1 : 0;
        if (worseningRun == confirm)
        {
            confirmedLevel = level;
        }
        return worseningRun >= confirm;
    }

    /**
     * @return the fitted value at the newest sample, in the metric's units.
     */
    double level(final boolean rising)
    {
        return rising ? level : -level;
    }

    /**
     * @return the fitted change per report, in the metric's units.
     */
    double slopePerReport(final boolean rising)
    {
        return rising ? slope : -slope;
    }

    double tau()
    {
        return tau;
    }

    double reportsToLimit()
    {
        return reportsToLimit;
    }

    boolean beyond()
    {
        return beyond;
    }

    /**
     * @return the i-th sample of the window, oldest first.
     */
    private double sample(final int i)
    {
        return samples[(next + i) % samples.length];
    }

    private static double median(final double[] sorted, final int length)
    {
        final int mid = length >> 1;
        return 0 == (length & 1) ? (sorted[mid - 1] + sorted[mid]) * 0.5 : sorted[mid];
    }
}
