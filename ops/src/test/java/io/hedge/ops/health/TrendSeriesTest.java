package io.hedge.ops.health;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trend method on its own: a spike anywhere in the window moves neither the slope nor the verdict, where a
 * least-squares slope would; a clean ramp is fitted exactly, projected to its limit and confirmed after N reports.
 */
class TrendSeriesTest
{
    @Test
    void oneSpikeAnywhereInTheWindowIsNotATrend()
    {
        for (int at = 0; at < 10; at++)
        {
            final TrendSeries trend = new TrendSeries(10);
            for (int i = 0; i < 10; i++)
            {
                trend.add(i == at ? 950 : 10 + (i % 3));
            }
            // confirm 1: the verdict of this one window, with a limit the spike nearly reaches
            assertFalse(trend.evaluate(1000, true, 60, 0.6, 1, true), "spike at " + at);
            assertTrue(Math.abs(trend.slopePerReport(true)) < 1, "slope " + trend.slopePerReport(true));
        }
    }

    @Test
    void rampIsFittedProjectedAndConfirmed()
    {
        final TrendSeries trend = new TrendSeries(10);
        int reports = 0;
        boolean confirmed = false;
        while (!confirmed)
        {
            trend.add(100 + 20 * reports++);
            confirmed = trend.evaluate(1000, true, 60, 0.6, 3, true);
        }
        assertEquals(12, reports, "a full window, then three worsening evaluations");
        assertEquals(20, trend.slopePerReport(true), 1e-9);
        assertEquals(320, trend.level(true), 1e-9);
        assertEquals(34, trend.reportsToLimit(), 1e-9);
        assertEquals(1.0, trend.tau(), 1e-9);
    }

    @Test
    void fallingMetricIsProjectedTowardsItsFloor()
    {
        final TrendSeries trend = new TrendSeries(4);
        for (int i = 0; i < 4; i++)
        {
            trend.add(1000 - 100 * i);
        }
        assertTrue(trend.evaluate(200, false, 10, 0.6, 1, true));
        assertEquals(-100, trend.slopePerReport(false), 1e-9);
        assertEquals(5, trend.reportsToLimit(), 1e-9);

        final TrendSeries farOff = new TrendSeries(4);
        for (int i = 0; i < 4; i++)
        {
            farOff.add(1000 - 100 * i);
        }
        assertFalse(farOff.evaluate(200, false, 4, 0.6, 1, true), "the floor is 5 reports away, beyond a horizon of 4");
    }
}
