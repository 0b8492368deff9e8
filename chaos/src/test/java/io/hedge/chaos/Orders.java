package io.hedge.chaos;

import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Payloads of the sample trading application for tests.
 */
final class Orders
{
    private Orders()
    {
    }

    static byte[] newOrder(final long clientOrderId, final long accountId, final Side side, final long price, final long quantity)
    {
        final byte[] bytes = new byte[MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH];
        new NewOrderEncoder().wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderEncoder())
            .clientOrderId(clientOrderId)
            .accountId(accountId)
            .price(price)
            .quantity(quantity)
            .instrumentId(1)
            .side(side);
        return bytes;
    }

    static int templateId(final byte[] payload)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(payload), 0).templateId();
    }
}
