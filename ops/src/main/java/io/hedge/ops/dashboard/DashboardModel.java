package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.ops.CounterType;
import io.hedge.ops.OpsListener;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.zip.DataFormatException;

/**
 * What the dashboard shows, kept from an ops session's RoleReports and FabricHealth messages: every hop's percentiles
 * over the last ten minutes, the last minute's interval histograms, the answers each site won and its lag (from the
 * active gateway's counters), each role's last report, and the health monitor's view with its open alarms.
 * <p>
 * It is fed on the one thread that polls the ops session and read by the HTTP server's threads: those never see the
 * mutable state, only the JSON snapshot {@link #publish()} builds (once a second) and publishes through a volatile
 * field.
 */
public final class DashboardModel implements OpsListener
{
    /** A feed that has said nothing for this long is shown as stale. */
    public static final long STALE_AFTER_MS = 3_000;
    /** An interval histogram larger than this is not decoded (a report is sent in one datagram). */
    static final int MAX_ENCODED_HISTOGRAM = 64 * 1024;

    private final LongSupplier clockMs;
    private final IntFunction<String> siteName;
    private final Map<String, LatencySeries> series = new TreeMap<>();
    private final Map<Integer, ReplicaFigures> replicas = new TreeMap<>();
    private final Map<String, RoleState> roles = new TreeMap<>();
    private HealthView health;
    private long reports;
    private long healthMessages;
    private long histogramsUnreadable;
    private long lastMessageAtMs = -1;
    private volatile boolean feedConnected;
    private volatile String feedDetail = "not connected";
    private volatile String snapshot;

    /**
     * @param clockMs  the dashboard's wall clock, in ms: every time it shows is a time of receipt on it.
     * @param siteName the site's name of a replica id (site position from 1), for the page.
     */
    public DashboardModel(final LongSupplier clockMs, final IntFunction<String> siteName)
    {
        this.clockMs = clockMs;
        this.siteName = siteName;
        publish();
    }

    /**
     * The feed's own state (called by whatever runs the ops session): shown on the page, so that a disconnected feed
     * is not mistaken for a quiet fabric.
     */
    public void feedState(final boolean connected, final String detail)
    {
        feedConnected = connected;
        feedDetail = detail;
    }

    @Override
    public void onRoleReport(final RoleReportDecoder report)
    {
        final long nowMs = clockMs.getAsLong();
        final short kindRaw = report.roleKindRaw();
        final int roleId = report.roleId();
        final RoleState role = roles.computeIfAbsent(Names.roleKind(kindRaw) + "/" + roleId,
            k -> new RoleState(Names.roleKind(kindRaw), roleId));
        role.update(report, nowMs);
        final boolean activeGateway = kindRaw == RoleKind.GATEWAY.value() &&
            report.stateCode() == GatewayRole.ACTIVE.value();
        for (final RoleReportDecoder.CountersDecoder counter : report.counters())
        {
            if (activeGateway)
            {
                onActiveGatewayCounter(counter.typeId(), counter.subjectId(), counter.value(), nowMs);
            }
        }
        for (final RoleReportDecoder.HistogramsDecoder entry : report.histograms())
        {
            onHistogram(entry, kindRaw, roleId, nowMs);
        }
        reports++;
        lastMessageAtMs = nowMs;
    }

    private void onActiveGatewayCounter(final int typeId, final int subjectId, final long value, final long nowMs)
    {
        if (subjectId <= 0)
        {
            return;
        }
        if (typeId == CounterType.WINS.typeId())
        {
            replica(subjectId).wins(nowMs, value);
        }
        else if (typeId == CounterType.REPLICA_LAG.typeId())
        {
            replica(subjectId).lag(nowMs, value, -1);
        }
        else if (typeId == CounterType.REPLICA_LAG_MS.typeId())
        {
            replica(subjectId).lag(nowMs, -1, value);
        }
    }

