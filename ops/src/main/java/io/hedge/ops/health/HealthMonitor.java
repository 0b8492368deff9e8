package io.hedge.ops.health;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.ops.FabricView;
import io.hedge.transport.FabricLimits;
import org.agrona.MutableDirectBuffer;

import java.util.List;

/**
 * The failure detector: classifies every configured gateway and replica from the role reports a gateway receives,
 * and raises and clears alarms (see {@link AlarmBook}).
 *
 * <ul>
 *   <li>SUSPECT: its newest report is older than {@code health.suspect.ms}.</li>
 *   <li>DOWN: no report for {@code health.down.ms} (or never: then its report age is -1), or, for a replica, the
 *   active gateway's fresh report says it has not heard the replica's status for {@code health.status.age.down.ms};
 *   the latter sees a killed replica within about a report interval, before its own report is overdue.</li>
 *   <li>LAGGING: behind the active gateway by more than {@code health.lag.seqs} or {@code health.lag.ms}.</li>
 *   <li>DEGRADED: a trend ({@link TrendSeries}) in lag, apply or journal append p99, GC pause time or free disk
 *   heading for its limit.</li>
 * </ul>
 * The active gateway is the one whose report, younger than the down timeout, says ACTIVE with the highest epoch. A
 * role's health is the worst of its open alarms (so it changes no more often than they do), SUSPECT when a report is
 * late, and DOWN while it has never reported. DOWN alarms for roles that never reported wait until the monitor has
 * run for the down timeout, so that a gateway starting does not alarm about roles whose first report is on its way.
 *
 * <p>Used on one thread (the gateway's ops agent). {@link #poll} allocates nothing unless an alarm changes.
 */
public final class HealthMonitor implements FabricView, AutoCloseable
{
    private final HealthPolicy policy;
    private final RoleState[] gateways;
    private final RoleState[] replicas;
    private final AlarmBook alarms;
    private final AlarmReasons reasons;
    private final FabricHealthWriter writer = new FabricHealthWriter();
    private long startedAtMs = RoleState.UNKNOWN;
    private RoleState active;
    private long reportsIgnored;

    /**
     * @param policy       the thresholds.
     * @param gatewayCount gateways of the stream ({@code gateway.count}), ids 1 to it.
     * @param sites        site names of the replicas ({@code sites}); replica id = position from 1.
     */
    public HealthMonitor(final HealthPolicy policy, final int gatewayCount, final List<String> sites)
    {
        this(policy, gatewayCount, sites.size(), sites);
    }

    /**
     * For a caller that knows only how many replicas there are: they are named by id alone.
     */
    public HealthMonitor(final HealthPolicy policy, final int gatewayCount, final int replicaCount)
    {
        this(policy, gatewayCount, replicaCount, null);
    }

    private HealthMonitor(
        final HealthPolicy policy, final int gatewayCount, final int replicaCount, final List<String> sites)
    {
        if (gatewayCount < 1 || gatewayCount > FabricLimits.MAX_GATEWAYS)
        {
            throw new IllegalArgumentException(
                "gateway.count must be between 1 and " + FabricLimits.MAX_GATEWAYS + ", got " + gatewayCount);
        }
        if (replicaCount < 1 || replicaCount >= FabricLimits.MAX_REPLICAS)
        {
            throw new IllegalArgumentException(
                "sites must name between 1 and " + (FabricLimits.MAX_REPLICAS - 1) + " replicas, got " + replicaCount);
        }
        this.policy = policy;
        gateways = new RoleState[gatewayCount];
        for (int i = 0; i < gatewayCount; i++)
        {
            gateways[i] = new RoleState(RoleKind.GATEWAY, i + 1, i, "gateway " + (i + 1), policy.trendWindow());
        }
        replicas = new RoleState[replicaCount];
        for (int i = 0; i < replicas.length; i++)
        {
            final String name = "replica " + (i + 1) + (null == sites ? "" : " (" + sites.get(i) + ")");
            replicas[i] = new RoleState(RoleKind.REPLICA, i + 1, gatewayCount + i, name, policy.trendWindow());
        }
        reasons = new AlarmReasons(policy, this);
        alarms = new AlarmBook(gatewayCount + replicas.length, policy.alarmHoldMs(),
            policy.alarmHook().isEmpty() ? null : new AlarmHook(policy.alarmHook()), reasons);
    }

    @Override
    public void onReport(final RoleReportDecoder report, final long nowMs)
    {
        start(nowMs);
        final RoleState role = role(report.roleKind(), report.roleId());
        if (null == role)
        {
            reportsIgnored++; // the sink, or a role this fabric is not configured with
            return;
        }
        final boolean stale = role.reported() && nowMs - role.receivedAtMs > policy.downMs();
        role.copy(report, nowMs);
        if (stale)
        {
            role.resetTrends(); // back from DOWN (a restart, say): the old samples say nothing about the new process
        }
        sampleOwnTrends(role);
        if (RoleKind.GATEWAY == role.kind)
        {
            chooseActive(nowMs);
            if (role == active)
            {
                sampleLagTrends(role);
            }
        }
    }

