package io.hedge.replicas.trading;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The snapshot format of a {@link TradingEngine}, all little endian:
 * <pre>
 *   header (64 bytes)
 *     0  int  magic "HTRD"             4  int  format version
 *     8  int  accounts                12  int  instruments
 *    16  long initialCash             24  long initialPosition
 *    32  int  maxOrders               36  int  maxFillsPerOrder
 *    40  long nextOrderId             48  long nextTradeId
 *    56  int  resting orders          60  int  snapshot length, header included
 *   balances, per account 1..accounts:
 *     long cashAvailable, long cashReserved, then per instrument 1..instruments:
 *     long positionAvailable, long positionReserved
 *   books, per instrument 1..instruments, bids then asks:
 *     int levelCount, then per level from best to worst:
 *       long price, int orderCount, then per order from oldest to newest:
 *         long orderId, long accountId, long leavesQuantity
 * </pre>
 * An order's instrument, side and price are those of the book, side and level that hold it. The configuration is
 * stored whole, so that loading into an engine of another shape fails with a message naming the difference.
 *
 * <p>Loading checks the bytes completely before it changes anything: the header, every count against the bytes
 * that remain, level prices strictly from best to worst, order ids unique and below the next order id, every
 * balance non-negative, cash and positions conserved, and every reservation equal to what the resting orders
 * hold. Bytes that pass describe a state the engine could have reached; whether it is the intended one is for the
 * caller to check with the full-state hash stored beside them.
 */
final class TradingSnapshot
{
    static final int MAGIC = 0x44525448; // "HTRD" little endian
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 64;

    private static final int ACCOUNTS_OFFSET = 8;
    private static final int INSTRUMENTS_OFFSET = 12;
    private static final int INITIAL_CASH_OFFSET = 16;
    private static final int INITIAL_POSITION_OFFSET = 24;
    private static final int MAX_ORDERS_OFFSET = 32;
    private static final int MAX_FILLS_OFFSET = 36;
    private static final int NEXT_ORDER_ID_OFFSET = 40;
    private static final int NEXT_TRADE_ID_OFFSET = 48;
    private static final int RESTING_ORDERS_OFFSET = 56;
    private static final int LENGTH_OFFSET = 60;

    private static final int LEVEL_LENGTH = Long.BYTES + Integer.BYTES;
    private static final int ORDER_LENGTH = 3 * Long.BYTES;

    private TradingSnapshot()
    {
    }

    /** The id counters a validated snapshot holds. */
    record Counters(long nextOrderId, long nextTradeId)
    {
    }

