package io.hedge.replicas.trading;

import java.util.Arrays;

/**
 * One side of one instrument's book: its price levels sorted so that the best is last. Matching mostly touches the
 * best level and new levels mostly appear near it, so keeping it at the end makes taking it O(1) and keeps the
 * {@link System#arraycopy} of an insert short. Levels are found by binary search over a parallel array of keys,
 * which is denser in cache than chasing the level objects.
 */
final class BookSide
{
    private final boolean bids;
    private final PriceLevelPool levelPool;
    /** Ascending; price for bids, -price for asks, so that ascending order puts the best level last on both sides. */
    private long[] keys;
    private PriceLevel[] levels;
    private int size;

    BookSide(final boolean bids, final PriceLevelPool levelPool, final int initialCapacity)
    {
        this.bids = bids;
        this.levelPool = levelPool;
        this.keys = new long[initialCapacity];
        this.levels = new PriceLevel[initialCapacity];
    }

    boolean isBids()
    {
        return bids;
    }

    int levelCount()
    {
        return size;
    }

    /**
     * @return the best level, or null if the side is empty.
     */
    PriceLevel best()
    {
        return 0 == size ? null : levels[size - 1];
    }

    /**
     * @param depth 0 for the best level, {@link #levelCount()} - 1 for the worst.
     * @return the level at that depth.
     */
    PriceLevel levelAt(final int depth)
    {
        return levels[size - 1 - depth];
    }

    /**
     * The level at a price, created in its sorted place if there is none yet.
     *
     * @param price of the level.
     * @return the level.
     */
    PriceLevel levelFor(final long price)
    {
        final long key = key(price);
        if (size > 0 && keys[size - 1] == key)
        {
            return levels[size - 1];
        }

        final int found = Arrays.binarySearch(keys, 0, size, key);
        if (found >= 0)
        {
            return levels[found];
        }

        final int index = -found - 1;
        if (size == keys.length)
        {
            final int newCapacity = keys.length << 1;
            keys = Arrays.copyOf(keys, newCapacity);
            levels = Arrays.copyOf(levels, newCapacity);
        }
        final int tail = size - index;
        if (tail > 0)
        {
            System.arraycopy(keys, index, keys, index + 1, tail);
            System.arraycopy(levels, index, levels, index + 1, tail);
        }

        final PriceLevel level = levelPool.acquire(price);
        keys[index] = key;
        levels[index] = level;
        size++;
        return level;
    }

    /**
     * Remove an empty level from the side and give it back to the pool.
     *
     * @param level on this side.
     */
    void removeLevel(final PriceLevel level)
    {
        final int last = size - 1;
        if (levels[last] == level)
        {
            levels[last] = null;
        }
        else
        {
            final int index = Arrays.binarySearch(keys, 0, size, key(level.price));
            if (index < 0 || levels[index] != level)
            {
                throw new IllegalStateException("level not on this side: price=" + level.price);
            }
            System.arraycopy(keys, index + 1, keys, index, last - index);
            System.arraycopy(levels, index + 1, levels, index, last - index);
            levels[last] = null;
        }
        size = last;
        levelPool.release(level);
    }

    /**
     * Start restoring this empty side from a snapshot: make room for {@code levelCount} levels, which
     * {@link #restoreLevel} must then fill for every depth from best to worst before the side is used.
     *
     * @param levelCount how many levels the side will have.
     */
    void beginRestore(final int levelCount)
    {
        if (0 != size)
        {
            throw new IllegalStateException("cannot restore into a side that has " + size + " levels");
        }
        if (keys.length < levelCount)
        {
            keys = new long[levelCount];
            levels = new PriceLevel[levelCount];
        }
        size = levelCount;
    }

    /**
     * Put a level in its place during a restore; placing by depth keeps the restore linear however many levels.
     *
     * @param depth 0 for the best level, {@link #levelCount()} - 1 for the worst.
     * @param price of the level; the caller has checked that prices run strictly from best to worst.
     * @return the new, empty level.
     */
    PriceLevel restoreLevel(final int depth, final long price)
    {
        final int index = size - 1 - depth;
        final PriceLevel level = levelPool.acquire(price);
        keys[index] = key(price);
        levels[index] = level;
        return level;
    }

    private long key(final long price)
    {
        return bids ? price : -price;
    }
}
