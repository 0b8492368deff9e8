package io.hedge.ops;

import io.hedge.codecs.ops.RoleKind;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A role's {@code /metrics} for Prometheus (the Prometheus Java client's HTTP server, on its own registry): every
 * counter as {@link CounterType#metricName()} with labels {@code role_id} and {@code subject}, and each hop's last
 * interval as {@code hedge_<role>_hop_latency_ns{hop, subject, percentile}} and {@code hedge_<role>_hop_samples}. A
 * scrape runs on the HTTP server's thread and reads only what the agent publishes: the Aeron counters' values and the
 * recorders' volatile figures, never the agent's own state.
 */
public final class PrometheusEndpoint implements AutoCloseable
{
    private static final String[] PERCENTILES = {"50", "99", "99.9", "100"};

    private final HTTPServer server;

    private PrometheusEndpoint(final HTTPServer server)
    {
        this.server = server;
    }

    /**
     * Serve this role's figures.
     *
     * @param port 0 for any free port (tests); a role starts none when its metrics.http.port is 0.
     * @throws UncheckedIOException if the port cannot be bound.
     */
    public static PrometheusEndpoint start(
        final String host,
        final int port,
        final RoleKind roleKind,
        final int roleId,
        final RoleCounters counters,
        final RoleHistograms histograms)
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new RoleCollector(roleKind, roleId, counters, histograms));
        try
        {
            return new PrometheusEndpoint(HTTPServer.builder().hostname(host).port(port).registry(registry)
                .buildAndStart());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("metrics.http.port: cannot serve /metrics on " + host + ":" + port, ex);
        }
    }

    /**
     * @return the port it listens on.
     */
    public int port()
    {
        return server.getPort();
    }

    @Override
    public void close()
    {
        server.close();
    }

    /**
     * Turns the published counters and hop figures into snapshots, at each scrape.
     */
    static final class RoleCollector implements MultiCollector
    {
        private final String roleName;
        private final String roleId;
        private final RoleCounters counters;
        private final RoleHistograms histograms;

        RoleCollector(
            final RoleKind roleKind, final int roleId, final RoleCounters counters, final RoleHistograms histograms)
        {
            this.roleName = roleKind.name().toLowerCase(Locale.ROOT);
            this.roleId = Integer.toString(roleId);
            this.counters = counters;
            this.histograms = histograms;
        }

        @Override
        public MetricSnapshots collect()
        {
            final Map<CounterType, GaugeSnapshot.Builder> byType = new EnumMap<>(CounterType.class);
            for (final RoleCounters.Slot slot : counters.slots())
            {
                byType.computeIfAbsent(slot.type(), type -> GaugeSnapshot.builder()
                    .name(type.metricName()).help(type.description()))
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("role_id", roleId, "subject", Integer.toString(slot.subjectId())))
                        .value(slot.value()).build());
            }
            final List<MetricSnapshot> snapshots = new ArrayList<>();
            byType.values().forEach(builder -> snapshots.add(builder.build()));

            final List<HopRecorder> recorders = histograms.recorders();
            if (!recorders.isEmpty())
            {
                final GaugeSnapshot.Builder latency = GaugeSnapshot.builder()
                    .name("hedge_" + roleName + "_hop_latency_ns")
                    .help("a hop's latency percentile over the last report interval, nanoseconds (0: no samples)");
                final GaugeSnapshot.Builder samples = GaugeSnapshot.builder()
                    .name("hedge_" + roleName + "_hop_samples")
                    .help("values a hop recorded in the last report interval");
                for (final HopRecorder recorder : recorders)
                {
                    final String hop = recorder.hop().name().toLowerCase(Locale.ROOT);
                    final String subject = Integer.toString(recorder.subjectId());
                    final long[] values = {recorder.p50Ns(), recorder.p99Ns(), recorder.p999Ns(), recorder.maxNs()};
                    for (int i = 0; i < PERCENTILES.length; i++)
                    {
                        latency.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(Labels.of("role_id", roleId, "hop", hop, "subject", subject,
                                "percentile", PERCENTILES[i]))
                            .value(values[i]).build());
                    }
                    samples.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("role_id", roleId, "hop", hop, "subject", subject))
                        .value(recorder.samples()).build());
                }
                snapshots.add(latency.build());
                snapshots.add(samples.build());
            }
            return new MetricSnapshots(snapshots);
        }
    }
}
