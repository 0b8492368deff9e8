package io.hedge.ops;

import io.hedge.codecs.ops.AdminRequestEncoder;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.codecs.ops.FabricHealthEncoder;
import io.hedge.codecs.ops.Health;
import io.hedge.codecs.ops.MessageHeaderEncoder;
import io.hedge.codecs.ops.OpsConnectEncoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The ops protocol's length check: whole messages pass, and every truncation of them, a var-data length or group count
 * that runs past the end (also var data inside a group entry), another schema and an unknown template are refused.
 */
class OpsMessageCheckTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OpsMessageCheck check = new OpsMessageCheck();

    private int report()
    {
        final RoleReportEncoder report = new RoleReportEncoder().wrapAndApplyHeader(buffer, 0, header)
            .roleKind(RoleKind.REPLICA).roleId(2).seq(10);
        report.countersCount(2).next().typeId(7740).value(1).next().typeId(7741).value(2);
        final RoleReportEncoder.HistogramsEncoder histograms = report.histogramsCount(2);
        histograms.next().samples(1).putEncodedHistogram(new byte[40], 0, 40);
        histograms.next().samples(2).putEncodedHistogram(new byte[8], 0, 8);
        return MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
    }

    private int health()
    {
        final FabricHealthEncoder health = new FabricHealthEncoder().wrapAndApplyHeader(buffer, 0, header).gatewayId(1);
        health.gatewaysCount(1).next().gatewayId(1);
        health.replicasCount(3).next().replicaId(1).next().replicaId(2).next().replicaId(3);
        health.alarmsCount(2).next().alarmId(1).health(Health.DOWN).reason("replica 3 silent")
            .next().alarmId(2).health(Health.LAGGING).reason("replica 2 behind");
        return MessageHeaderEncoder.ENCODED_LENGTH + health.encodedLength();
    }

    private int connect()
    {
        final OpsConnectEncoder connect = new OpsConnectEncoder().wrapAndApplyHeader(buffer, 0, header)
            .opsClientId(5).responseStreamId(42).responseChannel("aeron:udp?endpoint=localhost:40000");
        connect.putCredentials(new byte[]{'o', 'p', 's'}, 0, 3);
        return MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
    }

    @Test
    void wholeMessagesPassAndEveryTruncationIsRefused()
    {
        for (final java.util.function.IntSupplier message : new java.util.function.IntSupplier[]{
            this::report, this::health, this::connect, this::request})
        {
            final int length = message.getAsInt();
            assertEquals(OpsMessageCheck.OK, check.check(buffer, 0, length));
            for (int cut = 0; cut < length; cut++)
            {
                assertNotEquals(OpsMessageCheck.OK, check.check(buffer, 0, cut), "cut at " + cut + " of " + length);
            }
        }
    }

    private int request()
    {
        new AdminRequestEncoder().wrapAndApplyHeader(buffer, 0, header).opsClientId(1).verb(AdminVerb.STATUS);
        return MessageHeaderEncoder.ENCODED_LENGTH + AdminRequestEncoder.BLOCK_LENGTH;
    }

    @Test
    void aVarDataLengthInsideAGroupEntryThatRunsPastTheEndIsRefused()
    {
        final int length = report();
        // the second histogram's var data length: the last 8 bytes are its data, the 4 before its length
        buffer.putInt(length - 8 - 4, 9, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(OpsMessageCheck.VAR_DATA_PAST_END, check.check(buffer, 0, length));
        buffer.putInt(length - 8 - 4, 8, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(OpsMessageCheck.OK, check.check(buffer, 0, length));
        buffer.putInt(length - 8 - 4, -1, java.nio.ByteOrder.LITTLE_ENDIAN); // 4 GiB as unsigned
        assertEquals(OpsMessageCheck.VAR_DATA_PAST_END, check.check(buffer, 0, length));
    }

    @Test
    void aGroupCountPastTheEndAnotherSchemaAndAnUnknownTemplateAreRefused()
    {
        final int length = health();
        final int gatewaysCount = MessageHeaderEncoder.ENCODED_LENGTH + FabricHealthEncoder.BLOCK_LENGTH + 2;
        buffer.putShort(gatewaysCount, (short)9, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertNotEquals(OpsMessageCheck.OK, check.check(buffer, 0, length));
        buffer.putShort(gatewaysCount, (short)1, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(OpsMessageCheck.OK, check.check(buffer, 0, length));
        header.wrap(buffer, 0).schemaId(7701);
        assertEquals(OpsMessageCheck.WRONG_SCHEMA, check.check(buffer, 0, length));
        header.schemaId(FabricHealthEncoder.SCHEMA_ID).templateId(9);
        assertEquals(OpsMessageCheck.UNKNOWN_TEMPLATE, check.check(buffer, 0, length));
        header.templateId(FabricHealthEncoder.TEMPLATE_ID).blockLength(FabricHealthEncoder.BLOCK_LENGTH - 1);
        assertEquals(OpsMessageCheck.BLOCK_TOO_SHORT, check.check(buffer, 0, length));
    }
}
