package io.hedge.replicas.trading;

/**
 * A resting limit order. Mutable and pooled by {@link OrderPool} so that the hot path does not allocate; it is also
 * an intrusive node of its {@link PriceLevel}'s FIFO, which saves a separate queue entry per order.
 */
final class Order
{
    long orderId;
    long accountId;
    int instrumentId;
    boolean buy;
    long price;
    long leavesQuantity;
    /** The order's whole quantity, as entered: what was filled is {@code quantity - leavesQuantity}. */
    long quantity;
    long clientOrderId;
    /** The client (session) that entered the order: it is sent a MakerFill when the order is filled. */
    long ownerClientId;

    PriceLevel level;
    Order prev;
    /** Next order in the level's FIFO while resting, next free order while pooled. */
    Order next;

    void set(
        final long orderId,
        final long accountId,
        final int instrumentId,
        final boolean buy,
        final long price,
        final long leavesQuantity,
        final long quantity,
        final long clientOrderId,
        final long ownerClientId)
    {
        this.quantity = quantity;
        this.clientOrderId = clientOrderId;
        this.ownerClientId = ownerClientId;
        this.orderId = orderId;
        this.accountId = accountId;
        this.instrumentId = instrumentId;
        this.buy = buy;
        this.price = price;
        this.leavesQuantity = leavesQuantity;
    }

    void clear()
    {
        orderId = 0;
        accountId = 0;
        instrumentId = 0;
        buy = false;
        price = 0;
        leavesQuantity = 0;
        quantity = 0;
        clientOrderId = 0;
        ownerClientId = 0;
        level = null;
        prev = null;
        next = null;
    }
}
