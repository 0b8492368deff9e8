package io.hedge.replicas.trading;

/**
 * The fixed shape of a {@link TradingEngine}: how many accounts and instruments exist, what each account starts
 * with and how large the book may grow. Every replica must be built from an equal configuration, since it is part
 * of the state the determinism contract covers. Immutable; validated once at construction.
 */
public final class TradingConfig
{
    /** Largest fills group the ExecutionReport schema can carry (uint16 count, 65535 reserved as null). */
    public static final int MAX_FILLS_LIMIT = 65534;

    private final int accounts;
    private final int instruments;
    private final long initialCash;
    private final long initialPosition;
    private final int maxOrders;
    private final int maxFillsPerOrder;

    /**
     * @param accounts         number of accounts, ids 1..accounts.
     * @param instruments      number of instruments, ids 1..instruments.
     * @param initialCash      cash of each account at start, in minor units.
     * @param initialPosition  position of each account in each instrument at start.
     * @param maxOrders        most orders that may rest at once; beyond it a new order is rejected BOOK_FULL.
     * @param maxFillsPerOrder most fills one aggressor takes; after that its remainder rests.
     * @throws IllegalArgumentException if a value is out of range or the totals would overflow a long.
     */
    public TradingConfig(
        final int accounts,
        final int instruments,
        final long initialCash,
        final long initialPosition,
        final int maxOrders,
        final int maxFillsPerOrder)
    {
        require(accounts >= 1, "accounts must be >= 1: " + accounts);
        require(instruments >= 1, "instruments must be >= 1: " + instruments);
        require(initialCash >= 0, "initialCash must be >= 0: " + initialCash);
        require(initialPosition >= 0, "initialPosition must be >= 0: " + initialPosition);
        require(maxOrders >= 1, "maxOrders must be >= 1: " + maxOrders);
        require(maxFillsPerOrder >= 1 && maxFillsPerOrder <= MAX_FILLS_LIMIT,
            "maxFillsPerOrder must be in [1, " + MAX_FILLS_LIMIT + "]: " + maxFillsPerOrder);
        // positions live in one flat array indexed by account and instrument
        require((accounts + 1L) * instruments <= Integer.MAX_VALUE - 8,
            "accounts * instruments too large: " + accounts + " * " + instruments);
        try
        {
            // totals must fit so that conservation checks (and every balance on the way) cannot overflow
            Math.multiplyExact(initialCash, (long)accounts);
            Math.multiplyExact(initialPosition, (long)accounts);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("total cash or position overflows a long", ex);
        }

        this.accounts = accounts;
        this.instruments = instruments;
        this.initialCash = initialCash;
        this.initialPosition = initialPosition;
        this.maxOrders = maxOrders;
        this.maxFillsPerOrder = maxFillsPerOrder;
    }

    /**
     * A configuration for the demo, tests and load generator: 1,000 accounts, 16 instruments, 1,000,000,000 cash and
     * 1,000,000 of each instrument per account, 1,000,000 resting orders at most, 64 fills per aggressor.
     *
     * @return the default configuration.
     */
    public static TradingConfig defaults()
    {
        return new TradingConfig(1_000, 16, 1_000_000_000L, 1_000_000L, 1_000_000, 64);
    }

    public int accounts()
    {
        return accounts;
    }

    public int instruments()
    {
        return instruments;
    }

    public long initialCash()
    {
        return initialCash;
    }

    public long initialPosition()
    {
        return initialPosition;
    }

    public int maxOrders()
    {
        return maxOrders;
    }

    public int maxFillsPerOrder()
    {
        return maxFillsPerOrder;
    }

    public String toString()
    {
        return "TradingConfig{" +
            "accounts=" + accounts +
            ", instruments=" + instruments +
            ", initialCash=" + initialCash +
            ", initialPosition=" + initialPosition +
            ", maxOrders=" + maxOrders +
            ", maxFillsPerOrder=" + maxFillsPerOrder +
            '}';
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
