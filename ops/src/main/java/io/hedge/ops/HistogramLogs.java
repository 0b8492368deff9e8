package io.hedge.ops;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HdrHistogram interval logs of one role, one file per hop (and subject), readable by HistogramLogAnalyzer and
 * {@code org.HdrHistogram.HistogramLogReader}: {@code <role>-<hop>[-<subject>].hlog} in the configured directory. One
 * line per interval, written by the reporter after its swap (once an interval, on the agent thread, never per message).
 * A log that cannot be written is logged once and dropped; the role goes on.
 */
public final class HistogramLogs implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(HistogramLogs.class);

    private final Path dir;
    private final String rolePrefix;
    private final Map<HopRecorder, HistogramLogWriter> writers = new HashMap<>();
    private final long startMs;
    private boolean failed;

    /**
     * @param dir        where the logs go; made if missing.
     * @param rolePrefix names the role in every file name: {@code gateway-1}, {@code replica-2}.
     * @param startMs    wall clock at the role's start: every log's base time.
     */
    public HistogramLogs(final Path dir, final String rolePrefix, final long startMs)
    {
        this.dir = dir;
        this.rolePrefix = rolePrefix;
        this.startMs = startMs;
    }

    /**
     * @return the file the log of this recorder goes to.
     */
    public Path file(final HopRecorder recorder)
    {
        final String hop = recorder.hop().name().toLowerCase(Locale.ROOT);
        return dir.resolve(rolePrefix + "-" + hop + (0 == recorder.subjectId() ? "" : "-" + recorder.subjectId()) +
            ".hlog");
    }

    /**
     * Append each recorder's last interval to its log.
     */
    public void write(final RoleHistograms histograms)
    {
        if (failed)
        {
            return;
        }
        try
        {
            histograms.forEach(this::write);
        }
        catch (final RuntimeException ex)
        {
            failed = true;
            LOG.warn("{}: histogram logs in {} cannot be written, and are stopped: {}", rolePrefix, dir, ex.toString());
        }
    }

    private void write(final HopRecorder recorder)
    {
        final Histogram interval = recorder.lastInterval();
        if (null == interval)
        {
            return;
        }
        HistogramLogWriter writer = writers.get(recorder);
        if (null == writer)
        {
            writer = open(recorder);
            writers.put(recorder, writer);
        }
        writer.outputIntervalHistogram(interval);
    }

    private HistogramLogWriter open(final HopRecorder recorder)
    {
        try
        {
            Files.createDirectories(dir);
            final File file = file(recorder).toFile();
            final HistogramLogWriter writer = new HistogramLogWriter(file);
            writer.outputComment("hedge " + rolePrefix + " " + recorder.hop() +
                (0 == recorder.subjectId() ? "" : " subject " + recorder.subjectId()) + ", nanoseconds");
            writer.outputLogFormatVersion();
            writer.setBaseTime(startMs);
            writer.outputBaseTime(startMs);
            writer.outputStartTime(startMs);
            writer.outputLegend();
            return writer;
        }
        catch (final FileNotFoundException ex)
        {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Override
    public void close()
    {
        writers.values().forEach(HistogramLogWriter::close);
        writers.clear();
    }
}
