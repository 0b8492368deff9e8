package io.hedge.fix;

import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.Side;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.Account;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.Symbol;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The maker side, fed encoded MakerFill bytes as the client's session message listener would be: each fill becomes a
 * trade report to the maker's FIX session under its own ClOrdID, kept as the order's last report, on disk too.
 */
class MakerFillReporterTest
{
    private static final long CLIENT_ID = 101;
    private static final SessionID SESSION = new SessionID("FIX.4.4", "HEDGE", "MAKER");

    private final List<Message> sent = new ArrayList<>();
    private Path dir;
    private ClOrdIdStore store;
    private MakerFillReporter reporter;

    @BeforeEach
    void setUp() throws Exception
    {
        dir = Files.createDirectories(Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
            "maker-fill-" + System.nanoTime()));
        store = new ClOrdIdStore(dir);
        final FixConfig config = TestOrders.config(dir);
        reporter = new MakerFillReporter(CLIENT_ID, SESSION, store, new ExecutionReports(config), (session, message) ->
        {
            assertEquals(SESSION, session);
            sent.add(message);
        });
        // M1: sell 10 ACME at 100.25 (10025 ticks), sent with correlation id 7, which is its Hedge clientOrderId
        final FixOrder order = store.recordSent(CLIENT_ID, "M1", "", FixOrder.NEW_ORDER, 7, 7,
            TestOrders.newOrder(7, 1, Side.SELL, 10025, 10));
        order.orderId = 42;
        order.answered = true;
        store.recordReport(order);
    }

    @AfterEach
    void tearDown()
    {
        store.close();
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void eachFillIsATradeReportToTheMakerUnderItsClOrdId() throws Exception
    {
        reporter.onSessionMessage(5, 0, fill(900, 4, 4, 6, OrderStatus.PARTIALLY_FILLED), 0, length());
        reporter.onSessionMessage(9, 0, fill(901, 6, 10, 0, OrderStatus.FILLED), 0, length());

        assertEquals(2, sent.size());
        final Message first = sent.get(0);
        assertEquals(MsgType.EXECUTION_REPORT, first.getHeader().getString(MsgType.FIELD));
        assertEquals("M1", first.getString(ClOrdID.FIELD));
        assertEquals("42", first.getString(OrderID.FIELD));
        assertEquals(ExecType.TRADE, first.getChar(ExecType.FIELD));
        assertEquals(OrdStatus.PARTIALLY_FILLED, first.getChar(OrdStatus.FIELD));
        assertEquals(0, new BigDecimal("4").compareTo(first.getDecimal(LastQty.FIELD)));
        assertEquals(0, new BigDecimal("100.25").compareTo(first.getDecimal(LastPx.FIELD)));
        assertEquals(0, new BigDecimal("4").compareTo(first.getDecimal(CumQty.FIELD)));
        assertEquals(0, new BigDecimal("6").compareTo(first.getDecimal(LeavesQty.FIELD)));
        assertEquals("MAKER-ACC", first.getString(Account.FIELD));
        assertEquals("ACME", first.getString(Symbol.FIELD));
        assertEquals(quickfix.field.Side.SELL, first.getChar(quickfix.field.Side.FIELD));

        final Message second = sent.get(1);
        assertEquals(OrdStatus.FILLED, second.getChar(OrdStatus.FIELD));
        assertEquals(0, new BigDecimal("10").compareTo(second.getDecimal(CumQty.FIELD)));
        assertEquals(0, BigDecimal.ZERO.compareTo(second.getDecimal(LeavesQty.FIELD)));
        assertEquals(0, new BigDecimal("100.25").compareTo(second.getDecimal(AvgPx.FIELD)));
        assertTrue(!first.getString(quickfix.field.ExecID.FIELD).equals(second.getString(quickfix.field.ExecID.FIELD)),
            "each fill has an ExecID of its own");
        assertEquals(2, reporter.reported());
    }

    @Test
    void aFillDeliveredAgainIsNotReportedTwice()
    {
        reporter.onSessionMessage(5, 0, fill(900, 4, 4, 6, OrderStatus.PARTIALLY_FILLED), 0, length());
        reporter.onSessionMessage(5, 0, fill(900, 4, 4, 6, OrderStatus.PARTIALLY_FILLED), 0, length());
        assertEquals(1, sent.size());
        assertEquals(1, reporter.repeats());
    }

    @Test
    void aFillOfAnOrderNotPlacedHereOrAnotherMessageIsDropped()
    {
        reporter.onSessionMessage(5, 0, TestOrders.makerFill(77, 999, 900, 10025, 1, 1, 0, OrderStatus.FILLED), 0,
            length());
        final UnsafeBuffer newOrder = new UnsafeBuffer(TestOrders.newOrder(1, 1, Side.BUY, 1, 1));
        reporter.onSessionMessage(6, 0, newOrder, 0, newOrder.capacity());
        assertTrue(sent.isEmpty());
        assertEquals(1, reporter.unknownOrders());
    }

    @Test
    void theLastReportIsKeptAcrossARestart() throws Exception
    {
        reporter.onSessionMessage(5, 0, fill(900, 4, 4, 6, OrderStatus.PARTIALLY_FILLED), 0, length());
        store.close();
        store = new ClOrdIdStore(dir);
        final FixOrder order = store.find(CLIENT_ID, "M1");
        assertEquals(sent.get(0).toString(), order.lastReport);
        assertEquals(4, order.cumQty);
        assertEquals(900, order.lastMakerTradeId, "a repeat after a restart is still known");
    }

    private static UnsafeBuffer fill(
        final long tradeId, final long quantity, final long filled, final long leaves, final OrderStatus status)
    {
        return TestOrders.makerFill(42, 7, tradeId, 10025, quantity, filled, leaves, status);
    }

    private static int length()
    {
        return io.hedge.codecs.trading.MessageHeaderEncoder.ENCODED_LENGTH +
            io.hedge.codecs.trading.MakerFillEncoder.BLOCK_LENGTH;
    }
}
