package io.hedge.gateway.ops;

import io.hedge.codecs.ops.FabricHealthEncoder;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.ops.FabricView;
import org.agrona.MutableDirectBuffer;

/**
 * The fabric view of a gateway built without a health monitor: it knows no role, so a STATUS is answered with a
 * FabricHealth naming only the answering gateway, and no alarm is ever open. A placeholder, so that ops sessions work
 * before a health monitor is plugged in ({@code GatewayContext.fabricViewFactory}).
 */
public final class NoFabricView implements FabricView
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FabricHealthEncoder health = new FabricHealthEncoder();

    @Override
    public void onReport(final RoleReportDecoder report, final long nowMs)
    {
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
            .activeGatewayId(0);
        health.gatewaysCount(0);
        health.replicasCount(0);
        health.alarmsCount(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + health.encodedLength();
    }

    @Override
    public String alarmsText()
    {
        return "";
    }
}
