package io.hedge.ops;

import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleReportEncoder;
import org.HdrHistogram.Histogram;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes a role's last interval as a RoleReport: its fixed fields, every counter, and every hop measured in the
 * interval with its percentiles and the interval histogram in HdrHistogram's compressed encoding. The message buffer
 * and the histogram encoding buffer are kept and grown, never made per report.
 */
public final class RoleReportWriter
{
    /** HdrHistogram's compressed encoding, as {@link Histogram#encodeIntoCompressedByteBuffer(ByteBuffer, int)}. */
    static final int COMPRESSION_LEVEL = java.util.zip.Deflater.DEFAULT_COMPRESSION;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RoleReportEncoder encoder = new RoleReportEncoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private ByteBuffer histogramBuffer = ByteBuffer.allocate(4096);

    /**
     * @param timestampMs   wall clock at the end of the interval.
     * @param intervalMs    the interval's length.
     * @param freeDiskBytes of the journal's file system, -1 unknown.
     * @param gcPauseMs     JVM collection time in the interval.
     * @return the encoded length, header included, at offset 0 of {@link #buffer()}.
     */
    public int write(
        final ReportedRole role,
        final long timestampMs,
        final int intervalMs,
        final long freeDiskBytes,
        final long gcPauseMs,
        final RoleCounters counters,
        final RoleHistograms histograms)
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .roleKind(role.roleKind())
            .roleId(role.roleId())
            .epoch(role.epoch())
            .timestampMs(timestampMs)
            .intervalMs(intervalMs)
            .stateCode((short)(role.stateCode() & 0xFF))
            .seq(role.seq())
            .commitSeq(role.commitSeq())
            .stateHash(role.stateHash())
            .freeDiskBytes(freeDiskBytes)
            .gcPauseMs(gcPauseMs)
            .suspended(role.suspended() ? BooleanType.TRUE : BooleanType.FALSE);

        final List<RoleCounters.Slot> slots = counters.slots();
        final RoleReportEncoder.CountersEncoder countersEncoder = encoder.countersCount(slots.size());
        for (int i = 0, n = slots.size(); i < n; i++)
        {
            final RoleCounters.Slot slot = slots.get(i);
            countersEncoder.next().typeId(slot.type().typeId()).subjectId(slot.subjectId()).value(slot.value());
        }

        final List<HopRecorder> recorders = histograms.recorders();
        int measured = 0;
        for (int i = 0, n = recorders.size(); i < n; i++)
        {
            measured += recorders.get(i).samples() > 0 ? 1 : 0;
        }
        final RoleReportEncoder.HistogramsEncoder histogramsEncoder = encoder.histogramsCount(measured);
        for (int i = 0, n = recorders.size(); i < n; i++)
        {
            final HopRecorder recorder = recorders.get(i);
            if (recorder.samples() <= 0)
            {
                continue;
            }
            histogramsEncoder.next()
                .hop(recorder.hop())
                .subjectId(recorder.subjectId())
                .samples(recorder.samples())
                .p50Ns(recorder.p50Ns())
                .p99Ns(recorder.p99Ns())
                .p999Ns(recorder.p999Ns())
                .maxNs(recorder.maxNs());
            final int length = encode(recorder.lastInterval());
            histogramsEncoder.putEncodedHistogram(histogramBuffer.array(), 0, length);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encode(final Histogram histogram)
    {
        final int needed = histogram.getNeededByteBufferCapacity();
        if (histogramBuffer.capacity() < needed)
        {
            histogramBuffer = ByteBuffer.allocate(needed);
        }
        histogramBuffer.clear();
        return histogram.encodeIntoCompressedByteBuffer(histogramBuffer, COMPRESSION_LEVEL);
    }

    /**
     * @return the buffer the last report was written to, from offset 0.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }
}
