package io.hedge.ops.health;

import java.nio.charset.StandardCharsets;

/**
 * One open alarm: a condition of one kind on one subject, from the moment it was raised until it clears.
 */
final class Alarm
{
    /** Longest reason kept: a FabricHealth message carries every open alarm. */
    static final int MAX_REASON_LENGTH = 240;

    final long alarmId;
    final RoleState subject;
    final AlarmKind kind;
    final long raisedAtMs;
    final String reason;
    /** The reason in UTF-8, encoded once so that writing a FabricHealth does not. */
    final byte[] reasonBytes;

    Alarm(final long alarmId, final RoleState subject, final AlarmKind kind, final long raisedAtMs, final String reason)
    {
        this.alarmId = alarmId;
        this.subject = subject;
        this.kind = kind;
        this.raisedAtMs = raisedAtMs;
        this.reason = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        this.reasonBytes = this.reason.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return the line {@code hedge admin alarms} prints.
     */
    String line()
    {
        return "#" + alarmId + " " + java.time.Instant.ofEpochMilli(raisedAtMs) + " " + subject.name + " " +
            kind.health() + " " + kind + ": " + reason;
    }
}
