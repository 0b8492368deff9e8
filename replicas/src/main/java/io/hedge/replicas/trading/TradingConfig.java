package io.hedge.replicas.trading;

/**
 * The fixed shape of a {@link TradingEngine}: how many accounts and instruments exist, what each account starts
 * with, how large the book may grow and which fills are routed to an external exchange. Every replica must be built from an equal configuration, since it is part
 * of the state the determinism contract covers. Immutable; validated once at construction.
 */
public final class TradingConfig
{
    /** Largest fills group the ExecutionReport schema can carry (uint16 count, 65535 reserved as null). */
    public static final int MAX_FILLS_LIMIT = 65534;

    /** Default {@link #routedEvery()}: fills of instruments 4, 8, 12, ... are routed to an external exchange. */
    public static final int DEFAULT_ROUTED_EVERY = TradingConfiguration.ROUTED_EVERY.defaultInt();

    private final int accounts;
    private final int instruments;
    private final long initialCash;
    private final long initialPosition;
    private final int maxOrders;
    private final int maxFillsPerOrder;
    private final int routedEvery;

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
        this(accounts, instruments, initialCash, initialPosition, maxOrders, maxFillsPerOrder, DEFAULT_ROUTED_EVERY);
    }

    /**
     * @param accounts         number of accounts, ids 1..accounts.
     * @param instruments      number of instruments, ids 1..instruments.
     * @param initialCash      cash of each account at start, in minor units.
     * @param initialPosition  position of each account in each instrument at start.
     * @param maxOrders        most orders that may rest at once; beyond it a new order is rejected BOOK_FULL.
     * @param maxFillsPerOrder most fills one aggressor takes; after that its remainder rests.
     * @param routedEvery      every fill of an instrument whose id is a multiple of this is routed to an external
     *                         exchange as an {@code ExchangeOrder} effect; 0 routes nothing, 1 everything.
     * @throws IllegalArgumentException if a value is out of range or the totals would overflow a long.
     */
    public TradingConfig(
        final int accounts,
        final int instruments,
        final long initialCash,
        final long initialPosition,
        final int maxOrders,
        final int maxFillsPerOrder,
        final int routedEvery)
    {
        require(accounts >= 1, "accounts must be >= 1: " + accounts);
        require(instruments >= 1, "instruments must be >= 1: " + instruments);
        require(initialCash >= 0, "initialCash must be >= 0: " + initialCash);
        require(initialPosition >= 0, "initialPosition must be >= 0: " + initialPosition);
        require(maxOrders >= 1, "maxOrders must be >= 1: " + maxOrders);
        require(maxFillsPerOrder >= 1 && maxFillsPerOrder <= MAX_FILLS_LIMIT,
            "maxFillsPerOrder must be in [1, " + MAX_FILLS_LIMIT + "]: " + maxFillsPerOrder);
        require(routedEvery >= 0, "routedEvery must be >= 0: " + routedEvery);
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
        this.routedEvery = routedEvery;
    }

    /**
     * A configuration for the demo, tests and load generator: the accounts, instruments and routing of
     * {@link TradingConfiguration}'s defaults (1,000 accounts, 16 instruments, the fills of every fourth instrument
     * routed to an external exchange), 1,000,000,000 cash and 1,000,000 of each instrument per account, 1,000,000
     * resting orders at most, 64 fills per aggressor.
     *
     * @return the default configuration.
     */
    public static TradingConfig defaults()
    {
        return new TradingConfig(TradingConfiguration.ACCOUNTS.defaultInt(), TradingConfiguration.INSTRUMENTS.defaultInt(),
            1_000_000_000L, 1_000_000L, 1_000_000, 64, TradingConfiguration.ROUTED_EVERY.defaultInt());
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

    /**
     * Which fills are external side effects: those of instruments whose id is a multiple of this; 0 for none. Not part
     * of the engine's state or its snapshots (effects belong to one apply), but every replica must use the same value,
     * or their effects differ.
     *
     * @return the routing divisor, 0 when nothing is routed.
     */
    public int routedEvery()
    {
        return routedEvery;
    }

    /**
     * @return whether the fills of this instrument are routed to the external exchange.
     */
    public boolean isRouted(final int instrumentId)
    {
        return 0 != routedEvery && 0 == instrumentId % routedEvery;
    }

    /**
     * @return a copy of this configuration with another {@link #routedEvery()}.
     */
    public TradingConfig withRoutedEvery(final int routedEvery)
    {
        return new TradingConfig(
            accounts, instruments, initialCash, initialPosition, maxOrders, maxFillsPerOrder, routedEvery);
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
            ", routedEvery=" + routedEvery +
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
