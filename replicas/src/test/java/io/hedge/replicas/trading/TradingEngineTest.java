package io.hedge.replicas.trading;

import io.hedge.codecs.trading.CancelAckDecoder;
import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.RejectDecoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferAckDecoder;
import io.hedge.codecs.trading.TransferEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TradingEngineTest
{
    private static final int ACCOUNTS = 4;
    private static final int INSTRUMENTS = 2;
    private static final long CASH = 1_000_000;
    private static final long POSITION = 1_000;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final UnsafeBuffer request = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[8 * 1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelEncoder = new CancelOrderEncoder();
    private final TransferEncoder transferEncoder = new TransferEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();
    private final CancelAckDecoder cancelAckDecoder = new CancelAckDecoder();
    private final TransferAckDecoder transferAckDecoder = new TransferAckDecoder();
    private final RejectDecoder rejectDecoder = new RejectDecoder();

    private TradingEngine engine;
    private long seq;
    private int responseLength;

    @BeforeEach
    void setUp()
    {
        engine = new TradingEngine(new TradingConfig(ACCOUNTS, INSTRUMENTS, CASH, POSITION, 100, 64));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // orders and matching

    @Test
    void buyRestsWhenNothingCrossesAndReservesCash()
    {
        final ExecutionReportDecoder report = order(77, 1, 1, Side.BUY, 100, 10);

        assertEquals(1, report.orderId());
        assertEquals(77, report.clientOrderId());
        assertEquals(1, report.accountId());
        assertEquals(1, report.instrumentId());
        assertEquals(Side.BUY, report.side());
        assertEquals(100, report.price());
        assertEquals(10, report.quantity());
        assertEquals(0, report.filledQuantity());
        assertEquals(10, report.leavesQuantity());
        assertEquals(OrderStatus.NEW, report.status());
        assertEquals(0, report.fills().count());
        assertEquals(responseLength, HEADER + report.sbeDecodedLength());

        assertEquals(CASH - 1_000, engine.cashAvailable(1));
        assertEquals(1_000, engine.cashReserved(1));
        assertEquals(1, engine.restingOrders());
    }

    @Test
    void sellRestsAndReservesPosition()
    {
        final ExecutionReportDecoder report = order(1, 2, 2, Side.SELL, 100, 7);

        assertEquals(OrderStatus.NEW, report.status());
        assertEquals(POSITION - 7, engine.positionAvailable(2, 2));
        assertEquals(7, engine.positionReserved(2, 2));
        assertEquals(POSITION, engine.positionAvailable(2, 1));
        assertEquals(CASH, engine.cashAvailable(2));
    }

    @Test
    void fullFillAtMakerPrice()
    {
        order(1, 2, 1, Side.SELL, 100, 10);
        final ExecutionReportDecoder report = order(2, 1, 1, Side.BUY, 105, 10);

        assertEquals(2, report.orderId());
        assertEquals(OrderStatus.FILLED, report.status());
        assertEquals(10, report.filledQuantity());
        assertEquals(0, report.leavesQuantity());
        final ExecutionReportDecoder.FillsDecoder fills = report.fills();
        assertEquals(1, fills.count());
        fills.next();
        assertEquals(1, fills.tradeId());
        assertEquals(1, fills.makerOrderId());
        assertEquals(2, fills.makerAccountId());
        assertEquals(100, fills.price());
        assertEquals(10, fills.quantity());

        // the buyer reserved at 105 but paid 100: the difference is back in available cash
        assertEquals(CASH - 1_000, engine.cashAvailable(1));
        assertEquals(0, engine.cashReserved(1));
        assertEquals(POSITION + 10, engine.positionAvailable(1, 1));
        assertEquals(CASH + 1_000, engine.cashAvailable(2));
        assertEquals(POSITION - 10, engine.positionAvailable(2, 1));
        assertEquals(0, engine.positionReserved(2, 1));
        assertEquals(0, engine.restingOrders());
        assertConserved();
    }

    @Test
    void sellAggressorTradesAtBidPrice()
    {
        order(1, 1, 1, Side.BUY, 110, 10);
        final ExecutionReportDecoder report = order(2, 2, 1, Side.SELL, 100, 10);

        assertEquals(OrderStatus.FILLED, report.status());
        final ExecutionReportDecoder.FillsDecoder fills = report.fills();
        fills.next();
        assertEquals(110, fills.price());
        assertEquals(CASH - 1_100, engine.cashAvailable(1));
        assertEquals(0, engine.cashReserved(1));
        assertEquals(CASH + 1_100, engine.cashAvailable(2));
        assertEquals(0, engine.positionReserved(2, 1));
        assertConserved();
    }

    @Test
    void partialFillOfAggressorRestsTheRemainder()
    {
        order(1, 2, 1, Side.SELL, 100, 4);
        final ExecutionReportDecoder report = order(2, 1, 1, Side.BUY, 101, 10);

        assertEquals(OrderStatus.PARTIALLY_FILLED, report.status());
        assertEquals(4, report.filledQuantity());
        assertEquals(6, report.leavesQuantity());
        assertEquals(1, report.fills().count());
        assertEquals(1, engine.restingOrders());
        assertEquals(6 * 101, engine.cashReserved(1));
        assertEquals(CASH - 4 * 100 - 6 * 101, engine.cashAvailable(1));

        // the remainder rests as a bid at 101: a sell at 101 takes it
        final ExecutionReportDecoder next = order(3, 3, 1, Side.SELL, 101, 6);
        assertEquals(OrderStatus.FILLED, next.status());
        final ExecutionReportDecoder.FillsDecoder fills = next.fills();
        fills.next();
        assertEquals(2, fills.makerOrderId());
        assertEquals(101, fills.price());
        assertEquals(0, engine.cashReserved(1));
        assertEquals(0, engine.restingOrders());
        assertConserved();
    }

    @Test
    void partialFillOfMakerKeepsItsPlace()
    {
        order(1, 2, 1, Side.SELL, 100, 10);
        order(2, 3, 1, Side.SELL, 100, 10);
        final ExecutionReportDecoder first = order(3, 1, 1, Side.BUY, 100, 3);
        assertEquals(OrderStatus.FILLED, first.status());
        ExecutionReportDecoder.FillsDecoder fills = first.fills();
        fills.next();
        assertEquals(1, fills.makerOrderId());

        final ExecutionReportDecoder second = order(4, 1, 1, Side.BUY, 100, 9);
        fills = second.fills();
        assertEquals(2, fills.count());
        fills.next();
        assertEquals(1, fills.makerOrderId());
        assertEquals(7, fills.quantity());
        assertEquals(2, fills.tradeId());
        fills.next();
        assertEquals(2, fills.makerOrderId());
        assertEquals(2, fills.quantity());
        assertEquals(3, fills.tradeId());
        assertEquals(2 * 10 - 3 - 7 - 2, engine.positionReserved(3, 1));
        assertConserved();
    }

    @Test
    void priceTimePriorityAcrossAndWithinAskLevels()
    {
        order(1, 2, 1, Side.SELL, 102, 5); // order 1
        order(2, 3, 1, Side.SELL, 101, 5); // order 2, first at 101
        order(3, 4, 1, Side.SELL, 101, 5); // order 3, second at 101
        order(4, 2, 1, Side.SELL, 100, 5); // order 4, best
        order(5, 3, 1, Side.SELL, 103, 5); // order 5, beyond the limit below

        final ExecutionReportDecoder report = order(6, 1, 1, Side.BUY, 102, 18);
        assertEquals(OrderStatus.FILLED, report.status());
        final ExecutionReportDecoder.FillsDecoder fills = report.fills();
        assertEquals(4, fills.count());
        final long[][] expected = {{4, 2, 100, 5}, {2, 3, 101, 5}, {3, 4, 101, 5}, {1, 2, 102, 3}};
        long tradeId = 1;
        for (final long[] e : expected)
        {
            fills.next();
            assertEquals(tradeId++, fills.tradeId());
            assertEquals(e[0], fills.makerOrderId());
            assertEquals(e[1], fills.makerAccountId());
            assertEquals(e[2], fills.price());
            assertEquals(e[3], fills.quantity());
        }

        final long paid = 500 + 505 + 505 + 306;
        assertEquals(CASH - paid, engine.cashAvailable(1));
        assertEquals(0, engine.cashReserved(1));
        assertEquals(2, engine.restingOrders());
        assertEquals(2, cancel(2, 1, 1).cancelledQuantity());
        assertEquals(5, cancel(3, 5, 1).cancelledQuantity());
        assertConserved();
    }

    @Test
    void priceTimePriorityAcrossAndWithinBidLevels()
    {
        order(1, 2, 2, Side.BUY, 98, 5);  // order 1
        order(2, 3, 2, Side.BUY, 99, 5);  // order 2, first at 99
        order(3, 4, 2, Side.BUY, 99, 5);  // order 3, second at 99
        order(4, 2, 2, Side.BUY, 100, 5); // order 4, best
        order(5, 3, 2, Side.BUY, 97, 5);  // order 5, below the limit

        final ExecutionReportDecoder report = order(6, 1, 2, Side.SELL, 98, 20);
        assertEquals(OrderStatus.FILLED, report.status());
        final ExecutionReportDecoder.FillsDecoder fills = report.fills();
        final long[] expectedMakers = {4, 2, 3, 1};
        final long[] expectedPrices = {100, 99, 99, 98};
        assertEquals(4, fills.count());
        for (int i = 0; i < 4; i++)
        {
            fills.next();
            assertEquals(expectedMakers[i], fills.makerOrderId());
            assertEquals(expectedPrices[i], fills.price());
            assertEquals(5, fills.quantity());
        }
        assertEquals(CASH + 500 + 495 + 495 + 490, engine.cashAvailable(1));
        assertEquals(POSITION - 20, engine.positionAvailable(1, 2));
        assertEquals(1, engine.restingOrders());
        assertConserved();
    }

    @Test
    void instrumentsHaveSeparateBooks()
    {
        order(1, 2, 1, Side.SELL, 100, 5);
        final ExecutionReportDecoder report = order(2, 1, 2, Side.BUY, 100, 5);
        assertEquals(OrderStatus.NEW, report.status());
        assertEquals(2, engine.restingOrders());
    }

    @Test
    void aggressorStopsAfterMaxFillsAndRestsTheRemainder()
    {
        engine = new TradingEngine(new TradingConfig(ACCOUNTS, INSTRUMENTS, CASH, POSITION, 100, 3));
        for (int i = 0; i < 5; i++)
        {
            order(i, 2, 1, Side.SELL, 100 + i, 1);
        }
        final ExecutionReportDecoder report = order(9, 1, 1, Side.BUY, 200, 5);
        assertEquals(OrderStatus.PARTIALLY_FILLED, report.status());
        assertEquals(3, report.fills().count());
        assertEquals(3, report.filledQuantity());
        assertEquals(2, report.leavesQuantity());
        assertEquals(3, engine.restingOrders()); // two asks left and the remainder of the bid
        assertEquals(2 * 200, engine.cashReserved(1));
        assertConserved();
    }

    @Test
    void selfTradeIsAllowedAndConserves()
    {
        order(1, 1, 1, Side.SELL, 100, 5);
        final ExecutionReportDecoder report = order(2, 1, 1, Side.BUY, 100, 5);
        assertEquals(OrderStatus.FILLED, report.status());
        assertEquals(CASH, engine.cashAvailable(1));
        assertEquals(POSITION, engine.positionAvailable(1, 1));
        assertEquals(0, engine.cashReserved(1));
        assertEquals(0, engine.positionReserved(1, 1));
        assertConserved();
    }

    @Test
    void bookFullRejectsNewOrdersUntilOneLeaves()
    {
        engine = new TradingEngine(new TradingConfig(ACCOUNTS, INSTRUMENTS, CASH, POSITION, 3, 64));
        order(1, 1, 1, Side.BUY, 90, 1);
        order(2, 1, 1, Side.BUY, 91, 1);
        order(3, 1, 1, Side.BUY, 92, 1);
        assertReject(newOrderRequest(4, 2, 1, Side.SELL, 90, 1), 4, RejectReason.BOOK_FULL);
        assertEquals(4, engine.nextOrderId());

        cancel(1, 1, 1);
        final ExecutionReportDecoder report = order(5, 2, 1, Side.SELL, 95, 1);
        assertEquals(4, report.orderId());
        assertEquals(3, engine.restingOrders());
    }

    @Test
    void orderIdsAreOnlyTakenByAcceptedOrders()
    {
        assertReject(newOrderRequest(1, 1, 1, Side.BUY, 0, 1), 1, RejectReason.INVALID_PRICE);
        assertEquals(1, order(2, 1, 1, Side.BUY, 10, 1).orderId());
        assertEquals(2, order(3, 1, 1, Side.BUY, 10, 1).orderId());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // cancels

    @Test
    void cancelOfRestingBuyReleasesReservedCash()
    {
        order(1, 1, 1, Side.BUY, 100, 10);
        final CancelAckDecoder ack = cancel(1, 1, 1);
        assertEquals(1, ack.orderId());
        assertEquals(1, ack.accountId());
        assertEquals(1, ack.instrumentId());
        assertEquals(10, ack.cancelledQuantity());
        assertEquals(CASH, engine.cashAvailable(1));
        assertEquals(0, engine.cashReserved(1));
        assertEquals(0, engine.restingOrders());

        // and the order is gone from the book
        assertEquals(OrderStatus.NEW, order(2, 2, 1, Side.SELL, 100, 10).status());
    }

    @Test
    void cancelOfPartlyFilledSellReleasesTheRestOfItsPosition()
    {
        order(1, 2, 1, Side.SELL, 100, 10);
        order(2, 1, 1, Side.BUY, 100, 4);
        assertEquals(6, cancel(2, 1, 1).cancelledQuantity());
        assertEquals(POSITION - 4, engine.positionAvailable(2, 1));
        assertEquals(0, engine.positionReserved(2, 1));
        assertConserved();
    }

    @Test
    void cancelOfUnknownOrderIsRejected()
    {
        assertReject(cancelRequest(1, 42, 1), 42, RejectReason.UNKNOWN_ORDER);
    }

    @Test
    void cancelOfFilledOrCancelledOrderIsRejected()
    {
        order(1, 2, 1, Side.SELL, 100, 1);
        order(2, 1, 1, Side.BUY, 100, 1);
        assertReject(cancelRequest(2, 1, 1), 1, RejectReason.UNKNOWN_ORDER);

        order(3, 1, 1, Side.BUY, 50, 1); // order 3
        cancel(1, 3, 1);
        assertReject(cancelRequest(1, 3, 1), 3, RejectReason.UNKNOWN_ORDER);
    }

    @Test
    void cancelNamingAnotherInstrumentIsRejected()
    {
        order(1, 1, 1, Side.BUY, 100, 1);
        assertReject(cancelRequest(1, 1, 2), 1, RejectReason.UNKNOWN_ORDER);
        assertEquals(1, engine.restingOrders());
    }

    @Test
    void cancelByAnotherAccountIsRejectedAndTheOrderStays()
    {
        order(1, 1, 1, Side.BUY, 100, 10);
        assertReject(cancelRequest(2, 1, 1), 1, RejectReason.NOT_ORDER_OWNER);
        assertEquals(1, engine.restingOrders());
        assertEquals(1_000, engine.cashReserved(1));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // order validation

    @Test
    void buyBeyondAvailableCashIsRejected()
    {
        assertReject(newOrderRequest(5, 1, 1, Side.BUY, 1_000, 1_001), 5, RejectReason.INSUFFICIENT_FUNDS);
        // exactly all of it is fine, and then nothing more
        assertEquals(OrderStatus.NEW, order(6, 1, 1, Side.BUY, 1_000, 1_000).status());
        assertReject(newOrderRequest(7, 1, 2, Side.BUY, 1, 1), 7, RejectReason.INSUFFICIENT_FUNDS);
        assertEquals(0, engine.cashAvailable(1));
    }

    @Test
    void sellBeyondAvailablePositionIsRejected()
    {
        assertReject(newOrderRequest(5, 1, 1, Side.SELL, 10, POSITION + 1), 5, RejectReason.INSUFFICIENT_POSITION);
        order(6, 1, 1, Side.SELL, 10, POSITION);
        assertReject(newOrderRequest(7, 1, 1, Side.SELL, 10, 1), 7, RejectReason.INSUFFICIENT_POSITION);
        // positions are per instrument
        assertEquals(OrderStatus.NEW, order(8, 1, 2, Side.SELL, 10, 1).status());
    }

    @Test
    void unknownAccountOrInstrumentIsRejected()
    {
        assertReject(newOrderRequest(1, 0, 1, Side.BUY, 10, 1), 1, RejectReason.UNKNOWN_ACCOUNT);
        assertReject(newOrderRequest(2, ACCOUNTS + 1, 1, Side.BUY, 10, 1), 2, RejectReason.UNKNOWN_ACCOUNT);
        assertReject(newOrderRequest(3, -1, 1, Side.BUY, 10, 1), 3, RejectReason.UNKNOWN_ACCOUNT);
        assertReject(newOrderRequest(4, Long.MAX_VALUE, 1, Side.BUY, 10, 1), 4, RejectReason.UNKNOWN_ACCOUNT);
        assertReject(newOrderRequest(5, 1, 0, Side.BUY, 10, 1), 5, RejectReason.UNKNOWN_INSTRUMENT);
        assertReject(newOrderRequest(6, 1, INSTRUMENTS + 1, Side.BUY, 10, 1), 6, RejectReason.UNKNOWN_INSTRUMENT);
        assertReject(newOrderRequest(7, 1, -5, Side.BUY, 10, 1), 7, RejectReason.UNKNOWN_INSTRUMENT);
    }

    @Test
    void nonPositivePriceOrQuantityIsRejected()
    {
        assertReject(newOrderRequest(1, 1, 1, Side.BUY, 0, 1), 1, RejectReason.INVALID_PRICE);
        assertReject(newOrderRequest(2, 1, 1, Side.SELL, -100, 1), 2, RejectReason.INVALID_PRICE);
        assertReject(newOrderRequest(3, 1, 1, Side.BUY, 10, 0), 3, RejectReason.INVALID_QUANTITY);
        assertReject(newOrderRequest(4, 1, 1, Side.SELL, 10, -1), 4, RejectReason.INVALID_QUANTITY);
        assertReject(newOrderRequest(5, 1, 1, Side.BUY, Long.MIN_VALUE, 1), 5, RejectReason.INVALID_PRICE);
    }

    @Test
    void priceTimesQuantityThatWouldOverflowIsRejected()
    {
        engine = new TradingEngine(new TradingConfig(2, 1, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 10, 64));
        assertReject(newOrderRequest(1, 1, 1, Side.BUY, Long.MAX_VALUE, 1), 1, RejectReason.INVALID_PRICE);
        assertReject(newOrderRequest(2, 1, 1, Side.BUY, 1_000_000_000, 1_000_000_000), 2,
            RejectReason.INVALID_QUANTITY);
        assertReject(newOrderRequest(3, 1, 1, Side.SELL, 4, Long.MAX_VALUE / 2), 3, RejectReason.INVALID_QUANTITY);
        assertReject(newOrderRequest(4, 1, 1, Side.BUY, 1, TradingEngine.MAX_NOTIONAL + 1), 4,
            RejectReason.INVALID_QUANTITY);
        // the largest notional is accepted
        assertEquals(OrderStatus.NEW, order(5, 1, 1, Side.BUY, 1_000, TradingEngine.MAX_NOTIONAL / 1_000).status());
        assertEquals(TradingEngine.MAX_NOTIONAL, engine.cashReserved(1));
        assertEquals(2 * (Long.MAX_VALUE / 2), engine.totalCash());
    }

    @Test
    void invalidSideIsRejected()
    {
        for (final byte side : new byte[]{0, 3, (byte)255})
        {
            final int length = newOrderRequest(9, 1, 1, Side.BUY, 10, 1);
            request.putByte(HEADER + NewOrderEncoder.sideEncodingOffset(), side);
            assertReject(length, 9, RejectReason.INVALID_SIDE);
        }
        assertEquals(0, engine.restingOrders());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transfers

    @Test
    void transferMovesCash()
    {
        final TransferAckDecoder ack = transfer(55, 1, 2, 300);
        assertEquals(55, ack.transferId());
        assertEquals(1, ack.fromAccountId());
        assertEquals(2, ack.toAccountId());
        assertEquals(300, ack.amount());
        assertEquals(CASH - 300, ack.fromBalance());
        assertEquals(CASH + 300, ack.toBalance());
        assertEquals(CASH - 300, engine.cashAvailable(1));
        assertEquals(CASH + 300, engine.cashAvailable(2));
        assertConserved();
    }

    @Test
    void transferBeyondAvailableCashIsRejected()
    {
        assertReject(transferRequest(1, 1, 2, CASH + 1), 1, RejectReason.INSUFFICIENT_FUNDS);
        // reserved cash cannot be transferred either
        order(2, 1, 1, Side.BUY, 100, 10);
        assertReject(transferRequest(3, 1, 2, CASH - 999), 3, RejectReason.INSUFFICIENT_FUNDS);
        final TransferAckDecoder ack = transfer(4, 1, 2, CASH - 1_000);
        assertEquals(0, ack.fromBalance());
        assertEquals(2 * CASH - 1_000, ack.toBalance());
        assertEquals(0, engine.cashAvailable(1));
        assertEquals(1_000, engine.cashReserved(1));
        assertConserved();
    }

    @Test
    void transferToTheSameAccountIsRejected()
    {
        assertReject(transferRequest(1, 3, 3, 10), 1, RejectReason.SAME_ACCOUNT);
    }

    @Test
    void transferWithUnknownAccountOrBadAmountIsRejected()
    {
        assertReject(transferRequest(1, 0, 2, 10), 1, RejectReason.UNKNOWN_ACCOUNT);
        assertReject(transferRequest(2, 1, ACCOUNTS + 1, 10), 2, RejectReason.UNKNOWN_ACCOUNT);
        assertReject(transferRequest(3, 1, 2, 0), 3, RejectReason.INVALID_AMOUNT);
        assertReject(transferRequest(4, 1, 2, -10), 4, RejectReason.INVALID_AMOUNT);
        assertEquals(CASH, engine.cashAvailable(1));
        assertEquals(CASH, engine.cashAvailable(2));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // malformed input

    @Test
    void requestShorterThanAHeaderIsMalformed()
    {
        for (int length = 0; length < HEADER; length++)
        {
            assertReject(length, 0, 0, RejectReason.MALFORMED);
        }
        assertReject(-1, 0, 0, RejectReason.MALFORMED);
    }

    @Test
    void requestLongerThanItsBufferIsMalformed()
    {
        newOrderRequest(1, 1, 1, Side.BUY, 10, 1);
        assertReject(request.capacity() + 1, 0, 0, RejectReason.MALFORMED);
    }

    @Test
    void truncatedBodyIsMalformed()
    {
        final int orderLength = newOrderRequest(1, 1, 1, Side.BUY, 10, 1);
        for (int length = HEADER; length < orderLength; length++)
        {
            assertReject(length, 0, NewOrderEncoder.TEMPLATE_ID, RejectReason.MALFORMED);
        }
        final int cancelLength = cancelRequest(1, 1, 1);
        assertReject(cancelLength - 1, 0, CancelOrderEncoder.TEMPLATE_ID, RejectReason.MALFORMED);
        final int transferLength = transferRequest(1, 1, 2, 1);
        assertReject(transferLength - 1, 0, TransferEncoder.TEMPLATE_ID, RejectReason.MALFORMED);
        assertEquals(0, engine.restingOrders());
        assertEquals(CASH, engine.cashAvailable(1));
    }

    @Test
    void blockLengthShorterThanTheSchemaIsMalformed()
    {
        final int length = newOrderRequest(1, 1, 1, Side.BUY, 10, 1);
        headerEncoder.wrap(request, 0).blockLength(NewOrderEncoder.BLOCK_LENGTH - 1);
        assertReject(length, 0, NewOrderEncoder.TEMPLATE_ID, RejectReason.MALFORMED);
    }

    @Test
    void longerBlockOfANewerVersionIsAccepted()
    {
        newOrderRequest(1, 1, 1, Side.BUY, 10, 1);
        headerEncoder.wrap(request, 0).blockLength(NewOrderEncoder.BLOCK_LENGTH + 8).version(1);
        final int length = HEADER + NewOrderEncoder.BLOCK_LENGTH + 8;
        apply(length);
        assertEquals(ExecutionReportDecoder.TEMPLATE_ID, responseTemplateId());
    }

    @Test
    void unknownTemplateOrSchemaIsUnknownMessage()
    {
        int length = newOrderRequest(1, 1, 1, Side.BUY, 10, 1);
        headerEncoder.wrap(request, 0).templateId(99);
        assertReject(length, 0, 99, RejectReason.UNKNOWN_MESSAGE);

        length = newOrderRequest(1, 1, 1, Side.BUY, 10, 1);
        headerEncoder.wrap(request, 0).schemaId(7703);
        assertReject(length, 0, NewOrderEncoder.TEMPLATE_ID, RejectReason.UNKNOWN_MESSAGE);

        // a response sent back as a request is not a request
        headerEncoder.wrap(request, 0).schemaId(NewOrderEncoder.SCHEMA_ID).templateId(ExecutionReportDecoder.TEMPLATE_ID);
        assertReject(length, 0, ExecutionReportDecoder.TEMPLATE_ID, RejectReason.UNKNOWN_MESSAGE);
        assertEquals(0, engine.restingOrders());
    }

    @Test
    void randomGarbageNeverThrowsAndConserves()
    {
        final long before = engine.fullStateHash();
        final Random random = new Random(1234);
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[128]);
        int rejects = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final int length = random.nextInt(garbage.capacity() + 1);
            for (int j = 0; j < length; j++)
            {
                garbage.putByte(j, (byte)random.nextInt());
            }
            // half the time make the header plausible so that decoding gets further in
            if (length >= HEADER && random.nextBoolean())
            {
                headerEncoder.wrap(garbage, 0)
                    .schemaId(NewOrderEncoder.SCHEMA_ID)
                    .templateId(1 + random.nextInt(3))
                    .blockLength(random.nextInt(64));
            }
            final int written = engine.apply(++seq, 0, 1L, 0, garbage, 0, length, response, 0);
            assertTrue(written >= HEADER, "response written");
            headerDecoder.wrap(response, 0);
            assertEquals(NewOrderEncoder.SCHEMA_ID, headerDecoder.schemaId());
            if (headerDecoder.templateId() == RejectDecoder.TEMPLATE_ID)
            {
                rejects++;
            }
        }
        assertTrue(rejects > 15_000, "most garbage is rejected: " + rejects);
        assertConserved();
        // garbage that passed validation changed state; the plain unreadable kind does not
        final TradingEngine fresh = new TradingEngine(new TradingConfig(ACCOUNTS, INSTRUMENTS, CASH, POSITION, 100, 64));
        assertEquals(before, fresh.fullStateHash());
        for (int length = 0; length < HEADER; length++)
        {
            fresh.apply(1, 0, 1L, 0, garbage, 0, length, response, 0);
        }
        assertEquals(before, fresh.fullStateHash());
    }

    @Test
    void tooSmallResponseBufferIsAWiringErrorNotAStateChange()
    {
        final long before = engine.fullStateHash();
        final int length = newOrderRequest(1, 1, 1, Side.BUY, 10, 1);
        final UnsafeBuffer small = new UnsafeBuffer(new byte[64]);
        assertThrows(IllegalArgumentException.class, () -> engine.apply(1, 0, 1L, 0, request, 0, length, small, 0));
        assertEquals(before, engine.fullStateHash());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // state hash and invariants

    @Test
    void fullStateHashDependsOnStateAndNotOnInstance()
    {
        final TradingEngine other = new TradingEngine(new TradingConfig(ACCOUNTS, INSTRUMENTS, CASH, POSITION, 100, 64));
        assertEquals(other.fullStateHash(), engine.fullStateHash());

        order(1, 1, 1, Side.BUY, 100, 10);
        final long afterOrder = engine.fullStateHash();
        assertNotEquals(other.fullStateHash(), afterOrder);

        // same balances and counters, but a different order in the book
        final TradingEngine third = new TradingEngine(new TradingConfig(ACCOUNTS, INSTRUMENTS, CASH, POSITION, 100, 64));
        final int length = newOrderRequest(1, 1, 1, Side.BUY, 10, 100);
        third.apply(1, 0, 1L, 0, request, 0, length, response, 0);
        assertEquals(engine.cashReserved(1), third.cashReserved(1));
        assertNotEquals(afterOrder, third.fullStateHash());

        cancel(1, 1, 1);
        assertNotEquals(afterOrder, engine.fullStateHash());
    }

    @Test
    void longRandomRunConservesCashAndPositionsAndKeepsReportsConsistent()
    {
        // little cash and position so that funds and position rejects happen too
        final TradingConfig config = new TradingConfig(50, 3, 5_000_000, 5_000, 20_000, 8);
        engine = new TradingEngine(config);
        final TradingWorkload workload = new TradingWorkload(42, config, 70, 20, 10);
        final long totalCash = config.accounts() * config.initialCash();
        final long totalPosition = config.accounts() * config.initialPosition();
        final long[] ownerOf = new long[300_000];
        final int[] instrumentOf = new int[300_000];
        final int[] counts = new int[16];
        final int[] rejectReasons = new int[16];

        for (int i = 0; i < 200_000; i++)
        {
            final int length = workload.next(request, 0);
            apply(length);
            final int templateId = responseTemplateId();
            counts[templateId]++;
            if (templateId == ExecutionReportDecoder.TEMPLATE_ID)
            {
                final ExecutionReportDecoder report = reportDecoder.wrapAndApplyHeader(response, 0, headerDecoder);
                ownerOf[(int)report.orderId()] = report.accountId();
                instrumentOf[(int)report.orderId()] = report.instrumentId();
                assertReportConsistent(report);
            }
            else if (templateId == RejectDecoder.TEMPLATE_ID)
            {
                rejectReasons[rejectDecoder.wrapAndApplyHeader(response, 0, headerDecoder).reason().value()]++;
            }
            if (i % 10_000 == 0)
            {
                assertEquals(totalCash, engine.totalCash());
                for (int instrument = 1; instrument <= config.instruments(); instrument++)
                {
                    assertEquals(totalPosition, engine.totalPosition(instrument));
                }
            }
        }

        assertEquals(totalCash, engine.totalCash());
        for (int a = 1; a <= config.accounts(); a++)
        {
            assertTrue(engine.cashAvailable(a) >= 0 && engine.cashReserved(a) >= 0);
            for (int instrument = 1; instrument <= config.instruments(); instrument++)
            {
                assertTrue(engine.positionAvailable(a, instrument) >= 0);
                assertTrue(engine.positionReserved(a, instrument) >= 0);
            }
        }
        assertTrue(counts[ExecutionReportDecoder.TEMPLATE_ID] > 50_000, "orders accepted");
        assertTrue(counts[CancelAckDecoder.TEMPLATE_ID] > 1_000, "cancels acknowledged");
        assertTrue(counts[TransferAckDecoder.TEMPLATE_ID] > 1_000, "transfers acknowledged");
        assertTrue(rejectReasons[RejectReason.INSUFFICIENT_FUNDS.value()] > 100, "funds rejects");
        assertTrue(rejectReasons[RejectReason.INSUFFICIENT_POSITION.value()] > 100, "position rejects");
        assertTrue(rejectReasons[RejectReason.UNKNOWN_ORDER.value()] > 100, "stale cancels");
        assertTrue(engine.restingOrders() > 0);

        // cancelling everything left must give back every reservation exactly
        for (long orderId = 1; orderId < engine.nextOrderId(); orderId++)
        {
            final int length = cancelRequest(ownerOf[(int)orderId], orderId, instrumentOf[(int)orderId]);
            apply(length);
        }
        assertEquals(0, engine.restingOrders());
        for (int a = 1; a <= config.accounts(); a++)
        {
            assertEquals(0, engine.cashReserved(a));
            for (int instrument = 1; instrument <= config.instruments(); instrument++)
            {
                assertEquals(0, engine.positionReserved(a, instrument));
            }
        }
        assertEquals(totalCash, engine.totalCash());
        for (int instrument = 1; instrument <= config.instruments(); instrument++)
        {
            assertEquals(totalPosition, engine.totalPosition(instrument));
        }
    }

    @Test
    void applyDoesNotAllocateOnceWarm()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter on this JVM");
        final com.sun.management.ThreadMXBean threadBean = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threadBean.isThreadAllocatedMemorySupported() && threadBean.isThreadAllocatedMemoryEnabled(),
            "allocation counter disabled");

        // one instrument and few accounts so that the cancels below can find every order's owner
        final TradingConfig config = new TradingConfig(4, 1, 1_000_000_000_000L, 1_000_000_000L, 1_000, 64);
        engine = new TradingEngine(config);
        final int count = 256;
        final UnsafeBuffer requests = new UnsafeBuffer(new byte[count * TradingWorkload.MAX_REQUEST_LENGTH]);
        final int[] lengths = new int[count];
        final TradingWorkload workload = new TradingWorkload(7, config, 100, 0, 0);
        for (int i = 0; i < count; i++)
        {
            lengths[i] = workload.next(requests, i * TradingWorkload.MAX_REQUEST_LENGTH);
        }
        final UnsafeBuffer cancels = new UnsafeBuffer(new byte[CancelOrderEncoder.BLOCK_LENGTH + HEADER]);

        // warm-up rounds grow the pools to the working set; the measured rounds then repeat the same shape
        runRounds(requests, lengths, cancels, 2_000);
        assertEquals(0, engine.restingOrders());
        assertTrue(engine.nextTradeId() > 100_000, "the rounds trade as well as rest");
        final long threadId = Thread.currentThread().getId();
        final long before = threadBean.getThreadAllocatedBytes(threadId);
        runRounds(requests, lengths, cancels, 200);
        final long allocated = threadBean.getThreadAllocatedBytes(threadId) - before;
        assertEquals(0, allocated, "bytes allocated by 51,200 orders and their cancels");
    }

    /**
     * Each round sends the same orders, then cancels every order of the round, so the book returns to empty and the
     * working set stays the same from round to round.
     */
    private void runRounds(final UnsafeBuffer requests, final int[] lengths, final UnsafeBuffer cancels, final int rounds)
    {
        final int count = lengths.length;
        for (int round = 0; round < rounds; round++)
        {
            final long firstId = engine.nextOrderId();
            for (int i = 0; i < count; i++)
            {
                engine.apply(++seq, 0, 1L, 0, requests, i * TradingWorkload.MAX_REQUEST_LENGTH, lengths[i], response, 0);
            }
            final long lastId = engine.nextOrderId();
            for (long orderId = firstId; orderId < lastId; orderId++)
            {
                // the owner is unknown here: try each account; the wrong ones are cheap rejects
                for (int account = 1; account <= engine.config().accounts(); account++)
                {
                    cancelEncoder.wrapAndApplyHeader(cancels, 0, headerEncoder)
                        .accountId(account).orderId(orderId).instrumentId(1);
                    engine.apply(++seq, 0, 1L, 0, cancels, 0, cancels.capacity(), response, 0);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    private void assertReportConsistent(final ExecutionReportDecoder report)
    {
        assertEquals(report.quantity(), report.filledQuantity() + report.leavesQuantity());
        final ExecutionReportDecoder.FillsDecoder fills = report.fills();
        long filled = 0;
        while (fills.hasNext())
        {
            fills.next();
            filled += fills.quantity();
            assertTrue(fills.quantity() > 0);
            if (report.side() == Side.BUY)
            {
                assertTrue(fills.price() <= report.price(), "buy fills at or below its limit");
            }
            else
            {
                assertTrue(fills.price() >= report.price(), "sell fills at or above its limit");
            }
        }
        assertEquals(report.filledQuantity(), filled);
        final OrderStatus expected = 0 == filled ? OrderStatus.NEW :
            0 == report.leavesQuantity() ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        assertEquals(expected, report.status());
    }

    private void assertConserved()
    {
        assertEquals(ACCOUNTS * CASH, engine.totalCash());
        for (int instrument = 1; instrument <= INSTRUMENTS; instrument++)
        {
            assertEquals(ACCOUNTS * POSITION, engine.totalPosition(instrument));
        }
    }

    private void apply(final int length)
    {
        responseLength = engine.apply(++seq, seq * 1_000, 1L, 0, request, 0, length, response, 0);
        assertTrue(responseLength >= HEADER);
    }

    private int responseTemplateId()
    {
        headerDecoder.wrap(response, 0);
        assertEquals(NewOrderEncoder.SCHEMA_ID, headerDecoder.schemaId());
        return headerDecoder.templateId();
    }

    private ExecutionReportDecoder order(
        final long clientOrderId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity)
    {
        apply(newOrderRequest(clientOrderId, accountId, instrumentId, side, price, quantity));
        final int templateId = responseTemplateId();
        if (templateId != ExecutionReportDecoder.TEMPLATE_ID)
        {
            fail("expected an ExecutionReport, got template " + templateId + ": " + describeReject());
        }
        final ExecutionReportDecoder report = reportDecoder.wrapAndApplyHeader(response, 0, headerDecoder);
        assertEquals(responseLength, HEADER + report.sbeDecodedLength());
        report.sbeRewind();
        return report;
    }

    private CancelAckDecoder cancel(final long accountId, final long orderId, final int instrumentId)
    {
        apply(cancelRequest(accountId, orderId, instrumentId));
        final int templateId = responseTemplateId();
        if (templateId != CancelAckDecoder.TEMPLATE_ID)
        {
            fail("expected a CancelAck, got template " + templateId + ": " + describeReject());
        }
        assertEquals(HEADER + CancelAckDecoder.BLOCK_LENGTH, responseLength);
        return cancelAckDecoder.wrapAndApplyHeader(response, 0, headerDecoder);
    }

    private TransferAckDecoder transfer(final long transferId, final long from, final long to, final long amount)
    {
        apply(transferRequest(transferId, from, to, amount));
        final int templateId = responseTemplateId();
        if (templateId != TransferAckDecoder.TEMPLATE_ID)
        {
            fail("expected a TransferAck, got template " + templateId + ": " + describeReject());
        }
        assertEquals(HEADER + TransferAckDecoder.BLOCK_LENGTH, responseLength);
        return transferAckDecoder.wrapAndApplyHeader(response, 0, headerDecoder);
    }

    private void assertReject(final int requestLength, final long refId, final RejectReason reason)
    {
        headerDecoder.wrap(request, 0);
        assertReject(requestLength, refId, headerDecoder.templateId(), reason);
    }

    private void assertReject(
        final int requestLength, final long refId, final int requestTemplateId, final RejectReason reason)
    {
        final long hashBefore = engine.fullStateHash();
        apply(requestLength);
        assertEquals(RejectDecoder.TEMPLATE_ID, responseTemplateId(), "expected a Reject");
        assertEquals(HEADER + RejectDecoder.BLOCK_LENGTH, responseLength);
        final RejectDecoder reject = rejectDecoder.wrapAndApplyHeader(response, 0, headerDecoder);
        assertEquals(reason, reject.reason());
        assertEquals(refId, reject.refId());
        assertEquals(requestTemplateId, reject.requestTemplateId());
        assertEquals(hashBefore, engine.fullStateHash(), "a reject changes no state");
    }

    private String describeReject()
    {
        headerDecoder.wrap(response, 0);
        return headerDecoder.templateId() == RejectDecoder.TEMPLATE_ID ?
            rejectDecoder.wrapAndApplyHeader(response, 0, headerDecoder).reason().toString() : "";
    }

    private int newOrderRequest(
        final long clientOrderId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity)
    {
        newOrderEncoder.wrapAndApplyHeader(request, 0, headerEncoder)
            .clientOrderId(clientOrderId)
            .accountId(accountId)
            .price(price)
            .quantity(quantity)
            .userData(-1)
            .instrumentId(instrumentId)
            .side(side);
        return HEADER + NewOrderEncoder.BLOCK_LENGTH;
    }

    private int cancelRequest(final long accountId, final long orderId, final int instrumentId)
    {
        cancelEncoder.wrapAndApplyHeader(request, 0, headerEncoder)
            .accountId(accountId)
            .orderId(orderId)
            .instrumentId(instrumentId);
        return HEADER + CancelOrderEncoder.BLOCK_LENGTH;
    }

    private int transferRequest(final long transferId, final long from, final long to, final long amount)
    {
        transferEncoder.wrapAndApplyHeader(request, 0, headerEncoder)
            .transferId(transferId)
            .fromAccountId(from)
            .toAccountId(to)
            .amount(amount);
        return HEADER + TransferEncoder.BLOCK_LENGTH;
    }
}
