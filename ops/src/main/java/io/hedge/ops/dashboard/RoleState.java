package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;

/**
 * A role's last report, as far as the dashboard's tables show it.
 */
final class RoleState
{
    private final String kind;
    private final int roleId;
    private String state = "";
    private long epoch;
    private long seq;
    private long commitSeq;
    private long freeDiskBytes = -1;
    private long gcPauseMs;
    private boolean suspended;
    private long receivedAtMs = -1;

    RoleState(final String kind, final int roleId)
    {
        this.kind = kind;
        this.roleId = roleId;
    }

    /**
     * Copy the report's fixed fields (its groups are the caller's to read, in order).
     */
    void update(final RoleReportDecoder report, final long nowMs)
    {
        final short kindRaw = report.roleKindRaw();
        epoch = report.epoch();
        final short code = report.stateCode();
        state = kindRaw == RoleKind.GATEWAY.value() ? Names.gatewayRole(code) :
            kindRaw == RoleKind.REPLICA.value() ? Names.replicaState(code) : String.valueOf(code);
        seq = report.seq();
        commitSeq = report.commitSeq();
        freeDiskBytes = report.freeDiskBytes();
        gcPauseMs = report.gcPauseMs();
        suspended = report.suspendedRaw() == 1;
        receivedAtMs = nowMs;
    }

    String kind()
    {
        return kind;
    }

    int roleId()
    {
        return roleId;
    }

    String state()
    {
        return state;
    }

    long epoch()
    {
        return epoch;
    }

    long seq()
    {
        return seq;
    }

    long commitSeq()
    {
        return commitSeq;
    }

    long freeDiskBytes()
    {
        return freeDiskBytes;
    }

    long gcPauseMs()
    {
        return gcPauseMs;
    }

    boolean suspended()
    {
        return suspended;
    }

    long receivedAtMs()
    {
        return receivedAtMs;
    }
}
