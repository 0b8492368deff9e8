package io.hedge.ops;

import io.hedge.codecs.ops.Hop;
import io.hedge.transport.MemberSealing;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistogramLogsTest
{
    @TempDir
    Path dir;

    @Test
    void eachIntervalOfEachHopReadsBackWithHistogramLogReader() throws Exception
    {
        final TestRoles.FakeReplica role = new TestRoles.FakeReplica();
        role.dir = dir;
        final RoleHistograms histograms = new RoleHistograms();
        final HopRecorder apply = histograms.add(Hop.APPLY, 0);
        final HopRecorder margin = histograms.add(Hop.REPLICA_MARGIN, 2);
        final AtomicLong clockMs = new AtomicLong(1_700_000_000_000L);
        final Path logDir = dir.resolve("hlog");
        final HistogramLogs logs = new HistogramLogs(logDir, "replica-3", clockMs.get());
        // the reporter writes the logs at each report: run it as a role would, with no gateway to send to
        final RoleReporter reporter = new RoleReporter(role, TestRoles.counters("r"), histograms, List.of(),
            MemberSealing.off(), 1_000_000, SystemNanoClock.INSTANCE, clockMs::get, logs, null);

        reporter.doWork(); // the first duty cycle starts the first interval
        final List<Histogram> written = new ArrayList<>();
        for (int interval = 1; interval <= 3; interval++)
        {
            for (int i = 0; i < interval * 100; i++)
            {
                apply.record(1_000 + i);
            }
            margin.record(interval * 10_000L);
            clockMs.addAndGet(1000);
            reporter.report();
            written.add(apply.lastInterval().copy());
        }
        reporter.onClose();

        final Path applyLog = logs.file(apply);
        assertEquals(logDir.resolve("replica-3-apply.hlog"), applyLog);
        assertTrue(Files.exists(logs.file(margin)));
        final HistogramLogReader reader = new HistogramLogReader(applyLog.toFile());
        for (int interval = 1; interval <= 3; interval++)
        {
            final Histogram read = (Histogram)reader.nextIntervalHistogram();
            assertEquals(interval * 100L, read.getTotalCount());
            assertEquals(1000, read.getEndTimeStamp() - read.getStartTimeStamp(), "each interval is 1 s long");
            assertEquals(written.get(interval - 1), read);
        }
        assertNull(reader.nextIntervalHistogram());

        final HistogramLogReader marginReader = new HistogramLogReader(logs.file(margin).toFile());
        assertEquals(10_000, ((Histogram)marginReader.nextIntervalHistogram()).getMaxValue(), 10);
    }
}