    private void onHistogram(
        final RoleReportDecoder.HistogramsDecoder entry, final short kindRaw, final int roleId, final long nowMs)
    {
        final short hopRaw = entry.hopRaw();
        final int subjectId = entry.subjectId();
        final long samples = entry.samples();
        final long p50 = entry.p50Ns();
        final long p99 = entry.p99Ns();
        final long p999 = entry.p999Ns();
        final long max = entry.maxNs();
        final int length = entry.encodedHistogramLength();
        Hop hop = null;
        for (final Hop value : Hop.values())
        {
            if (value != Hop.NULL_VAL && value.value() == hopRaw)
            {
                hop = value;
            }
        }
        if (null == hop || samples <= 0 || length <= 0 || length > MAX_ENCODED_HISTOGRAM)
        {
            // an unknown hop, an interval without samples (a standby gateway's), or a histogram too large to trust
            entry.skipEncodedHistogram();
            if (null != hop && length > MAX_ENCODED_HISTOGRAM)
            {
                histogramsUnreadable++;
            }
            return;
        }
        final byte[] bytes = new byte[length];
        entry.getEncodedHistogram(bytes, 0, length);
        Histogram interval = null;
        try
        {
            interval = LatencySeries.decode(bytes);
        }
        catch (final DataFormatException | RuntimeException ex)
        {
            // the percentiles the report carried still make a point; only the spectrum misses this interval
            histogramsUnreadable++;
        }
        // a replica's own hops are that replica's; the gateway's are the fabric's, whichever gateway is active
        final int subject = 0 != subjectId ? subjectId : kindRaw == RoleKind.REPLICA.value() ? roleId : 0;
        final String key = hop.name() + (0 == subject ? "" : "/" + subject);
        final Hop named = hop;
        series.computeIfAbsent(key, k -> new LatencySeries(k, label(named, subject), named.name(), subject))
            .add(nowMs, samples, p50, p99, p999, max, interval, bytes);
    }

    private String label(final Hop hop, final int subject)
    {
        return 0 == subject ? Names.hop(hop) : Names.hop(hop) + " \u00b7 " + site(subject);
    }

    String site(final int replicaId)
    {
        final String name = siteName.apply(replicaId);
        return null == name ? "replica " + replicaId : name;
    }

    private ReplicaFigures replica(final int replicaId)
    {
        return replicas.computeIfAbsent(replicaId, ReplicaFigures::new);
    }

    @Override
    public void onFabricHealth(final FabricHealthDecoder message)
    {
        final long nowMs = clockMs.getAsLong();
        health = HealthView.of(message, nowMs);
        healthMessages++;
        lastMessageAtMs = nowMs;
    }

    /**
     * Forget what has left the windows and build the snapshot the HTTP threads serve. Call it on the feeding thread,
     * about once a second.
     */
    public void publish()
    {
        final long nowMs = clockMs.getAsLong();
        series.values().forEach(s -> s.prune(nowMs));
        series.values().removeIf(LatencySeries::isEmpty);
        replicas.values().forEach(r -> r.prune(nowMs));
        snapshot = new SnapshotWriter(this, nowMs).write();
    }

    /**
     * @return the last published snapshot, as JSON (any thread).
     */
    public String snapshotJson()
    {
        return snapshot;
    }

    Iterable<LatencySeries> series()
    {
        return series.values();
    }

    Iterable<ReplicaFigures> replicas()
    {
        return replicas.values();
    }

    Iterable<RoleState> roles()
    {
        return roles.values();
    }

    HealthView health()
    {
        return health;
    }

    long reports()
    {
        return reports;
    }

    long healthMessages()
    {
        return healthMessages;
    }

    long histogramsUnreadable()
    {
        return histogramsUnreadable;
    }

    long lastMessageAtMs()
    {
        return lastMessageAtMs;
    }

    boolean feedConnected()
    {
        return feedConnected;
    }

    String feedDetail()
    {
        return feedDetail;
    }
}
