package io.hedge.ops.health;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.ops.CounterType;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * poll runs every ops duty cycle and onReport once a second per role: in the steady state (no alarm changing) neither
 * allocates per call, measured with the JVM's per-thread allocation counter.
 */
class NoAllocationTest
{
    @Test
    void steadyPollsAndReportsAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (HealthMonitor monitor = new HealthMonitor(HealthPolicy.defaults(), 2, List.of("A", "B", "C")))
        {
            final Report gateway = Report.gateway(1, GatewayRole.ACTIVE, 1);
            for (int r = 1; r <= 3; r++)
            {
                gateway.counter(CounterType.REPLICA_LAG, r, 5).counter(CounterType.REPLICA_LAG_MS, r, 1)
                    .counter(CounterType.REPLICA_STATUS_AGE_MS, r, 30).counter(CounterType.WINS, r, 9);
            }
            final Report standby = Report.gateway(2, GatewayRole.STANDBY, 1);
            final Report replica = Report.replica(2).histogram(Hop.APPLY, 2000, 30_000)
                .histogram(Hop.JOURNAL_APPEND, 2000, 15_000);
            replica.freeDiskBytes = 1L << 40;
            final RoleReportDecoder[] decoders = new RoleReportDecoder[3];
            final Report[] reports = {gateway, standby, replica};

            long now = 1_000_000;
            // every configured role reports once, so that no alarm is raised while measuring
            for (int i = 0; i < 3; i++)
            {
                decoders[i] = reports[i].decode(now);
            }
            final RoleReportDecoder replica1 = Report.replica(1).decode(now);
            monitor.onReport(replica1, now);
            final RoleReportDecoder replica3 = Report.replica(3).decode(now);
            monitor.onReport(replica3, now);
            for (int round = 0; round < 2; round++)
            {
                now = cycle(monitor, decoders, replica1, replica3, now, 2_000);
                final long before = threads.getCurrentThreadAllocatedBytes();
                now = cycle(monitor, decoders, replica1, replica3, now, 2_000);
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (1 == round)
                {
                    // 10,000 reports and 20,000 polls: a kilobyte or so once (the JVM's own bookkeeping, the
                    // allocation counter itself; 1,120 bytes seen in one run) is not an allocation per call, which
                    // would be at least 16 bytes times 30,000 calls: 480 KB
                    assertTrue(allocated < 16 * 1024,
                        allocated + " bytes allocated by 10,000 reports and 20,000 polls");
                }
            }
            assertEquals(0, monitor.alarmsRaised(), monitor.alarmsText());
        }
    }

    private static long cycle(
        final HealthMonitor monitor, final RoleReportDecoder[] decoders, final RoleReportDecoder replica1,
        final RoleReportDecoder replica3, final long startMs, final int seconds)
    {
        long now = startMs;
        for (int s = 0; s < seconds; s++)
        {
            for (final RoleReportDecoder decoder : decoders)
            {
                decoder.sbeRewind();
                monitor.onReport(decoder, now);
            }
            replica1.sbeRewind();
            monitor.onReport(replica1, now);
            replica3.sbeRewind();
            monitor.onReport(replica3, now);
            for (int p = 0; p < 10; p++)
            {
                monitor.poll(now);
                now += 100;
            }
        }
        return now;
    }
}
