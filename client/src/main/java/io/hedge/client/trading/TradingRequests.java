package io.hedge.client.trading;

import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the requests of the sample trading application (hedge-trading.xml), header included, ready for
 * {@code HedgeClient.submit} or {@code HedgeSession.offer}. The static methods return a new array each (simple);
 * an instance encodes into the caller's buffer with encoders it keeps (nothing allocated per request; one instance
 * per thread).
 */
public final class TradingRequests
{
    /** Bytes a NewOrder takes with its header. */
    public static final int NEW_ORDER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH;
    /** Bytes a CancelOrder takes with its header. */
    public static final int CANCEL_ORDER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + CancelOrderEncoder.BLOCK_LENGTH;
    /** Bytes a Transfer takes with its header. */
    public static final int TRANSFER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + TransferEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelOrder = new CancelOrderEncoder();
    private final TransferEncoder transfer = new TransferEncoder();

    /**
     * A limit order.
     *
     * @param clientOrderId the client's own id of the order, echoed in its ExecutionReport.
     * @param accountId     the account that trades.
     * @param instrumentId  what it trades.
     * @param side          BUY or SELL.
     * @param price         limit price in ticks, &gt; 0.
     * @param quantity      &gt; 0.
     * @return the encoded request.
     */
    public static byte[] newOrder(
        final long clientOrderId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity)
    {
        final byte[] bytes = new byte[NEW_ORDER_LENGTH];
        new TradingRequests().encodeNewOrder(
            new UnsafeBuffer(bytes), 0, clientOrderId, accountId, instrumentId, side, price, quantity);
        return bytes;
    }

    /**
     * Cancel what rests of an order.
     *
     * @param accountId    the account that owns the order.
     * @param orderId      the engine's id of the order (ExecutionReport's orderId).
     * @param instrumentId its instrument.
     * @return the encoded request.
     */
    public static byte[] cancelOrder(final long accountId, final long orderId, final int instrumentId)
    {
        final byte[] bytes = new byte[CANCEL_ORDER_LENGTH];
        new TradingRequests().encodeCancelOrder(new UnsafeBuffer(bytes), 0, accountId, orderId, instrumentId);
        return bytes;
    }

    /**
     * Move cash between two accounts.
     *
     * @param transferId    the client's id of the transfer, echoed in its TransferAck.
     * @param fromAccountId pays.
     * @param toAccountId   receives.
     * @param amount        in minor units, &gt; 0.
     * @return the encoded request.
     */
    public static byte[] transfer(final long transferId, final long fromAccountId, final long toAccountId, final long amount)
    {
        final byte[] bytes = new byte[TRANSFER_LENGTH];
        new TradingRequests().encodeTransfer(new UnsafeBuffer(bytes), 0, transferId, fromAccountId, toAccountId, amount);
        return bytes;
    }

    /**
     * As {@link #newOrder}, into a buffer.
     *
     * @return the length encoded at offset: {@link #NEW_ORDER_LENGTH}.
     */
    public int encodeNewOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long clientOrderId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity)
    {
        newOrder.wrapAndApplyHeader(buffer, offset, header)
            .clientOrderId(clientOrderId)
            .accountId(accountId)
            .instrumentId(instrumentId)
            .side(side)
            .price(price)
            .quantity(quantity)
            .userData(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength();
    }

    /**
     * As {@link #cancelOrder}, into a buffer.
     *
     * @return the length encoded at offset: {@link #CANCEL_ORDER_LENGTH}.
     */
    public int encodeCancelOrder(
        final MutableDirectBuffer buffer, final int offset, final long accountId, final long orderId, final int instrumentId)
    {
        cancelOrder.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .orderId(orderId)
            .instrumentId(instrumentId);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancelOrder.encodedLength();
    }

    /**
     * As {@link #transfer}, into a buffer.
     *
     * @return the length encoded at offset: {@link #TRANSFER_LENGTH}.
     */
    public int encodeTransfer(
        final MutableDirectBuffer buffer,
        final int offset,
        final long transferId,
        final long fromAccountId,
        final long toAccountId,
        final long amount)
    {
        transfer.wrapAndApplyHeader(buffer, offset, header)
            .transferId(transferId)
            .fromAccountId(fromAccountId)
            .toAccountId(toAccountId)
            .amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + transfer.encodedLength();
    }
}
