package io.hedge.ops;

import java.nio.file.Path;

/**
 * One role's values of the {@link OpsConfiguration} keys, held by its Context and checked in its
 * {@code conclude()}.
 */
public final class ReportingSettings
{
    /** The longest report interval accepted: a minute (the health monitor wants reports well within its timeouts). */
    static final long MAX_REPORT_MS = 60_000;

    private long reportMs = OpsConfiguration.REPORT_MS.defaultLong();
    private int httpPort = OpsConfiguration.HTTP_PORT.defaultInt();
    private String httpHost = OpsConfiguration.HTTP_HOST.defaultValue();
    private Path histogramLogDir;
    private java.util.List<String> reportChannels = java.util.List.of();

    /**
     * @throws IllegalArgumentException naming the key of a value out of range.
     */
    public void conclude()
    {
        if (reportMs < 1 || reportMs > MAX_REPORT_MS)
        {
            throw OpsConfiguration.REPORT_MS.invalid("must be between 1 and " + MAX_REPORT_MS + ", got " + reportMs);
        }
        if (httpPort < 0 || httpPort > 65535)
        {
            throw OpsConfiguration.HTTP_PORT.invalid("must be between 0 (off) and 65535, got " + httpPort);
        }
        if (null == httpHost || httpHost.isBlank())
        {
            throw OpsConfiguration.HTTP_HOST.invalid("must name an address, got '" + httpHost + "'");
        }
        if (null != histogramLogDir && java.nio.file.Files.exists(histogramLogDir) &&
            !java.nio.file.Files.isDirectory(histogramLogDir))
        {
            throw OpsConfiguration.HISTOGRAM_LOG.invalid("must be a directory, got the file " + histogramLogDir);
        }
    }

    /**
     * @return the ops channels of every gateway ({@code io.hedge.transport.OpsChannel#channel}) the role reports to;
     * empty: it reports to none (its counters, endpoint and logs still work).
     */
    public java.util.List<String> reportChannels()
    {
        return reportChannels;
    }

    public ReportingSettings reportChannels(final java.util.List<String> reportChannels)
    {
        this.reportChannels = java.util.List.copyOf(reportChannels);
        return this;
    }

    public long reportMs()
    {
        return reportMs;
    }

    public ReportingSettings reportMs(final long reportMs)
    {
        this.reportMs = reportMs;
        return this;
    }

    public int httpPort()
    {
        return httpPort;
    }

    public ReportingSettings httpPort(final int httpPort)
    {
        this.httpPort = httpPort;
        return this;
    }

    public String httpHost()
    {
        return httpHost;
    }

    public ReportingSettings httpHost(final String httpHost)
    {
        this.httpHost = httpHost;
        return this;
    }

    /**
     * @return the directory of the histogram logs, or null: off.
     */
    public Path histogramLogDir()
    {
        return histogramLogDir;
    }

    /**
     * @param histogramLogDir a directory, or null or empty: off.
     */
    public ReportingSettings histogramLogDir(final Path histogramLogDir)
    {
        this.histogramLogDir = null == histogramLogDir || histogramLogDir.toString().isEmpty() ? null : histogramLogDir;
        return this;
    }
}
