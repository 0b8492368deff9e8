package io.hedge.ops.health;

import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.RoleKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DEGRADED from trends: a steady minute with noise and spikes raises nothing; ramps of apply p99 and of lag raise it
 * well before the lag limit is crossed and clear after recovery with hysteresis; falling free disk raises it.
 */
class TrendDetectionTest
{
    private final HealthPolicy policy = HealthPolicy.defaults();
    private final HealthMonitor monitor = new HealthMonitor(policy, 1, List.of("A", "B", "C"));
    private final SimulatedFabric fabric = new SimulatedFabric(monitor, 3);

    @AfterEach
    void close()
    {
        monitor.close();
    }

    @Test
    void steadyMinuteAt2000PerSecondWithNoiseAndOneSpikeRaisesNoAlarm()
    {
        steady(monitor, fabric, 13, 60);
    }

    @Test
    void steadyTenMinutesOnTenSeedsRaiseNoAlarmEither()
    {
        for (long seed = 1; seed <= 10; seed++)
        {
            try (HealthMonitor other = new HealthMonitor(policy, 1, List.of("A", "B", "C")))
            {
                steady(other, new SimulatedFabric(other, 3), seed, 600);
            }
        }
    }

    /**
     * A warm-up window, then the given seconds at 2,000/s with noise on every figure and, 40 seconds in, one spike of
     * all of them at once (apply p99 x30, journal p99 x100, lag just under its limit, a 180 ms GC pause).
     */
    private void steady(final HealthMonitor monitor, final SimulatedFabric fabric, final long seed, final int seconds)
    {
        final Random random = new Random(seed);
        for (int s = 0; s < policy.trendWindow() + seconds; s++)
        {
            final boolean spike = 40 == s;
            for (int r = 1; r <= 3; r++)
            {
                fabric.applyP99Ns[r] = (long)(30_000 + 6_000 * random.nextGaussian()) + (spike ? 900_000 : 0);
                fabric.journalP99Ns[r] = (long)(15_000 + 4_000 * Math.abs(random.nextGaussian())) +
                    (spike ? 1_500_000 : 0);
                fabric.lagSeqs[r] = random.nextInt(20) + (spike ? 1_900 : 0);
                fabric.lagMs[r] = random.nextInt(10) + (spike ? 950 : 0);
                fabric.gcMs[r] = random.nextInt(8) + (spike ? 180 : 0);
                // the journal grows about 200 KB a second: an hour of it is far from the 1 GiB floor
                fabric.freeDiskBytes[r] -= 200_000 + random.nextInt(50_000);
            }
            fabric.second();
            for (int r = 1; r <= 3; r++)
            {
                assertEquals(Health.UP, monitor.health(RoleKind.REPLICA, r), "seed " + seed + ", second " + s);
            }
        }
        assertEquals(0, monitor.alarmsRaised(), "seed " + seed + ": " + monitor.alarmsText());
        assertEquals(Health.UP, monitor.health(RoleKind.GATEWAY, 1));
    }

    @Test
    void anApplyP99AboveItsLimitForTheWholeWindowIsDegradedAndSaysSoEvenAsItEases()
    {
        for (int s = 0; s < 30; s++)
        {
            for (int r = 1; r <= 3; r++)
            {
                // replica 2 sits far above the 1 ms limit and eases a little every second: no rising trend, a breach
                fabric.applyP99Ns[r] = 2 == r ? 3_000_000 - 10_000L * s : 30_000;
                fabric.journalP99Ns[r] = 15_000;
            }
            fabric.second();
        }
        assertEquals(Health.DEGRADED, monitor.health(RoleKind.REPLICA, 2), monitor.alarmsText());
        assertTrue(monitor.alarmsText().contains("apply p99 above its limit 1000.0 us over the last 10 reports " +
            "(their median)"), monitor.alarmsText());
        assertFalse(monitor.alarmsText().contains("rising"), monitor.alarmsText());
    }

    @Test
    void rampOfApplyP99RaisesDegradedWellBeforeLaggingAndClearsAfterRecoveryWithHysteresis()
    {
        final SlowingReplica slow = new SlowingReplica(7, 20, 0.1);
        for (int s = 0; s < 20; s++)
        {
            slow.second(fabric, 2);
            fabric.second();
        }
        assertEquals(0, monitor.alarmsRaised(), monitor.alarmsText());

        slow.rampUsPerSecond = 10; // apply p99 +20 us a report
        int reports = 0;
        int degradedAt = -1;
        int laggingAt = -1;
        while (laggingAt < 0 && reports < 300)
        {
            slow.second(fabric, 2);
            fabric.second();
            reports++;
            final Health health = monitor.health(RoleKind.REPLICA, 2);
            if (Health.DEGRADED == health && degradedAt < 0)
            {
                degradedAt = reports;
            }
            if (Health.LAGGING == health)
            {
                laggingAt = reports;
            }
        }
        final int lead = laggingAt - degradedAt;
        System.out.printf("apply ramp: DEGRADED after %d reports, LAGGING after %d: lead %d reports%n",
            degradedAt, laggingAt, lead);
        assertTrue(degradedAt > 0 && laggingAt > 0, "DEGRADED at " + degradedAt + ", LAGGING at " + laggingAt);
        assertTrue(lead >= 20, "lead of DEGRADED before LAGGING: " + lead + " reports");
        assertEquals(0, monitor.alarmsCleared(), "nothing cleared (flapped) during the ramp");
        assertTrue(monitor.alarmsText().contains("apply p99 rising over the last 10 reports"), monitor.alarmsText());
        assertTrue(monitor.alarmsText().contains("reaches its limit 1000.0 us in about"), monitor.alarmsText());

        final long raisedBeforeRecovery = monitor.alarmsRaised();
        slow.recover(20);
        final long recoveredAtMs = fabric.nowMs;
        long upAfterMs = -1;
        for (int s = 0; s < 60; s++)
        {
            slow.second(fabric, 2);
            fabric.second();
            if (upAfterMs < 0 && Health.UP == monitor.health(RoleKind.REPLICA, 2))
            {
                upAfterMs = fabric.nowMs - recoveredAtMs;
            }
        }
        assertEquals(raisedBeforeRecovery, monitor.alarmsRaised(), "no alarm raised again while recovering");
        assertEquals(monitor.alarmsRaised(), monitor.alarmsCleared(), monitor.alarmsText());
        // held at least health.alarm.hold.ms; the apply window needs half of it to fall back below the limit
        assertTrue(upAfterMs >= policy.alarmHoldMs() &&
            upAfterMs <= policy.alarmHoldMs() + 1_000L * (policy.trendWindow() + 2), "UP again after " + upAfterMs);
    }

