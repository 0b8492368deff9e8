package io.hedge.replicas.trading;

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
 *         long orderId, long accountId, long leavesQuantity, long quantity, long clientOrderId,
 *         long ownerClientId
 * </pre>
 * An order's instrument, side and price are those of the book, side and level that hold it. The configuration is
 * stored whole, so that loading into an engine of another shape fails with a message naming the difference.
 *
 * <p>Loading checks the bytes completely before it changes anything: the header, every count against the bytes
 * that remain, level prices strictly from best to worst, order ids unique and below the next order id, every
 * balance non-negative, cash and positions conserved, and every reservation equal to what the resting orders
 * hold. Bytes that pass describe a state the engine could have reached; whether it is the intended one is for the
 * caller to check with the full-state hash stored beside them.
 *
 * <p>This class holds the format; {@link TradingSnapshotWriter}, {@link TradingSnapshotValidator} and
 * {@link TradingSnapshotRestorer} write, check and load it.
 */
final class TradingSnapshot
{
    static final int MAGIC = 0x44525448; // "HTRD" little endian
    /** 2: each order also holds its whole quantity, client order id and owner's client id (for MakerFill). */
    static final int VERSION = 2;
    static final int HEADER_LENGTH = 64;

    static final int ACCOUNTS_OFFSET = 8;
    static final int INSTRUMENTS_OFFSET = 12;
    static final int INITIAL_CASH_OFFSET = 16;
    static final int INITIAL_POSITION_OFFSET = 24;
    static final int MAX_ORDERS_OFFSET = 32;
    static final int MAX_FILLS_OFFSET = 36;
    static final int NEXT_ORDER_ID_OFFSET = 40;
    static final int NEXT_TRADE_ID_OFFSET = 48;
    static final int RESTING_ORDERS_OFFSET = 56;
    static final int LENGTH_OFFSET = 60;

    static final int LEVEL_LENGTH = Long.BYTES + Integer.BYTES;
    static final int ORDER_LENGTH = 6 * Long.BYTES;

    private TradingSnapshot()
    {
    }

    /** The id counters a validated snapshot holds. */
    record Counters(long nextOrderId, long nextTradeId)
    {
    }
}