    @Override
    public void poll(final long nowMs)
    {
        start(nowMs);
        chooseActive(nowMs);
        for (final RoleState gateway : gateways)
        {
            classify(gateway, nowMs);
        }
        for (final RoleState replica : replicas)
        {
            classify(replica, nowMs);
        }
    }

    @Override
    public int writeHealth(
        final MutableDirectBuffer buffer,
        final int offset,
        final long opsClientId,
        final long correlationId,
        final int gatewayId,
        final long nowMs)
    {
        return writer.write(this, buffer, offset, opsClientId, correlationId, gatewayId, nowMs);
    }

    @Override
    public String alarmsText()
    {
        final StringBuilder text = new StringBuilder();
        for (final Alarm alarm : alarms.openAlarms())
        {
            text.append(alarm.line()).append('\n');
        }
        return text.toString();
    }

    /**
     * @return the health of a configured role, or null if there is no such role.
     */
    public Health health(final RoleKind kind, final int id)
    {
        final RoleState role = role(kind, id);
        return null == role ? null : role.health;
    }

    /**
     * @return alarms raised since start: what the gateway's ALARMS_RAISED counter shows.
     */
    public long alarmsRaised()
    {
        return alarms.raised();
    }

    public long alarmsCleared()
    {
        return alarms.cleared();
    }

    public int openAlarms()
    {
        return alarms.openAlarms().size();
    }

    /**
     * @return the id of the active gateway, or 0 when none is known.
     */
    public int activeGatewayId()
    {
        return null == active ? 0 : active.id;
    }

    /**
     * @return reports of roles this monitor is not configured with (the sink's among them).
     */
    public long reportsIgnored()
    {
        return reportsIgnored;
    }

    /**
     * @return hook runs finished and failed (0 without a hook).
     */
    public long hookRuns()
    {
        return null == alarms.hook() ? 0 : alarms.hook().runs();
    }

    public long hookFailures()
    {
        return null == alarms.hook() ? 0 : alarms.hook().failures();
    }

    @Override
    public void close()
    {
        alarms.close();
    }

    RoleState[] gateways()
    {
        return gateways;
    }

    RoleState[] replicas()
    {
        return replicas;
    }

    RoleState active()
    {
        return active;
    }

    List<Alarm> alarmList()
    {
        return alarms.openAlarms();
    }

    /**
     * @return seqs a replica is behind: the active gateway's REPLICA_LAG, else estimated from the seqs of the two
     * reports; -1 when unknown.
     */
    long lagSeqs(final RoleState replica)
    {
        if (null == active)
        {
            return RoleState.UNKNOWN;
        }
        final long counted = active.replicaLag[replica.id];
        if (counted >= 0)
        {
            return counted;
        }
        return replica.reported() ? Math.max(0, activeSeqAt(replica.receivedAtMs) - replica.seq) : RoleState.UNKNOWN;
    }

    /**
     * @return the active gateway's REPLICA_LAG_MS of a replica, or -1 when unknown.
     */
    long lagMs(final RoleState replica)
    {
        return null == active ? RoleState.UNKNOWN : active.replicaLagMs[replica.id];
    }

    /**
     * The active gateway's seq at a moment near its newest report, extrapolated at the rate between its last two:
     * reports of two roles arrive up to an interval apart, and at 2,000/s comparing their seqs as they are would
     * show a second's worth of lag that is not there.
     */
    long activeSeqAt(final long atMs)
    {
        long seq = active.seq;
        final long dt = active.receivedAtMs - active.previousReceivedAtMs;
        if (RoleState.UNKNOWN != active.previousReceivedAtMs && dt > 0 && active.seq >= active.previousSeq)
        {
            seq += (long)((double)(active.seq - active.previousSeq) / dt * (atMs - active.receivedAtMs));
        }
        return seq;
    }

    /**
     * @return the active gateway's status age of a replica when its report is fresh enough to trust, else -1.
     */
    long statusAgeMs(final RoleState replica, final long nowMs)
    {
        if (null == active || active.reportAgeMs(nowMs) > policy.suspectMs())
        {
            return RoleState.UNKNOWN;
        }
        return active.replicaStatusAgeMs[replica.id];
    }

    private void start(final long nowMs)
    {
        if (RoleState.UNKNOWN == startedAtMs)
        {
            startedAtMs = nowMs;
        }
    }