    @Test
    void linearRampOfLagRaisesDegradedWellBeforeTheLagLimit()
    {
        for (int s = 0; s < 15; s++)
        {
            fabric.second();
        }
        final long step = 50; // seqs a report; the 2,000-seq limit is crossed after 40 reports
        int reports = 0;
        int degradedAt = -1;
        int laggingAt = -1;
        while (laggingAt < 0 && reports < 100)
        {
            reports++;
            fabric.lagSeqs[1] = step * reports;
            fabric.lagMs[1] = step * reports / 2;
            fabric.second();
            final Health health = monitor.health(RoleKind.REPLICA, 1);
            if (Health.DEGRADED == health && degradedAt < 0)
            {
                degradedAt = reports;
            }
            if (Health.LAGGING == health)
            {
                laggingAt = reports;
            }
        }
        final int lead = laggingAt - degradedAt;
        System.out.printf("lag ramp: DEGRADED after %d reports, LAGGING after %d: lead %d reports%n",
            degradedAt, laggingAt, lead);
        assertEquals(policy.lagSeqs() / step + 1, laggingAt);
        assertTrue(degradedAt > 0 && lead >= 20, "DEGRADED at " + degradedAt + ", LAGGING at " + laggingAt);
        assertTrue(monitor.alarmsText().contains("LAG_RISING: lag rising"), monitor.alarmsText());
    }

    @Test
    void freeDiskFallingTowardsZeroRaisesDegraded()
    {
        fabric.freeDiskBytes[3] = 20L << 30;
        int reports = 0;
        while (Health.DEGRADED != monitor.health(RoleKind.REPLICA, 3) && reports < 200)
        {
            fabric.freeDiskBytes[3] -= 200L << 20; // 200 MiB a second: the 1 GiB floor in about 95 seconds
            fabric.second();
            reports++;
        }
        assertEquals(Health.DEGRADED, monitor.health(RoleKind.REPLICA, 3));
        // a full window, then the confirmations
        assertEquals(policy.trendWindow() + policy.trendConfirm() - 1, reports);
        assertTrue(monitor.alarmsText().contains("DISK_FALLING: free disk falling"), monitor.alarmsText());
        assertTrue(fabric.freeDiskBytes[3] > (10L << 30), "raised with more than half the disk still free");
        assertEquals(Health.UP, monitor.health(RoleKind.REPLICA, 1));
    }

    @Test
    void risingGcPauseTimeRaisesDegradedAndSoDoesAGatewaysFallingDisk()
    {
        int reports = 0;
        while (Health.DEGRADED != monitor.health(RoleKind.REPLICA, 1) && reports < 100)
        {
            fabric.gcMs[1] = 5 + 8L * reports++; // the 200 ms limit after about 24 reports
            fabric.second();
        }
        assertEquals(Health.DEGRADED, monitor.health(RoleKind.REPLICA, 1));
        assertTrue(fabric.gcMs[1] < policy.gcLimitMs() / 2, "raised at " + fabric.gcMs[1] + " ms a second");
        assertTrue(monitor.alarmsText().contains("GC_RISING: GC pause time rising"), monitor.alarmsText());

        try (HealthMonitor other = new HealthMonitor(policy, 1, 1))
        {
            long free = 4L << 30;
            for (int s = 0; s < 20; s++)
            {
                final Report gateway = Report.gateway(1, io.hedge.codecs.ops.GatewayRole.ACTIVE, 1);
                gateway.freeDiskBytes = free;
                free -= 100L << 20;
                other.onReport(gateway.decode(1_000L * s), 1_000L * s);
                final Report replica = Report.replica(1);
                other.onReport(replica.decode(1_000L * s), 1_000L * s);
                other.poll(1_000L * s);
            }
            assertEquals(Health.DEGRADED, other.health(RoleKind.GATEWAY, 1));
            assertEquals(Health.UP, other.health(RoleKind.REPLICA, 1));
            assertTrue(other.alarmsText().contains("gateway 1 DEGRADED DISK_FALLING"), other.alarmsText());
        }
    }

    @Test
    void lagOscillatingAroundItsLimitRaisesOneAlarmThatDoesNotFlap()
    {
        for (int s = 0; s < 5; s++)
        {
            fabric.second();
        }
        for (int s = 0; s < 60; s++)
        {
            fabric.lagSeqs[3] = policy.lagSeqs() + (0 == s % 2 ? 1 : -1);
            fabric.second();
            assertEquals(Health.LAGGING, monitor.health(RoleKind.REPLICA, 3), "second " + s);
        }
        assertEquals(1, monitor.alarmsRaised(), monitor.alarmsText());
        assertEquals(0, monitor.alarmsCleared());
    }
}
