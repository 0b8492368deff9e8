package io.hedge.replicas.trading;

import org.agrona.DirectBuffer;

import java.util.Arrays;

import static io.hedge.replicas.trading.TradingSnapshot.HEADER_LENGTH;
import static io.hedge.replicas.trading.TradingSnapshot.LEVEL_LENGTH;
import static io.hedge.replicas.trading.TradingSnapshot.MAGIC;
import static io.hedge.replicas.trading.TradingSnapshot.ORDER_LENGTH;
import static io.hedge.replicas.trading.TradingSnapshot.VERSION;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Checks {@link TradingSnapshot} bytes completely without changing anything, so that an engine loads only bytes
 * that describe a state it could have reached: header and configuration, every count against the bytes left,
 * level order, order ids, balances, conservation and reservations. Each refusal names the first thing wrong.
 */
final class TradingSnapshotValidator
{
    private TradingSnapshotValidator()
    {
    }

    /**
     * Check a snapshot completely without changing anything.
     *
     * @return the id counters it holds.
     * @throws IllegalArgumentException naming the first thing that is wrong.
     */
    static TradingSnapshot.Counters validate(
        final DirectBuffer buffer, final int offset, final int length, final TradingConfig config)
    {
        if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            throw new IllegalArgumentException("snapshot range outside the buffer: offset=" + offset + " length=" +
                length + " capacity=" + buffer.capacity());
        }
        final Reader in = new Reader(buffer, offset, length);

        if (length < 8)
        {
            throw new IllegalArgumentException("not a trading engine snapshot: only " + length + " bytes");
        }
        final int magic = in.readInt();
        if (MAGIC != magic)
        {
            throw new IllegalArgumentException("not a trading engine snapshot: magic 0x" + Integer.toHexString(magic) +
                ", expected 0x" + Integer.toHexString(MAGIC));
        }
        final int version = in.readInt();
        if (VERSION != version)
        {
            throw new IllegalArgumentException(
                "trading engine snapshot format version " + version + " not supported, this engine reads " + VERSION +
                (version < VERSION ? " (an older format: its orders lack their owners, whom MakerFill messages go " +
                "to; recover this replica from its journal without the snapshot, or from a peer)" : ""));
        }
        if (length < HEADER_LENGTH)
        {
            throw new IllegalArgumentException(
                "trading engine snapshot truncated: " + length + " bytes, shorter than its " + HEADER_LENGTH +
                "-byte header");
        }

        final int accounts = in.readInt();
        final int instruments = in.readInt();
        final long initialCash = in.readLong();
        final long initialPosition = in.readLong();
        final int maxOrders = in.readInt();
        final int maxFills = in.readInt();
        if (accounts != config.accounts() || instruments != config.instruments() ||
            initialCash != config.initialCash() || initialPosition != config.initialPosition() ||
            maxOrders != config.maxOrders() || maxFills != config.maxFillsPerOrder())
        {
            throw new IllegalArgumentException("snapshot does not fit this engine's configuration: snapshot has " +
                "accounts=" + accounts + ", instruments=" + instruments + ", initialCash=" + initialCash +
                ", initialPosition=" + initialPosition + ", maxOrders=" + maxOrders + ", maxFillsPerOrder=" +
                maxFills + "; engine has " + config);
        }

        final long nextOrderId = in.readLong();
        final long nextTradeId = in.readLong();
        final int restingOrders = in.readInt();
        final int declaredLength = in.readInt();
        if (declaredLength != length)
        {
            throw new IllegalArgumentException((length < declaredLength ? "trading engine snapshot truncated: " :
                "trading engine snapshot has trailing bytes: ") + length + " bytes, its header says " + declaredLength);
        }
        require(nextOrderId >= 1, "next order id must be >= 1: ", nextOrderId);
        require(nextTradeId >= 1, "next trade id must be >= 1: ", nextTradeId);
        require(restingOrders >= 0 && restingOrders <= maxOrders, "resting orders out of [0, maxOrders]: ",
            restingOrders);

