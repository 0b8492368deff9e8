package io.hedge.replicas.trading;

/**
 * All resting orders at one price on one side, oldest first: the FIFO that gives time priority. Pooled by
 * {@link PriceLevelPool} and linked through the orders themselves, so joining and leaving a level never allocates.
 */
final class PriceLevel
{
    long price;
    int orderCount;
    Order head;
    Order tail;
    /** Next free level while pooled. */
    PriceLevel nextFree;

    void append(final Order order)
    {
        order.level = this;
        order.next = null;
        order.prev = tail;
        if (null == tail)
        {
            head = order;
        }
        else
        {
            tail.next = order;
        }
        tail = order;
        orderCount++;
    }

    void unlink(final Order order)
    {
        final Order prev = order.prev;
        final Order next = order.next;
        if (null == prev)
        {
            head = next;
        }
        else
        {
            prev.next = next;
        }
        if (null == next)
        {
            tail = prev;
        }
        else
        {
            next.prev = prev;
        }
        order.prev = null;
        order.next = null;
        order.level = null;
        orderCount--;
    }

    boolean isEmpty()
    {
        return null == head;
    }

    void clear()
    {
        price = 0;
        orderCount = 0;
        head = null;
        tail = null;
        nextFree = null;
    }
}
