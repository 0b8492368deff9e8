package io.hedge.fix;

import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.NewOrderDecoder;
import io.hedge.codecs.trading.Side;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The terms of a Hedge NewOrder as the front door reports them back in FIX: read from the request bytes it keeps.
 */
record OrderTerms(long accountId, int instrumentId, char side, long priceTicks, long quantity)
{
    static OrderTerms of(final byte[] newOrder)
    {
        final NewOrderDecoder decoder = new NewOrderDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(newOrder), 0, new MessageHeaderDecoder());
        return new OrderTerms(decoder.accountId(), decoder.instrumentId(), fixSide(decoder.side()), decoder.price(),
            decoder.quantity());
    }

    static char fixSide(final Side side)
    {
        return side == Side.SELL ? quickfix.field.Side.SELL : quickfix.field.Side.BUY;
    }
}