        // balances, kept for the conservation and reservation checks
        final long totalCash = (long)accounts * initialCash;
        final long totalPosition = (long)accounts * initialPosition;
        final long[] cashReserved = new long[accounts + 1];
        final long[] positionReserved = new long[(accounts + 1) * instruments];
        long cashSum = 0;
        final long[] positionSums = new long[instruments + 1];
        for (int a = 1; a <= accounts; a++)
        {
            final long available = in.readLong();
            final long reserved = in.readLong();
            requireBalance(available, totalCash, "cash available", a, 0);
            requireBalance(reserved, totalCash, "cash reserved", a, 0);
            cashReserved[a] = reserved;
            cashSum = add(add(cashSum, available), reserved);
            for (int i = 1; i <= instruments; i++)
            {
                final long positionAvailable = in.readLong();
                final long positionReservedValue = in.readLong();
                requireBalance(positionAvailable, totalPosition, "position available", a, i);
                requireBalance(positionReservedValue, totalPosition, "position reserved", a, i);
                positionReserved[a * instruments + i - 1] = positionReservedValue;
                positionSums[i] = add(add(positionSums[i], positionAvailable), positionReservedValue);
            }
        }
        if (cashSum != totalCash)
        {
            throw new IllegalArgumentException(
                "snapshot balances do not conserve cash: total " + cashSum + ", expected " + totalCash);
        }
        for (int i = 1; i <= instruments; i++)
        {
            if (positionSums[i] != totalPosition)
            {
                throw new IllegalArgumentException("snapshot balances do not conserve instrument " + i + ": total " +
                    positionSums[i] + ", expected " + totalPosition);
            }
        }

        // books: structure, order ids, and the reservations the orders hold
        final long[] orderIds = new long[restingOrders];
        int orderCount = 0;
        for (int instrumentId = 1; instrumentId <= instruments; instrumentId++)
        {
            for (int s = 0; s < 2; s++)
            {
                final boolean buy = 0 == s;
                final String where = "instrument " + instrumentId + (buy ? " bids" : " asks");
                final int levelCount = in.readInt();
                if (levelCount < 0 || (long)levelCount * (LEVEL_LENGTH + ORDER_LENGTH) > in.remaining())
                {
                    throw new IllegalArgumentException(
                        "snapshot " + where + ": level count " + levelCount + " does not fit the bytes left");
                }
                long previousPrice = 0;
                for (int depth = 0; depth < levelCount; depth++)
                {
                    final long price = in.readLong();
                    final int levelOrders = in.readInt();
                    if (price <= 0 || price > TradingEngine.MAX_NOTIONAL)
                    {
                        throw new IllegalArgumentException("snapshot " + where + ": invalid level price " + price);
                    }
                    if (depth > 0 && (buy ? price >= previousPrice : price <= previousPrice))
                    {
                        throw new IllegalArgumentException("snapshot " + where + ": level price " + price +
                            " at depth " + depth + " is not worse than " + previousPrice);
                    }
                    previousPrice = price;
                    if (levelOrders < 1 || levelOrders > restingOrders - orderCount)
                    {
                        throw new IllegalArgumentException("snapshot " + where + " level " + price +
                            ": order count " + levelOrders + " out of [1, " + (restingOrders - orderCount) + "]");
                    }
                    for (int n = 0; n < levelOrders; n++)
                    {
                        final long orderId = in.readLong();
                        final long accountId = in.readLong();
                        final long leaves = in.readLong();
                        final long quantity = in.readLong();
                        in.readLong(); // the client order id: any value the client chose
                        final long owner = in.readLong();
                        if (orderId < 1 || orderId >= nextOrderId)
                        {
                            throw new IllegalArgumentException("snapshot " + where + " level " + price +
                                ": order id " + orderId + " out of [1, " + nextOrderId + ")");
                        }
                        if (accountId < 1 || accountId > accounts)
                        {
                            throw new IllegalArgumentException(
                                "snapshot order " + orderId + ": unknown account " + accountId);
                        }
                        if (leaves < 1 || leaves > TradingEngine.MAX_NOTIONAL / price)
                        {
                            throw new IllegalArgumentException(
                                "snapshot order " + orderId + ": invalid leaves quantity " + leaves);
                        }
                        if (quantity < leaves || quantity > TradingEngine.MAX_NOTIONAL / price)
                        {
                            throw new IllegalArgumentException(
                                "snapshot order " + orderId + ": quantity " + quantity + " below its leaves " + leaves +
                                " or out of range");
                        }
                        if (owner < 1)
                        {
                            throw new IllegalArgumentException(
                                "snapshot order " + orderId + ": owner client id " + owner + " is not positive");
                        }
                        orderIds[orderCount++] = orderId;
                        if (buy)
                        {
                            cashReserved[(int)accountId] = subtract(cashReserved[(int)accountId], price * leaves);
                        }
                        else
                        {
                            final int p = (int)accountId * instruments + instrumentId - 1;
                            positionReserved[p] = subtract(positionReserved[p], leaves);
                        }
                    }
                }
            }
        }
        if (orderCount != restingOrders)
        {
            throw new IllegalArgumentException(
                "snapshot books hold " + orderCount + " orders, its header says " + restingOrders);
        }
        if (in.remaining() != 0)
        {
            throw new IllegalArgumentException("snapshot has " + in.remaining() + " bytes after its books");
        }
        Arrays.sort(orderIds);
        for (int i = 1; i < orderIds.length; i++)
        {
            if (orderIds[i] == orderIds[i - 1])
            {
                throw new IllegalArgumentException("snapshot holds order id " + orderIds[i] + " twice");
            }
        }
        for (int a = 1; a <= accounts; a++)
        {
            if (0 != cashReserved[a])
            {
                throw new IllegalArgumentException("snapshot account " + a +
                    ": reserved cash differs from what its resting buys hold by " + cashReserved[a]);
            }
            for (int i = 1; i <= instruments; i++)
            {
                final long difference = positionReserved[a * instruments + i - 1];
                if (0 != difference)
                {
                    throw new IllegalArgumentException("snapshot account " + a + ": reserved position in instrument " +
                        i + " differs from what its resting sells hold by " + difference);
                }
            }
        }

