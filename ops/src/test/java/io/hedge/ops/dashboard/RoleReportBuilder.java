package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.codecs.ops.RoleReportEncoder;
import io.hedge.ops.CounterType;
import io.hedge.ops.OpsListener;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a RoleReport as a role would (with real HdrHistogram compressed encodings) and hands it to a listener the
 * way an ops session does: a decoder wrapped just after the message header.
 */
final class RoleReportBuilder
{
    private final RoleKind kind;
    private final int roleId;
    private short stateCode;
    private long seq;
    private long commitSeq;
    private long epoch = 1;
    private final List<long[]> counters = new ArrayList<>();
    private final List<Object[]> histograms = new ArrayList<>();

    RoleReportBuilder(final RoleKind kind, final int roleId)
    {
        this.kind = kind;
        this.roleId = roleId;
    }

    RoleReportBuilder state(final int code)
    {
        stateCode = (short)code;
        return this;
    }

    RoleReportBuilder seq(final long seq, final long commitSeq)
    {
        this.seq = seq;
        this.commitSeq = commitSeq;
        return this;
    }

    RoleReportBuilder counter(final CounterType type, final int subjectId, final long value)
    {
        counters.add(new long[]{type.typeId(), subjectId, value});
        return this;
    }

    RoleReportBuilder histogram(final Hop hop, final int subjectId, final Histogram histogram)
    {
        histograms.add(new Object[]{hop, subjectId, histogram});
        return this;
    }

    /**
     * A histogram entry whose encoding is the given bytes (to test what a malformed one does).
     */
    RoleReportBuilder rawHistogram(final Hop hop, final int subjectId, final long samples, final long p50,
        final byte[] encoding)
    {
        histograms.add(new Object[]{hop, subjectId, samples, p50, encoding});
        return this;
    }

    /**
     * @return the encoded message, header first, and its length.
     */
    UnsafeBuffer encode(final int[] length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(256 * 1024));
        final RoleReportEncoder encoder = new RoleReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .roleKind(kind)
            .roleId(roleId)
            .epoch(epoch)
            .timestampMs(System.currentTimeMillis())
            .intervalMs(1000)
            .stateCode(stateCode)
            .seq(seq)
            .commitSeq(commitSeq)
            .stateHash(0)
            .freeDiskBytes(10L << 30)
            .gcPauseMs(0)
            .suspended(BooleanType.FALSE);
        final RoleReportEncoder.CountersEncoder c = encoder.countersCount(counters.size());
        for (final long[] counter : counters)
        {
            c.next().typeId((int)counter[0]).subjectId((int)counter[1]).value(counter[2]);
        }
        final RoleReportEncoder.HistogramsEncoder h = encoder.histogramsCount(histograms.size());
        for (final Object[] entry : histograms)
        {
            if (entry.length == 5)
            {
                final byte[] raw = (byte[])entry[4];
                final long p50 = (Long)entry[3];
                h.next().hop((Hop)entry[0]).subjectId((Integer)entry[1]).samples((Long)entry[2]).p50Ns(p50)
                    .p99Ns(p50).p999Ns(p50).maxNs(p50).putEncodedHistogram(raw, 0, raw.length);
                continue;
            }
            final Histogram histogram = (Histogram)entry[2];
            final ByteBuffer bytes = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            final int encodedLength = histogram.encodeIntoCompressedByteBuffer(bytes);
            h.next().hop((Hop)entry[0]).subjectId((Integer)entry[1]).samples(histogram.getTotalCount())
                .p50Ns(histogram.getValueAtPercentile(50)).p99Ns(histogram.getValueAtPercentile(99))
                .p999Ns(histogram.getValueAtPercentile(99.9)).maxNs(histogram.getMaxValue())
                .putEncodedHistogram(bytes.array(), 0, encodedLength);
        }
        length[0] = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        return buffer;
    }

    /**
     * Deliver the report as OpsClient would.
     */
    void deliverTo(final OpsListener listener)
    {
        final UnsafeBuffer buffer = encode(new int[1]);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        listener.onRoleReport(new RoleReportDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version()));
    }

    /**
     * @return a histogram of the given values, each recorded count times.
     */
    static Histogram histogramOf(final long count, final long... valuesNs)
    {
        final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        for (final long value : valuesNs)
        {
            histogram.recordValueWithCount(value, count);
        }
        return histogram;
    }
}
