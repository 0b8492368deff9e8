package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.CounterType;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.hedge.ops.dashboard.Json.array;
import static io.hedge.ops.dashboard.Json.number;
import static io.hedge.ops.dashboard.Json.object;
import static io.hedge.ops.dashboard.RoleReportBuilder.histogramOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardModelTest
{
    private static final long T0 = 1_800_000_000_000L;
    private final AtomicLong clock = new AtomicLong(T0);
    private final DashboardModel model = new DashboardModel(clock::get, id -> List.of("london", "frankfurt", "tokyo")
        .get(id - 1));

    private Map<String, Object> state()
    {
        model.publish();
        return object(Json.parse(model.snapshotJson()));
    }

    private static Map<String, Object> byKey(final Object list, final String field, final Object key)
    {
        for (final Object entry : array(list))
        {
            if (key.equals(object(entry).get(field)))
            {
                return object(entry);
            }
        }
        return null;
    }

    @Test
    void keepsEachHopAndEachReplicasPercentilesForTenMinutes()
    {
        final Histogram committed = histogramOf(100, 50_000, 80_000, 2_000_000);
        final Histogram margin = histogramOf(10, 300_000, 900_000);
        final Histogram apply = histogramOf(1000, 4_000);
        new RoleReportBuilder(RoleKind.GATEWAY, 1).state(GatewayRole.ACTIVE.value())
            .histogram(Hop.SEQUENCED_TO_COMMITTED, 0, committed)
            .histogram(Hop.REPLICA_MARGIN, 2, margin)
            .deliverTo(model);
        new RoleReportBuilder(RoleKind.REPLICA, 3).state(1).histogram(Hop.APPLY, 0, apply).deliverTo(model);

        Map<String, Object> state = state();
        final Map<String, Object> s2c = byKey(state.get("series"), "key", "SEQUENCED_TO_COMMITTED");
        final Map<String, Object> last = object(s2c.get("last"));
        assertEquals(committed.getValueAtPercentile(50), number(last.get("p50Ns")));
        assertEquals(committed.getValueAtPercentile(99), number(last.get("p99Ns")));
        assertEquals(committed.getValueAtPercentile(99.9), number(last.get("p999Ns")));
        assertEquals(committed.getMaxValue(), number(last.get("maxNs")));
        assertEquals(300, number(last.get("samples")));
        final Map<String, Object> marginSeries = byKey(state.get("series"), "key", "REPLICA_MARGIN/2");
        assertEquals("margin behind the first \u00b7 frankfurt", marginSeries.get("label"));
        assertEquals(margin.getMaxValue(), number(object(marginSeries.get("last")).get("maxNs")));
        final Map<String, Object> applySeries = byKey(state.get("series"), "key", "APPLY/3");
        assertEquals(3, number(applySeries.get("subjectId")), "a replica's own hop is that replica's");
        assertEquals(apply.getValueAtPercentile(50), number(object(applySeries.get("last")).get("p50Ns")));

        clock.addAndGet(300_000);
        new RoleReportBuilder(RoleKind.GATEWAY, 1).state(GatewayRole.ACTIVE.value())
            .histogram(Hop.SEQUENCED_TO_COMMITTED, 0, histogramOf(5, 70_000)).deliverTo(model);
        state = state();
        List<Object> points = array(byKey(state.get("series"), "key", "SEQUENCED_TO_COMMITTED").get("points"));
        assertEquals(2, points.size());
        assertEquals(T0, number(array(points.get(0)).get(0)));
        assertEquals(committed.getValueAtPercentile(99), number(array(points.get(0)).get(2)));

        clock.set(T0 + LatencySeries.HISTORY_MS + 1);
        state = state();
        points = array(byKey(state.get("series"), "key", "SEQUENCED_TO_COMMITTED").get("points"));
        assertEquals(1, points.size(), "the point older than ten minutes is gone");
        assertEquals(T0 + 300_000, number(array(points.get(0)).get(0)));
        assertNull(byKey(state.get("series"), "key", "APPLY/3"), "a series with no point left is dropped");
    }

    @Test
    void spectrumAddsUpTheIntervalHistogramsOfTheLastSixtySeconds()
    {
        final Histogram first = histogramOf(1000, 100_000);
        final Histogram second = histogramOf(1000, 200_000);
        final Histogram third = histogramOf(1000, 300_000, 5_000_000);
        deliverCommitted(first);
        clock.addAndGet(30_000);
        deliverCommitted(second);
        clock.addAndGet(40_000);
        deliverCommitted(third);

        final Map<String, Object> spectrum = byKey(object(state().get("spectrum")).get("series"), "key",
            "SEQUENCED_TO_COMMITTED");
        final Histogram expected = new Histogram(3);
        expected.add(second);
        expected.add(third);
        assertEquals(3000, number(spectrum.get("samples")), "the interval of 70 s ago has left the minute");
        assertEquals(expected.getValueAtPercentile(50), number(spectrum.get("p50Ns")));
        assertEquals(expected.getValueAtPercentile(99), number(spectrum.get("p99Ns")));
        assertEquals(expected.getMaxValue(), number(spectrum.get("maxNs")));

        final List<Object> points = array(spectrum.get("points"));
        assertEquals(0.0, ((Number)array(points.get(0)).get(0)).doubleValue());
        assertEquals(expected.highestEquivalentValue(200_000), number(array(points.get(0)).get(1)),
            "the lowest value of the minute is 200 us: the 100 us interval is not in it");
        double previous = -1;
        for (int i = 0; i < points.size() - 1; i++)
        {
            final double percentile = ((Number)array(points.get(i)).get(0)).doubleValue();
            assertTrue(percentile >= previous && percentile <= SnapshotWriter.SPECTRUM_TOP_PERCENTILE, "" + percentile);
            previous = percentile;
        }
        final List<Object> top = array(points.get(points.size() - 1));
        assertEquals(100.0, ((Number)top.get(0)).doubleValue());
        assertEquals(expected.getMaxValue(), number(top.get(1)));
        assertTrue(points.size() > 10, "percentile steps as outputPercentileDistribution lists them");

        clock.addAndGet(60_000);
        assertTrue(array(object(state().get("spectrum")).get("series")).isEmpty(), "nothing in the last minute");
    }

    private void deliverCommitted(final Histogram histogram)
    {
        new RoleReportBuilder(RoleKind.GATEWAY, 1).state(GatewayRole.ACTIVE.value())
            .histogram(Hop.SEQUENCED_TO_COMMITTED, 0, histogram).deliverTo(model);
    }

    @Test
    void winsAndLagComeFromTheActiveGatewaysCounters()
    {
        activeCounters(600, 300, 100);
        new RoleReportBuilder(RoleKind.GATEWAY, 2).state(GatewayRole.STANDBY.value())
            .counter(CounterType.WINS, 1, 9_999).counter(CounterType.REPLICA_LAG, 1, 9_999).deliverTo(model);
        Map<String, Object> london = byKey(state().get("replicas"), "replicaId", 1L);
        assertEquals(600, number(london.get("winsTotal")), "a standby gateway's counters are not the fabric's");
        assertEquals(0, number(london.get("winsLastMinute")));

        clock.addAndGet(30_000);
        activeCounters(700, 400, 100);
        final Map<String, Object> state = state();
        london = byKey(state.get("replicas"), "replicaId", 1L);
        final Map<String, Object> tokyo = byKey(state.get("replicas"), "replicaId", 3L);
        assertEquals("london", london.get("site"));
        assertEquals(700, number(london.get("winsTotal")));
        assertEquals(100, number(london.get("winsLastMinute")));
        assertEquals(0.5, ((Number)london.get("winShareLastMinute")).doubleValue(), 1e-9);
        assertEquals(0, number(tokyo.get("winsLastMinute")));
        assertEquals(3, number(tokyo.get("lagSeq")));
        assertEquals(30, number(tokyo.get("lagMs")));
        assertEquals(2, array(tokyo.get("lagPoints")).size());

        clock.addAndGet(90_000);
        activeCounters(900, 400, 100);
        london = byKey(state().get("replicas"), "replicaId", 1L);
        assertEquals(200, number(london.get("winsLastMinute")), "counted from the last report before the minute");
    }

    private void activeCounters(final long london, final long frankfurt, final long tokyo)
    {
        new RoleReportBuilder(RoleKind.GATEWAY, 1).state(GatewayRole.ACTIVE.value())
            .counter(CounterType.SEQUENCED, 0, london + frankfurt + tokyo)
            .counter(CounterType.WINS, 1, london).counter(CounterType.WINS, 2, frankfurt)
            .counter(CounterType.WINS, 3, tokyo)
            .counter(CounterType.REPLICA_LAG, 3, 3).counter(CounterType.REPLICA_LAG_MS, 3, 30)
            .deliverTo(model);
    }

    @Test
    void theFeedIsStaleWhenQuietOrDisconnected()
    {
        Map<String, Object> feed = object(state().get("feed"));
        assertTrue((Boolean)feed.get("stale"), "nothing heard yet");
        assertEquals(-1, number(feed.get("lastMessageAgeMs")));

        model.feedState(true, "gateway 1 at localhost:20126");
        new FabricHealthBuilder(1, 1, 10).deliverTo(model);
        clock.addAndGet(DashboardModel.STALE_AFTER_MS);
        feed = object(state().get("feed"));
        assertFalse((Boolean)feed.get("stale"));
        assertEquals("gateway 1 at localhost:20126", feed.get("detail"));

        clock.addAndGet(1);
        assertTrue((Boolean)object(state().get("feed")).get("stale"), "quiet for longer than the limit");

        new FabricHealthBuilder(1, 1, 10).deliverTo(model);
        model.feedState(false, "gateway 1 stopped answering");
        feed = object(state().get("feed"));
        assertTrue((Boolean)feed.get("stale"), "a disconnected feed is never fresh");
        assertFalse((Boolean)feed.get("connected"));
    }

    @Test
    void healthTablesAndAlarmsAreTheLastFabricHealths()
    {
        final String reason = "apply p99 rising for 30 s: \"4 ms\" </script> & more";
        new FabricHealthBuilder(2, 1, 5_000)
            .gateway(1, Health.UP, GatewayRole.ACTIVE, 3)
            .gateway(2, Health.UP, GatewayRole.STANDBY, 0)
            .replica(1, Health.UP, 5_000, 0, 4_000)
            .replica(2, Health.DEGRADED, 4_990, 12, 1_000)
            .replica(3, Health.DOWN, 4_000, 900, 0)
            .alarm(17, 2, Health.DEGRADED, reason)
            .deliverTo(model);
        final String json = model.snapshotJson();
        final Map<String, Object> state = state();
        assertFalse(model.snapshotJson().equals(json), "publish() builds a new snapshot");
        final Map<String, Object> fabric = object(state.get("fabric"));
        assertEquals(2, number(fabric.get("gatewayId")));
        assertEquals(1, number(fabric.get("activeGatewayId")));
        assertEquals(5_000, number(fabric.get("lastSeq")));
        assertEquals("STANDBY", byKey(state.get("gateways"), "gatewayId", 2L).get("role"));
        assertEquals(3, number(byKey(state.get("gateways"), "gatewayId", 1L).get("clients")));
        final Map<String, Object> frankfurt = byKey(state.get("healthReplicas"), "replicaId", 2L);
        assertEquals("DEGRADED", frankfurt.get("health"));
        assertEquals("frankfurt", frankfurt.get("site"));
        assertEquals(10, number(frankfurt.get("lagSeq")));
        assertEquals("LIVE", frankfurt.get("state"));
        assertEquals("DOWN", byKey(state.get("healthReplicas"), "replicaId", 3L).get("health"));
        final Map<String, Object> alarm = object(array(state.get("alarms")).get(0));
        assertEquals(reason, alarm.get("reason"));
        assertEquals("frankfurt", alarm.get("subject"));
        assertFalse(model.snapshotJson().contains("</script>"), "markup in a reason is escaped");

        new FabricHealthBuilder(2, 1, 5_100).gateway(1, Health.UP, GatewayRole.ACTIVE, 3).deliverTo(model);
        assertTrue(array(state().get("alarms")).isEmpty(), "a cleared alarm leaves the list");
    }

    @Test
    void anUnreadableHistogramStillGivesItsPercentilesButNoSpectrum()
    {
        new RoleReportBuilder(RoleKind.REPLICA, 1).state(1)
            .rawHistogram(Hop.JOURNAL_APPEND, 0, 10, 7_000, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
            .histogram(Hop.APPLY, 0, histogramOf(10, 3_000))
            .deliverTo(model);
        final Map<String, Object> state = state();
        assertEquals(1, number(object(state.get("feed")).get("histogramsUnreadable")));
        assertEquals(7_000, number(object(byKey(state.get("series"), "key", "JOURNAL_APPEND/1").get("last"))
            .get("p50Ns")));
        final Object spectrum = object(state.get("spectrum")).get("series");
        assertNull(byKey(spectrum, "key", "JOURNAL_APPEND/1"));
        assertEquals(10, number(byKey(spectrum, "key", "APPLY/1").get("samples")), "the next entry is still read");
        assertEquals("LIVE", byKey(state.get("roles"), "roleId", 1L).get("state"));
    }
}
