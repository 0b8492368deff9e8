package io.hedge.ops.health;

import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.CounterType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * writeHealth encodes what the monitor knows, and decodes back to it.
 */
class FabricHealthWriterTest
{
    @Test
    void fabricHealthDecodesBackToWhatTheMonitorKnows()
    {
        final HealthPolicy policy = HealthPolicy.defaults();
        try (HealthMonitor monitor = new HealthMonitor(policy, 2, List.of("A", "B", "C")))
        {
            final long now = 50_000;
            final Report active = Report.gateway(2, GatewayRole.ACTIVE, 7);
            active.seq = 9_000;
            active.commitSeq = 8_990;
            active.suspended = true;
            active.counter(CounterType.CLIENTS, 0, 12).counter(CounterType.IN_FLIGHT, 0, 5)
                .counter(CounterType.REPLICA_LAG, 1, 3).counter(CounterType.REPLICA_LAG_MS, 1, 2)
                .counter(CounterType.REPLICA_STATUS_AGE_MS, 1, 30)
                .counter(CounterType.DIVERGENCES, 1, 4).counter(CounterType.WINS, 1, 600)
                .counter(CounterType.REPLICA_LAG, 2, 2_500).counter(CounterType.REPLICA_LAG_MS, 2, 1_300)
                .counter(CounterType.REPLICA_STATUS_AGE_MS, 2, 40).counter(CounterType.WINS, 2, 100);
            final Report standby = Report.gateway(1, GatewayRole.STANDBY, 7);
            standby.seq = 8_995;
            final Report replica1 = Report.replica(1);
            replica1.seq = 8_997;
            replica1.stateHash = 0xabcdefL;
            final Report replica2 = Report.replica(2);
            replica2.seq = 6_500;
            replica2.stateCode = 3;

            monitor.poll(now - 10_000);
            monitor.onReport(standby.decode(now - 400), now - 400);
            monitor.onReport(active.decode(now - 300), now - 300);
            monitor.onReport(replica1.decode(now - 200), now - 200);
            monitor.onReport(replica2.decode(now - 100), now - 100);
            monitor.poll(now);

            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16 * 1024]);
            final int length = monitor.writeHealth(buffer, 8, 77, 88, 1, now);

            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 8);
            assertEquals(FabricHealthDecoder.TEMPLATE_ID, header.templateId());
            assertEquals(FabricHealthDecoder.SCHEMA_ID, header.schemaId());
            final FabricHealthDecoder health = new FabricHealthDecoder().wrap(buffer,
                8 + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            assertEquals(77, health.opsClientId());
            assertEquals(88, health.correlationId());
            assertEquals(now, health.timestampMs());
            assertEquals(1, health.gatewayId());
            assertEquals(2, health.activeGatewayId());
            assertEquals(7, health.epoch());
            assertEquals(9_000, health.lastSeq());
            assertEquals(8_990, health.commitSeq());
            assertEquals(BooleanType.TRUE, health.suspended());

            final FabricHealthDecoder.GatewaysDecoder gateways = health.gateways();
            assertEquals(2, gateways.count());
            gateways.next();
            assertEquals(1, gateways.gatewayId());
            assertEquals(Health.UP, gateways.health());
            assertEquals(GatewayRole.STANDBY, gateways.role());
            assertEquals(8_995, gateways.lastSeq());
            assertEquals(400, gateways.reportAgeMs());
            gateways.next();
            assertEquals(2, gateways.gatewayId());
            assertEquals(GatewayRole.ACTIVE, gateways.role());
            assertEquals(7, gateways.epoch());
            assertEquals(12, gateways.clients());
            assertEquals(5, gateways.inFlight());
            assertEquals(300, gateways.reportAgeMs());

            final FabricHealthDecoder.ReplicasDecoder replicas = health.replicas();
            assertEquals(3, replicas.count());
            replicas.next();
            assertEquals(1, replicas.replicaId());
            assertEquals(Health.UP, replicas.health());
            assertEquals(1, replicas.stateCode());
            assertEquals(8_997, replicas.appliedSeq());
            assertEquals(3, replicas.lagSeq());
            assertEquals(2, replicas.lagMs());
            assertEquals(0xabcdefL, replicas.stateHash());
            assertEquals(4, replicas.divergences());
            assertEquals(600, replicas.wins());
            assertEquals(200, replicas.reportAgeMs());
            replicas.next();
            assertEquals(2, replicas.replicaId());
            assertEquals(Health.LAGGING, replicas.health());
            assertEquals(3, replicas.stateCode());
            assertEquals(2_500, replicas.lagSeq());
            assertEquals(1_300, replicas.lagMs());
            replicas.next();
            assertEquals(3, replicas.replicaId());
            assertEquals(Health.DOWN, replicas.health());
            assertEquals(-1, replicas.reportAgeMs());

            final FabricHealthDecoder.AlarmsDecoder alarms = health.alarms();
            assertEquals(2, alarms.count());
            final String text = monitor.alarmsText();
            assertEquals(2, text.lines().count(), text);
            long previousId = 0;
            boolean sawLagging = false;
            boolean sawDown = false;
            for (final FabricHealthDecoder.AlarmsDecoder alarm : alarms)
            {
                assertTrue(alarm.alarmId() > previousId);
                previousId = alarm.alarmId();
                assertEquals(RoleKind.REPLICA, alarm.subjectKind());
                assertEquals(now, alarm.raisedAtMs());
                final String reason = alarm.reason();
                assertTrue(text.contains(reason), reason + " in " + text);
                if (2 == alarm.subjectId())
                {
                    sawLagging = true;
                    assertEquals(Health.LAGGING, alarm.health());
                    assertTrue(reason.startsWith("2500 seqs, 1300 ms behind gateway 2"), reason);
                }
                else
                {
                    sawDown = true;
                    assertEquals(3, alarm.subjectId());
                    assertEquals(Health.DOWN, alarm.health());
                }
            }
            assertTrue(sawLagging && sawDown);
            assertEquals(health.limit() - 8, length, "length, header included");
            assertFalse(text.isEmpty());
        }
    }
}