        return new TradingSnapshot.Counters(nextOrderId, nextTradeId);
    }

    private static void require(final boolean condition, final String message, final long value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("trading engine snapshot: " + message + value);
        }
    }

    private static long add(final long a, final long b)
    {
        try
        {
            return Math.addExact(a, b);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("snapshot balances overflow a long", ex);
        }
    }

    private static long subtract(final long a, final long b)
    {
        try
        {
            return Math.subtractExact(a, b);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("snapshot reservations overflow a long", ex);
        }
    }

    private static void requireBalance(
        final long value, final long total, final String what, final int accountId, final int instrumentId)
    {
        if (value < 0 || value > total)
        {
            throw new IllegalArgumentException("snapshot account " + accountId +
                (0 == instrumentId ? "" : " instrument " + instrumentId) + ": " + what + " " + value +
                " out of [0, " + total + "]");
        }
    }

    /** Sequential little-endian reads that check every read against the snapshot's length, not the buffer's. */
    private static final class Reader
    {
        private final DirectBuffer buffer;
        private final int start;
        private final int end;
        private int position;

        Reader(final DirectBuffer buffer, final int offset, final int length)
        {
            this.buffer = buffer;
            this.start = offset;
            this.end = offset + length;
            this.position = offset;
        }

        int remaining()
        {
            return end - position;
        }

        int readInt()
        {
            ensure(Integer.BYTES);
            final int value = buffer.getInt(position, LITTLE_ENDIAN);
            position += Integer.BYTES;
            return value;
        }

        long readLong()
        {
            ensure(Long.BYTES);
            final long value = buffer.getLong(position, LITTLE_ENDIAN);
            position += Long.BYTES;
            return value;
        }

        private void ensure(final int bytes)
        {
            if (end - position < bytes)
            {
                throw new IllegalArgumentException("trading engine snapshot truncated: needs " + bytes +
                    " bytes at position " + (position - start) + ", has " + (end - start));
            }
        }
    }
}
