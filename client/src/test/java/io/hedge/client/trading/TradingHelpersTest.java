package io.hedge.client.trading;

import io.hedge.client.Response;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.CancelAckEncoder;
import io.hedge.codecs.trading.CancelOrderDecoder;
import io.hedge.codecs.trading.ExchangeOrderEncoder;
import io.hedge.codecs.trading.ExecutionReportEncoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderDecoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.RejectEncoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferAckEncoder;
import io.hedge.codecs.trading.TransferDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradingHelpersTest
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Test
    void aNewOrderIsEncodedWithItsHeaderAndEveryField()
    {
        final byte[] bytes = TradingRequests.newOrder(11, 7, 3, Side.SELL, 1_250, 40);
        assertEquals(64, bytes.length, "header and the 56-byte block");
        final NewOrderDecoder order = new NewOrderDecoder().wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, header);
        assertEquals(NewOrderDecoder.TEMPLATE_ID, header.templateId());
        assertEquals(11, order.clientOrderId());
        assertEquals(7, order.accountId());
        assertEquals(3, order.instrumentId());
        assertEquals(Side.SELL, order.side());
        assertEquals(1_250, order.price());
        assertEquals(40, order.quantity());
        assertEquals(0, order.userData());
    }

    @Test
    void cancelsAndTransfersAreEncodedAndAnInstanceWritesIntoTheCallersBuffer()
    {
        final CancelOrderDecoder cancel = new CancelOrderDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(TradingRequests.cancelOrder(7, 99, 3)), 0, header);
        assertEquals(7, cancel.accountId());
        assertEquals(99, cancel.orderId());
        assertEquals(3, cancel.instrumentId());

        final TransferDecoder transfer = new TransferDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(TradingRequests.transfer(5, 1, 2, 300)), 0, header);
        assertEquals(5, transfer.transferId());
        assertEquals(1, transfer.fromAccountId());
        assertEquals(2, transfer.toAccountId());
        assertEquals(300, transfer.amount());

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[200]);
        final TradingRequests requests = new TradingRequests();
        final int length = requests.encodeNewOrder(buffer, 16, 11, 7, 3, Side.SELL, 1_250, 40);
        assertEquals(TradingRequests.NEW_ORDER_LENGTH, length);
        assertArrayEquals(TradingRequests.newOrder(11, 7, 3, Side.SELL, 1_250, 40),
            Arrays.copyOfRange(buffer.byteArray(), 16, 16 + length));
        assertEquals(TradingRequests.CANCEL_ORDER_LENGTH, requests.encodeCancelOrder(buffer, 0, 7, 99, 3));
        assertEquals(TradingRequests.TRANSFER_LENGTH, requests.encodeTransfer(buffer, 0, 5, 1, 2, 300));
    }

    @Test
    void anOkResponseDecodesIntoTheViewOfItsMessage()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final ExecutionReportEncoder report = new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .orderId(42).clientOrderId(11).accountId(7).price(1_250).quantity(40).filledQuantity(10).leavesQuantity(30)
            .instrumentId(3).side(Side.SELL).status(OrderStatus.PARTIALLY_FILLED);
        report.fillsCount(1).next().tradeId(1).makerOrderId(2).makerAccountId(8).price(1_250).quantity(10);
        final TradingResponse answer = TradingResponse.of(ok(buffer, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength()));
        assertEquals(TradingResponse.Kind.EXECUTION_REPORT, answer.kind());
        assertFalse(answer.isReject());
        assertEquals(42, answer.executionReport().orderId());
        assertEquals(OrderStatus.PARTIALLY_FILLED, answer.executionReport().status());
        assertEquals(8, answer.executionReport().fills().next().makerAccountId());
        final IllegalStateException wrongKind = assertThrows(IllegalStateException.class, answer::cancelAck);
        assertEquals("the response is a EXECUTION_REPORT, not a CANCEL_ACK", wrongKind.getMessage());

        final CancelAckEncoder cancelAck = new CancelAckEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .orderId(42).accountId(7).cancelledQuantity(30).instrumentId(3);
        final TradingResponse view = new TradingResponse();
        assertSame(view, view.wrap(ResponseStatus.OK, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + cancelAck.encodedLength()));
        assertEquals(30, view.cancelAck().cancelledQuantity());

        final TransferAckEncoder transferAck = new TransferAckEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).transferId(5).fromBalance(700).toBalance(1300);
        view.wrap(ResponseStatus.OK, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + transferAck.encodedLength());
        assertEquals(TradingResponse.Kind.TRANSFER_ACK, view.kind());
        assertEquals(1300, view.transferAck().toBalance());
    }

    @Test
    void aRejectIsAViewToo()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final RejectEncoder reject = new RejectEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .refId(11).requestTemplateId(1).reason(RejectReason.INSUFFICIENT_FUNDS);
        final TradingResponse answer = TradingResponse.of(ok(buffer, MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength()));
        assertTrue(answer.isReject());
        assertEquals(RejectReason.INSUFFICIENT_FUNDS, answer.reject().reason());
        final IllegalStateException notAReport = assertThrows(IllegalStateException.class, answer::executionReport);
        assertEquals("the response is a REJECT (INSUFFICIENT_FUNDS, ref 11), not a EXECUTION_REPORT", notAReport.getMessage());
    }

    @Test
    void theStatusIsCheckedBeforeThePayloadIsRead()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (final ResponseStatus status : new ResponseStatus[]{ResponseStatus.REJECTED_BUSY,
            ResponseStatus.DUPLICATE_NOT_CACHED, ResponseStatus.REJECTED_BY_STATE_MACHINE, ResponseStatus.NOT_EXECUTED})
        {
            final Response response = new Response(3, 0, status, 0, new byte[0]);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TradingResponse.of(response));
            assertTrue(ex.getMessage().startsWith("the response has status " + status + ", not OK"), ex.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TradingResponse.of(
            new Response(3, 0, ResponseStatus.REJECTED_BUSY, 0, new byte[0]))).getMessage().contains("submit it again"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TradingResponse.of(
            new Response(3, 5, ResponseStatus.OK, 1, new byte[3]))).getMessage().contains("too short"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TradingResponse.of(
            new Response(3, 5, ResponseStatus.OK, 1, new byte[16]))).getMessage().contains("not a trading message"));

        final ExchangeOrderEncoder other = new ExchangeOrderEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        final TradingResponse answer = TradingResponse.of(ok(buffer, MessageHeaderEncoder.ENCODED_LENGTH + other.encodedLength()));
        assertEquals(TradingResponse.Kind.OTHER, answer.kind());
        assertEquals(ExchangeOrderEncoder.TEMPLATE_ID, answer.templateId());
    }

    private static Response ok(final UnsafeBuffer buffer, final int length)
    {
        return new Response(1, 2, ResponseStatus.OK, 1, Arrays.copyOf(buffer.byteArray(), length));
    }
}
