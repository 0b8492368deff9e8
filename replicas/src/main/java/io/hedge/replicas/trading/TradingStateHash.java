package io.hedge.replicas.trading;

import io.hedge.replicas.StateHash;

/**
 * The full-state hash of a {@link TradingState}: the id counters, every balance in account order, and every resting
 * order in book order (instrument, bids then asks, best level to worst, oldest order first). The order is fixed so
 * that replicas in the same state get the same hash whatever their hash maps hold. Walks the whole state: for
 * snapshots and audits, not for the hot path.
 */
final class TradingStateHash
{
    private static final long HASH_SEED = 0x9E3779B97F4A7C15L;

    private TradingStateHash()
    {
    }

    static long of(final TradingState state)
    {
        long h = fold(0, state.nextOrderId);
        h = fold(h, state.nextTradeId);
        h = fold(h, state.orderPool.inUse());
        h = state.accounts.hash(h);
        for (int i = 1; i < state.books.length; i++)
        {
            final OrderBook book = state.books[i];
            h = fold(h, book.instrumentId());
            h = hashSide(h, book.bids());
            h = hashSide(h, book.asks());
        }
        return h;
    }

    private static long hashSide(final long hash, final BookSide side)
    {
        final int levelCount = side.levelCount();
        long h = fold(hash, levelCount);
        for (int depth = 0; depth < levelCount; depth++)
        {
            final PriceLevel level = side.levelAt(depth);
            h = fold(h, level.price);
            h = fold(h, level.orderCount);
            for (Order order = level.head; null != order; order = order.next)
            {
                h = fold(h, order.orderId);
                h = fold(h, order.accountId);
                h = fold(h, order.leavesQuantity);
                h = fold(h, order.quantity);
                h = fold(h, order.clientOrderId);
                h = fold(h, order.ownerClientId);
            }
        }
        return h;
    }

    /**
     * Fold a value into a hash; the added constant keeps leading zero values from vanishing.
     */
    static long fold(final long hash, final long value)
    {
        return StateHash.mix((hash + HASH_SEED) ^ value);
    }
}
