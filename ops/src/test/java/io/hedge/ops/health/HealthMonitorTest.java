package io.hedge.ops.health;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.RoleKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Availability: SUSPECT, DOWN and back, DOWN from the active gateway's status age, never-reported roles, LAGGING and
 * the choice of the active gateway; on a fake clock, no media driver.
 */
class HealthMonitorTest
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
    void replicaThatStopsReportingGoesSuspectThenDownAndBackUp()
    {
        for (int s = 0; s < 5; s++)
        {
            fabric.second();
        }
        assertEquals(Health.UP, monitor.health(RoleKind.REPLICA, 2));

        fabric.reporting[2] = false;
        final long lastReportMs = fabric.lastReportAtMs[2];
        long suspectAfterMs = -1;
        long downAfterMs = -1;
        while (downAfterMs < 0 && fabric.nowMs - lastReportMs < 10_000)
        {
            fabric.step();
            final long pollMs = fabric.nowMs - SimulatedFabric.STEP_MS;
            final Health health = monitor.health(RoleKind.REPLICA, 2);
            if (Health.SUSPECT == health && suspectAfterMs < 0)
            {
                suspectAfterMs = pollMs - lastReportMs;
            }
            if (Health.DOWN == health)
            {
                downAfterMs = pollMs - lastReportMs;
            }
        }
        // polled every 100 ms: seen within one poll after each threshold
        assertTrue(suspectAfterMs > policy.suspectMs() && suspectAfterMs <= policy.suspectMs() + 100,
            "SUSPECT after " + suspectAfterMs + " ms");
        assertTrue(downAfterMs > policy.downMs() && downAfterMs <= policy.downMs() + 100,
            "DOWN after " + downAfterMs + " ms");
        assertEquals(1, monitor.alarmsRaised(), monitor.alarmsText());
        assertTrue(monitor.alarmsText().contains("replica 2 (B) DOWN DOWN: no report for"), monitor.alarmsText());

        fabric.reporting[2] = true;
        final long resumedMs = fabric.nowMs;
        long upAfterMs = -1;
        while (upAfterMs < 0 && fabric.nowMs - resumedMs < 30_000)
        {
            fabric.step();
            if (Health.UP == monitor.health(RoleKind.REPLICA, 2))
            {
                upAfterMs = fabric.nowMs - SimulatedFabric.STEP_MS - resumedMs;
            }
        }
        // the DOWN alarm holds for health.alarm.hold.ms after the first report resumed (within the first second)
        assertTrue(upAfterMs >= policy.alarmHoldMs() && upAfterMs <= policy.alarmHoldMs() + 1_100,
            "UP again after " + upAfterMs + " ms");
        assertEquals(1, monitor.alarmsCleared());
        assertEquals("", monitor.alarmsText());
    }

    @Test
    void killedReplicaIsDownFromTheActiveGatewaysStatusAgeBeforeItsOwnReportIsOverdue()
    {
        for (int s = 0; s < 5; s++)
        {
            fabric.second();
        }
        // replica 3 reports at 300 ms into each second; kill it just after that report
        while (fabric.steps % SimulatedFabric.STEPS_PER_SECOND != 4)
        {
            fabric.step();
        }
        final long lastReportMs = fabric.lastReportAtMs[3];
        fabric.kill(3);
        final long killedMs = fabric.nowMs;
        long downAfterMs = -1;
        while (downAfterMs < 0 && fabric.nowMs - killedMs < 10_000)
        {
            fabric.step();
            final Health health = monitor.health(RoleKind.REPLICA, 3);
            assertTrue(Health.UP == health || Health.DOWN == health, "went " + health + " first");
            if (Health.DOWN == health)
            {
                downAfterMs = fabric.nowMs - SimulatedFabric.STEP_MS - killedMs;
            }
        }
        // the gateway's next report with a status age above the limit: at most the limit plus one report interval
        assertTrue(downAfterMs > 0 && downAfterMs <= policy.statusAgeDownMs() + 1_000,
            "DOWN " + downAfterMs + " ms after the kill");
        assertTrue(killedMs + downAfterMs < lastReportMs + policy.suspectMs(),
            "DOWN before its own report was overdue");
        assertTrue(monitor.alarmsText().contains("gateway 1 last heard its status"), monitor.alarmsText());
    }

    @Test
    void rolesThatNeverReportedAreDownWithAnAlarmOnlyAfterTheDownTimeout()
    {
        try (HealthMonitor twoGateways = new HealthMonitor(policy, 2, List.of("A", "B")))
        {
            final long start = 5_000;
            twoGateways.poll(start);
            assertEquals(Health.DOWN, twoGateways.health(RoleKind.GATEWAY, 2));
            assertEquals(Health.DOWN, twoGateways.health(RoleKind.REPLICA, 1));
            assertEquals(0, twoGateways.alarmsRaised(), "no alarm while first reports may be on their way");
            twoGateways.poll(start + policy.downMs());
            assertEquals(4, twoGateways.alarmsRaised(), twoGateways.alarmsText());
            assertTrue(twoGateways.alarmsText().contains("gateway 2 DOWN DOWN: never reported"),
                twoGateways.alarmsText());
            assertEquals(0, twoGateways.activeGatewayId());
        }
    }

    @Test
    void activeGatewayIsTheActiveReportWithTheHighestEpoch()
    {
        try (HealthMonitor threeGateways = new HealthMonitor(policy, 3, List.of("A")))
        {
            threeGateways.onReport(Report.gateway(1, GatewayRole.ACTIVE, 4).decode(1_000), 1_000);
            threeGateways.onReport(Report.gateway(2, GatewayRole.ACTIVE, 5).decode(1_000), 1_000);
            threeGateways.onReport(Report.gateway(3, GatewayRole.STANDBY, 9).decode(1_000), 1_000);
            threeGateways.poll(1_000);
            assertEquals(2, threeGateways.activeGatewayId());
            // gateway 2 falls silent beyond the down timeout: gateway 1's report is the only fresh ACTIVE one
            threeGateways.onReport(Report.gateway(1, GatewayRole.ACTIVE, 4).decode(2_000 + policy.downMs()),
                2_000 + policy.downMs());
            threeGateways.poll(2_000 + policy.downMs());
            assertEquals(1, threeGateways.activeGatewayId());
        }
    }

    @Test
    void replicaBehindByMoreThanTheLagLimitIsLagging()
    {
        for (int s = 0; s < 3; s++)
        {
            fabric.second();
        }
        fabric.lagSeqs[1] = policy.lagSeqs() + 1;
        fabric.lagMs[1] = 200;
        fabric.second();
        assertEquals(Health.LAGGING, monitor.health(RoleKind.REPLICA, 1));
        fabric.lagSeqs[1] = 10;
        fabric.lagMs[2] = policy.lagMs() + 1;
        fabric.second();
        assertEquals(Health.LAGGING, monitor.health(RoleKind.REPLICA, 2));
        assertEquals(Health.LAGGING, monitor.health(RoleKind.REPLICA, 1), "held for health.alarm.hold.ms");
        assertTrue(monitor.alarmsText().contains("replica 1 (A) LAGGING LAGGING: 2001 seqs"), monitor.alarmsText());
    }
}
