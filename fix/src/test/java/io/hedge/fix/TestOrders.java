package io.hedge.fix;

import io.hedge.codecs.trading.MakerFillEncoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.Side;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Encoded requests and session messages of the sample trading application, and a front-door configuration, for the
 * tests that need no fabric.
 */
final class TestOrders
{
    private TestOrders()
    {
    }

    static FixConfig config(final Path dir)
    {
        final Properties p = new Properties();
        p.setProperty(FixConfig.SETTINGS, "sessions.cfg");
        p.setProperty("symbol.ACME", "1");
        p.setProperty("symbol.ACME.ticks.per.unit", "100");
        p.setProperty("account.MAKER-ACC", "1");
        p.setProperty("session.MAKER", "101");
        return FixConfig.of(dir, p);
    }

    static byte[] newOrder(final long clientOrderId, final long accountId, final Side side, final long price,
        final long quantity)
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

    static UnsafeBuffer makerFill(
        final long orderId, final long clientOrderId, final long tradeId, final long price, final long quantity,
        final long filled, final long leaves, final OrderStatus status)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(
            new byte[MessageHeaderEncoder.ENCODED_LENGTH + MakerFillEncoder.BLOCK_LENGTH]);
        new MakerFillEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .accountId(1)
            .tradeId(tradeId)
            .price(price)
            .quantity(quantity)
            .filledQuantity(filled)
            .leavesQuantity(leaves)
            .instrumentId(1)
            .side(Side.SELL)
            .status(status);
        return buffer;
    }
}
