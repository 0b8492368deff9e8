package io.hedge.replicas.trading;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import static io.hedge.replicas.trading.TradingSnapshot.HEADER_LENGTH;
import static io.hedge.replicas.trading.TradingSnapshot.LEVEL_LENGTH;
import static io.hedge.replicas.trading.TradingSnapshot.ORDER_LENGTH;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Rebuilds a fresh engine's balances and books from {@link TradingSnapshot} bytes. It reads without checks, so it
 * must only be given bytes {@link TradingSnapshotValidator} accepted.
 */
final class TradingSnapshotRestorer
{
    private TradingSnapshotRestorer()
    {
    }

    /**
     * Rebuild balances and books from a snapshot that {@link TradingSnapshotValidator#validate} accepted, into a
     * fresh engine's parts.
     */
    static void restore(
        final DirectBuffer buffer,
        final int offset,
        final Accounts accounts,
        final OrderBook[] books,
        final OrderPool orderPool,
        final Long2ObjectHashMap<Order> ordersById)
    {
        int index = accounts.loadSnapshot(buffer, offset + HEADER_LENGTH);
        for (int i = 1; i < books.length; i++)
        {
            index = restoreSide(buffer, index, i, books[i].bids(), orderPool, ordersById);
            index = restoreSide(buffer, index, i, books[i].asks(), orderPool, ordersById);
        }
    }

    private static int restoreSide(
        final DirectBuffer buffer,
        final int offset,
        final int instrumentId,
        final BookSide side,
        final OrderPool orderPool,
        final Long2ObjectHashMap<Order> ordersById)
    {
        final int levelCount = buffer.getInt(offset, LITTLE_ENDIAN);
        int index = offset + Integer.BYTES;
        side.beginRestore(levelCount);
        for (int depth = 0; depth < levelCount; depth++)
        {
            final long price = buffer.getLong(index, LITTLE_ENDIAN);
            final int orderCount = buffer.getInt(index + Long.BYTES, LITTLE_ENDIAN);
            index += LEVEL_LENGTH;
            final PriceLevel level = side.restoreLevel(depth, price);
            for (int n = 0; n < orderCount; n++)
            {
                final Order order = orderPool.acquire();
                if (null == order)
                {
                    throw new IllegalStateException("order pool exhausted while restoring a validated snapshot");
                }
                order.set(
                    buffer.getLong(index, LITTLE_ENDIAN),
                    buffer.getLong(index + Long.BYTES, LITTLE_ENDIAN),
                    instrumentId,
                    side.isBids(),
                    price,
                    buffer.getLong(index + 2 * Long.BYTES, LITTLE_ENDIAN),
                    buffer.getLong(index + 3 * Long.BYTES, LITTLE_ENDIAN),
                    buffer.getLong(index + 4 * Long.BYTES, LITTLE_ENDIAN),
                    buffer.getLong(index + 5 * Long.BYTES, LITTLE_ENDIAN));
                index += ORDER_LENGTH;
                level.append(order);
                ordersById.put(order.orderId, order);
            }
        }
        return index;
    }
}
