package io.hedge.chaos.workload;

import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.RejectDecoder;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes an {@link Operation} as the sample trading engine's request (with its SBE encoders), and names the
 * engine's answers.
 */
public final class OperationWriter
{
    /** Longest request: a NewOrder with its header. */
    public static final int MAX_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private final TransferEncoder transfer = new TransferEncoder();
    private final RejectDecoder reject = new RejectDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();

    /**
     * @param operation to encode.
     * @param orderId   for a cancel, the engine's id of the order it names (0 if unknown); else ignored.
     * @return the request's length, header included.
     */
    public int encode(final Operation operation, final long orderId, final MutableDirectBuffer buffer, final int offset)
    {
        switch (operation.kind())
        {
            case NEW_ORDER:
                newOrder.wrapAndApplyHeader(buffer, offset, header)
                    .clientOrderId(operation.id())
                    .accountId(operation.account())
                    .price(operation.price())
                    .quantity(operation.quantity())
                    .userData(0)
                    .instrumentId(operation.instrument())
                    .side(1 == operation.side() ? Side.BUY : Side.SELL);
                return MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH;

            case CANCEL:
                cancel.wrapAndApplyHeader(buffer, offset, header)
                    .accountId(operation.account())
                    .orderId(orderId)
                    .instrumentId(operation.instrument());
                return MessageHeaderEncoder.ENCODED_LENGTH + CancelOrderEncoder.BLOCK_LENGTH;

            default:
                transfer.wrapAndApplyHeader(buffer, offset, header)
                    .transferId(operation.id())
                    .fromAccountId(operation.account())
                    .toAccountId(operation.toAccount())
                    .amount(operation.quantity());
                return MessageHeaderEncoder.ENCODED_LENGTH + TransferEncoder.BLOCK_LENGTH;
        }
    }

    /**
     * @return the name of the engine's answer ("ExecutionReport", "CancelAck", "TransferAck",
     * "Reject:INSUFFICIENT_FUNDS"), or "" if there is none or it is not the engine's.
     */
    public String describeReply(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return "";
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return "";
        }
        switch (headerDecoder.templateId())
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                return "ExecutionReport";
            case io.hedge.codecs.trading.CancelAckDecoder.TEMPLATE_ID:
                return "CancelAck";
            case io.hedge.codecs.trading.TransferAckDecoder.TEMPLATE_ID:
                return "TransferAck";
            case RejectDecoder.TEMPLATE_ID:
                reject.wrapAndApplyHeader(buffer, offset, headerDecoder);
                return "Reject:" + reject.reason();
            default:
                return "";
        }
    }

    /**
     * @return the engine's order id if the answer is an ExecutionReport for this client's order number, else 0.
     */
    public long orderIdOf(final DirectBuffer buffer, final int offset, final int length, final long[] clientOrderId)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return 0;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != ExecutionReportDecoder.TEMPLATE_ID)
        {
            return 0;
        }
        report.wrapAndApplyHeader(buffer, offset, headerDecoder);
        clientOrderId[0] = report.clientOrderId();
        return report.orderId();
    }
}
