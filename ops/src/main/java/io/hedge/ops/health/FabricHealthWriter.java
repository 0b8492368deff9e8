package io.hedge.ops.health;

import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.FabricHealthEncoder;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;

import java.util.List;

/**
 * Encodes a FabricHealth message of what the monitor knows: top-level figures from the active gateway's report,
 * a row per configured gateway and replica, and the open alarms.
 */
final class FabricHealthWriter
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FabricHealthEncoder health = new FabricHealthEncoder();

    int write(
        final HealthMonitor monitor,
        final MutableDirectBuffer buffer,
        final int offset,
        final long opsClientId,
        final long correlationId,
        final int gatewayId,
        final long nowMs)
    {
        final RoleState active = monitor.active();
        health.wrapAndApplyHeader(buffer, offset, header)
            .opsClientId(opsClientId)
            .correlationId(correlationId)
            .timestampMs(nowMs)
            .gatewayId(gatewayId)
            .activeGatewayId(null == active ? 0 : active.id)
            .epoch(null == active ? 0 : active.epoch)
            .lastSeq(null == active ? 0 : active.seq)
            .commitSeq(null == active ? 0 : active.commitSeq)
            .suspended(null != active && active.suspended ? BooleanType.TRUE : BooleanType.FALSE);

        final RoleState[] gateways = monitor.gateways();
        final FabricHealthEncoder.GatewaysEncoder gatewayRows = health.gatewaysCount(gateways.length);
        for (final RoleState gateway : gateways)
        {
            gatewayRows.next()
                .gatewayId(gateway.id)
                .health(gateway.health)
                .role(role(gateway.stateCode))
                .epoch(gateway.epoch)
                .lastSeq(gateway.seq)
                .clients((int)Math.min(Integer.MAX_VALUE, gateway.clients))
                .inFlight((int)Math.min(Integer.MAX_VALUE, gateway.inFlight))
                .reportAgeMs(gateway.reportAgeMs(nowMs));
        }

        final RoleState[] replicas = monitor.replicas();
        final FabricHealthEncoder.ReplicasEncoder replicaRows = health.replicasCount(replicas.length);
        for (final RoleState replica : replicas)
        {
            replicaRows.next()
                .replicaId(replica.id)
                .health(replica.health)
                .stateCode(replica.stateCode)
                .appliedSeq(replica.seq)
                .lagSeq(monitor.lagSeqs(replica))
                .lagMs(monitor.lagMs(replica))
                .stateHash(replica.stateHash)
                .divergences(null == active ? RoleState.UNKNOWN : active.divergences[replica.id])
                .wins(null == active ? RoleState.UNKNOWN : active.wins[replica.id])
                .responses(RoleState.UNKNOWN) // no per-replica responses counter in CounterType yet
                .reportAgeMs(replica.reportAgeMs(nowMs));
        }

        final List<Alarm> alarms = monitor.alarmList();
        final FabricHealthEncoder.AlarmsEncoder alarmRows = health.alarmsCount(alarms.size());
        for (int i = 0; i < alarms.size(); i++)
        {
            final Alarm alarm = alarms.get(i);
            alarmRows.next()
                .alarmId(alarm.alarmId)
                .subjectKind(alarm.subject.kind)
                .subjectId(alarm.subject.id)
                .health(alarm.kind.health())
                .raisedAtMs(alarm.raisedAtMs)
                .putReason(alarm.reasonBytes, 0, alarm.reasonBytes.length);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + health.encodedLength();
    }

    private static GatewayRole role(final short stateCode)
    {
        final GatewayRole role = GatewayRole.get(stateCode);
        return GatewayRole.NULL_VAL == role ? GatewayRole.STANDBY : role;
    }
}
