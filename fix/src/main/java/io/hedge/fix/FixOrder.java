package io.hedge.fix;

/**
 * What the front door knows of one ClOrdID of one session: the Hedge request it became (correlation id, the bytes to
 * resubmit if the gateway says it never ran), and, once answered, the Hedge order id, the quantities and the last
 * ExecutionReport sent for it (raw FIX), which answers an OrderStatusRequest or a possible-duplicate resend.
 */
final class FixOrder
{
    static final byte NEW_ORDER = 1;
    static final byte CANCEL = 2;

    final long clientId;
    final String clOrdId;
    final String origClOrdId;
    final byte kind;
    /** The Hedge NewOrder's clientOrderId: the correlation id the order was first sent with; how a MakerFill names it. */
    final long hedgeClientOrderId;
    final byte[] payload;
    long correlationId;
    /** The Hedge order id, once the engine accepted the order; 0 before or if it was rejected. */
    long orderId;
    long cumQty;
    /** Sum of price ticks times quantity of the fills, for the average price. */
    long notionalTicks;
    /** The Hedge request's outcome is known (answered); until then it is looked after on restart. */
    boolean answered;
    /** The last ExecutionReport sent for this ClOrdID, as FIX text; null while none was. */
    String lastReport;
    /** Highest trade id reported to the maker side, so that a fill delivered again is not reported twice. */
    long lastMakerTradeId;
    /** Reports built while recovering after a restart may repeat ones sent before the crash: PossResend=Y. */
    boolean recovered;

    FixOrder(
        final long clientId,
        final String clOrdId,
        final String origClOrdId,
        final byte kind,
        final long correlationId,
        final long hedgeClientOrderId,
        final byte[] payload)
    {
        this.clientId = clientId;
        this.clOrdId = clOrdId;
        this.origClOrdId = origClOrdId;
        this.kind = kind;
        this.correlationId = correlationId;
        this.hedgeClientOrderId = hedgeClientOrderId;
        this.payload = payload;
    }

    boolean isNewOrder()
    {
        return NEW_ORDER == kind;
    }
}
