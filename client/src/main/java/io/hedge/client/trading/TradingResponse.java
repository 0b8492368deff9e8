package io.hedge.client.trading;

import io.hedge.client.Response;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.trading.CancelAckDecoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.RejectDecoder;
import io.hedge.codecs.trading.TransferAckDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The answer of the sample trading engine to one request, as a typed view: which message it is ({@link #kind()}) and
 * its decoder, wrapped over the payload. The fabric's status is checked first: only a response with
 * {@link ResponseStatus#OK} carries an engine message; any other status (not sequenced, or executed but its response
 * gone) is refused with an error that names it. {@link #of(Response)} makes a new view;
 * {@link #wrap(ResponseStatus, DirectBuffer, int, int)} reuses one, allocating nothing (for a
 * {@code ResponseListener}).
 */
public final class TradingResponse
{
    /** The engine's messages. */
    public enum Kind
    {
        /** An accepted NewOrder: its fills and what rests. */
        EXECUTION_REPORT,
        /** A cancelled order. */
        CANCEL_ACK,
        /** A transfer done, with both balances. */
        TRANSFER_ACK,
        /** A request the engine refused, and why ({@code RejectDecoder.reason()}). */
        REJECT,
        /** A message of the trading schema this view does not decode: see {@link #templateId()}. */
        OTHER
    }

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final CancelAckDecoder cancelAck = new CancelAckDecoder();
    private final TransferAckDecoder transferAck = new TransferAckDecoder();
    private final RejectDecoder reject = new RejectDecoder();
    private Kind kind = Kind.OTHER;
    private int templateId;

    /**
     * @param response a response of the trading engine.
     * @return a new view over its payload.
     * @throws IllegalArgumentException if its status is not {@link ResponseStatus#OK} (so it carries no engine
     *                                  message), or the payload is not a message of the trading schema.
     */
    public static TradingResponse of(final Response response)
    {
        final byte[] payload = response.payload();
        return new TradingResponse().wrap(response.status(), new UnsafeBuffer(payload), 0, payload.length);
    }

    /**
     * Wrap this view over a response payload, as a {@code ResponseListener} gets it.
     *
     * @return this.
     * @throws IllegalArgumentException as {@link #of(Response)}.
     */
    public TradingResponse wrap(final ResponseStatus status, final DirectBuffer buffer, final int offset, final int length)
    {
        if (status != ResponseStatus.OK)
        {
            throw new IllegalArgumentException("the response has status " + status + ", not OK: it carries no answer " +
                "of the trading engine (" + (status == ResponseStatus.DUPLICATE_NOT_CACHED ?
                "the request executed, but its response is no longer kept" :
                status == ResponseStatus.REJECTED_BUSY ? "not sequenced: submit it again after a short back-off" :
                status == ResponseStatus.SUSPENDED ? "the fabric is suspended: submit it again after hedge admin resume" :
                "see ResponseStatus") + ")");
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("the payload (" + length + " bytes) is too short for a trading message");
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            throw new IllegalArgumentException("the payload is not a trading message: schema id " + header.schemaId() +
                ", expected " + MessageHeaderDecoder.SCHEMA_ID);
        }
        templateId = header.templateId();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (templateId)
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                executionReport.wrap(buffer, body, blockLength, version);
                kind = Kind.EXECUTION_REPORT;
                break;

            case CancelAckDecoder.TEMPLATE_ID:
                cancelAck.wrap(buffer, body, blockLength, version);
                kind = Kind.CANCEL_ACK;
                break;

            case TransferAckDecoder.TEMPLATE_ID:
                transferAck.wrap(buffer, body, blockLength, version);
                kind = Kind.TRANSFER_ACK;
                break;

            case RejectDecoder.TEMPLATE_ID:
                reject.wrap(buffer, body, blockLength, version);
                kind = Kind.REJECT;
                break;

            default:
                kind = Kind.OTHER;
                break;
        }
        return this;
    }

    /**
     * @return which engine message the payload holds.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the payload's template id in the trading schema.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * @return true if the engine refused the request: {@link #reject()} says why.
     */
    public boolean isReject()
    {
        return kind == Kind.REJECT;
    }

    /**
     * @return the ExecutionReport, wrapped.
     * @throws IllegalStateException if the payload is another message (a Reject, say).
     */
    public ExecutionReportDecoder executionReport()
    {
        expect(Kind.EXECUTION_REPORT);
        return executionReport;
    }

    /**
     * @return the CancelAck, wrapped.
     * @throws IllegalStateException if the payload is another message.
     */
    public CancelAckDecoder cancelAck()
    {
        expect(Kind.CANCEL_ACK);
        return cancelAck;
    }

    /**
     * @return the TransferAck, wrapped.
     * @throws IllegalStateException if the payload is another message.
     */
    public TransferAckDecoder transferAck()
    {
        expect(Kind.TRANSFER_ACK);
        return transferAck;
    }

    /**
     * @return the Reject, wrapped.
     * @throws IllegalStateException if the payload is another message.
     */
    public RejectDecoder reject()
    {
        expect(Kind.REJECT);
        return reject;
    }

    private void expect(final Kind expected)
    {
        if (kind != expected)
        {
            throw new IllegalStateException("the response is " + (kind == Kind.REJECT ?
                "a REJECT (" + reject.reason() + ", ref " + reject.refId() + ")" :
                kind == Kind.OTHER ? "trading template " + templateId : "a " + kind) + ", not a " + expected);
        }
    }

    @Override
    public String toString()
    {
        return kind == Kind.OTHER ? "trading template " + templateId : kind.toString();
    }
}
