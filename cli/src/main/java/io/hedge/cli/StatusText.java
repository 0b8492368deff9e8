package io.hedge.cli;

import java.time.Instant;
import java.util.Locale;

/**
 * {@code hedge status} for people: the answering gateway's view of every gateway and replica as two tables, the open
 * alarms, and the verdict on the last line.
 */
final class StatusText
{
    private StatusText()
    {
    }

    static String render(final FabricStatus status)
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "gateway %d answered at %s: active gateway %s, epoch %d, last seq %d, " +
            "committed %d%s%n", status.answeredBy(), Instant.ofEpochMilli(status.timestampMs()),
            0 == status.activeGatewayId() ? "none" : Integer.toString(status.activeGatewayId()), status.epoch(),
            status.lastSeq(), status.commitSeq(), status.suspended() ? ", SUSPENDED" : ""));
        out.append(String.format(Locale.ROOT, "%-8s %-9s %-9s %7s %12s %8s %10s %11s%n",
            "GATEWAY", "ROLE", "HEALTH", "EPOCH", "LAST SEQ", "CLIENTS", "IN FLIGHT", "REPORT AGE"));
        for (final FabricStatus.GatewayRow g : status.gateways())
        {
            out.append(String.format(Locale.ROOT, "%-8d %-9s %-9s %7d %12d %8d %10d %11s%n", g.gatewayId(), g.role(),
                g.health(), g.epoch(), g.lastSeq(), g.clients(), g.inFlight(), age(g.reportAgeMs())));
        }
        out.append(String.format(Locale.ROOT, "%-8s %-13s %-9s %12s %9s %8s %-16s %6s %9s %11s%n",
            "REPLICA", "STATE", "HEALTH", "APPLIED", "LAG SEQS", "LAG MS", "HASH", "DIVERG", "WIN SHARE",
            "STATUS AGE"));
        for (final FabricStatus.ReplicaRow r : status.replicas())
        {
            out.append(String.format(Locale.ROOT, "%-8d %-13s %-9s %12d %9d %8d %016x %6d %8.1f%% %11s%n",
                r.replicaId(), r.state(), r.health(), r.appliedSeq(), r.lagSeq(), r.lagMs(), r.stateHash(),
                r.divergences(), status.winShare(r), age(r.reportAgeMs())));
        }
        if (status.alarms().isEmpty())
        {
            out.append("alarms: none").append(System.lineSeparator());
        }
        else
        {
            out.append("alarms:").append(System.lineSeparator());
            for (final FabricStatus.AlarmRow a : status.alarms())
            {
                out.append(String.format(Locale.ROOT, "  #%d %s %d %s since %s: %s%n", a.alarmId(),
                    a.subjectKind().toLowerCase(Locale.ROOT), a.subjectId(), a.health(),
                    Instant.ofEpochMilli(a.raisedAtMs()), a.reason()));
            }
        }
        final int verdict = status.verdict();
        out.append("fabric: ").append(FabricStatus.verdictName(verdict)).append(" (").append(status.verdictReason())
            .append(')').append(System.lineSeparator());
        return out.toString();
    }

    private static String age(final long ageMs)
    {
        return ageMs < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", ageMs / 1000.0);
    }
}
