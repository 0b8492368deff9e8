package io.hedge.ops.health;

import io.hedge.transport.Setting;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.hedge.ops.health.HealthConfiguration.ALARM_HOLD_MS;
import static io.hedge.ops.health.HealthConfiguration.ALARM_HOOK;
import static io.hedge.ops.health.HealthConfiguration.APPLY_P99_LIMIT_US;
import static io.hedge.ops.health.HealthConfiguration.DISK_HORIZON_MS;
import static io.hedge.ops.health.HealthConfiguration.DISK_MIN_MB;
import static io.hedge.ops.health.HealthConfiguration.DOWN_MS;
import static io.hedge.ops.health.HealthConfiguration.GC_LIMIT_MS;
import static io.hedge.ops.health.HealthConfiguration.JOURNAL_P99_LIMIT_US;
import static io.hedge.ops.health.HealthConfiguration.LAG_MS;
import static io.hedge.ops.health.HealthConfiguration.LAG_SEQS;
import static io.hedge.ops.health.HealthConfiguration.STATUS_AGE_DOWN_MS;
import static io.hedge.ops.health.HealthConfiguration.SUSPECT_MS;
import static io.hedge.ops.health.HealthConfiguration.TREND_AGREEMENT;
import static io.hedge.ops.health.HealthConfiguration.TREND_CONFIRM;
import static io.hedge.ops.health.HealthConfiguration.TREND_HORIZON_MS;
import static io.hedge.ops.health.HealthConfiguration.TREND_WINDOW;

/**
 * The health monitor's thresholds, checked once when built: a bad value is an error naming its key.
 *
 * @param suspectMs       report age beyond which a role is SUSPECT.
 * @param downMs          report age beyond which a role is DOWN.
 * @param statusAgeDownMs replica status age, in the active gateway's report, beyond which a replica is DOWN.
 * @param lagSeqs         seqs behind beyond which a replica or standby is LAGGING.
 * @param lagMs           milliseconds behind beyond which a replica is LAGGING.
 * @param trendWindow     reports a trend is fitted over.
 * @param trendConfirm    consecutive worsening evaluations before DEGRADED.
 * @param trendAgreement  Kendall's tau a worsening trend needs, in (0, 1].
 * @param trendHorizonMs  how far ahead a trend is projected towards its limit.
 * @param applyP99LimitNs apply p99 limit.
 * @param journalP99LimitNs journal append p99 limit.
 * @param gcLimitMs       GC time per report interval limit.
 * @param diskMinBytes    free disk limit.
 * @param diskHorizonMs   how far ahead falling free disk is projected.
 * @param alarmHoldMs     how long a condition must be gone before its alarm clears.
 * @param alarmHook       the hook command, or empty.
 */
