package io.hedge.ops.dashboard;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.Iterator;

/**
 * Writes the model's state as the JSON the page draws (and {@code /api/state} serves). Times are ms on the dashboard's
 * clock; latencies are ns, as the reports carry them.
 */
final class SnapshotWriter
{
    /** As HdrHistogram's outputPercentileDistribution: five steps per halving of the distance to 100 %. */
    static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;
    /** The spectrum's highest percentile short of the maximum, which is added as 100. */
    static final double SPECTRUM_TOP_PERCENTILE = 99.999;

    private final DashboardModel model;
    private final long nowMs;
    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final JsonWriter json = new JsonWriter(out);

    SnapshotWriter(final DashboardModel model, final long nowMs)
    {
        this.model = model;
        this.nowMs = nowMs;
    }

    String write()
    {
        json.beginObject().field("nowMs", nowMs);
        feed();
        fabric();
        series();
        spectrum();
        replicas();
        roles();
        health();
        json.endObject();
        return out.toString();
    }

    private void feed()
    {
        final long last = model.lastMessageAtMs();
        final long ageMs = last < 0 ? -1 : nowMs - last;
        json.name("feed").beginObject()
            .field("connected", model.feedConnected())
            .field("detail", model.feedDetail())
            .field("lastMessageAgeMs", ageMs)
            .field("stale", !model.feedConnected() || ageMs < 0 || ageMs > DashboardModel.STALE_AFTER_MS)
            .field("staleAfterMs", DashboardModel.STALE_AFTER_MS)
            .field("reports", model.reports())
            .field("healthMessages", model.healthMessages())
            .field("histogramsUnreadable", model.histogramsUnreadable())
            .endObject();
    }

    private void fabric()
    {
        final HealthView health = model.health();
        json.name("fabric");
        if (null == health)
        {
            json.nullValue();
            return;
        }
        json.beginObject()
            .field("gatewayId", health.gatewayId())
            .field("activeGatewayId", health.activeGatewayId())
            .field("epoch", health.epoch())
            .field("lastSeq", health.lastSeq())
            .field("commitSeq", health.commitSeq())
            .field("suspended", health.suspended())
            .field("ageMs", nowMs - health.receivedAtMs())
            .endObject();
    }

    private void series()
    {
        json.name("series").beginArray();
        for (final LatencySeries s : model.series())
        {
            final long[] last = s.last();
            json.beginObject()
                .field("key", s.key())
                .field("label", s.label())
                .field("hop", s.hop())
                .field("subjectId", s.subjectId());
            json.name("last").beginObject()
                .field("atMs", last[0]).field("samples", last[1]).field("p50Ns", last[2]).field("p99Ns", last[3])
                .field("p999Ns", last[4]).field("maxNs", last[5])
                .endObject();
            // [atMs, p50, p99, p99.9, max]: the page's time chart
            json.name("points").beginArray();
            for (final Iterator<long[]> it = s.points(); it.hasNext(); )
            {
                final long[] p = it.next();
                json.beginArray().value(p[0]).value(p[2]).value(p[3]).value(p[4]).value(p[5]).endArray();
            }
            json.endArray().endObject();
        }
        json.endArray();
    }

