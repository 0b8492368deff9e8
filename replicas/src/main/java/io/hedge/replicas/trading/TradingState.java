package io.hedge.replicas.trading;

import org.agrona.collections.Hashing;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Everything a {@link TradingEngine} decides from: balances, books, resting orders and the id counters. Held in one
 * place so that order entry, transfers, the state hash and snapshots work on the same state without going through
 * the engine. Fields are plain and package-private because the request path reads them per message.
 */
final class TradingState
{
    private static final int PREALLOCATED_ORDERS = 16 * 1024;
    private static final int PREALLOCATED_LEVELS = 1024;
    private static final int MAX_PRESIZED_ORDER_MAP = 1 << 17;

    final TradingConfig config;
    final Accounts accounts;
    /** Indexed by instrument id; slot 0 unused. */
    final OrderBook[] books;
    final OrderPool orderPool;
    /** Lookup only: never iterated, so its hash order cannot leak into responses or the state hash. */
    final Long2ObjectHashMap<Order> ordersById;
    long nextOrderId = 1;
    long nextTradeId = 1;

    TradingState(final TradingConfig config)
    {
        this.config = config;
        this.accounts = new Accounts(config);

        final PriceLevelPool levelPool = new PriceLevelPool(PREALLOCATED_LEVELS);
        this.books = new OrderBook[config.instruments() + 1];
        for (int i = 1; i <= config.instruments(); i++)
        {
            books[i] = new OrderBook(i, levelPool);
        }
        this.orderPool = new OrderPool(config.maxOrders(), PREALLOCATED_ORDERS);
        this.ordersById = new Long2ObjectHashMap<>(
            Math.min(config.maxOrders(), MAX_PRESIZED_ORDER_MAP), Hashing.DEFAULT_LOAD_FACTOR);
    }
}
