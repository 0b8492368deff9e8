package io.hedge.ops.health;

import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Hop;
import io.hedge.ops.CounterType;

/**
 * One active gateway and some replicas on a fake clock, as the health monitor hears them: the gateway reports at the
 * start of every second, replica i at i * 100 ms into it, and the monitor is polled every 100 ms. Tests set each
 * replica's figures (apply and journal p99, lag, GC, free disk) before each second, stop its reports, or kill it.
 */
final class SimulatedFabric
{
    static final int RATE = 2000;
    static final long STEP_MS = 100;
    static final long STEPS_PER_SECOND = 1000 / STEP_MS;

    final HealthMonitor monitor;
    final int replicas;
    long nowMs = 1_700_000_000_000L;
    long seq;
    long steps;
    boolean gatewayReporting = true;
    final long[] applyP99Ns;
    final long[] journalP99Ns;
    final long[] lagSeqs;
    final long[] lagMs;
    final long[] gcMs;
    final long[] freeDiskBytes;
    final boolean[] reporting;
    final long[] killedAtMs;
    final long[] lastReportAtMs;
    private final Report gateway = Report.gateway(1, GatewayRole.ACTIVE, 1);
    private final Report[] replicaReports;

    SimulatedFabric(final HealthMonitor monitor, final int replicas)
    {
        this.monitor = monitor;
        this.replicas = replicas;
        applyP99Ns = new long[replicas + 1];
        journalP99Ns = new long[replicas + 1];
        lagSeqs = new long[replicas + 1];
        lagMs = new long[replicas + 1];
        gcMs = new long[replicas + 1];
        freeDiskBytes = new long[replicas + 1];
        reporting = new boolean[replicas + 1];
        killedAtMs = new long[replicas + 1];
        lastReportAtMs = new long[replicas + 1];
        replicaReports = new Report[replicas + 1];
        for (int i = 1; i <= replicas; i++)
        {
            applyP99Ns[i] = 30_000;
            journalP99Ns[i] = 15_000;
            freeDiskBytes[i] = 50L << 30;
            reporting[i] = true;
            killedAtMs[i] = -1;
            lastReportAtMs[i] = -1;
            replicaReports[i] = Report.replica(i);
        }
    }

    void kill(final int replica)
    {
        killedAtMs[replica] = nowMs;
    }

    void revive(final int replica)
    {
        killedAtMs[replica] = -1;
    }

    /**
     * One 100 ms step: the reports due now, then a poll.
     */
    void step()
    {
        final long phase = steps % STEPS_PER_SECOND;
        if (0 == phase && gatewayReporting)
        {
            sendGateway();
        }
        for (int i = 1; i <= replicas; i++)
        {
            if (phase == i && reporting[i] && killedAtMs[i] < 0)
            {
                sendReplica(i);
            }
        }
        monitor.poll(nowMs);
        nowMs += STEP_MS;
        seq += RATE / STEPS_PER_SECOND;
        steps++;
    }

    void second()
    {
        for (int i = 0; i < STEPS_PER_SECOND; i++)
        {
            step();
        }
    }

    private void sendGateway()
    {
        gateway.clear();
        gateway.seq = seq;
        gateway.commitSeq = seq - 1;
        gateway.freeDiskBytes = 80L << 30;
        gateway.counter(CounterType.CLIENTS, 0, 7).counter(CounterType.IN_FLIGHT, 0, 3);
        for (int i = 1; i <= replicas; i++)
        {
            final long statusAge = killedAtMs[i] < 0 ? 40 : nowMs - killedAtMs[i];
            gateway.counter(CounterType.REPLICA_LAG, i, lagSeqs[i])
                .counter(CounterType.REPLICA_LAG_MS, i, lagMs[i])
                .counter(CounterType.REPLICA_STATUS_AGE_MS, i, statusAge)
                .counter(CounterType.WINS, i, 100L * i)
                .counter(CounterType.DIVERGENCES, i, i - 1);
        }
        monitor.onReport(gateway.decode(nowMs), nowMs);
    }

    private void sendReplica(final int i)
    {
        final Report report = replicaReports[i].clear();
        report.seq = seq - lagSeqs[i];
        report.commitSeq = report.seq;
        report.stateHash = 0x5eedL * i;
        report.freeDiskBytes = freeDiskBytes[i];
        report.gcPauseMs = gcMs[i];
        report.histogram(Hop.APPLY, RATE, applyP99Ns[i]).histogram(Hop.JOURNAL_APPEND, RATE, journalP99Ns[i]);
        monitor.onReport(report.decode(nowMs), nowMs);
        lastReportAtMs[i] = nowMs;
    }
}
