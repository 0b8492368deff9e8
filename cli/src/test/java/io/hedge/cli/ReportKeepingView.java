package io.hedge.cli;

import io.hedge.codecs.ops.FabricHealthEncoder;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.ops.FabricView;
import org.agrona.MutableDirectBuffer;

import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in for the health monitor in tests of {@code hedge status}: it keeps each role's last report and calls a
 * role UP while its report is younger than {@link #DOWN_AFTER_MS}, DOWN after. Enough to drive the command's output
 * and exit codes; the real classification is the health monitor's.
 */
final class ReportKeepingView implements FabricView
{
    static final long DOWN_AFTER_MS = 1_500;

    private record Last(int stateCode, long epoch, long seq, long commitSeq, long stateHash, long receivedMs)
    {
    }

    private final Map<Integer, Last> gateways = new TreeMap<>();
    private final Map<Integer, Last> replicas = new TreeMap<>();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FabricHealthEncoder health = new FabricHealthEncoder();

    @Override
    public void onReport(final RoleReportDecoder report, final long nowMs)
    {
        final Last last = new Last(report.stateCode(), report.epoch(), report.seq(), report.commitSeq(),
            report.stateHash(), nowMs);
        if (report.roleKind() == RoleKind.GATEWAY)
        {
            gateways.put(report.roleId(), last);
        }
        else if (report.roleKind() == RoleKind.REPLICA)
        {
            replicas.put(report.roleId(), last);
        }
    }

    @Override
    public void poll(final long nowMs)
    {
    }

    private static Health health(final Last last, final long nowMs)
    {
        return nowMs - last.receivedMs() > DOWN_AFTER_MS ? Health.DOWN : Health.UP;
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
        int active = 0;
        long lastSeq = 0;
        long epoch = 0;
        for (final Map.Entry<Integer, Last> g : gateways.entrySet())
        {
            if (g.getValue().stateCode() == GatewayRole.ACTIVE.value() && health(g.getValue(), nowMs) == Health.UP)
            {
                active = g.getKey();
                lastSeq = g.getValue().seq();
                epoch = g.getValue().epoch();
            }
        }
        health.wrapAndApplyHeader(buffer, offset, header)
            .opsClientId(opsClientId).correlationId(correlationId).timestampMs(nowMs).gatewayId(gatewayId)
            .activeGatewayId(active).epoch(epoch).lastSeq(lastSeq).commitSeq(lastSeq);
        final FabricHealthEncoder.GatewaysEncoder g = health.gatewaysCount(gateways.size());
        gateways.forEach((id, last) -> g.next().gatewayId(id).health(health(last, nowMs))
            .role(GatewayRole.get((short)last.stateCode())).epoch(last.epoch()).lastSeq(last.seq()).clients(1)
            .inFlight(0).reportAgeMs(nowMs - last.receivedMs()));
        final FabricHealthEncoder.ReplicasEncoder r = health.replicasCount(replicas.size());
        final long headSeq = lastSeq;
        replicas.forEach((id, last) -> r.next().replicaId(id).health(health(last, nowMs)).stateCode((short)last.stateCode())
            .appliedSeq(last.seq()).lagSeq(Math.max(0, headSeq - last.seq())).lagMs(0).stateHash(last.stateHash())
            .divergences(0).wins(id).responses(10).reportAgeMs(nowMs - last.receivedMs()));
        final long down = replicas.values().stream().filter(last -> health(last, nowMs) == Health.DOWN).count();
        final FabricHealthEncoder.AlarmsEncoder alarms = health.alarmsCount((int)down);
        replicas.forEach((id, last) ->
        {
            if (health(last, nowMs) == Health.DOWN)
            {
                alarms.next().alarmId(id).subjectKind(RoleKind.REPLICA).subjectId(id).health(Health.DOWN)
                    .raisedAtMs(last.receivedMs() + DOWN_AFTER_MS).reason("replica " + id + " \"silent\"\tno report");
            }
        });
        return MessageHeaderEncoder.ENCODED_LENGTH + health.encodedLength();
    }

    @Override
    public String alarmsText()
    {
        return "";
    }
}
