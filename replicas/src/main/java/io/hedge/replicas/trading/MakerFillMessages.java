package io.hedge.replicas.trading;

import io.hedge.codecs.trading.MakerFillEncoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.Side;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The session messages of one request: a {@code MakerFill} to the owner of each resting order the request's taker
 * filled, in fill order, kept from the apply until the replica copies them out (StateMachine.messages). The taker
 * hears of its own fills in its ExecutionReport; the maker would otherwise never hear of them.
 */
final class MakerFillMessages
{
    private static final int MAKER_FILL_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + MakerFillEncoder.BLOCK_LENGTH;
    /** One entry: int64 client id, int32 length, the MakerFill with its header. */
    static final int ENTRY_LENGTH = Long.BYTES + Integer.BYTES + MAKER_FILL_LENGTH;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MakerFillEncoder makerFillEncoder = new MakerFillEncoder();
    private final UnsafeBuffer messages;
    private int length;

    MakerFillMessages(final TradingConfig config)
    {
        messages = new UnsafeBuffer(new byte[maxLength(config)]);
    }

    /**
     * @return the most bytes of messages one request can produce: a MakerFill per fill.
     */
    static int maxLength(final TradingConfig config)
    {
        return config.maxFillsPerOrder() * ENTRY_LENGTH;
    }

    int capacity()
    {
        return messages.capacity();
    }

    /**
     * Forget the previous request's messages.
     */
    void begin()
    {
        length = 0;
    }

    /**
     * Copy the messages kept since {@link #begin}; may be called more than once, and writes the same each time.
     *
     * @return the bytes copied.
     */
    int copyTo(final MutableDirectBuffer buffer, final int offset)
    {
        if (length > 0)
        {
            buffer.putBytes(offset, messages, 0, length);
        }
        return length;
    }

    /**
     * A MakerFill to the maker's owner, after the fill has been taken off its leaves quantity.
     */
    void makerFill(final Order maker, final long tradeId, final long price, final long quantity)
    {
        final long filled = maker.quantity - maker.leavesQuantity;
        messages.putLong(length, maker.ownerClientId, ByteOrder.LITTLE_ENDIAN);
        messages.putInt(length + Long.BYTES, MAKER_FILL_LENGTH, ByteOrder.LITTLE_ENDIAN);
        makerFillEncoder.wrapAndApplyHeader(messages, length + Long.BYTES + Integer.BYTES, headerEncoder)
            .orderId(maker.orderId)
            .clientOrderId(maker.clientOrderId)
            .accountId(maker.accountId)
            .tradeId(tradeId)
            .price(price)
            .quantity(quantity)
            .filledQuantity(filled)
            .leavesQuantity(maker.leavesQuantity)
            .instrumentId(maker.instrumentId)
            .side(maker.buy ? Side.BUY : Side.SELL)
            .status(0 == maker.leavesQuantity ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED);
        length += ENTRY_LENGTH;
    }
}
