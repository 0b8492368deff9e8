package io.hedge.cli;

import java.util.List;

/**
 * {@code hedge status --json}: one JSON object per report, on one line, for scripts; written by hand (no JSON library
 * in the distribution), every string escaped as RFC 8259 requires.
 */
final class StatusJson
{
    private StatusJson()
    {
    }

    static String render(final FabricStatus status)
    {
        final int verdict = status.verdict();
        final StringBuilder out = new StringBuilder(1024).append('{');
        field(out, "status", FabricStatus.verdictName(verdict)).append(',');
        field(out, "exitCode", verdict).append(',');
        field(out, "reason", status.verdictReason()).append(',');
        field(out, "answeredBy", status.answeredBy()).append(',');
        field(out, "timestampMs", status.timestampMs()).append(',');
        field(out, "activeGatewayId", status.activeGatewayId()).append(',');
        field(out, "epoch", status.epoch()).append(',');
        field(out, "lastSeq", status.lastSeq()).append(',');
        field(out, "commitSeq", status.commitSeq()).append(',');
        out.append("\"suspended\":").append(status.suspended()).append(',');
        out.append("\"gateways\":[");
        final List<FabricStatus.GatewayRow> gateways = status.gateways();
        for (int i = 0; i < gateways.size(); i++)
        {
            final FabricStatus.GatewayRow g = gateways.get(i);
            out.append(i > 0 ? ",{" : "{");
            field(out, "gatewayId", g.gatewayId()).append(',');
            field(out, "role", g.role()).append(',');
            field(out, "health", g.health()).append(',');
            field(out, "epoch", g.epoch()).append(',');
            field(out, "lastSeq", g.lastSeq()).append(',');
            field(out, "clients", g.clients()).append(',');
            field(out, "inFlight", g.inFlight()).append(',');
            field(out, "reportAgeMs", g.reportAgeMs()).append('}');
        }
        out.append("],\"replicas\":[");
        final List<FabricStatus.ReplicaRow> replicas = status.replicas();
        for (int i = 0; i < replicas.size(); i++)
        {
            final FabricStatus.ReplicaRow r = replicas.get(i);
            out.append(i > 0 ? ",{" : "{");
            field(out, "replicaId", r.replicaId()).append(',');
            field(out, "state", r.state()).append(',');
            field(out, "health", r.health()).append(',');
            field(out, "appliedSeq", r.appliedSeq()).append(',');
            field(out, "lagSeq", r.lagSeq()).append(',');
            field(out, "lagMs", r.lagMs()).append(',');
            field(out, "stateHash", String.format("%016x", r.stateHash())).append(',');
            field(out, "divergences", r.divergences()).append(',');
            field(out, "wins", r.wins()).append(',');
            field(out, "responses", r.responses()).append(',');
            out.append("\"winSharePercent\":").append(Math.round(status.winShare(r) * 10) / 10.0).append(',');
            field(out, "reportAgeMs", r.reportAgeMs()).append('}');
        }
        out.append("],\"alarms\":[");
        final List<FabricStatus.AlarmRow> alarms = status.alarms();
        for (int i = 0; i < alarms.size(); i++)
        {
            final FabricStatus.AlarmRow a = alarms.get(i);
            out.append(i > 0 ? ",{" : "{");
            field(out, "alarmId", a.alarmId()).append(',');
            field(out, "subjectKind", a.subjectKind()).append(',');
            field(out, "subjectId", a.subjectId()).append(',');
            field(out, "health", a.health()).append(',');
            field(out, "raisedAtMs", a.raisedAtMs()).append(',');
            field(out, "reason", a.reason()).append('}');
        }
        return out.append("]}").toString();
    }

    /**
     * @return the object a status that could not be had: down, and why.
     */
    static String unanswered(final String error)
    {
        final StringBuilder out = new StringBuilder().append('{');
        field(out, "status", FabricStatus.verdictName(FabricStatus.DOWN)).append(',');
        field(out, "exitCode", FabricStatus.DOWN).append(',');
        field(out, "reason", error);
        return out.append('}').toString();
    }

    private static StringBuilder field(final StringBuilder out, final String name, final long value)
    {
        return out.append('"').append(name).append("\":").append(value);
    }

    private static StringBuilder field(final StringBuilder out, final String name, final String value)
    {
        out.append('"').append(name).append("\":");
        return string(out, value);
    }

    static StringBuilder string(final StringBuilder out, final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