public record HealthPolicy(
    long suspectMs,
    long downMs,
    long statusAgeDownMs,
    long lagSeqs,
    long lagMs,
    int trendWindow,
    int trendConfirm,
    double trendAgreement,
    long trendHorizonMs,
    long applyP99LimitNs,
    long journalP99LimitNs,
    long gcLimitMs,
    long diskMinBytes,
    long diskHorizonMs,
    long alarmHoldMs,
    String alarmHook)
{
    /** Largest trend window: the pairwise slopes of a window are kept in one reused array. */
    public static final int MAX_TREND_WINDOW = 64;

    public HealthPolicy
    {
        positive(SUSPECT_MS, suspectMs);
        if (downMs <= suspectMs)
        {
            throw DOWN_MS.invalid("must be greater than " + SUSPECT_MS.key() + " (" + suspectMs + "), got " + downMs);
        }
        positive(STATUS_AGE_DOWN_MS, statusAgeDownMs);
        positive(LAG_SEQS, lagSeqs);
        positive(LAG_MS, lagMs);
        if (trendWindow < 4 || trendWindow > MAX_TREND_WINDOW)
        {
            throw TREND_WINDOW.invalid("must be between 4 and " + MAX_TREND_WINDOW + ", got " + trendWindow);
        }
        if (trendConfirm < 1 || trendConfirm > trendWindow)
        {
            throw TREND_CONFIRM.invalid("must be between 1 and " + TREND_WINDOW.key() + " (" + trendWindow +
                "), got " + trendConfirm);
        }
        if (!(trendAgreement > 0.0 && trendAgreement <= 1.0))
        {
            throw TREND_AGREEMENT.invalid("must be above 0 and at most 1, got " + trendAgreement);
        }
        positive(TREND_HORIZON_MS, trendHorizonMs);
        positive(APPLY_P99_LIMIT_US, applyP99LimitNs);
        positive(JOURNAL_P99_LIMIT_US, journalP99LimitNs);
        positive(GC_LIMIT_MS, gcLimitMs);
        positive(DISK_MIN_MB, diskMinBytes);
        positive(DISK_HORIZON_MS, diskHorizonMs);
        if (alarmHoldMs < 0)
        {
            throw ALARM_HOLD_MS.invalid("must not be negative, got " + alarmHoldMs);
        }
        alarmHook = null == alarmHook ? "" : alarmHook.trim();
    }

    /**
     * @return the defaults of {@link HealthConfiguration}.
     */
    public static HealthPolicy defaults()
    {
        return parse(key -> null);
    }

    /**
     * @param valueOf the value of a key, or null (or empty, but for the hook) for its default.
     * @return the policy.
     * @throws IllegalArgumentException naming the key of a malformed or out-of-range value.
     */
    public static HealthPolicy parse(final Function<String, String> valueOf)
    {
        final String hook = valueOf.apply(ALARM_HOOK.key());
        return new HealthPolicy(
            longOf(valueOf, SUSPECT_MS),
            longOf(valueOf, DOWN_MS),
            longOf(valueOf, STATUS_AGE_DOWN_MS),
            longOf(valueOf, LAG_SEQS),
            longOf(valueOf, LAG_MS),
            (int)Math.min(Integer.MAX_VALUE, longOf(valueOf, TREND_WINDOW)),
            (int)Math.min(Integer.MAX_VALUE, longOf(valueOf, TREND_CONFIRM)),
            doubleOf(valueOf, TREND_AGREEMENT),
            longOf(valueOf, TREND_HORIZON_MS),
            TimeUnit.MICROSECONDS.toNanos(longOf(valueOf, APPLY_P99_LIMIT_US)),
            TimeUnit.MICROSECONDS.toNanos(longOf(valueOf, JOURNAL_P99_LIMIT_US)),
            longOf(valueOf, GC_LIMIT_MS),
            mebibytes(valueOf, DISK_MIN_MB),
            longOf(valueOf, DISK_HORIZON_MS),
            longOf(valueOf, ALARM_HOLD_MS),
            null == hook ? ALARM_HOOK.defaultValue() : hook);
    }

    /**
     * A role's report interval ({@code ops.report.ms}) must leave a report time to arrive before it is overdue.
     *
     * @throws IllegalArgumentException naming {@code health.suspect.ms} when it is not longer than the interval.
     */
    public void checkReportInterval(final long reportIntervalMs)
    {
        if (suspectMs <= reportIntervalMs)
        {
            throw SUSPECT_MS.invalid("must be longer than the report interval (" + reportIntervalMs +
                " ms; about 1.5 times it), got " + suspectMs);
        }
    }

    private static void positive(final Setting setting, final long value)
    {
        if (value <= 0)
        {
            throw setting.invalid("must be positive, got " + value);
        }
    }

    private static String valueOrDefault(final Function<String, String> valueOf, final Setting setting)
    {
        final String value = valueOf.apply(setting.key());
        return null == value || value.isBlank() ? setting.defaultValue() : value.trim();
    }

    private static long longOf(final Function<String, String> valueOf, final Setting setting)
    {
        final String value = valueOrDefault(valueOf, setting);
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw setting.invalid("must be a whole number, got '" + value + "'");
        }
    }

    private static long mebibytes(final Function<String, String> valueOf, final Setting setting)
    {
        final long mebibytes = longOf(valueOf, setting);
        if (mebibytes > Long.MAX_VALUE >> 20)
        {
            throw setting.invalid("is too large, got " + mebibytes);
        }
        return mebibytes << 20;
    }

    private static double doubleOf(final Function<String, String> valueOf, final Setting setting)
    {
        final String value = valueOrDefault(valueOf, setting);
        try
        {
            return Double.parseDouble(value);
        }
        catch (final NumberFormatException ex)
        {
            throw setting.invalid("must be a number, got '" + value + "'");
        }
    }
}
