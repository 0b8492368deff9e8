package io.hedge.ops;

import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleReportWriterTest
{
    @Test
    void aReportDecodesToTheRolesFiguresCountersAndIntervalHistograms() throws Exception
    {
        final TestRoles.FakeReplica role = new TestRoles.FakeReplica();
        role.applied = 1234;
        role.gaps = 5;
        final RoleCounters counters = TestRoles.counters("hedge replica 3");
        final RoleHistograms histograms = new RoleHistograms();
        final HopRecorder apply = histograms.add(Hop.APPLY, 0);
        final HopRecorder append = histograms.add(Hop.JOURNAL_APPEND, 0);
        histograms.add(Hop.REPLICA_MARGIN, 2); // nothing recorded: left out of the report
        for (int i = 1; i <= 500; i++)
        {
            apply.record(i * 100L);
            append.record(i * 37L);
        }
        histograms.swapAll(10_000);
        role.publishCounters(counters);

        final RoleReportWriter writer = new RoleReportWriter();
        final int length = writer.write(role, 10_000, 1000, 55_000, 12, counters, histograms);
        assertTrue(length > MessageHeaderDecoder.ENCODED_LENGTH);

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final RoleReportDecoder decoder = new RoleReportDecoder().wrapAndApplyHeader(writer.buffer(), 0, header);
        assertEquals(RoleReportDecoder.TEMPLATE_ID, header.templateId());
        assertEquals(RoleKind.REPLICA, decoder.roleKind());
        assertEquals(3, decoder.roleId());
        assertEquals(7, decoder.epoch());
        assertEquals(10_000, decoder.timestampMs());
        assertEquals(1000, decoder.intervalMs());
        assertEquals(2, decoder.stateCode());
        assertEquals(1234, decoder.seq());
        assertEquals(1235, decoder.commitSeq());
        assertEquals(0xABCDL, decoder.stateHash());
        assertEquals(55_000, decoder.freeDiskBytes());
        assertEquals(12, decoder.gcPauseMs());
        assertEquals(BooleanType.FALSE, decoder.suspended());

        final Map<CounterType, Long> decodedCounters = new HashMap<>();
        for (final RoleReportDecoder.CountersDecoder c : decoder.counters())
        {
            decodedCounters.put(CounterType.ofTypeId(c.typeId()), c.value());
            assertEquals(0, c.subjectId());
        }
        assertEquals(Map.of(CounterType.APPLIED, 1234L, CounterType.GAPS, 5L, CounterType.REPLICA_STATE, 2L),
            decodedCounters);

        final Map<Hop, Histogram> decoded = new HashMap<>();
        for (final RoleReportDecoder.HistogramsDecoder h : decoder.histograms())
        {
            final Hop hop = h.hop();
            final long samples = h.samples();
            final long p50 = h.p50Ns();
            final long p99 = h.p99Ns();
            final long p999 = h.p999Ns();
            final long max = h.maxNs();
            final byte[] bytes = new byte[h.encodedHistogramLength()];
            h.getEncodedHistogram(bytes, 0, bytes.length);
            final Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            decoded.put(hop, histogram);
            assertEquals(500, samples);
            assertEquals(histogram.getValueAtPercentile(50), p50);
            assertEquals(histogram.getValueAtPercentile(99), p99);
            assertEquals(histogram.getValueAtPercentile(99.9), p999);
            assertEquals(histogram.getMaxValue(), max);
        }
        assertEquals(2, decoded.size(), "the hop with no samples is left out");
        assertEquals(histograms.lastInterval(Hop.APPLY, 0), decoded.get(Hop.APPLY));
        assertEquals(histograms.lastInterval(Hop.JOURNAL_APPEND, 0), decoded.get(Hop.JOURNAL_APPEND));
    }

    @Test
    void theBufferIsReusedAcrossReports()
    {
        final TestRoles.FakeReplica role = new TestRoles.FakeReplica();
        final RoleCounters counters = TestRoles.counters("r");
        final RoleHistograms histograms = new RoleHistograms();
        histograms.add(Hop.APPLY, 0).record(1000);
        histograms.swapAll(1);
        role.publishCounters(counters);
        final RoleReportWriter writer = new RoleReportWriter();
        writer.write(role, 1, 1, -1, 0, counters, histograms);
        final Object first = writer.buffer();
        writer.write(role, 2, 1, -1, 0, counters, histograms);
        assertTrue(first == writer.buffer());
    }
}
