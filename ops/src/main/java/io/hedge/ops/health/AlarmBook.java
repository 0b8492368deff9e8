package io.hedge.ops.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The open alarms, one per subject and kind at most. Raising is immediate (the conditions themselves carry their
 * own confirmation); clearing needs the condition gone for {@code health.alarm.hold.ms}, so that a condition at the
 * edge of its threshold does not raise and clear an alarm over and over. Each raise and each clear is one log line,
 * one hook run and, for a raise, one count.
 */
final class AlarmBook implements AutoCloseable
{
    /** Builds the reason of an alarm being raised; called only then, so the steady state builds no strings. */
    interface Reasons
    {
        String reason(RoleState subject, AlarmKind kind, long nowMs);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AlarmBook.class);

    private final long holdMs;
    private final AlarmHook hook;
    private final Reasons reasons;
    private final Alarm[][] open;
    private final long[][] lastTrueMs;
    private final List<Alarm> openAlarms = new ArrayList<>();
    private long nextAlarmId = 1;
    private long raised;
    private long cleared;

    AlarmBook(final int subjects, final long holdMs, final AlarmHook hook, final Reasons reasons)
    {
        this.holdMs = holdMs;
        this.hook = hook;
        this.reasons = reasons;
        open = new Alarm[subjects][AlarmKind.VALUES.length];
        lastTrueMs = new long[subjects][AlarmKind.VALUES.length];
    }

    /**
     * The condition of one kind on one subject, as it is now.
     */
    void update(final RoleState subject, final AlarmKind kind, final boolean condition, final long nowMs)
    {
        final int k = kind.ordinal();
        final Alarm alarm = open[subject.index][k];
        if (condition)
        {
            lastTrueMs[subject.index][k] = nowMs;
            if (null == alarm)
            {
                raise(subject, kind, nowMs);
            }
        }
        else if (null != alarm && nowMs - lastTrueMs[subject.index][k] >= holdMs)
        {
            clear(alarm, nowMs);
        }
    }

    boolean isOpen(final RoleState subject, final AlarmKind kind)
    {
        return null != open[subject.index][kind.ordinal()];
    }

    /**
     * @return the open alarms, oldest first; do not change.
     */
    List<Alarm> openAlarms()
    {
        return openAlarms;
    }

    long raised()
    {
        return raised;
    }

    long cleared()
    {
        return cleared;
    }

    AlarmHook hook()
    {
        return hook;
    }

    private void raise(final RoleState subject, final AlarmKind kind, final long nowMs)
    {
        final Alarm alarm = new Alarm(nextAlarmId++, subject, kind, nowMs, reasons.reason(subject, kind, nowMs));
        open[subject.index][kind.ordinal()] = alarm;
        openAlarms.add(alarm);
        raised++;
        LOG.warn("alarm {} raised: {} {} ({}): {}", alarm.alarmId, subject.name, kind.health(), kind, alarm.reason);
        if (null != hook)
        {
            hook.run(true, kind, subject.hookSubject, kind.health(), alarm.reason);
        }
    }

    private void clear(final Alarm alarm, final long nowMs)
    {
        open[alarm.subject.index][alarm.kind.ordinal()] = null;
        openAlarms.remove(alarm);
        cleared++;
        final String reason = "condition gone for " + (nowMs - lastTrueMs[alarm.subject.index][alarm.kind.ordinal()]) +
            " ms, open " + (nowMs - alarm.raisedAtMs) + " ms (raised for: " + alarm.reason + ")";
        // at WARN like the raise: a clear must show wherever its raise did
        LOG.warn("alarm {} cleared: {} {} ({}): {}", alarm.alarmId, alarm.subject.name, alarm.kind.health(), alarm.kind,
            reason);
        if (null != hook)
        {
            hook.run(false, alarm.kind, alarm.subject.hookSubject, alarm.kind.health(), reason);
        }
    }

    @Override
    public void close()
    {
        if (null != hook)
        {
            hook.close();
        }
    }
}
