package io.hedge.fix;

import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.CancelAckDecoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.RejectDecoder;
import org.agrona.DirectBuffer;
import quickfix.Message;
import quickfix.field.CxlRejReason;
import quickfix.field.ExecType;
import quickfix.field.OrdStatus;
import quickfix.field.OrigClOrdID;
import quickfix.field.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway answers, turned into FIX on the agent thread: the taker's ExecutionReport becomes an acknowledgement
 * and one trade report per fill, a CancelAck a cancelled report, a Reject a rejected report or an OrderCancelReject, and
 * a request the gateway did not take (busy, malformed) a reject naming the status. Each answer is sent first and then
 * recorded, so that a crash in between makes the restarted front door ask the gateway and report again (PossResend),
 * rather than forget a report it never sent.
 */
final class HedgeAnswers implements HedgeLink.Answers
{
    private final ClOrdIdStore store;
    private final ExecutionReports reports;
    private final FixSender sender;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final CancelAckDecoder cancelAck = new CancelAckDecoder();
    private final RejectDecoder reject = new RejectDecoder();
    private final List<Message> outbox = new ArrayList<>();
    private long answers;
    private long resubmitted;

    HedgeAnswers(final ClOrdIdStore store, final ExecutionReports reports, final FixSender sender)
    {
        this.store = store;
        this.reports = reports;
        this.sender = sender;
    }

    @Override
    public void onAnswer(
        final HedgeLink link, final long correlationId, final ResponseStatus status, final DirectBuffer buffer,
        final int offset, final int length)
    {
        final FixOrder order;
        final FixOrder orig;
        synchronized (store)
        {
            order = store.byCorrelationId(link.clientId, correlationId);
            if (null == order || order.answered)
            {
                return; // not ours, or answered already (a resent request's second answer)
            }
            orig = order.isNewOrder() ? null : store.find(link.clientId, order.origClOrdId);
            outbox.clear();
            if (status == ResponseStatus.OK)
            {
                header.wrap(buffer, offset);
                final int templateId = header.templateId();
                if (templateId == ExecutionReportDecoder.TEMPLATE_ID && order.isNewOrder())
                {
                    executionReport.wrapAndApplyHeader(buffer, offset, header);
                    accepted(order);
                }
                else if (templateId == CancelAckDecoder.TEMPLATE_ID && null != orig)
                {
                    cancelAck.wrapAndApplyHeader(buffer, offset, header);
                    cancelled(order, orig);
                }
                else if (templateId == RejectDecoder.TEMPLATE_ID)
                {
                    reject.wrapAndApplyHeader(buffer, offset, header);
                    rejected(order, orig, reject.reason().name());
                }
                else
                {
                    rejected(order, orig, "unexpected answer (template " + templateId + ")");
                }
            }
            else if (status == ResponseStatus.DUPLICATE_NOT_CACHED)
            {
                executedUnknown(order, orig);
            }
            else
            {
                rejected(order, orig, "not executed: the gateway answered " + status);
            }
            order.answered = true;
            answers++;
        }
        for (final Message message : outbox)
        {
            sender.send(link.fixSession, message);
        }
        synchronized (store)
        {
            store.recordReport(order);
            if (null != orig && orig.lastReport != null && !order.isNewOrder())
            {
                store.recordReport(orig);
            }
        }
    }

    @Override
    public void onNotExecuted(final HedgeLink link, final long correlationId)
    {
        synchronized (store)
        {
            final FixOrder order = store.byCorrelationId(link.clientId, correlationId);
            if (null == order || order.answered)
            {
                return;
            }
            // the gateway has made sure the old id never runs: the same request under a new id runs once
            final long id = link.reserveId();
            link.queue(store.recordSent(order.clientId, order.clOrdId, order.origClOrdId, order.kind, id,
                order.hedgeClientOrderId, order.payload));
            resubmitted++;
        }
    }

    private void accepted(final FixOrder order)
    {
        final OrderTerms terms = OrderTerms.of(order.payload);
        order.orderId = executionReport.orderId();
        Message last = reports.report(order, terms, "A" + order.orderId, ExecType.NEW, OrdStatus.NEW, terms.quantity());
        outbox.add(last);
        long leaves = terms.quantity();
        final ExecutionReportDecoder.FillsDecoder fills = executionReport.fills();
        final int count = fills.count();
        for (int i = 0; i < count; i++)
        {
            fills.next();
            final long quantity = fills.quantity();
            order.cumQty += quantity;
            order.notionalTicks += fills.price() * quantity;
            leaves -= quantity;
            final boolean lastFill = i == count - 1;
            last = reports.trade(order, terms, "T" + fills.tradeId() + "-" + order.orderId,
                lastFill ? executionReport.status() : io.hedge.codecs.trading.OrderStatus.PARTIALLY_FILLED,
                lastFill ? executionReport.leavesQuantity() : leaves, fills.price(), quantity);
            outbox.add(last);
        }
        order.lastReport = last.toString();
    }

    private void cancelled(final FixOrder cancel, final FixOrder orig)
    {
        final OrderTerms terms = OrderTerms.of(orig.payload);
        final Message report = reports.report(orig, terms, "C" + cancelAck.orderId() + "-" + cancel.correlationId,
            ExecType.CANCELED, OrdStatus.CANCELED, 0);
        report.setString(quickfix.field.ClOrdID.FIELD, cancel.clOrdId);
        report.setString(OrigClOrdID.FIELD, orig.clOrdId);
        outbox.add(report);
        cancel.lastReport = report.toString();
        orig.lastReport = cancel.lastReport;
    }

    private void rejected(final FixOrder order, final FixOrder orig, final String why)
    {
        final Message message;
        if (order.isNewOrder())
        {
            message = reports.rejected(order, OrderTerms.of(order.payload), InboundOrders.OTHER, why);
        }
        else
        {
            final boolean unknown = why.equals("UNKNOWN_ORDER") || why.equals("NOT_ORDER_OWNER");
            message = reports.cancelReject(order.clOrdId, order.origClOrdId,
                null == orig || 0 == orig.orderId ? null : Long.toString(orig.orderId),
                unknown ? OrdStatus.REJECTED : ExecutionReports.lastStatus(orig),
                unknown ? CxlRejReason.UNKNOWN_ORDER : InboundOrders.OTHER, why);
        }
        outbox.add(message);
        order.lastReport = message.toString();
    }

    private void executedUnknown(final FixOrder order, final FixOrder orig)
    {
        final String why = "executed, but the gateway no longer holds its answer: fills are not known here";
        if (order.isNewOrder())
        {
            final OrderTerms terms = OrderTerms.of(order.payload);
            final Message message = reports.report(order, terms, reports.nextExecId('U'), ExecType.ORDER_STATUS,
                OrdStatus.NEW, terms.quantity());
            message.setString(Text.FIELD, why);
            outbox.add(message);
            order.lastReport = message.toString();
        }
        else
        {
            rejected(order, orig, why);
        }
    }

    long answers()
    {
        return answers;
    }

    long resubmitted()
    {
        return resubmitted;
    }
}