    private void spectrum()
    {
        json.name("spectrum").beginObject().field("windowMs", LatencySeries.SPECTRUM_MS).name("series").beginArray();
        for (final LatencySeries s : model.series())
        {
            final Histogram minute = s.lastMinute();
            if (0 == minute.getTotalCount())
            {
                continue;
            }
            json.beginObject()
                .field("key", s.key())
                .field("label", s.label())
                .field("samples", minute.getTotalCount())
                .field("p50Ns", minute.getValueAtPercentile(50))
                .field("p90Ns", minute.getValueAtPercentile(90))
                .field("p99Ns", minute.getValueAtPercentile(99))
                .field("p999Ns", minute.getValueAtPercentile(99.9))
                .field("p9999Ns", minute.getValueAtPercentile(99.99))
                .field("maxNs", minute.getMaxValue());
            // [percentile, valueNs], as outputPercentileDistribution lists them, up to 99.999 and then the maximum
            json.name("points").beginArray();
            for (final HistogramIterationValue v : minute.percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE))
            {
                final double percentile = v.getPercentileLevelIteratedTo();
                if (percentile > SPECTRUM_TOP_PERCENTILE)
                {
                    break;
                }
                json.beginArray().value(percentile)
                    .value(minute.highestEquivalentValue(v.getValueIteratedTo())).endArray();
            }
            json.beginArray().value(100.0).value(minute.getMaxValue()).endArray();
            json.endArray().endObject();
        }
        json.endArray().endObject();
    }

    private void replicas()
    {
        long lastMinuteTotal = 0;
        for (final ReplicaFigures r : model.replicas())
        {
            lastMinuteTotal += r.winsLastMinute();
        }
        json.name("replicas").beginArray();
        for (final ReplicaFigures r : model.replicas())
        {
            json.beginObject()
                .field("replicaId", r.replicaId())
                .field("site", model.site(r.replicaId()))
                .field("winsTotal", r.winsTotal())
                .field("winsLastMinute", r.winsLastMinute())
                .field("winShareLastMinute", 0 == lastMinuteTotal ? 0.0 : (double)r.winsLastMinute() / lastMinuteTotal)
                .field("lagSeq", r.lagSeq())
                .field("lagMs", r.lagMs());
            json.name("lagPoints").beginArray();
            for (final Iterator<long[]> it = r.lagPoints(); it.hasNext(); )
            {
                final long[] p = it.next();
                json.beginArray().value(p[0]).value(p[1]).value(p[2]).endArray();
            }
            json.endArray().endObject();
        }
        json.endArray();
    }

    private void roles()
    {
        json.name("roles").beginArray();
        for (final RoleState role : model.roles())
        {
            json.beginObject()
                .field("kind", role.kind())
                .field("roleId", role.roleId())
                .field("name", "REPLICA".equals(role.kind()) ? model.site(role.roleId()) :
                    role.kind().toLowerCase(java.util.Locale.ROOT) + " " + role.roleId())
                .field("state", role.state())
                .field("epoch", role.epoch())
                .field("seq", role.seq())
                .field("commitSeq", role.commitSeq())
                .field("freeDiskBytes", role.freeDiskBytes())
                .field("gcPauseMs", role.gcPauseMs())
                .field("suspended", role.suspended())
                .field("ageMs", nowMs - role.receivedAtMs())
                .endObject();
        }
        json.endArray();
    }

    private void health()
    {
        final HealthView health = model.health();
        json.name("gateways").beginArray();
        if (null != health)
        {
            for (final HealthView.Gateway g : health.gateways())
            {
                json.beginObject().field("gatewayId", g.gatewayId()).field("health", g.health())
                    .field("role", g.role()).field("epoch", g.epoch()).field("lastSeq", g.lastSeq())
                    .field("clients", g.clients()).field("inFlight", g.inFlight())
                    .field("reportAgeMs", g.reportAgeMs()).endObject();
            }
        }
        json.endArray().name("healthReplicas").beginArray();
        if (null != health)
        {
            for (final HealthView.Replica r : health.replicas())
            {
                json.beginObject().field("replicaId", r.replicaId()).field("site", model.site(r.replicaId()))
                    .field("health", r.health()).field("state", r.state()).field("appliedSeq", r.appliedSeq())
                    .field("lagSeq", r.lagSeq()).field("lagMs", r.lagMs())
                    .field("stateHash", Long.toHexString(r.stateHash())).field("divergences", r.divergences())
                    .field("wins", r.wins()).field("responses", r.responses())
                    .field("reportAgeMs", r.reportAgeMs()).endObject();
            }
        }
        json.endArray().name("alarms").beginArray();
        if (null != health)
        {
            for (final HealthView.Alarm a : health.alarms())
            {
                json.beginObject().field("alarmId", a.alarmId()).field("subjectKind", a.subjectKind())
                    .field("subjectId", a.subjectId())
                    .field("subject", "REPLICA".equals(a.subjectKind()) ? model.site(a.subjectId()) :
                        a.subjectKind().toLowerCase(java.util.Locale.ROOT) + " " + a.subjectId())
                    .field("health", a.health()).field("raisedAtMs", a.raisedAtMs()).field("reason", a.reason())
                    .endObject();
            }
        }
        json.endArray();
    }
}
