package io.hedge.gateway.ops;

import io.hedge.codecs.ops.FabricHealthEncoder;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.ops.FabricView;
import org.agrona.MutableDirectBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A fabric view for tests of ops sessions: it counts the reports it is given and writes a FabricHealth whose lastSeq is
 * that count and whose one replica is the last replica that reported (its applied seq as given), so a test can tell a
 * health written after a report from one written before.
 */
final class TestFabricView implements FabricView
{
    final AtomicLong reports = new AtomicLong();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FabricHealthEncoder health = new FabricHealthEncoder();
    private volatile int lastReplicaId;
    private volatile long lastAppliedSeq;

    @Override
    public void onReport(final RoleReportDecoder report, final long nowMs)
    {
        lastReplicaId = report.roleId();
        lastAppliedSeq = report.seq();
        reports.incrementAndGet();
    }

    @Override
    public void poll(final long nowMs)
    {
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
        health.wrapAndApplyHeader(buffer, offset, header)
            .opsClientId(opsClientId)
            .correlationId(correlationId)
            .timestampMs(nowMs)
            .gatewayId(gatewayId)
            .activeGatewayId(gatewayId)
            .epoch(1)
            .lastSeq(reports.get())
            .commitSeq(reports.get());
        health.gatewaysCount(0);
        final FabricHealthEncoder.ReplicasEncoder replicas = health.replicasCount(0 == lastReplicaId ? 0 : 1);
        if (0 != lastReplicaId)
        {
            replicas.next().replicaId(lastReplicaId).health(Health.UP).appliedSeq(lastAppliedSeq).reportAgeMs(0);
        }
        health.alarmsCount(1).next().alarmId(7).subjectId(2).health(Health.DEGRADED).raisedAtMs(nowMs)
            .reason("replica 2 lag rising");
        return MessageHeaderEncoder.ENCODED_LENGTH + health.encodedLength();
    }

    @Override
    public String alarmsText()
    {
        return "alarm 7: replica 2 DEGRADED (lag rising)";
    }

    @Override
    public long alarmsRaised()
    {
        return 7;
    }
}