    private RoleState role(final RoleKind kind, final int id)
    {
        if (RoleKind.GATEWAY == kind)
        {
            return id >= 1 && id <= gateways.length ? gateways[id - 1] : null;
        }
        if (RoleKind.REPLICA == kind)
        {
            return id >= 1 && id <= replicas.length ? replicas[id - 1] : null;
        }
        return null;
    }

    private void chooseActive(final long nowMs)
    {
        RoleState best = null;
        for (final RoleState gateway : gateways)
        {
            if (gateway.reported() && gateway.reportAgeMs(nowMs) <= policy.downMs() &&
                GatewayRole.ACTIVE.value() == gateway.stateCode && (null == best || gateway.epoch > best.epoch))
            {
                best = gateway;
            }
        }
        active = best;
    }

    private void classify(final RoleState role, final long nowMs)
    {
        final long age = role.reportAgeMs(nowMs);
        boolean down = role.reported() ? age > policy.downMs() : nowMs - startedAtMs >= policy.downMs();
        boolean lagging = false;
        if (RoleKind.REPLICA == role.kind)
        {
            down |= statusAgeMs(role, nowMs) > policy.statusAgeDownMs();
            if (!down && role.reported())
            {
                lagging = lagSeqs(role) > policy.lagSeqs() || lagMs(role) > policy.lagMs();
            }
        }
        else if (!down && role.reported() && null != active && role != active)
        {
            lagging = activeSeqAt(role.receivedAtMs) - role.seq > policy.lagSeqs();
        }
        alarms.update(role, AlarmKind.DOWN, down, nowMs);
        alarms.update(role, AlarmKind.LAGGING, lagging, nowMs);
        Health health = role.reported() ? Health.UP : Health.DOWN;
        for (final AlarmKind kind : AlarmKind.VALUES)
        {
            if (null != kind.metric())
            {
                if (down)
                {
                    role.condition[kind.ordinal()] = false; // DOWN says it all; the trends restart when it is back
                }
                alarms.update(role, kind, role.condition[kind.ordinal()], nowMs);
            }
            if (alarms.isOpen(role, kind) && AlarmKind.worse(kind.health(), health))
            {
                health = kind.health();
            }
        }
        if (age > policy.suspectMs() && AlarmKind.worse(Health.SUSPECT, health))
        {
            health = Health.SUSPECT;
        }
        role.health = health;
    }

    private void sampleOwnTrends(final RoleState role)
    {
        final double reportMs = Math.max(1, role.intervalMs);
        final double horizon = policy.trendHorizonMs() / reportMs;
        sample(role, AlarmKind.GC_RISING, role.gcPauseMs, policy.gcLimitMs(), true, horizon);
        sample(role, AlarmKind.DISK_FALLING, role.freeDiskBytes, policy.diskMinBytes(), false,
            policy.diskHorizonMs() / reportMs);
        if (RoleKind.REPLICA == role.kind)
        {
            sample(role, AlarmKind.APPLY_RISING, role.applyP99Ns, policy.applyP99LimitNs(), true, horizon);
            sample(role, AlarmKind.JOURNAL_RISING, role.journalP99Ns, policy.journalP99LimitNs(), true, horizon);
        }
    }

    /**
     * Lag, as a share of the nearer of its two limits, sampled at each report of the active gateway (the source of
     * the lag figures); LAGGING itself is the alarm once it crosses, so only the projection counts here.
     */
    private void sampleLagTrends(final RoleState gateway)
    {
        final double horizon = policy.trendHorizonMs() / (double)Math.max(1, gateway.intervalMs);
        for (final RoleState replica : replicas)
        {
            final long seqs = lagSeqs(replica);
            final long ms = lagMs(replica);
            if ((seqs < 0 && ms < 0) || replica.reportAgeMs(gateway.receivedAtMs) > policy.suspectMs())
            {
                continue; // a silent replica's lag grows because it is gone: DOWN says so, not a trend
            }
            final double share = Math.max((double)seqs / policy.lagSeqs(), (double)ms / policy.lagMs());
            final TrendSeries trend = replica.trend(AlarmKind.LAG_RISING);
            trend.add(Math.max(0.0, share));
            replica.condition[AlarmKind.LAG_RISING.ordinal()] = trend.evaluate(
                1.0, true, horizon, policy.trendAgreement(), policy.trendConfirm(), false);
        }
    }

    private void sample(
        final RoleState role, final AlarmKind kind, final long value, final long limit, final boolean rising,
        final double horizonReports)
    {
        if (value < 0)
        {
            role.condition[kind.ordinal()] = false; // nothing measured this interval (an idle replica): no trend
            return;
        }
        final TrendSeries trend = role.trend(kind);
        trend.add(value);
        role.condition[kind.ordinal()] = trend.evaluate(
            limit, rising, horizonReports, policy.trendAgreement(), policy.trendConfirm(), true);
    }
}
