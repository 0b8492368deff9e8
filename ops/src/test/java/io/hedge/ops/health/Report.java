package io.hedge.ops.health;

import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.codecs.ops.RoleReportEncoder;
import io.hedge.ops.CounterType;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A RoleReport as a role would send it: built here, encoded with RoleReportEncoder into a buffer, and handed to the
 * monitor through a RoleReportDecoder wrapped on it, exactly as the ops agent will.
 */
final class Report
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RoleReportEncoder encoder = new RoleReportEncoder();
    private final RoleReportDecoder decoder = new RoleReportDecoder();

    private final RoleKind kind;
    private final int id;
    long epoch = 1;
    int intervalMs = 1000;
    short stateCode;
    long seq;
    long commitSeq;
    long stateHash;
    long freeDiskBytes = -1;
    long gcPauseMs;
    boolean suspended;
    private final List<long[]> counters = new ArrayList<>();
    private final List<long[]> histograms = new ArrayList<>();

    private Report(final RoleKind kind, final int id)
    {
        this.kind = kind;
        this.id = id;
    }

    static Report gateway(final int id, final GatewayRole role, final long epoch)
    {
        final Report report = new Report(RoleKind.GATEWAY, id);
        report.stateCode = role.value();
        report.epoch = epoch;
        return report;
    }

    static Report replica(final int id)
    {
        final Report report = new Report(RoleKind.REPLICA, id);
        report.stateCode = 1; // ReplicaState.LIVE
        return report;
    }

    Report clear()
    {
        counters.clear();
        histograms.clear();
        return this;
    }

    Report counter(final CounterType type, final int subjectId, final long value)
    {
        counters.add(new long[]{type.typeId(), subjectId, value});
        return this;
    }

    Report histogram(final Hop hop, final long samples, final long p99Ns)
    {
        histograms.add(new long[]{hop.value(), samples, p99Ns / 2, p99Ns, p99Ns * 2, p99Ns * 3});
        return this;
    }

    /**
     * @return a decoder wrapped on the encoded report, just after its header, as the ops agent hands it over.
     */
    RoleReportDecoder decode(final long nowMs)
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .roleKind(kind)
            .roleId(id)
            .epoch(epoch)
            .timestampMs(nowMs)
            .intervalMs(intervalMs)
            .stateCode(stateCode)
            .seq(seq)
            .commitSeq(commitSeq)
            .stateHash(stateHash)
            .freeDiskBytes(freeDiskBytes)
            .gcPauseMs(gcPauseMs)
            .suspended(suspended ? BooleanType.TRUE : BooleanType.FALSE);
        final RoleReportEncoder.CountersEncoder counterRows = encoder.countersCount(counters.size());
        for (final long[] c : counters)
        {
            counterRows.next().typeId((int)c[0]).subjectId((int)c[1]).value(c[2]);
        }
        final RoleReportEncoder.HistogramsEncoder histogramRows = encoder.histogramsCount(histograms.size());
        final byte[] encodedHistogram = {1, 2, 3};
        for (final long[] h : histograms)
        {
            histogramRows.next().hop(Hop.get((short)h[0])).subjectId(0).samples(h[1])
                .p50Ns(h[2]).p99Ns(h[3]).p999Ns(h[4]).maxNs(h[5])
                .putEncodedHistogram(encodedHistogram, 0, encodedHistogram.length);
        }
        headerDecoder.wrap(buffer, 0);
        if (RoleReportDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            throw new IllegalStateException("not a RoleReport");
        }
        return decoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
    }
}
