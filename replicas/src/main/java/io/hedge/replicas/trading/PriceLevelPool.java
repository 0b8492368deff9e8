package io.hedge.replicas.trading;

/**
 * A free list of {@link PriceLevel}s shared by every book. Unbounded because a level only exists while an order
 * rests on it, so the order pool already bounds it; it grows in chunks and then recycles.
 */
final class PriceLevelPool
{
    private static final int CHUNK = 1024;

    private PriceLevel freeHead;

    PriceLevelPool(final int preallocate)
    {
        grow(preallocate);
    }

    PriceLevel acquire(final long price)
    {
        if (null == freeHead)
        {
            grow(CHUNK);
        }
        final PriceLevel level = freeHead;
        freeHead = level.nextFree;
        level.nextFree = null;
        level.price = price;
        return level;
    }

    void release(final PriceLevel level)
    {
        level.clear();
        level.nextFree = freeHead;
        freeHead = level;
    }

    private void grow(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final PriceLevel level = new PriceLevel();
            level.nextFree = freeHead;
            freeHead = level;
        }
    }
}
