package io.hedge.chaos.workload;

/**
 * The seeded stream of a chaos client's operations: transfers between a fixed set of accounts (the bank test: total
 * cash is conserved), new orders and cancels of the sample trading engine. The stream is a function of the seed, the
 * client id and the mix only (a SplitMix64, never {@code java.util.Random}), so the same seed gives the same
 * operations on every run, whatever the fabric answers.
 *
 * <p>A cancel names one of this client's own recent orders by its number; the client maps that number to the order id
 * the engine gave it when the order's answer arrives (a cancel of an order not answered yet, or rejected, is sent with
 * order id 0 and is rejected by the engine, which is a fine request too).
 */
public final class OperationGenerator
{
    public static final long MID_PRICE = 1_000;
    public static final int PRICE_RANGE = 20;
    public static final int MAX_ORDER_QUANTITY = 100;
    public static final int MAX_TRANSFER_AMOUNT = 10_000;
    /** A cancel names one of this many most recent own orders. */
    public static final int CANCEL_WINDOW = 64;

    private final int accounts;
    private final int instruments;
    private final int orderPercent;
    private final int cancelPercent;
    private long state;
    private long orders;
    private long transfers;
    /** Account and instrument of this client's n-th order, at n % CANCEL_WINDOW. */
    private final long[] recentAccount = new long[CANCEL_WINDOW];
    private final int[] recentInstrument = new int[CANCEL_WINDOW];

    /**
     * @param seed            of the run.
     * @param clientId        of the client: each client of a run gets a stream of its own.
     * @param accounts        accounts of the engine, ids 1..accounts (at least 2).
     * @param instruments     instruments of the engine, ids 1..instruments.
     * @param orderPercent    share of new orders, 0..100.
     * @param cancelPercent   share of cancels; the rest are transfers.
     */
    public OperationGenerator(
        final long seed,
        final long clientId,
        final int accounts,
        final int instruments,
        final int orderPercent,
        final int cancelPercent)
    {
        if (accounts < 2 || instruments < 1 || orderPercent < 0 || cancelPercent < 0 || orderPercent + cancelPercent > 100)
        {
            throw new IllegalArgumentException("need 2+ accounts, 1+ instruments and a mix within 100%: accounts=" +
                accounts + " instruments=" + instruments + " orders=" + orderPercent + "% cancels=" + cancelPercent + "%");
        }
        this.accounts = accounts;
        this.instruments = instruments;
        this.orderPercent = orderPercent;
        this.cancelPercent = cancelPercent;
        // mix the client id in so that clients of one seed differ, yet each is reproducible
        this.state = seed ^ (clientId * 0xD1B54A32D192ED03L);
    }

    /**
     * @return the next operation.
     */
    public Operation next()
    {
        final int dice = nextInt(100);
        if (dice < orderPercent || (dice < orderPercent + cancelPercent && 0 == orders))
        {
            final long account = 1 + nextInt(accounts);
            final int instrument = 1 + nextInt(instruments);
            final int side = 1 + nextInt(2);
            final long price = MID_PRICE - PRICE_RANGE + nextInt(2 * PRICE_RANGE + 1);
            final long quantity = 1 + nextInt(MAX_ORDER_QUANTITY);
            final long n = ++orders;
            recentAccount[(int)(n % CANCEL_WINDOW)] = account;
            recentInstrument[(int)(n % CANCEL_WINDOW)] = instrument;
            return new Operation(Operation.Kind.NEW_ORDER, n, account, 0, instrument, side, price, quantity);
        }
        if (dice < orderPercent + cancelPercent)
        {
            final long oldest = Math.max(1, orders - CANCEL_WINDOW + 1);
            final long own = oldest + nextInt((int)(orders - oldest + 1));
            return new Operation(Operation.Kind.CANCEL, own, recentAccount[(int)(own % CANCEL_WINDOW)], 0,
                recentInstrument[(int)(own % CANCEL_WINDOW)], 0, 0, 0);
        }
        final long from = 1 + nextInt(accounts);
        long to = 1 + nextInt(accounts - 1);
        if (to >= from)
        {
            to++;
        }
        return new Operation(Operation.Kind.TRANSFER, ++transfers, from, to, 0, 0, 0, 1 + nextInt(MAX_TRANSFER_AMOUNT));
    }

    private long nextLong()
    {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private int nextInt(final int bound)
    {
        return (int)(((nextLong() >>> 32) * bound) >>> 32);
    }
}
