package io.hedge.replicas.trading;

import io.hedge.codecs.trading.BalanceAnswerDecoder;
import io.hedge.codecs.trading.BalanceQueryEncoder;
import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.OrderStatusAnswerDecoder;
import io.hedge.codecs.trading.OrderStatusQueryEncoder;
import io.hedge.codecs.trading.RejectDecoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The engine's read-only queries: an order's standing and an account's balances, answered from its state without
 * changing it (the full-state hash is the same after every query).
 */
class TradingQueriesTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final long CASH = 1_000_000;
    private static final long POSITION = 1_000;

    private final TradingEngine engine = new TradingEngine(new TradingConfig(4, 3, CASH, POSITION, 100, 8));
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer answer = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(engine.config())]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private long seq;

    private void apply(final int length)
    {
        engine.apply(++seq, seq, 1, 0, request, 0, length, new UnsafeBuffer(new byte[4096]), 0);
    }

    private void order(final long accountId, final int instrumentId, final Side side, final long price, final long qty)
    {
        apply(HEADER + new NewOrderEncoder().wrapAndApplyHeader(request, 0, headerEncoder).clientOrderId(seq)
            .accountId(accountId).price(price).quantity(qty).instrumentId(instrumentId).side(side).encodedLength());
    }

    /** @return the answer's template id; the answer is at offset 0 of {@link #answer}. */
    private int query(final int length)
    {
        final long hash = engine.fullStateHash();
        final int written = engine.query(request, 0, length, answer, 0);
        assertEquals(hash, engine.fullStateHash(), "a query changes no state");
        headerDecoder.wrap(answer, 0);
        assertEquals(true, written >= HEADER + headerDecoder.blockLength(), "the length covers header and block");
        return headerDecoder.templateId();
    }

    private int orderStatus(final long accountId, final long orderId, final int instrumentId)
    {
        return query(HEADER + new OrderStatusQueryEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .accountId(accountId).orderId(orderId).instrumentId(instrumentId).encodedLength());
    }

    private OrderStatusAnswerDecoder orderAnswer()
    {
        return new OrderStatusAnswerDecoder().wrapAndApplyHeader(answer, 0, headerDecoder);
    }

    private RejectReason reject()
    {
        return new RejectDecoder().wrapAndApplyHeader(answer, 0, headerDecoder).reason();
    }

    @Test
    void aRestingOrderIsAnsweredWithWhatRestsAndADoneOneAsNoLongerResting()
    {
        order(1, 2, Side.BUY, 100, 10);   // order 1 rests
        order(2, 2, Side.SELL, 100, 4);   // order 2 fills 4 of it and is done
        assertEquals(OrderStatusAnswerDecoder.TEMPLATE_ID, orderStatus(1, 1, 2));
        OrderStatusAnswerDecoder status = orderAnswer();
        assertEquals(1, status.orderId());
        assertEquals(1, status.accountId());
        assertEquals(100, status.price());
        assertEquals(6, status.leavesQuantity());
        assertEquals(2, status.instrumentId());
        assertEquals(Side.BUY, status.side());
        assertEquals(1, status.resting());

        assertEquals(OrderStatusAnswerDecoder.TEMPLATE_ID, orderStatus(2, 2, 2));
        status = orderAnswer();
        assertEquals(2, status.orderId());
        assertEquals(0, status.resting(), "filled in full: accepted once, no longer resting");
        assertEquals(0, status.leavesQuantity());

        apply(HEADER + new CancelOrderEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .accountId(1).orderId(1).instrumentId(2).encodedLength());
        assertEquals(OrderStatusAnswerDecoder.TEMPLATE_ID, orderStatus(1, 1, 2));
        assertEquals(0, orderAnswer().resting(), "cancelled");
    }

    @Test
    void anUnknownOrderOrAccountOrAnotherAccountsOrderIsRejected()
    {
        order(1, 1, Side.BUY, 100, 10);
        assertEquals(RejectDecoder.TEMPLATE_ID, orderStatus(1, 2, 1));
        assertEquals(RejectReason.UNKNOWN_ORDER, reject(), "never accepted");
        assertEquals(RejectDecoder.TEMPLATE_ID, orderStatus(1, 1, 3));
        assertEquals(RejectReason.UNKNOWN_ORDER, reject(), "resting on another instrument");
        assertEquals(RejectDecoder.TEMPLATE_ID, orderStatus(2, 1, 1));
        assertEquals(RejectReason.NOT_ORDER_OWNER, reject());
        assertEquals(RejectDecoder.TEMPLATE_ID, orderStatus(9, 1, 1));
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, reject());
    }

    @Test
    void aBalanceShowsCashAndAPositionPerInstrumentAfterTradesAndTransfers()
    {
        order(1, 3, Side.BUY, 50, 10);    // reserves 500 cash
        order(2, 3, Side.SELL, 50, 4);    // fills 4 at 50: account 1 pays 200, gets 4
        order(1, 1, Side.SELL, 70, 5);    // reserves 5 of instrument 1
        apply(HEADER + new TransferEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .transferId(1).fromAccountId(3).toAccountId(1).amount(1_234).encodedLength());

        final int length = HEADER + new BalanceQueryEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .accountId(1).encodedLength();
        assertEquals(BalanceAnswerDecoder.TEMPLATE_ID, query(length));
        final BalanceAnswerDecoder balance = new BalanceAnswerDecoder().wrapAndApplyHeader(answer, 0, headerDecoder);
        assertEquals(1, balance.accountId());
        assertEquals(CASH - 500 + 1_234, balance.cashAvailable());
        assertEquals(300, balance.cashReserved(), "6 still resting at 50");
        final BalanceAnswerDecoder.PositionsDecoder positions = balance.positions();
        assertEquals(3, positions.count());
        final long[][] expected = {{1, POSITION - 5, 5}, {2, POSITION, 0}, {3, POSITION + 4, 0}};
        for (final long[] row : expected)
        {
            positions.next();
            assertEquals(row[0], positions.instrumentId());
            assertEquals(row[1], positions.available(), "instrument " + row[0]);
            assertEquals(row[2], positions.reserved(), "instrument " + row[0]);
        }
        assertEquals(engine.cashAvailable(1), CASH - 500 + 1_234, "the answer is the engine's own figure");

        final int unknown = HEADER + new BalanceQueryEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .accountId(0).encodedLength();
        assertEquals(RejectDecoder.TEMPLATE_ID, query(unknown));
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, reject());
    }

    @Test
    void malformedOrForeignBytesAreRejectedAndATooSmallBufferIsAWiringError()
    {
        assertEquals(RejectDecoder.TEMPLATE_ID, query(3));
        assertEquals(RejectReason.MALFORMED, reject());
        final int length = HEADER + new OrderStatusQueryEncoder().wrapAndApplyHeader(request, 0, headerEncoder)
            .accountId(1).orderId(1).instrumentId(1).encodedLength();
        assertEquals(RejectDecoder.TEMPLATE_ID, query(length - 1));
        assertEquals(RejectReason.MALFORMED, reject(), "a truncated body");
        apply(HEADER + new NewOrderEncoder().wrapAndApplyHeader(request, 0, headerEncoder).clientOrderId(1)
            .accountId(1).price(1).quantity(1).instrumentId(1).side(Side.BUY).encodedLength());
        new NewOrderEncoder().wrapAndApplyHeader(request, 0, headerEncoder);
        assertEquals(RejectDecoder.TEMPLATE_ID, query(HEADER + NewOrderEncoder.BLOCK_LENGTH));
        assertEquals(RejectReason.UNKNOWN_MESSAGE, reject(), "a request is not a query");
        assertThrows(IllegalArgumentException.class,
            () -> engine.query(request, 0, length, new UnsafeBuffer(new byte[16]), 0));
    }
}
