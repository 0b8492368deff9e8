package io.hedge.codecs;

import io.hedge.codecs.trading.CancelAckDecoder;
import io.hedge.codecs.trading.CancelAckEncoder;
import io.hedge.codecs.trading.CancelOrderDecoder;
import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.ExecutionReportEncoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderDecoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.RejectDecoder;
import io.hedge.codecs.trading.RejectEncoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferAckDecoder;
import io.hedge.codecs.trading.TransferAckEncoder;
import io.hedge.codecs.trading.TransferDecoder;
import io.hedge.codecs.trading.TransferEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Round trip of every message of the sample trading schema: encode with its header, decode the header, decode the
 * body both with {@code wrapAndApplyHeader} and with {@code wrap}, and check every field and the total length.
 */
class TradingCodecRoundTripTest
{
    private static final int SCHEMA_ID = 7702;
    private static final int SCHEMA_VERSION = 0;
    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int OFFSET = 5;
    private static final int FILL_BLOCK_LENGTH = 40;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    private static MutableDirectBuffer smallBuffer()
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    }

    private void assertHeader(final DirectBuffer buffer, final int offset, final int templateId, final int blockLength)
    {
        headerDecoder.wrap(buffer, offset);
        assertEquals(templateId, headerDecoder.templateId(), "templateId");
        assertEquals(SCHEMA_ID, headerDecoder.schemaId(), "schemaId");
        assertEquals(SCHEMA_VERSION, headerDecoder.version(), "version");
        assertEquals(blockLength, headerDecoder.blockLength(), "blockLength");
    }

    // --------------------------------------------------------------------------------------------------- NewOrder

    @ParameterizedTest
    @EnumSource(value = Side.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void newOrder(final Side side)
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final NewOrderEncoder encoder = new NewOrderEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientOrderId(1_001L)
            .accountId(42L)
            .price(10_050L)
            .quantity(300L)
            .userData(0xFEED_FACE_0000_0001L)
            .instrumentId(7)
            .side(side);
        assertEquals(NewOrderEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, OFFSET, NewOrderEncoder.TEMPLATE_ID, NewOrderEncoder.BLOCK_LENGTH);

        final Consumer<NewOrderDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(1_001L, d.clientOrderId());
            assertEquals(42L, d.accountId());
            assertEquals(10_050L, d.price());
            assertEquals(300L, d.quantity());
            assertEquals(0xFEED_FACE_0000_0001L, d.userData());
            assertEquals(7, d.instrumentId());
            assertEquals(side, d.side());
        };
        check.accept(new NewOrderDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new NewOrderDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    @Test
    void newOrderWithHeaderIsExactly64Bytes()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final NewOrderEncoder encoder = new NewOrderEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientOrderId(Long.MAX_VALUE)
            .accountId(Long.MAX_VALUE)
            .price(Long.MAX_VALUE)
            .quantity(Long.MAX_VALUE)
            .userData(Long.MAX_VALUE)
            .instrumentId(Integer.MAX_VALUE)
            .side(Side.SELL);
        assertEquals(8, MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals(56, NewOrderEncoder.BLOCK_LENGTH);
        assertEquals(64, encoder.encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals(64, new NewOrderDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder).sbeDecodedLength()
            + MessageHeaderDecoder.ENCODED_LENGTH);
    }

    @Test
    void newOrderExtremeValues()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        new NewOrderEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientOrderId(Long.MIN_VALUE)
            .accountId(Long.MAX_VALUE)
            .price(1L)
            .quantity(-1L)
            .userData(0L)
            .instrumentId(Integer.MIN_VALUE)
            .side(Side.BUY);
        final NewOrderDecoder d = new NewOrderDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(Long.MIN_VALUE, d.clientOrderId());
        assertEquals(Long.MAX_VALUE, d.accountId());
        assertEquals(1L, d.price());
        assertEquals(-1L, d.quantity());
        assertEquals(0L, d.userData());
        assertEquals(Integer.MIN_VALUE, d.instrumentId());
        assertEquals(Side.BUY, d.side());
    }

    // ------------------------------------------------------------------------------------------------ CancelOrder

    @Test
    void cancelOrder()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final CancelOrderEncoder encoder = new CancelOrderEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .accountId(42L)
            .orderId(900_000_001L)
            .instrumentId(3);
        assertEquals(CancelOrderEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, OFFSET, CancelOrderEncoder.TEMPLATE_ID, CancelOrderEncoder.BLOCK_LENGTH);

        final Consumer<CancelOrderDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(42L, d.accountId());
            assertEquals(900_000_001L, d.orderId());
            assertEquals(3, d.instrumentId());
        };
        check.accept(new CancelOrderDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new CancelOrderDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // --------------------------------------------------------------------------------------------------- Transfer

    @Test
    void transfer()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final TransferEncoder encoder = new TransferEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .transferId(55L)
            .fromAccountId(1L)
            .toAccountId(2L)
            .amount(1_000_000_000_000L);
        assertEquals(TransferEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, OFFSET, TransferEncoder.TEMPLATE_ID, TransferEncoder.BLOCK_LENGTH);

        final Consumer<TransferDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(55L, d.transferId());
            assertEquals(1L, d.fromAccountId());
            assertEquals(2L, d.toAccountId());
            assertEquals(1_000_000_000_000L, d.amount());
        };
        check.accept(new TransferDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new TransferDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // -------------------------------------------------------------------------------------------- ExecutionReport

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 64})
    void executionReport(final int fillCount)
    {
        final OrderStatus status = fillCount == 0 ? OrderStatus.NEW : OrderStatus.PARTIALLY_FILLED;
        // 64 fills take 8 + 62 + 4 + 64 * 40 bytes: start small and let the buffer grow
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
        final ExecutionReportEncoder encoder = new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .orderId(777L)
            .clientOrderId(1_001L)
            .accountId(42L)
            .price(10_050L)
            .quantity(10_000L)
            .filledQuantity(fillCount * 10L)
            .leavesQuantity(10_000L - fillCount * 10L)
            .instrumentId(7)
            .side(Side.BUY)
            .status(status);
        final ExecutionReportEncoder.FillsEncoder fills = encoder.fillsCount(fillCount);
        for (int i = 0; i < fillCount; i++)
        {
            fills.next()
                .tradeId(50_000L + i)
                .makerOrderId(600L + i)
                .makerAccountId(100L + (i % 4))
                .price(10_000L + i)
                .quantity(10L);
        }
        assertEquals(ExecutionReportEncoder.BLOCK_LENGTH + 4 + fillCount * FILL_BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, OFFSET, ExecutionReportEncoder.TEMPLATE_ID, ExecutionReportEncoder.BLOCK_LENGTH);

        final Consumer<ExecutionReportDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(777L, d.orderId());
            assertEquals(1_001L, d.clientOrderId());
            assertEquals(42L, d.accountId());
            assertEquals(10_050L, d.price());
            assertEquals(10_000L, d.quantity());
            assertEquals(fillCount * 10L, d.filledQuantity());
            assertEquals(10_000L - fillCount * 10L, d.leavesQuantity());
            assertEquals(7, d.instrumentId());
            assertEquals(Side.BUY, d.side());
            assertEquals(status, d.status());
            final ExecutionReportDecoder.FillsDecoder group = d.fills();
            assertEquals(fillCount, group.count());
            int i = 0;
            while (group.hasNext())
            {
                group.next();
                assertEquals(50_000L + i, group.tradeId());
                assertEquals(600L + i, group.makerOrderId());
                assertEquals(100L + (i % 4), group.makerAccountId());
                assertEquals(10_000L + i, group.price());
                assertEquals(10L, group.quantity());
                i++;
            }
            assertEquals(fillCount, i);
            assertFalse(group.hasNext());
            assertEquals(OFFSET + HEADER_LENGTH + encoder.encodedLength(), d.limit());
        };
        check.accept(new ExecutionReportDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new ExecutionReportDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void executionReportEveryStatus(final OrderStatus status)
    {
        final MutableDirectBuffer buffer = smallBuffer();
        new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .orderId(1).clientOrderId(2).accountId(3).price(4).quantity(5).filledQuantity(6).leavesQuantity(7)
            .instrumentId(8).side(Side.SELL).status(status)
            .fillsCount(0);
        final ExecutionReportDecoder d = new ExecutionReportDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(Side.SELL, d.side());
        assertEquals(status, d.status());
        assertEquals(0, d.fills().count());
    }

    // -------------------------------------------------------------------------------------------------- CancelAck

    @Test
    void cancelAck()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final CancelAckEncoder encoder = new CancelAckEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .orderId(900_000_001L)
            .accountId(42L)
            .cancelledQuantity(250L)
            .instrumentId(3);
        assertEquals(CancelAckEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, OFFSET, CancelAckEncoder.TEMPLATE_ID, CancelAckEncoder.BLOCK_LENGTH);

        final Consumer<CancelAckDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(900_000_001L, d.orderId());
            assertEquals(42L, d.accountId());
            assertEquals(250L, d.cancelledQuantity());
            assertEquals(3, d.instrumentId());
        };
        check.accept(new CancelAckDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new CancelAckDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // ------------------------------------------------------------------------------------------------ TransferAck

    @Test
    void transferAck()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        final TransferAckEncoder encoder = new TransferAckEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .transferId(55L)
            .fromAccountId(1L)
            .toAccountId(2L)
            .amount(500L)
            .fromBalance(-500L)
            .toBalance(1_500L);
        assertEquals(TransferAckEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, OFFSET, TransferAckEncoder.TEMPLATE_ID, TransferAckEncoder.BLOCK_LENGTH);

        final Consumer<TransferAckDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(55L, d.transferId());
            assertEquals(1L, d.fromAccountId());
            assertEquals(2L, d.toAccountId());
            assertEquals(500L, d.amount());
            assertEquals(-500L, d.fromBalance());
            assertEquals(1_500L, d.toBalance());
        };
        check.accept(new TransferAckDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new TransferAckDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    // ----------------------------------------------------------------------------------------------------- Reject

    @ParameterizedTest
    @EnumSource(value = RejectReason.class, mode = EnumSource.Mode.EXCLUDE, names = "NULL_VAL")
    void reject(final RejectReason reason)
    {
        final int requestTemplateId = reason.ordinal() % 2 == 0 ? NewOrderEncoder.TEMPLATE_ID : 65_535;
        final MutableDirectBuffer buffer = smallBuffer();
        final RejectEncoder encoder = new RejectEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .refId(-1L)
            .requestTemplateId(requestTemplateId)
            .reason(reason);
        assertEquals(RejectEncoder.BLOCK_LENGTH, encoder.encodedLength());
        assertHeader(buffer, OFFSET, RejectEncoder.TEMPLATE_ID, RejectEncoder.BLOCK_LENGTH);

        final Consumer<RejectDecoder> check = (d) ->
        {
            assertEquals(encoder.encodedLength(), d.sbeDecodedLength());
            assertEquals(-1L, d.refId());
            assertEquals(requestTemplateId, d.requestTemplateId());
            assertEquals(reason, d.reason());
        };
        check.accept(new RejectDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder));
        check.accept(new RejectDecoder().wrap(
            buffer, OFFSET + HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version()));
    }

    @Test
    void rejectWithZeroRequestTemplateId()
    {
        final MutableDirectBuffer buffer = smallBuffer();
        new RejectEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .refId(0L).requestTemplateId(0).reason(RejectReason.UNKNOWN_MESSAGE);
        final RejectDecoder d = new RejectDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(0L, d.refId());
        assertEquals(0, d.requestTemplateId());
        assertEquals(RejectReason.UNKNOWN_MESSAGE, d.reason());
    }
}
