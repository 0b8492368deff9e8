package io.hedge.ops;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.OpsChannel;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reports a role once an interval ({@code ops.report.ms}), on the role's own agent thread (it runs beside the role's
 * agent in one composite, no thread of its own): swaps every hop's recorder, copies the role's counters into their
 * Aeron counters, appends the histogram logs, encodes a RoleReport and offers it to every gateway's ops port
 * ({@link OpsChannel#channel}, {@link OpsChannel#METRICS_STREAM_ID}), sealed with the member key when member
 * authentication is on. An offer that fails (the gateway down, its port back-pressured) is counted in
 * {@link CounterType#reportsDropped} and dropped: the next interval's report supersedes it, so it is never retried.
 * It also owns the role's Prometheus endpoint, when one is asked for.
 */
public final class RoleReporter implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(RoleReporter.class);

    private final ReportedRole role;
    private final RoleCounters counters;
    private final RoleHistograms histograms;
    private final List<Publication> publications;
    private final MemberSealing sealing;
    private final long intervalNs;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;
    private final HistogramLogs logs;
    private final PrometheusEndpoint prometheus;
    private final RoleReportWriter writer = new RoleReportWriter();
    private final GcTime gcTime = new GcTime();
    private final File journalDir;
    private final CounterType droppedType;

    private long nextReportNs;
    private long lastReportMs;
    private long reports;
    private long dropped;

    /**
     * @param publications one per gateway's ops port; owned (closed with the reporter).
     * @param logs         the histogram logs, or null: off.
     * @param prometheus   the role's endpoint, or null: off; owned.
     */
    public RoleReporter(
        final ReportedRole role,
        final RoleCounters counters,
        final RoleHistograms histograms,
        final List<Publication> publications,
        final MemberSealing sealing,
        final long intervalNs,
        final NanoClock nanoClock,
        final EpochClock epochClock,
        final HistogramLogs logs,
        final PrometheusEndpoint prometheus)
    {
        this.role = role;
        this.counters = counters;
        this.histograms = histograms;
        this.publications = publications;
        this.sealing = sealing;
        this.intervalNs = intervalNs;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.logs = logs;
        this.prometheus = prometheus;
        this.journalDir = null == role.journalDir() ? null : role.journalDir().toFile();
        this.droppedType = CounterType.reportsDropped(role.roleKind());
    }

    /**
     * Open what a role's reports need: its Aeron counters, a publication to every gateway's ops port
     * ({@link ReportingSettings#reportChannels()}), the
     * Prometheus endpoint and the histogram logs as its settings ask.
     *
     * @param labelPrefix names the role in its counters' labels: {@code hedge gateway 1}.
     * @param filePrefix  names the role in its histogram logs' file names: {@code gateway-1}.
     */
    public static RoleReporter open(
        final Aeron aeron,
        final ReportingSettings settings,
        final ReportedRole role,
        final RoleHistograms histograms,
        final MemberSealing sealing,
        final String labelPrefix,
        final String filePrefix)
    {
        final RoleCounters counters = RoleCounters.aeron(aeron, labelPrefix);
        final List<Publication> publications = new ArrayList<>();
        PrometheusEndpoint prometheus = null;
        try
        {
            for (final String channel : settings.reportChannels())
            {
                publications.add(aeron.addExclusivePublication(channel, OpsChannel.METRICS_STREAM_ID));
            }
            // every counter exists from the start, so that AeronStat and a scrape show them before the first report
            role.publishCounters(counters);
            counters.set(CounterType.reportsDropped(role.roleKind()), 0, 0);
            if (settings.httpPort() > 0)
            {
                prometheus = PrometheusEndpoint.start(settings.httpHost(), settings.httpPort(), role.roleKind(),
                    role.roleId(), counters, histograms);
                LOG.info("{}: Prometheus /metrics on {}:{}", labelPrefix, settings.httpHost(), prometheus.port());
            }
            final SystemEpochClock epochClock = SystemEpochClock.INSTANCE;
            final HistogramLogs logs = null == settings.histogramLogDir() ? null :
                new HistogramLogs(settings.histogramLogDir(), filePrefix, epochClock.time());
            return new RoleReporter(role, counters, histograms, publications, sealing,
                TimeUnit.MILLISECONDS.toNanos(settings.reportMs()), SystemNanoClock.INSTANCE, epochClock, logs,
                prometheus);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(publications);
            CloseHelper.quietCloseAll(prometheus, counters);
            throw ex;
        }
    }

    @Override
    public String roleName()
    {
        return "hedge-reporter";
    }

    @Override
    public int doWork()
    {
        final long nowNs = nanoClock.nanoTime();
        if (0 == nextReportNs)
        {
            nextReportNs = nowNs + intervalNs;
            lastReportMs = epochClock.time();
            histograms.startInterval(lastReportMs);
            return 0;
        }
        if (nowNs - nextReportNs < 0)
        {
            return 0;
        }
        nextReportNs = nowNs + intervalNs;
        report();
        return 1;
    }

    /**
     * End the interval now: swap, publish, log, offer.
     */
    public void report()
    {
        final long nowMs = epochClock.time();
        final int intervalMs = (int)Math.max(0, Math.min(Integer.MAX_VALUE, nowMs - lastReportMs));
        lastReportMs = nowMs;
        histograms.swapAll(nowMs);
        role.publishCounters(counters);
        counters.set(droppedType, 0, dropped);
        if (null != logs)
        {
            logs.write(histograms);
        }
        final long freeDisk = null == journalDir ? -1 : freeBytes(journalDir);
        final int length = writer.write(role, nowMs, intervalMs, freeDisk, gcTime.sinceLastMs(), counters, histograms);
        for (int i = 0, n = publications.size(); i < n; i++)
        {
            if (sealing.offer(publications.get(i), writer.buffer(), 0, length) < 0)
            {
                dropped++;
            }
        }
        reports++;
    }

    private static long freeBytes(final File dir)
    {
        final long usable = dir.getUsableSpace();
        return 0 == usable && !dir.exists() ? -1 : usable;
    }

    /** @return reports made so far. */
    public long reports()
    {
        return reports;
    }

    /** @return offers of a report to a gateway that failed, dropped. */
    public long dropped()
    {
        return dropped;
    }

    public RoleCounters counters()
    {
        return counters;
    }

    public RoleHistograms histograms()
    {
        return histograms;
    }

    /**
     * @return the Prometheus endpoint, or null when metrics.http.port is 0.
     */
    public PrometheusEndpoint prometheus()
    {
        return prometheus;
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietCloseAll(publications);
        CloseHelper.quietCloseAll(logs, prometheus, counters);
    }
}
