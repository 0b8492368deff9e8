package io.hedge.fix;

import io.hedge.client.SessionMessageListener;
import io.hedge.codecs.trading.MakerFillDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import quickfix.Message;
import quickfix.SessionID;

/**
 * The maker side of a fill: the engine tells the owner of a resting order that a taker filled it with a
 * {@code MakerFill} session message to the owner's client id; this turns it into an ExecutionReport (ExecType TRADE)
 * to the FIX session of that client id, under the ClOrdID the order was placed with, and keeps it as the order's last
 * report. A fill whose trade id is not above the last one reported for the order is a repeat and is dropped; a fill
 * of an order placed by another client (not through this front door) is counted and dropped.
 * <p>
 * One per client id; called on the client's polling thread (the front door's agent).
 */
final class MakerFillReporter implements SessionMessageListener
{
    private final long clientId;
    private final SessionID fixSession;
    private final ClOrdIdStore store;
    private final ExecutionReports reports;
    private final FixSender sender;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MakerFillDecoder fill = new MakerFillDecoder();
    private long reported;
    private long unknownOrders;
    private long repeats;

    MakerFillReporter(
        final long clientId,
        final SessionID fixSession,
        final ClOrdIdStore store,
        final ExecutionReports reports,
        final FixSender sender)
    {
        this.clientId = clientId;
        this.fixSession = fixSession;
        this.store = store;
        this.reports = reports;
        this.sender = sender;
    }

    @Override
    public void onSessionMessage(
        final long seq, final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        if (header.schemaId() != MakerFillDecoder.SCHEMA_ID || header.templateId() != MakerFillDecoder.TEMPLATE_ID)
        {
            return; // another session message of the application: not the front door's
        }
        fill.wrapAndApplyHeader(buffer, offset, header);
        final FixOrder order;
        final Message report;
        synchronized (store)
        {
            order = store.byHedgeClientOrderId(clientId, fill.clientOrderId());
            if (null == order)
            {
                unknownOrders++;
                return;
            }
            final long tradeId = fill.tradeId();
            if (tradeId <= order.lastMakerTradeId)
            {
                repeats++;
                return;
            }
            order.lastMakerTradeId = tradeId;
            if (0 == order.orderId)
            {
                order.orderId = fill.orderId();
            }
            order.cumQty = fill.filledQuantity();
            order.notionalTicks += fill.price() * fill.quantity();
            report = reports.trade(order, OrderTerms.of(order.payload), "T" + tradeId + "-" + fill.orderId(),
                fill.status(), fill.leavesQuantity(), fill.price(), fill.quantity());
            order.lastReport = report.toString();
            reported++;
        }
        sender.send(fixSession, report);
        synchronized (store)
        {
            store.recordReport(order);
        }
    }

    long reported()
    {
        return reported;
    }

    long unknownOrders()
    {
        return unknownOrders;
    }

    long repeats()
    {
        return repeats;
    }
}
