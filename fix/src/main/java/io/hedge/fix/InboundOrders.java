package io.hedge.fix;

import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import org.agrona.concurrent.UnsafeBuffer;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ClOrdID;
import quickfix.field.CxlRejReason;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdStatusReqID;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.PossDupFlag;
import quickfix.field.PossResend;
import quickfix.field.Price;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a FIX counterparty sends, on QuickFIX/J's thread: a NewOrderSingle or OrderCancelRequest becomes a Hedge request,
 * recorded with its correlation id in the {@link ClOrdIdStore} before it is queued (so the FIX message is acknowledged
 * to QuickFIX/J, which then counts it received, only once the ClOrdID cannot be forgotten); an OrderStatusRequest is
 * answered from the last report kept. A ClOrdID seen before is refused, unless the message is a possible duplicate
 * (PossDupFlag or PossResend): then it is answered with the original outcome, never sent to Hedge again.
 */
final class InboundOrders
{
    /** FIX 4.4 OrdRejReason and CxlRejReason "other". */
    static final int OTHER = 99;

    private final FixConfig config;
    private final ClOrdIdStore store;
    private final ExecutionReports reports;
    private final FixSender sender;
    private final Map<SessionID, HedgeLink> links;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private long refused;

    InboundOrders(
        final FixConfig config,
        final ClOrdIdStore store,
        final ExecutionReports reports,
        final FixSender sender,
        final Map<SessionID, HedgeLink> links)
    {
        this.config = config;
        this.store = store;
        this.reports = reports;
        this.sender = sender;
        this.links = links;
    }

    /**
     * @return false if the message type is not one the front door takes.
     */
    boolean onMessage(final SessionID sessionId, final Message message) throws FieldNotFound
    {
        final HedgeLink link = links.get(sessionId);
        final String type = message.getHeader().getString(MsgType.FIELD);
        final Message answer;
        if (MsgType.ORDER_SINGLE.equals(type))
        {
            answer = onNewOrder(link, message);
        }
        else if (MsgType.ORDER_CANCEL_REQUEST.equals(type))
        {
            answer = onCancel(link, message);
        }
        else if (MsgType.ORDER_STATUS_REQUEST.equals(type))
        {
            answer = onStatusRequest(link, message);
        }
        else
        {
            return false;
        }
        if (null != answer)
        {
            sender.send(sessionId, answer);
        }
        return true;
    }

    private static boolean possibleDuplicate(final Message message) throws FieldNotFound
    {
        final Message.Header h = message.getHeader();
        return (h.isSetField(PossDupFlag.FIELD) && h.getBoolean(PossDupFlag.FIELD)) ||
            (h.isSetField(PossResend.FIELD) && h.getBoolean(PossResend.FIELD));
    }

    /**
     * A ClOrdID seen before: the original outcome again if the message is a possible duplicate (or nothing yet, if the
     * original is still waiting for its answer, which will come), otherwise null to refuse it.
     */
    private static Message original(final FixOrder known)
    {
        if (null == known.lastReport)
        {
            return null;
        }
        final Message again = ExecutionReports.parse(known.lastReport);
        again.getHeader().setBoolean(PossResend.FIELD, true);
        return again;
    }

    private Message onNewOrder(final HedgeLink link, final Message m) throws FieldNotFound
    {
        final String clOrdId = m.getString(ClOrdID.FIELD);
        synchronized (store)
        {
            final FixOrder known = store.find(link.clientId, clOrdId);
            if (null != known)
            {
                if (possibleDuplicate(m))
                {
                    return original(known);
                }
                return refuse(m, OrdRejReason.DUPLICATE_ORDER, "ClOrdID " + clOrdId + " was used before");
            }
            final String symbol = m.isSetField(Symbol.FIELD) ? m.getString(Symbol.FIELD) : null;
            final int instrumentId = null == symbol ? 0 : config.instrumentId(symbol);
            if (0 == instrumentId)
            {
                return refuse(m, OrdRejReason.UNKNOWN_SYMBOL, "unknown symbol " + symbol);
            }
            final String account = m.isSetField(quickfix.field.Account.FIELD) ?
                m.getString(quickfix.field.Account.FIELD) : null;
            final long accountId = config.accountId(account);
            if (0 == accountId)
            {
                return refuse(m, OrdRejReason.UNKNOWN_ACCOUNT, "unknown account " + account);
            }
            final char side = m.getChar(quickfix.field.Side.FIELD);
            if (side != quickfix.field.Side.BUY && side != quickfix.field.Side.SELL)
            {
                return refuse(m, OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC, "only Side 1 (buy) and 2 (sell)");
            }
            if (m.getChar(OrdType.FIELD) != OrdType.LIMIT)
            {
                return refuse(m, OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC, "only limit orders (OrdType 2)");
            }
            if (m.isSetField(TimeInForce.FIELD) && m.getChar(TimeInForce.FIELD) != TimeInForce.DAY &&
                m.getChar(TimeInForce.FIELD) != TimeInForce.GOOD_TILL_CANCEL)
            {
                return refuse(m, OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC,
                    "orders rest until filled or cancelled: TimeInForce 0 or 1 only");
            }
            final long price = m.isSetField(Price.FIELD) ? config.toTicks(instrumentId, m.getDecimal(Price.FIELD)) : -1;
            if (price <= 0)
            {
                return refuse(m, OTHER,
                    "price is not a positive whole number of ticks of " + symbol);
            }
            final long quantity = wholePositive(m.getDecimal(OrderQty.FIELD));
            if (quantity <= 0)
            {
                return refuse(m, OrdRejReason.INCORRECT_QUANTITY, "OrderQty must be a positive whole number");
            }
            final long id = link.reserveId();
            newOrder.wrapAndApplyHeader(buffer, 0, header)
                .clientOrderId(id)
                .accountId(accountId)
                .price(price)
                .quantity(quantity)
                .userData(0)
                .instrumentId(instrumentId)
                .side(side == quickfix.field.Side.SELL ? Side.SELL : Side.BUY);
            final byte[] payload = bytes(MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength());
            link.queue(store.recordSent(link.clientId, clOrdId, "", FixOrder.NEW_ORDER, id, id, payload));
            return null;
        }
    }

