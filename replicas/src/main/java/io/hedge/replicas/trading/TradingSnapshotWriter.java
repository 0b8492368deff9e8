package io.hedge.replicas.trading;

import org.agrona.ExpandableDirectByteBuffer;

import static io.hedge.replicas.trading.TradingSnapshot.ACCOUNTS_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.HEADER_LENGTH;
import static io.hedge.replicas.trading.TradingSnapshot.INITIAL_CASH_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.INITIAL_POSITION_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.INSTRUMENTS_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.LENGTH_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.LEVEL_LENGTH;
import static io.hedge.replicas.trading.TradingSnapshot.MAGIC;
import static io.hedge.replicas.trading.TradingSnapshot.MAX_FILLS_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.MAX_ORDERS_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.NEXT_ORDER_ID_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.NEXT_TRADE_ID_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.ORDER_LENGTH;
import static io.hedge.replicas.trading.TradingSnapshot.RESTING_ORDERS_OFFSET;
import static io.hedge.replicas.trading.TradingSnapshot.VERSION;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes a {@link TradingEngine}'s state in the {@link TradingSnapshot} format. The length is computed first, so
 * the buffer grows once and a mismatch between that length and the bytes written is caught as a bug.
 */
final class TradingSnapshotWriter
{
    private TradingSnapshotWriter()
    {
    }

    static int write(
        final ExpandableDirectByteBuffer buffer,
        final int offset,
        final TradingConfig config,
        final Accounts accounts,
        final OrderBook[] books,
        final int restingOrders,
        final long nextOrderId,
        final long nextTradeId)
    {
        if (offset < 0)
        {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
        long length = HEADER_LENGTH + accounts.snapshotLength();
        for (int i = 1; i < books.length; i++)
        {
            length += 2L * Integer.BYTES + (long)LEVEL_LENGTH *
                (books[i].bids().levelCount() + books[i].asks().levelCount());
        }
        length += (long)ORDER_LENGTH * restingOrders;
        if (offset + length > Integer.MAX_VALUE - 8)
        {
            throw new IllegalStateException("snapshot too large for one buffer: " + length + " bytes");
        }
        buffer.checkLimit(offset + (int)length);

        buffer.putInt(offset, MAGIC, LITTLE_ENDIAN);
        buffer.putInt(offset + 4, VERSION, LITTLE_ENDIAN);
        buffer.putInt(offset + ACCOUNTS_OFFSET, config.accounts(), LITTLE_ENDIAN);
        buffer.putInt(offset + INSTRUMENTS_OFFSET, config.instruments(), LITTLE_ENDIAN);
        buffer.putLong(offset + INITIAL_CASH_OFFSET, config.initialCash(), LITTLE_ENDIAN);
        buffer.putLong(offset + INITIAL_POSITION_OFFSET, config.initialPosition(), LITTLE_ENDIAN);
        buffer.putInt(offset + MAX_ORDERS_OFFSET, config.maxOrders(), LITTLE_ENDIAN);
        buffer.putInt(offset + MAX_FILLS_OFFSET, config.maxFillsPerOrder(), LITTLE_ENDIAN);
        buffer.putLong(offset + NEXT_ORDER_ID_OFFSET, nextOrderId, LITTLE_ENDIAN);
        buffer.putLong(offset + NEXT_TRADE_ID_OFFSET, nextTradeId, LITTLE_ENDIAN);
        buffer.putInt(offset + RESTING_ORDERS_OFFSET, restingOrders, LITTLE_ENDIAN);
        buffer.putInt(offset + LENGTH_OFFSET, (int)length, LITTLE_ENDIAN);

        int index = accounts.writeSnapshot(buffer, offset + HEADER_LENGTH);
        for (int i = 1; i < books.length; i++)
        {
            index = writeSide(buffer, index, books[i].bids());
            index = writeSide(buffer, index, books[i].asks());
        }
        if (index - offset != length)
        {
            throw new IllegalStateException("snapshot wrote " + (index - offset) + " bytes, expected " + length);
        }
        return (int)length;
    }

    private static int writeSide(final ExpandableDirectByteBuffer buffer, final int offset, final BookSide side)
    {
        final int levelCount = side.levelCount();
        buffer.putInt(offset, levelCount, LITTLE_ENDIAN);
        int index = offset + Integer.BYTES;
        for (int depth = 0; depth < levelCount; depth++)
        {
            final PriceLevel level = side.levelAt(depth);
            buffer.putLong(index, level.price, LITTLE_ENDIAN);
            buffer.putInt(index + Long.BYTES, level.orderCount, LITTLE_ENDIAN);
            index += LEVEL_LENGTH;
            for (Order order = level.head; null != order; order = order.next)
            {
                buffer.putLong(index, order.orderId, LITTLE_ENDIAN);
                buffer.putLong(index + Long.BYTES, order.accountId, LITTLE_ENDIAN);
                buffer.putLong(index + 2 * Long.BYTES, order.leavesQuantity, LITTLE_ENDIAN);
                buffer.putLong(index + 3 * Long.BYTES, order.quantity, LITTLE_ENDIAN);
                buffer.putLong(index + 4 * Long.BYTES, order.clientOrderId, LITTLE_ENDIAN);
                buffer.putLong(index + 5 * Long.BYTES, order.ownerClientId, LITTLE_ENDIAN);
                index += ORDER_LENGTH;
            }
        }
        return index;
    }
}
