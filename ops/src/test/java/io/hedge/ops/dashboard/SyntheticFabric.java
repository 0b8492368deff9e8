package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.CounterType;
import io.hedge.ops.OpsListener;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A made-up three-site fabric at 2,000 requests a second, for the browser check and the screenshot: each tick is one
 * second of the reports an ops session hears (two gateways, three replicas, a FabricHealth), encoded as the roles
 * would, with real HdrHistogram encodings. History ticks vary (a slow wave and the odd spike); live ticks repeat one
 * fixed set of interval histograms, so that the percentiles a page shows can be checked exactly, while the counters
 * (wins, seqs, lag) move on every tick.
 */
final class SyntheticFabric
{
    static final String[] SITES = {"london", "frankfurt", "tokyo"};
    static final int RATE = 2_000;
    /** Each site's share of the wins: the nearest site wins most. */
    private static final double[] WIN_SHARE = {0.58, 0.31, 0.11};
    /** Each site's typical margin behind the first response, ns. */
    private static final long[] MARGIN_NS = {60_000, 180_000, 2_400_000};

    private long seq;
    private final long[] wins = new long[3];
    private final Map<String, Long> expected = new LinkedHashMap<>();

    /**
     * Deliver one second's messages.
     *
     * @param tick a number that makes history ticks differ.
     * @param live true for the fixed interval histograms of the live phase.
     * @return the values the page must show after this tick (data-k keys of the page to raw values).
     */
    Map<String, Long> tick(final OpsListener listener, final long tick, final boolean live)
    {
        expected.clear();
        final Random random = new Random(live ? 42 : tick);
        final double wave = live ? 1.0 : 1.0 + 0.35 * Math.sin(tick / 40.0) + (random.nextInt(90) == 0 ? 2.5 : 0);
        seq += RATE;
        long split = 0;
        for (int i = 0; i < 3; i++)
        {
            final long won = i == 2 ? RATE - split : Math.round(RATE * WIN_SHARE[i]) + (tick % 7) - 3;
            split += won;
            wins[i] += won;
        }
        final RoleReportBuilder active = new RoleReportBuilder(RoleKind.GATEWAY, 1).state(GatewayRole.ACTIVE.value())
            .seq(seq, seq - 3).counter(CounterType.SEQUENCED, 0, seq);
        for (int i = 0; i < 3; i++)
        {
            final int replicaId = i + 1;
            final long lagMs = i == 0 ? 0 : i == 1 ? 1 + (tick / 20) % 2 : Math.round(9 + 3 * Math.sin(tick / 25.0));
            final long lagSeq = lagMs * RATE / 1000;
            active.counter(CounterType.WINS, replicaId, wins[i]).counter(CounterType.REPLICA_LAG, replicaId, lagSeq)
                .counter(CounterType.REPLICA_LAG_MS, replicaId, lagMs);
            expected.put("wins:" + replicaId, wins[i]);
            expected.put("lag-ms:" + replicaId, lagMs);
            expected.put("lag-seq:" + replicaId, lagSeq);
        }
        hop(active, Hop.SEQUENCED_TO_COMMITTED, 0, latency(random, 140_000 * wave, 0.25), "SEQUENCED_TO_COMMITTED");
        hop(active, Hop.SEQUENCED_TO_FIRST_RESPONSE, 0, latency(random, 95_000 * wave, 0.3),
            "SEQUENCED_TO_FIRST_RESPONSE");
        for (int i = 0; i < 3; i++)
        {
            hop(active, Hop.REPLICA_MARGIN, i + 1, latency(random, MARGIN_NS[i] * wave, 0.4),
                "REPLICA_MARGIN/" + (i + 1));
        }
        active.deliverTo(listener);
        expected.put("seq:GATEWAY:1", seq);
        new RoleReportBuilder(RoleKind.GATEWAY, 2).state(GatewayRole.STANDBY.value()).seq(seq - 5, seq - 5)
            .deliverTo(listener);
        for (int i = 0; i < 3; i++)
        {
            final int replicaId = i + 1;
            final RoleReportBuilder replica = new RoleReportBuilder(RoleKind.REPLICA, replicaId).state(1)
                .seq(seq - i, seq - i);
            hop(replica, Hop.APPLY, 0, latency(random, (i == 2 ? 9_000 : 4_000) * wave, 0.3), "APPLY/" + replicaId);
            hop(replica, Hop.JOURNAL_APPEND, 0, latency(random, 600 * wave, 0.2), "JOURNAL_APPEND/" + replicaId);
            replica.deliverTo(listener);
        }
        new FabricHealthBuilder(1, 1, seq)
            .gateway(1, Health.UP, GatewayRole.ACTIVE, 4)
            .gateway(2, Health.UP, GatewayRole.STANDBY, 0)
            .replica(1, Health.UP, seq, 0, wins[0])
            .replica(2, Health.UP, seq - 1, 0, wins[1])
            .replica(3, Health.DEGRADED, seq - 20, 10, wins[2])
            .alarm(7, 3, Health.DEGRADED, "apply p99 has risen for 5 minutes (4.1 ms, 3.2x its baseline)")
            .deliverTo(listener);
        expected.put("last-seq", seq);
        expected.put("active-gateway", 1L);
        return expected;
    }

    private void hop(final RoleReportBuilder report, final Hop hop, final int subject, final Histogram histogram,
        final String key)
    {
        report.histogram(hop, subject, histogram);
        expected.put("p50:" + key, histogram.getValueAtPercentile(50));
        expected.put("p99:" + key, histogram.getValueAtPercentile(99));
        expected.put("p999:" + key, histogram.getValueAtPercentile(99.9));
        expected.put("max:" + key, histogram.getMaxValue());
        expected.put("samples:" + key, histogram.getTotalCount());
        // the last minute's spectrum adds up identical live intervals: the same percentiles, to HdrHistogram's precision
        expected.put("spectrum-p50:" + key, histogram.getValueAtPercentile(50));
        expected.put("spectrum-p99:" + key, histogram.getValueAtPercentile(99));
        expected.put("spectrum-max:" + key, histogram.getMaxValue());
    }

    /**
     * @return a second of latencies: log-normal around the median, with a thin tail of slow ones.
     */
    private static Histogram latency(final Random random, final double medianNs, final double sigma)
    {
        final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < RATE; i++)
        {
            double value = medianNs * Math.exp(sigma * random.nextGaussian());
            if (random.nextInt(200) == 0)
            {
                value *= 3 + random.nextInt(6);
            }
            histogram.recordValue(Math.max(1, Math.round(value)));
        }
        return histogram;
    }
}