    static int write(
        final ExpandableDirectByteBuffer buffer,
        final int offset,
        final TradingConfig config,
        final Accounts accounts,
        final OrderBook[] books,
        final int restingOrders,
        final long nextOrderId,
        final long nextTradeId)
    {
        if (offset < 0)
        {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
        long length = HEADER_LENGTH + accounts.snapshotLength();
        for (int i = 1; i < books.length; i++)
        {
            length += 2L * Integer.BYTES + (long)LEVEL_LENGTH *
                (books[i].bids().levelCount() + books[i].asks().levelCount());
        }
        length += (long)ORDER_LENGTH * restingOrders;
        if (offset + length > Integer.MAX_VALUE - 8)
        {
            throw new IllegalStateException("snapshot too large for one buffer: " + length + " bytes");
        }
        buffer.checkLimit(offset + (int)length);

        buffer.putInt(offset, MAGIC, LITTLE_ENDIAN);
        buffer.putInt(offset + 4, VERSION, LITTLE_ENDIAN);
        buffer.putInt(offset + ACCOUNTS_OFFSET, config.accounts(), LITTLE_ENDIAN);
        buffer.putInt(offset + INSTRUMENTS_OFFSET, config.instruments(), LITTLE_ENDIAN);
        buffer.putLong(offset + INITIAL_CASH_OFFSET, config.initialCash(), LITTLE_ENDIAN);
        buffer.putLong(offset + INITIAL_POSITION_OFFSET, config.initialPosition(), LITTLE_ENDIAN);
        buffer.putInt(offset + MAX_ORDERS_OFFSET, config.maxOrders(), LITTLE_ENDIAN);
        buffer.putInt(offset + MAX_FILLS_OFFSET, config.maxFillsPerOrder(), LITTLE_ENDIAN);
        buffer.putLong(offset + NEXT_ORDER_ID_OFFSET, nextOrderId, LITTLE_ENDIAN);
        buffer.putLong(offset + NEXT_TRADE_ID_OFFSET, nextTradeId, LITTLE_ENDIAN);
        buffer.putInt(offset + RESTING_ORDERS_OFFSET, restingOrders, LITTLE_ENDIAN);
        buffer.putInt(offset + LENGTH_OFFSET, (int)length, LITTLE_ENDIAN);

        int index = accounts.writeSnapshot(buffer, offset + HEADER_LENGTH);
        for (int i = 1; i < books.length; i++)
        {
            index = writeSide(buffer, index, books[i].bids());
            index = writeSide(buffer, index, books[i].asks());
        }
        if (index - offset != length)
        {
            throw new IllegalStateException("snapshot wrote " + (index - offset) + " bytes, expected " + length);
        }
        return (int)length;
    }

    private static int writeSide(final ExpandableDirectByteBuffer buffer, final int offset, final BookSide side)
    {
        final int levelCount = side.levelCount();
        buffer.putInt(offset, levelCount, LITTLE_ENDIAN);
        int index = offset + Integer.BYTES;
        for (int depth = 0; depth < levelCount; depth++)
        {
            final PriceLevel level = side.levelAt(depth);
            buffer.putLong(index, level.price, LITTLE_ENDIAN);
            buffer.putInt(index + Long.BYTES, level.orderCount, LITTLE_ENDIAN);
            index += LEVEL_LENGTH;
            for (Order order = level.head; null != order; order = order.next)
            {
                buffer.putLong(index, order.orderId, LITTLE_ENDIAN);
                buffer.putLong(index + Long.BYTES, order.accountId, LITTLE_ENDIAN);
                buffer.putLong(index + 2 * Long.BYTES, order.leavesQuantity, LITTLE_ENDIAN);
                index += ORDER_LENGTH;
            }
        }
        return index;
    }

    /**
     * Check a snapshot completely without changing anything.
     *
     * @return the id counters it holds.
     * @throws IllegalArgumentException naming the first thing that is wrong.
     */
    static Counters validate(final DirectBuffer buffer, final int offset, final int length, final TradingConfig config)
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
                "trading engine snapshot format version " + version + " not supported, this engine reads " + VERSION);
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

        return new Counters(nextOrderId, nextTradeId);
    }

    /**
     * Rebuild balances and books from a snapshot that {@link #validate} accepted, into a fresh engine's parts.
     */
    static void restore(
        final DirectBuffer buffer,
        final int offset,
        final Accounts accounts,
        final OrderBook[] books,
        final OrderPool orderPool,
        final Long2ObjectHashMap<Order> ordersById)
    {
        int index = accounts.loadSnapshot(buffer, offset + HEADER_LENGTH);
        for (int i = 1; i < books.length; i++)
        {
            index = restoreSide(buffer, index, i, books[i].bids(), orderPool, ordersById);
            index = restoreSide(buffer, index, i, books[i].asks(), orderPool, ordersById);
        }
    }

    private static int restoreSide(
        final DirectBuffer buffer,
        final int offset,
        final int instrumentId,
        final BookSide side,
        final OrderPool orderPool,
        final Long2ObjectHashMap<Order> ordersById)
    {
        final int levelCount = buffer.getInt(offset, LITTLE_ENDIAN);
        int index = offset + Integer.BYTES;
        side.beginRestore(levelCount);
        for (int depth = 0; depth < levelCount; depth++)
        {
            final long price = buffer.getLong(index, LITTLE_ENDIAN);
            final int orderCount = buffer.getInt(index + Long.BYTES, LITTLE_ENDIAN);
            index += LEVEL_LENGTH;
            final PriceLevel level = side.restoreLevel(depth, price);
            for (int n = 0; n < orderCount; n++)
            {
                final Order order = orderPool.acquire();
                if (null == order)
                {
                    throw new IllegalStateException("order pool exhausted while restoring a validated snapshot");
                }
                order.set(
                    buffer.getLong(index, LITTLE_ENDIAN),
                    buffer.getLong(index + Long.BYTES, LITTLE_ENDIAN),
                    instrumentId,
                    side.isBids(),
                    price,
                    buffer.getLong(index + 2 * Long.BYTES, LITTLE_ENDIAN));
                index += ORDER_LENGTH;
                level.append(order);
                ordersById.put(order.orderId, order);
            }
        }
        return index;
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
