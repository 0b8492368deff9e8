package io.hedge.replicas.trading;

/**
 * A bounded free list of {@link Order}s. It allocates in chunks as the book first grows and then recycles, so the
 * steady state allocates nothing; its bound is what makes the engine answer BOOK_FULL instead of running out of heap.
 */
final class OrderPool
{
    private static final int CHUNK = 4096;

    private final int capacity;
    private Order freeHead;
    private int allocated;
    private int inUse;

    OrderPool(final int capacity, final int preallocate)
    {
        this.capacity = capacity;
        grow(Math.min(capacity, preallocate));
    }

    boolean isExhausted()
    {
        return inUse >= capacity;
    }

    int inUse()
    {
        return inUse;
    }

    /**
     * @return a cleared order, or null when {@link #isExhausted()}.
     */
    Order acquire()
    {
        if (null == freeHead)
        {
            if (allocated >= capacity)
            {
                return null;
            }
            grow(Math.min(CHUNK, capacity - allocated));
        }
        final Order order = freeHead;
        freeHead = order.next;
        order.next = null;
        inUse++;
        return order;
    }

    void release(final Order order)
    {
        order.clear();
        order.next = freeHead;
        freeHead = order;
        inUse--;
    }

    private void grow(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final Order order = new Order();
            order.next = freeHead;
            freeHead = order;
        }
        allocated += count;
    }
}
