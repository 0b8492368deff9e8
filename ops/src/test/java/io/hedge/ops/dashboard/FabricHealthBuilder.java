package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.FabricHealthEncoder;
import io.hedge.codecs.ops.GatewayRole;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.ops.OpsListener;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a FabricHealth as a gateway's ops agent would and hands it to a listener as an ops session does.
 */
final class FabricHealthBuilder
{
    private final int gatewayId;
    private int activeGatewayId;
    private long lastSeq;
    private final List<Object[]> gateways = new ArrayList<>();
    private final List<Object[]> replicas = new ArrayList<>();
    private final List<Object[]> alarms = new ArrayList<>();

    FabricHealthBuilder(final int gatewayId, final int activeGatewayId, final long lastSeq)
    {
        this.gatewayId = gatewayId;
        this.activeGatewayId = activeGatewayId;
        this.lastSeq = lastSeq;
    }

    FabricHealthBuilder gateway(final int id, final Health health, final GatewayRole role, final int clients)
    {
        gateways.add(new Object[]{id, health, role, clients});
        return this;
    }

    FabricHealthBuilder replica(final int id, final Health health, final long appliedSeq, final long lagMs,
        final long wins)
    {
        replicas.add(new Object[]{id, health, appliedSeq, lagMs, wins});
        return this;
    }

    FabricHealthBuilder alarm(final long alarmId, final int replicaId, final Health health, final String reason)
    {
        alarms.add(new Object[]{alarmId, replicaId, health, reason});
        return this;
    }

    void deliverTo(final OpsListener listener)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(64 * 1024));
        final FabricHealthEncoder encoder = new FabricHealthEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .opsClientId(7)
            .correlationId(0)
            .timestampMs(System.currentTimeMillis())
            .gatewayId(gatewayId)
            .activeGatewayId(activeGatewayId)
            .epoch(1)
            .lastSeq(lastSeq)
            .commitSeq(lastSeq)
            .suspended(BooleanType.FALSE);
        final FabricHealthEncoder.GatewaysEncoder g = encoder.gatewaysCount(gateways.size());
        for (final Object[] e : gateways)
        {
            g.next().gatewayId((Integer)e[0]).health((Health)e[1]).role((GatewayRole)e[2]).epoch(1).lastSeq(lastSeq)
                .clients((Integer)e[3]).inFlight(0).reportAgeMs(200);
        }
        final FabricHealthEncoder.ReplicasEncoder r = encoder.replicasCount(replicas.size());
        for (final Object[] e : replicas)
        {
            final long applied = (Long)e[2];
            r.next().replicaId((Integer)e[0]).health((Health)e[1]).stateCode((short)1).appliedSeq(applied)
                .lagSeq(lastSeq - applied).lagMs((Long)e[3]).stateHash(0x1234).divergences(0).wins((Long)e[4])
                .responses(applied).reportAgeMs(300);
        }
        final FabricHealthEncoder.AlarmsEncoder a = encoder.alarmsCount(alarms.size());
        for (final Object[] e : alarms)
        {
            a.next().alarmId((Long)e[0]).subjectKind(RoleKind.REPLICA).subjectId((Integer)e[1]).health((Health)e[2])
                .raisedAtMs(System.currentTimeMillis()).reason((String)e[3]);
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        listener.onFabricHealth(new FabricHealthDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version()));
    }
}
