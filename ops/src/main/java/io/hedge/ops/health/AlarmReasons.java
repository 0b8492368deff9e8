package io.hedge.ops.health;

import io.hedge.codecs.ops.RoleKind;

import java.util.Locale;

/**
 * The reason text of an alarm being raised: which trend or threshold, and the figures, so that an operator reading
 * one log line knows what was seen. Built only when an alarm is raised.
 */
final class AlarmReasons implements AlarmBook.Reasons
{
    private final HealthPolicy policy;
    private final HealthMonitor monitor;

    AlarmReasons(final HealthPolicy policy, final HealthMonitor monitor)
    {
        this.policy = policy;
        this.monitor = monitor;
    }

    @Override
    public String reason(final RoleState subject, final AlarmKind kind, final long nowMs)
    {
        return switch (kind)
        {
            case DOWN -> down(subject, nowMs);
            case LAGGING -> lagging(subject);
            default -> trend(subject, kind);
        };
    }

    private String down(final RoleState subject, final long nowMs)
    {
        if (!subject.reported())
        {
            return "never reported (" + HealthConfiguration.DOWN_MS.key() + " " + policy.downMs() + " ms)";
        }
        final long age = subject.reportAgeMs(nowMs);
        if (age > policy.downMs())
        {
            return "no report for " + age + " ms (" + HealthConfiguration.DOWN_MS.key() + " " + policy.downMs() + ")";
        }
        return "gateway " + monitor.activeGatewayId() + " last heard its status " + monitor.statusAgeMs(subject, nowMs) +
            " ms ago (" + HealthConfiguration.STATUS_AGE_DOWN_MS.key() + " " + policy.statusAgeDownMs() + ")";
    }

    private String lagging(final RoleState subject)
    {
        if (RoleKind.GATEWAY == subject.kind)
        {
            return "journal " + (monitor.activeSeqAt(subject.receivedAtMs) - subject.seq) + " seqs behind gateway " +
                monitor.activeGatewayId() + " (" + HealthConfiguration.LAG_SEQS.key() + " " + policy.lagSeqs() + ")";
        }
        return monitor.lagSeqs(subject) + " seqs, " + monitor.lagMs(subject) + " ms behind gateway " +
            monitor.activeGatewayId() + " (" + HealthConfiguration.LAG_SEQS.key() + " " + policy.lagSeqs() + ", " +
            HealthConfiguration.LAG_MS.key() + " " + policy.lagMs() + ")";
    }

    private String trend(final RoleState subject, final AlarmKind kind)
    {
        final TrendSeries trend = subject.trend(kind);
        final boolean rising = AlarmKind.DISK_FALLING != kind;
        final String slope = String.format(Locale.ROOT, "%s%s per report (tau %.2f)",
            trend.slopePerReport(rising) >= 0 ? "+" : "", figure(kind, trend.slopePerReport(rising)), trend.tau());
        if (trend.beyond())
        {
            // the window's median is past the limit: a sustained breach, whichever way the last reports lean
            return String.format(Locale.ROOT, "%s %s its limit %s over the last %d reports (their median): now %s, %s",
                kind.metric(), rising ? "above" : "below", figure(kind, limit(kind)), policy.trendWindow(),
                figure(kind, trend.level(rising)), slope);
        }
        return String.format(Locale.ROOT, "%s %s over the last %d reports: now %s, %s, reaches its limit %s in about " +
            "%.0f reports", kind.metric(), rising ? "rising" : "falling", policy.trendWindow(),
            figure(kind, trend.level(rising)), slope, figure(kind, limit(kind)), trend.reportsToLimit());
    }

    private double limit(final AlarmKind kind)
    {
        return switch (kind)
        {
            case APPLY_RISING -> policy.applyP99LimitNs();
            case JOURNAL_RISING -> policy.journalP99LimitNs();
            case GC_RISING -> policy.gcLimitMs();
            case DISK_FALLING -> policy.diskMinBytes();
            default -> 1.0;
        };
    }

    private static String figure(final AlarmKind kind, final double value)
    {
        return switch (kind)
        {
            case APPLY_RISING, JOURNAL_RISING -> String.format(Locale.ROOT, "%.1f us", value / 1000.0);
            case GC_RISING -> String.format(Locale.ROOT, "%.0f ms", value);
            case DISK_FALLING -> String.format(Locale.ROOT, "%.0f MiB", value / (1 << 20));
            default -> String.format(Locale.ROOT, "%.0f %% of the lag limit", value * 100.0);
        };
    }
}