    private Message onCancel(final HedgeLink link, final Message m) throws FieldNotFound
    {
        final String clOrdId = m.getString(ClOrdID.FIELD);
        final String origClOrdId = m.getString(OrigClOrdID.FIELD);
        synchronized (store)
        {
            final FixOrder known = store.find(link.clientId, clOrdId);
            if (null != known)
            {
                if (possibleDuplicate(m))
                {
                    return original(known);
                }
                refused++;
                return reports.cancelReject(clOrdId, origClOrdId, null, OrdStatus.REJECTED,
                    CxlRejReason.DUPLICATE_CLORDID_RECEIVED, "ClOrdID " + clOrdId + " was used before");
            }
            final FixOrder orig = store.find(link.clientId, origClOrdId);
            if (null == orig || !orig.isNewOrder() || (orig.answered && 0 == orig.orderId))
            {
                refused++;
                return reports.cancelReject(clOrdId, origClOrdId, null, OrdStatus.REJECTED,
                    CxlRejReason.UNKNOWN_ORDER, "no order " + origClOrdId + " of this session was accepted");
            }
            if (0 == orig.orderId)
            {
                refused++;
                return reports.cancelReject(clOrdId, origClOrdId, null, OrdStatus.PENDING_NEW, OTHER,
                    "order " + origClOrdId + " is not acknowledged yet; cancel it once it is");
            }
            final OrderTerms terms = OrderTerms.of(orig.payload);
            final long id = link.reserveId();
            cancel.wrapAndApplyHeader(buffer, 0, header)
                .accountId(terms.accountId())
                .orderId(orig.orderId)
                .instrumentId(terms.instrumentId());
            final byte[] payload = bytes(MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength());
            link.queue(store.recordSent(link.clientId, clOrdId, origClOrdId, FixOrder.CANCEL, id, id, payload));
            return null;
        }
    }

    /**
     * Answered from what the front door knows: the last ExecutionReport of the ClOrdID, as an order status report.
     */
    private Message onStatusRequest(final HedgeLink link, final Message m) throws FieldNotFound
    {
        final String clOrdId = m.getString(ClOrdID.FIELD);
        final Message status;
        synchronized (store)
        {
            final FixOrder order = store.find(link.clientId, clOrdId);
            if (null == order || !order.isNewOrder())
            {
                status = reports.refused(m, OrdRejReason.UNKNOWN_ORDER, "unknown ClOrdID " + clOrdId);
                status.removeField(OrdRejReason.FIELD);
            }
            else if (null == order.lastReport)
            {
                final OrderTerms terms = OrderTerms.of(order.payload);
                status = reports.report(order, terms, "", ExecType.ORDER_STATUS, OrdStatus.PENDING_NEW, terms.quantity());
            }
            else
            {
                status = ExecutionReports.parse(order.lastReport);
                status.getHeader().removeField(PossResend.FIELD);
                status.setString(ClOrdID.FIELD, clOrdId);
                status.removeField(OrigClOrdID.FIELD);
                status.removeField(LastQty.FIELD);
                status.removeField(LastPx.FIELD);
                status.removeField(quickfix.field.Text.FIELD);
            }
        }
        status.setChar(ExecType.FIELD, ExecType.ORDER_STATUS);
        status.setString(ExecID.FIELD, reports.nextExecId('S'));
        if (m.isSetField(OrdStatusReqID.FIELD))
        {
            status.setString(OrdStatusReqID.FIELD, m.getString(OrdStatusReqID.FIELD));
        }
        return status;
    }

    private Message refuse(final Message request, final int reason, final String text)
    {
        refused++;
        return reports.refused(request, reason, text);
    }

    private byte[] bytes(final int length)
    {
        final byte[] payload = new byte[length];
        buffer.getBytes(0, payload);
        return payload;
    }

    private static long wholePositive(final BigDecimal quantity)
    {
        try
        {
            return quantity.signum() > 0 ? quantity.stripTrailingZeros().longValueExact() : -1;
        }
        catch (final ArithmeticException ex)
        {
            return -1;
        }
    }

    long refused()
    {
        return refused;
    }
}
