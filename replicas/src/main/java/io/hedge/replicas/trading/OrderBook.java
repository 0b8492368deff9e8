package io.hedge.replicas.trading;

/**
 * The bids and asks of one instrument with price-time priority. It only keeps orders in order; the
 * {@link TradingEngine} decides what trades and {@link Accounts} settles it.
 */
final class OrderBook
{
    private static final int INITIAL_LEVELS = 64;

    private final int instrumentId;
    private final BookSide bids;
    private final BookSide asks;

    OrderBook(final int instrumentId, final PriceLevelPool levelPool)
    {
        this.instrumentId = instrumentId;
        this.bids = new BookSide(true, levelPool, INITIAL_LEVELS);
        this.asks = new BookSide(false, levelPool, INITIAL_LEVELS);
    }

    int instrumentId()
    {
        return instrumentId;
    }

    BookSide bids()
    {
        return bids;
    }

    BookSide asks()
    {
        return asks;
    }

    /**
     * The order an aggressor would trade with next: the oldest order at the best opposite price, if that price is
     * within the aggressor's limit.
     *
     * @param aggressorBuys true if the aggressor buys.
     * @param limitPrice    the aggressor's limit.
     * @return the maker, or null if nothing crosses.
     */
    Order bestMaker(final boolean aggressorBuys, final long limitPrice)
    {
        final PriceLevel level = aggressorBuys ? asks.best() : bids.best();
        if (null == level)
        {
            return null;
        }
        final boolean crosses = aggressorBuys ? level.price <= limitPrice : level.price >= limitPrice;
        return crosses ? level.head : null;
    }

    /**
     * Add an order at the back of the queue at its price.
     *
     * @param order to rest; its side, price and quantity are set.
     */
    void rest(final Order order)
    {
        (order.buy ? bids : asks).levelFor(order.price).append(order);
    }

    /**
     * Take a resting order out of the book, dropping its level if that empties it.
     *
     * @param order resting in this book.
     */
    void remove(final Order order)
    {
        final PriceLevel level = order.level;
        level.unlink(order);
        if (level.isEmpty())
        {
            (order.buy ? bids : asks).removeLevel(level);
        }
    }
}
