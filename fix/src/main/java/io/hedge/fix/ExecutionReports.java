package io.hedge.fix;

import io.hedge.codecs.trading.OrderStatus;
import quickfix.Message;
import quickfix.field.Account;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.PossResend;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TransactTime;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Builds the FIX 4.4 messages the front door sends: ExecutionReports (acknowledged, traded, cancelled, rejected, order
 * status) and OrderCancelRejects, with the symbol, account and price mapped back through the {@link FixConfig}.
 */
final class ExecutionReports
{
    /** OrderID of an order the engine never accepted. */
    static final String NONE = "NONE";

    private final FixConfig config;
    /** Makes the ExecIDs of reports that have no trade or order of their own unique across restarts. */
    private final String prefix = Long.toString(System.currentTimeMillis(), 36);
    private long counter;

    ExecutionReports(final FixConfig config)
    {
        this.config = config;
    }

    String nextExecId(final char kind)
    {
        return kind + prefix + "-" + (++counter);
    }

    /**
     * An ExecutionReport of a NewOrderSingle with its terms, the order's quantities so far and no Last fields.
     */
    Message report(
        final FixOrder order, final OrderTerms terms, final String execId, final char execType, final char ordStatus,
        final long leavesQty)
    {
        final Message m = new quickfix.fix44.ExecutionReport();
        m.setString(OrderID.FIELD, order.orderId > 0 ? Long.toString(order.orderId) : NONE);
        m.setString(ClOrdID.FIELD, order.clOrdId);
        m.setString(ExecID.FIELD, execId);
        m.setChar(ExecType.FIELD, execType);
        m.setChar(OrdStatus.FIELD, ordStatus);
        m.setString(Account.FIELD, config.account(terms.accountId()));
        m.setString(Symbol.FIELD, config.symbol(terms.instrumentId()));
        m.setChar(Side.FIELD, terms.side());
        m.setChar(OrdType.FIELD, OrdType.LIMIT);
        m.setDecimal(OrderQty.FIELD, BigDecimal.valueOf(terms.quantity()));
        m.setDecimal(Price.FIELD, config.toPrice(terms.instrumentId(), terms.priceTicks()));
        m.setDecimal(LeavesQty.FIELD, BigDecimal.valueOf(leavesQty));
        m.setDecimal(CumQty.FIELD, BigDecimal.valueOf(order.cumQty));
        m.setDecimal(AvgPx.FIELD, order.cumQty == 0 ? BigDecimal.ZERO : config.toPrice(terms.instrumentId(), 1)
            .multiply(BigDecimal.valueOf(order.notionalTicks))
            .divide(BigDecimal.valueOf(order.cumQty), MathContext.DECIMAL64).stripTrailingZeros());
        m.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.now(ZoneOffset.UTC), true);
        if (order.recovered)
        {
            m.getHeader().setBoolean(PossResend.FIELD, true);
        }
        return m;
    }

    /**
     * A fill: the order's quantities already include it.
     */
    Message trade(
        final FixOrder order, final OrderTerms terms, final String execId, final OrderStatus status,
        final long leavesQty, final long priceTicks, final long quantity)
    {
        final Message m = report(order, terms, execId, ExecType.TRADE, ordStatus(status), leavesQty);
        m.setDecimal(LastQty.FIELD, BigDecimal.valueOf(quantity));
        m.setDecimal(LastPx.FIELD, config.toPrice(terms.instrumentId(), priceTicks));
        return m;
    }

    Message rejected(final FixOrder order, final OrderTerms terms, final int reason, final String text)
    {
        final Message m = report(order, terms, nextExecId('R'), ExecType.REJECTED, OrdStatus.REJECTED, 0);
        m.setInt(OrdRejReason.FIELD, reason);
        m.setString(Text.FIELD, text);
        return m;
    }

    /**
     * A NewOrderSingle refused before it became a Hedge request (unknown symbol or account, bad price, reused ClOrdID):
     * built from the FIX message's own fields, since there is no order.
     */
    Message refused(final quickfix.Message request, final int reason, final String text)
    {
        final Message m = new quickfix.fix44.ExecutionReport();
        m.setString(OrderID.FIELD, NONE);
        m.setString(ExecID.FIELD, nextExecId('R'));
        m.setChar(ExecType.FIELD, ExecType.REJECTED);
        m.setChar(OrdStatus.FIELD, OrdStatus.REJECTED);
        copy(request, m, ClOrdID.FIELD, Account.FIELD, Symbol.FIELD, Side.FIELD, OrderQty.FIELD, Price.FIELD, OrdType.FIELD);
        if (!m.isSetField(Symbol.FIELD))
        {
            m.setString(Symbol.FIELD, "?");
        }
        if (!m.isSetField(Side.FIELD))
        {
            m.setChar(Side.FIELD, Side.BUY);
        }
        m.setDecimal(LeavesQty.FIELD, BigDecimal.ZERO);
        m.setDecimal(CumQty.FIELD, BigDecimal.ZERO);
        m.setDecimal(AvgPx.FIELD, BigDecimal.ZERO);
        m.setInt(OrdRejReason.FIELD, reason);
        m.setString(Text.FIELD, text);
        m.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.now(ZoneOffset.UTC), true);
        return m;
    }

    /**
     * The answer to an OrderCancelRequest that cannot be done.
     */
    Message cancelReject(
        final String clOrdId, final String origClOrdId, final String orderId, final char ordStatus, final int reason,
        final String text)
    {
        final Message m = new quickfix.fix44.OrderCancelReject();
        m.setString(OrderID.FIELD, null == orderId ? NONE : orderId);
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setString(OrigClOrdID.FIELD, null == origClOrdId ? "NONE" : origClOrdId);
        m.setChar(OrdStatus.FIELD, ordStatus);
        m.setChar(CxlRejResponseTo.FIELD, CxlRejResponseTo.ORDER_CANCEL_REQUEST);
        m.setInt(CxlRejReason.FIELD, reason);
        m.setString(Text.FIELD, text);
        return m;
    }

    static char ordStatus(final OrderStatus status)
    {
        switch (status)
        {
            case PARTIALLY_FILLED:
                return OrdStatus.PARTIALLY_FILLED;
            case FILLED:
                return OrdStatus.FILLED;
            case CANCELLED:
                return OrdStatus.CANCELED;
            default:
                return OrdStatus.NEW;
        }
    }

    /**
     * @return the OrdStatus of the last report of an order, or REJECTED if none was sent.
     */
    static char lastStatus(final FixOrder order)
    {
        if (null == order || null == order.lastReport)
        {
            return OrdStatus.REJECTED;
        }
        try
        {
            return parse(order.lastReport).getChar(OrdStatus.FIELD);
        }
        catch (final quickfix.FieldNotFound ex)
        {
            return OrdStatus.REJECTED;
        }
    }

    /**
     * @return a stored report as a message again, its header to be filled in when it is sent.
     */
    static Message parse(final String raw)
    {
        final Message m = new quickfix.fix44.ExecutionReport();
        try
        {
            m.fromString(raw, null, false);
        }
        catch (final quickfix.InvalidMessage ex)
        {
            throw new IllegalStateException("a stored report does not parse: " + raw, ex);
        }
        return m;
    }

    private static void copy(final quickfix.Message from, final Message to, final int... tags)
    {
        for (final int tag : tags)
        {
            if (from.isSetField(tag))
            {
                try
                {
                    to.setString(tag, from.getString(tag));
                }
                catch (final quickfix.FieldNotFound ignore)
                {
                    // checked above
                }
            }
        }
    }
}
