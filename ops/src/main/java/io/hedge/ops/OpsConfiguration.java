package io.hedge.ops;

import io.hedge.transport.Setting;

import java.util.List;

/**
 * The keys of what every gateway and replica reports and exposes about itself (docs/OPERATIONS.md, "Latency
 * histograms and counters"), each with its default and one line of documentation: {@link ReportingSettings} takes its
 * defaults from here, and {@code hedge settings} lists them.
 */
public final class OpsConfiguration
{
    public static final Setting REPORT_MS = new Setting("ops.report.ms", "1000",
        "interval of a role's report (counters, latency histograms) to every gateway's ops port, and of its histogram swap");
    public static final Setting HTTP_PORT = new Setting("metrics.http.port", "0",
        "port of a gateway's or replica's Prometheus endpoint (/metrics); 0: off");
    public static final Setting HTTP_HOST = new Setting("metrics.http.host", "127.0.0.1",
        "address the Prometheus endpoint binds to");
    public static final Setting HISTOGRAM_LOG = new Setting("metrics.histogram.log", "",
        "a directory: each role writes an HdrHistogram interval log per hop there; empty: off");

    /** Every key, in the order {@code hedge settings} lists them. */
    public static final List<Setting> SETTINGS = Setting.list(REPORT_MS, HTTP_PORT, HTTP_HOST, HISTOGRAM_LOG);

    private OpsConfiguration()
    {
    }
}
