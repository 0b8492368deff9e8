package io.hedge.ops.health;

import io.hedge.transport.Setting;

import java.util.List;

/**
 * The health monitor's keys, each with its default and one line of documentation: {@link HealthPolicy#parse} reads
 * them, and {@code hedge settings} lists them. The defaults suit the default report interval ({@code ops.report.ms}
 * 1000) and about 2,000 requests a second.
 */
public final class HealthConfiguration
{
    public static final Setting SUSPECT_MS = new Setting("health.suspect.ms", "1500",
        "a role whose last report is older than this is SUSPECT (about 1.5 report intervals)");
    public static final Setting DOWN_MS = new Setting("health.down.ms", "3000",
        "a role whose last report is older than this (or that never reported) is DOWN");
    public static final Setting STATUS_AGE_DOWN_MS = new Setting("health.status.age.down.ms", "500",
        "a replica is DOWN when the active gateway last heard its status longer ago than this, even between its own " +
        "reports (replicas send a status every replica.status.ms)");
    public static final Setting LAG_SEQS = new Setting("health.lag.seqs", "2000",
        "a replica (or standby gateway) more than this many seqs behind the active gateway is LAGGING");
    public static final Setting LAG_MS = new Setting("health.lag.ms", "1000",
        "a replica whose next seq to apply was sequenced longer ago than this is LAGGING");
    public static final Setting TREND_WINDOW = new Setting("health.trend.window", "10",
        "reports in the window a trend is fitted over (robust slope of every pair of samples), at least 4");
    public static final Setting TREND_CONFIRM = new Setting("health.trend.confirm", "3",
        "consecutive reports a trend must say 'worsening' before DEGRADED is raised, so that a spike does not");
    public static final Setting TREND_AGREEMENT = new Setting("health.trend.agreement", "0.6",
        "share of the window's sample pairs that must agree the metric worsens (Kendall's tau), above 0 and at most 1");
    public static final Setting TREND_HORIZON_MS = new Setting("health.trend.horizon.ms", "60000",
        "DEGRADED when a worsening trend projects lag, apply or journal p99 or GC time to cross its limit within this");
    public static final Setting APPLY_P99_LIMIT_US = new Setting("health.apply.p99.limit.us", "1000",
        "apply p99 a replica's trend is projected towards (twice the time between requests at 2,000/s)");
    public static final Setting JOURNAL_P99_LIMIT_US = new Setting("health.journal.p99.limit.us", "2000",
        "journal append p99 a replica's trend is projected towards");
    public static final Setting GC_LIMIT_MS = new Setting("health.gc.limit.ms", "200",
        "GC pause time per report interval a role's trend is projected towards; DEGRADED while it stays above");
    public static final Setting DISK_MIN_MB = new Setting("health.disk.min.mb", "1024",
        "free disk (MiB) a role's trend is projected towards; DEGRADED while it stays below");
    public static final Setting DISK_HORIZON_MS = new Setting("health.disk.horizon.ms", "3600000",
        "DEGRADED when falling free disk projects to reach health.disk.min.mb within this");
    public static final Setting ALARM_HOLD_MS = new Setting("health.alarm.hold.ms", "10000",
        "an alarm clears only after its condition has been gone this long, so that alarms do not flap");
    public static final Setting ALARM_HOOK = new Setting("health.alarm.hook", "",
        "command run (off the monitor's thread) on every alarm raised or cleared, with the arguments " +
        "raised|cleared KIND SUBJECT HEALTH REASON; split on spaces; empty: none");

    /** Every health key, in the order {@code hedge settings} lists them. */
    public static final List<Setting> SETTINGS = Setting.list(
        SUSPECT_MS, DOWN_MS, STATUS_AGE_DOWN_MS, LAG_SEQS, LAG_MS, TREND_WINDOW, TREND_CONFIRM, TREND_AGREEMENT,
        TREND_HORIZON_MS, APPLY_P99_LIMIT_US, JOURNAL_P99_LIMIT_US, GC_LIMIT_MS, DISK_MIN_MB, DISK_HORIZON_MS,
        ALARM_HOLD_MS, ALARM_HOOK);

    private HealthConfiguration()
    {
    }
}
