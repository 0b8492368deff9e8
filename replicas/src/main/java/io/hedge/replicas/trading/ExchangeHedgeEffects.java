package io.hedge.replicas.trading;

import io.hedge.codecs.trading.ExchangeOrderEncoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.Side;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The external effects of one request: an {@code ExchangeOrder} per fill of a routed instrument, kept from the apply
 * until the replica copies them out. Their ids are derived from the request's seq and the fill's index, so every
 * replica emits the same bytes and the effects sink can drop a repeat.
 */
final class ExchangeHedgeEffects
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int EXCHANGE_ORDER_LENGTH = HEADER_LENGTH + ExchangeOrderEncoder.BLOCK_LENGTH;
    /** One effect: its little-endian int32 length, then the ExchangeOrder with its header. */
    static final int EFFECT_LENGTH = Integer.BYTES + EXCHANGE_ORDER_LENGTH;
    /** Shift of the seq in an exchange order id; the fill index takes the low bits (at most 65,534 fills). */
    private static final int FILL_INDEX_BITS = 16;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExchangeOrderEncoder exchangeOrderEncoder = new ExchangeOrderEncoder();
    private final UnsafeBuffer effects;
    private int effectsLength;
    private long applySeq;

    ExchangeHedgeEffects(final TradingConfig config)
    {
        this.effects = new UnsafeBuffer(new byte[maxLength(config)]);
    }

    /**
     * @return the most bytes of effects one request can produce: an ExchangeOrder per fill, 0 if nothing is routed.
     */
    static int maxLength(final TradingConfig config)
    {
        return 0 == config.routedEvery() ? 0 : config.maxFillsPerOrder() * EFFECT_LENGTH;
    }

    static long seqOfExchangeOrder(final long exchangeOrderId)
    {
        return exchangeOrderId >>> FILL_INDEX_BITS;
    }

    static int fillIndexOfExchangeOrder(final long exchangeOrderId)
    {
        return (int)(exchangeOrderId & ((1 << FILL_INDEX_BITS) - 1));
    }

    static long exchangeOrderId(final long seq, final int fillIndex)
    {
        return (seq << FILL_INDEX_BITS) | fillIndex;
    }

    int capacity()
    {
        return effects.capacity();
    }

    /**
     * Forget the previous request's effects; the ones that follow belong to the request at this seq.
     */
    void begin(final long seq)
    {
        effectsLength = 0;
        applySeq = seq;
    }

    /**
     * Copy the effects kept since {@link #begin}; may be called more than once, and writes the same each time.
     *
     * @return the bytes copied.
     */
    int copyTo(final MutableDirectBuffer buffer, final int offset)
    {
        if (effectsLength > 0)
        {
            buffer.putBytes(offset, effects, 0, effectsLength);
        }
        return effectsLength;
    }

    /**
     * Append the ExchangeOrder that hedges a fill to this apply's effects.
     */
    void routeToExchange(
        final int fillIndex,
        final long tradeId,
        final long price,
        final long quantity,
        final int instrumentId,
        final boolean buy)
    {
        effects.putInt(effectsLength, EXCHANGE_ORDER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        exchangeOrderEncoder.wrapAndApplyHeader(effects, effectsLength + Integer.BYTES, headerEncoder)
            .exchangeOrderId(exchangeOrderId(applySeq, fillIndex))
            .seq(applySeq)
            .tradeId(tradeId)
            .price(price)
            .quantity(quantity)
            .instrumentId(instrumentId)
            .fillIndex(fillIndex)
            .side(buy ? Side.BUY : Side.SELL);
        effectsLength += EFFECT_LENGTH;
    }
}
