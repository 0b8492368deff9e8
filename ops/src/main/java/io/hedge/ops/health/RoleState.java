package io.hedge.ops.health;

import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.ops.CounterType;
import io.hedge.transport.FabricLimits;

import java.util.Arrays;

/**
 * What the health monitor keeps of one configured gateway or replica: the figures of its newest report (copied,
 * since a decoder is valid only during the call), its trends, its conditions and its health.
 */
final class RoleState
{
    static final long UNKNOWN = -1;

    final RoleKind kind;
    final int id;
    /** Position among all subjects: gateways first, then replicas. */
    final int index;
    /** For people: {@code replica 2 (B)}, {@code gateway 1}. */
    final String name;
    /** For the hook's argument: {@code replica-2}, {@code gateway-1}. */
    final String hookSubject;

    long receivedAtMs = UNKNOWN;
    long previousReceivedAtMs = UNKNOWN;
    long previousSeq;
    long epoch;
    int intervalMs;
    short stateCode;
    long seq;
    long commitSeq;
    long stateHash;
    long freeDiskBytes = UNKNOWN;
    long gcPauseMs;
    boolean suspended;
    long clients;
    long inFlight;
    long applyP99Ns = UNKNOWN;
    long journalP99Ns = UNKNOWN;

    /** A gateway's per-replica counters, by replica id; {@link #UNKNOWN} when its report had none. */
    final long[] replicaLag = new long[FabricLimits.MAX_REPLICAS];
    final long[] replicaLagMs = new long[FabricLimits.MAX_REPLICAS];
    final long[] replicaStatusAgeMs = new long[FabricLimits.MAX_REPLICAS];
    final long[] divergences = new long[FabricLimits.MAX_REPLICAS];
    final long[] wins = new long[FabricLimits.MAX_REPLICAS];

    /** By {@link AlarmKind} ordinal; null for DOWN and LAGGING, which are not trends. */
    final TrendSeries[] trends = new TrendSeries[AlarmKind.VALUES.length];
    /** Whether each kind's condition held at the last evaluation. */
    final boolean[] condition = new boolean[AlarmKind.VALUES.length];
    Health health = Health.DOWN;

    RoleState(final RoleKind kind, final int id, final int index, final String name, final int trendWindow)
    {
        this.kind = kind;
        this.id = id;
        this.index = index;
        this.name = name;
        this.hookSubject = kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + id;
        for (final AlarmKind alarmKind : AlarmKind.VALUES)
        {
            if (null != alarmKind.metric())
            {
                trends[alarmKind.ordinal()] = new TrendSeries(trendWindow);
            }
        }
        clearGatewayCounters();
    }

    boolean reported()
    {
        return UNKNOWN != receivedAtMs;
    }

    /**
     * @return milliseconds since its newest report arrived, or -1 if it never reported.
     */
    long reportAgeMs(final long nowMs)
    {
        return reported() ? Math.max(0, nowMs - receivedAtMs) : UNKNOWN;
    }

    TrendSeries trend(final AlarmKind kind)
    {
        return trends[kind.ordinal()];
    }

    void resetTrends()
    {
        for (final TrendSeries trend : trends)
        {
            if (null != trend)
            {
                trend.reset();
            }
        }
    }

    /**
     * Copy a report of this role; reads its counters and histograms groups to their end.
     */
    void copy(final RoleReportDecoder report, final long nowMs)
    {
        previousReceivedAtMs = receivedAtMs;
        previousSeq = seq;
        receivedAtMs = nowMs;
        epoch = report.epoch();
        intervalMs = report.intervalMs();
        stateCode = report.stateCode();
        seq = report.seq();
        commitSeq = report.commitSeq();
        stateHash = report.stateHash();
        freeDiskBytes = report.freeDiskBytes();
        gcPauseMs = report.gcPauseMs();
        suspended = report.suspendedRaw() == io.hedge.codecs.ops.BooleanType.TRUE.value();
        clients = 0;
        inFlight = 0;
        clearGatewayCounters();
        for (final RoleReportDecoder.CountersDecoder counter : report.counters())
        {
            onCounter(counter.typeId(), counter.subjectId(), counter.value());
        }
        applyP99Ns = UNKNOWN;
        journalP99Ns = UNKNOWN;
        for (final RoleReportDecoder.HistogramsDecoder histogram : report.histograms())
        {
            final short hop = histogram.hopRaw();
            if (histogram.samples() > 0)
            {
                if (hop == Hop.APPLY.value())
                {
                    applyP99Ns = Math.max(applyP99Ns, histogram.p99Ns());
                }
                else if (hop == Hop.JOURNAL_APPEND.value())
                {
                    journalP99Ns = Math.max(journalP99Ns, histogram.p99Ns());
                }
            }
            histogram.skipEncodedHistogram();
        }
    }

    private void onCounter(final int typeId, final int subjectId, final long value)
    {
        final CounterType type = CounterType.ofTypeId(typeId);
        if (null == type)
        {
            return;
        }
        final boolean replicaSubject = subjectId > 0 && subjectId < FabricLimits.MAX_REPLICAS;
        switch (type)
        {
            case CLIENTS -> clients = value;
            case IN_FLIGHT -> inFlight = value;
            case REPLICA_LAG -> set(replicaLag, replicaSubject, subjectId, value);
            case REPLICA_LAG_MS -> set(replicaLagMs, replicaSubject, subjectId, value);
            case REPLICA_STATUS_AGE_MS -> set(replicaStatusAgeMs, replicaSubject, subjectId, value);
            case DIVERGENCES -> set(divergences, replicaSubject, subjectId, value);
            case WINS -> set(wins, replicaSubject, subjectId, value);
            default ->
            {
            }
        }
    }

    private static void set(final long[] figures, final boolean valid, final int subjectId, final long value)
    {
        if (valid)
        {
            figures[subjectId] = value;
        }
    }

    private void clearGatewayCounters()
    {
        Arrays.fill(replicaLag, UNKNOWN);
        Arrays.fill(replicaLagMs, UNKNOWN);
        Arrays.fill(replicaStatusAgeMs, UNKNOWN);
        Arrays.fill(divergences, UNKNOWN);
        Arrays.fill(wins, UNKNOWN);
    }
}
