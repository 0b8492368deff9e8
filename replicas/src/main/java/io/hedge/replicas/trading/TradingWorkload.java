package io.hedge.replicas.trading;

import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * A seeded stream of trading requests for tests, the demo and the load generator. The same seed, configuration and
 * mix give the same bytes on every run and every JDK (the generator is a self-contained SplitMix64, not
 * {@code java.util.Random}), and {@link #next} allocates nothing.
 *
 * <p>Orders pick a random account, instrument and side, a price within {@link #PRICE_RANGE} ticks of
 * {@link #MID_PRICE} and a quantity up to {@link #MAX_ORDER_QUANTITY}, so that about half cross and the rest build
 * a book. The workload never sees responses, so a cancel guesses: the engine numbers accepted orders 1, 2, 3, ...,
 * and with a configuration roomy enough that orders are rarely rejected the n-th order sent is order id n, so a
 * cancel names one of the last {@link #CANCEL_WINDOW} orders sent, with the account and instrument it was sent for.
 * A guess for an order that has since traded away is rejected UNKNOWN_ORDER, which is a fine request too.
 */
public final class TradingWorkload
{
    /** Longest request {@link #next} writes: a NewOrder with its header. */
    public static final int MAX_REQUEST_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH;
    public static final long MID_PRICE = 1_000;
    public static final int PRICE_RANGE = 20;
    public static final int MAX_ORDER_QUANTITY = 100;
    public static final int MAX_TRANSFER_AMOUNT = 10_000;
    public static final int CANCEL_WINDOW = 1_000;

    private static final int RING_SIZE = 1024; // a power of two above CANCEL_WINDOW
    private static final int RING_MASK = RING_SIZE - 1;

    private final int accounts;
    private final int instruments;
    private final int orderPercent;
    private final int cancelPercent;
    private long state;

    /** Account and instrument of the order sent n-th, at n & RING_MASK. */
    private final int[] recentAccount = new int[RING_SIZE];
    private final int[] recentInstrument = new int[RING_SIZE];
    private long ordersSent;
    private long cancelsSent;
    private long transfersSent;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelOrderEncoder = new CancelOrderEncoder();
    private final TransferEncoder transferEncoder = new TransferEncoder();

    /**
     * @param seed            of the stream.
     * @param config          the engine's configuration, for the ranges of account and instrument ids.
     * @param orderPercent    share of new orders, 0..100.
     * @param cancelPercent   share of cancels, 0..100.
     * @param transferPercent share of transfers, 0..100; the three must add up to 100.
     */
    public TradingWorkload(
        final long seed,
        final TradingConfig config,
        final int orderPercent,
        final int cancelPercent,
        final int transferPercent)
    {
        if (orderPercent < 0 || cancelPercent < 0 || transferPercent < 0 ||
            orderPercent + cancelPercent + transferPercent != 100)
        {
            throw new IllegalArgumentException("percentages must be >= 0 and add up to 100: orders=" + orderPercent +
                " cancels=" + cancelPercent + " transfers=" + transferPercent);
        }
        if (transferPercent > 0 && config.accounts() < 2)
        {
            throw new IllegalArgumentException("transfers need at least 2 accounts");
        }
        this.accounts = config.accounts();
        this.instruments = config.instruments();
        this.orderPercent = orderPercent;
        this.cancelPercent = cancelPercent;
        this.state = seed;
    }

    /**
     * Encode the next request, header and body.
     *
     * @param buffer where to write; needs {@link #MAX_REQUEST_LENGTH} bytes from offset.
     * @param offset where the request starts.
     * @return the request's length.
     */
    public int next(final MutableDirectBuffer buffer, final int offset)
    {
        final int dice = nextInt(100);
        if (dice < orderPercent || (dice < orderPercent + cancelPercent && 0 == ordersSent))
        {
            // before the first order there is nothing to cancel
            return newOrder(buffer, offset);
        }
        if (dice < orderPercent + cancelPercent)
        {
            return cancel(buffer, offset);
        }
        return transfer(buffer, offset);
    }

    public long ordersSent()
    {
        return ordersSent;
    }

    public long cancelsSent()
    {
        return cancelsSent;
    }

    public long transfersSent()
    {
        return transfersSent;
    }

    private int newOrder(final MutableDirectBuffer buffer, final int offset)
    {
        final int accountId = 1 + nextInt(accounts);
        final int instrumentId = 1 + nextInt(instruments);
        final Side side = nextInt(2) == 0 ? Side.BUY : Side.SELL;
        final long price = MID_PRICE - PRICE_RANGE + nextInt(2 * PRICE_RANGE + 1);
        final long quantity = 1 + nextInt(MAX_ORDER_QUANTITY);

        final long n = ++ordersSent;
        recentAccount[(int)(n & RING_MASK)] = accountId;
        recentInstrument[(int)(n & RING_MASK)] = instrumentId;

        newOrderEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .clientOrderId(n)
            .accountId(accountId)
            .price(price)
            .quantity(quantity)
            .userData(0)
            .instrumentId(instrumentId)
            .side(side);
        return MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH;
    }

    private int cancel(final MutableDirectBuffer buffer, final int offset)
    {
        final long oldest = Math.max(1, ordersSent - CANCEL_WINDOW);
        final long orderId = oldest + nextInt((int)(ordersSent - oldest + 1));
        cancelsSent++;

        cancelOrderEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .accountId(recentAccount[(int)(orderId & RING_MASK)])
            .orderId(orderId)
            .instrumentId(recentInstrument[(int)(orderId & RING_MASK)]);
        return MessageHeaderEncoder.ENCODED_LENGTH + CancelOrderEncoder.BLOCK_LENGTH;
    }

    private int transfer(final MutableDirectBuffer buffer, final int offset)
    {
        final int from = 1 + nextInt(accounts);
        // uniform over the other accounts
        int to = 1 + nextInt(accounts - 1);
        if (to >= from)
        {
            to++;
        }
        final long transferId = ++transfersSent;

        transferEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .transferId(transferId)
            .fromAccountId(from)
            .toAccountId(to)
            .amount(1 + nextInt(MAX_TRANSFER_AMOUNT));
        return MessageHeaderEncoder.ENCODED_LENGTH + TransferEncoder.BLOCK_LENGTH;
    }

    /** SplitMix64: tiny, fast, and its output is fixed by its definition rather than by a JDK release. */
    private long nextLong()
    {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform enough in [0, bound) for a workload: the high 32 bits scaled, no rejection loop. */
    private int nextInt(final int bound)
    {
        return (int)(((nextLong() >>> 32) * bound) >>> 32);
    }
}
