package io.hedge.replicas.trading;

import io.hedge.codecs.trading.CancelAckEncoder;
import io.hedge.codecs.trading.CancelOrderDecoder;
import io.hedge.codecs.trading.ExchangeOrderEncoder;
import io.hedge.codecs.trading.ExecutionReportEncoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderDecoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.RejectEncoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferAckEncoder;
import io.hedge.codecs.trading.TransferDecoder;
import io.hedge.replicas.StateHash;
import io.hedge.replicas.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Hashing;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The sample deterministic trading application: limit orders matched with price-time priority per instrument,
 * cancels, and cash transfers between accounts, over the {@code hedge-trading.xml} payloads.
 *
 * <p>Rules, all decided from the request bytes and the current state only:
 * <ul>
 *     <li>A buy reserves {@code price * quantity} cash, a sell reserves {@code quantity} of position; an order that
 *     cannot reserve is rejected. Trades happen at the maker's price; a buy aggressor that trades below its limit
 *     gets the difference back at once. Self-trades are allowed.</li>
 *     <li>Accepted orders get ids 1, 2, 3, ... and fills get trade ids 1, 2, 3, ..., so every replica names them
 *     alike. An aggressor takes at most {@link TradingConfig#maxFillsPerOrder()} fills and its remainder rests,
 *     even if it still crosses, which bounds the response size and the work per request.</li>
 *     <li>When {@link TradingConfig#maxOrders()} orders rest, every new order is rejected BOOK_FULL, including one
 *     that would have traded in full: the check is made before matching so that a resting remainder always fits.</li>
 *     <li>A cancel must name the order's instrument (else UNKNOWN_ORDER) and its account (else NOT_ORDER_OWNER).</li>
 *     <li>Every fill of a routed instrument ({@link TradingConfig#isRouted}: its id is a multiple of
 *     {@link TradingConfig#routedEvery()}) is also hedged on an external exchange: it emits one {@code ExchangeOrder}
 *     external effect (see {@link #effects}), which the gateway forwards to the effects sink exactly once. The effects
 *     of a request depend on its bytes and the state only, so every replica emits the same bytes.</li>
 *     <li>A request that cannot be decoded is answered with a Reject (UNKNOWN_MESSAGE for another schema or template,
 *     MALFORMED for a truncated one); {@link #apply} does not throw on any input bytes.</li>
 * </ul>
 *
 * <p>Not thread safe: a replica applies requests from one thread. {@link #apply} allocates nothing once the pools
 * and maps have grown to the working set.
 */
public final class TradingEngine implements StateMachine
{
    /** Largest price, quantity and notional value ({@code price * quantity}) accepted; keeps all sums far from overflow. */
    public static final long MAX_NOTIONAL = 1_000_000_000_000_000L;

    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int EXCHANGE_ORDER_LENGTH = HEADER_LENGTH + ExchangeOrderEncoder.BLOCK_LENGTH;
    /** One effect: its little-endian int32 length, then the ExchangeOrder with its header. */
    private static final int EFFECT_LENGTH = Integer.BYTES + EXCHANGE_ORDER_LENGTH;
    /** Shift of the seq in an exchange order id; the fill index takes the low bits (at most 65,534 fills). */
    private static final int FILL_INDEX_BITS = 16;
    private static final long HASH_SEED = 0x9E3779B97F4A7C15L;
    private static final int PREALLOCATED_ORDERS = 16 * 1024;
    private static final int PREALLOCATED_LEVELS = 1024;
    private static final int MAX_PRESIZED_ORDER_MAP = 1 << 17;

    private final TradingConfig config;
    private final int maxFillsPerOrder;
    private final int maxResponseLength;
    private final Accounts accounts;
    /** Indexed by instrument id; slot 0 unused. */
    private final OrderBook[] books;
    private final OrderPool orderPool;
    /** Lookup only: never iterated, so its hash order cannot leak into responses or the state hash. */
    private final Long2ObjectHashMap<Order> ordersById;
    private long nextOrderId = 1;
    private long nextTradeId = 1;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelOrderDecoder = new CancelOrderDecoder();
    private final TransferDecoder transferDecoder = new TransferDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExecutionReportEncoder executionReportEncoder = new ExecutionReportEncoder();
    private final CancelAckEncoder cancelAckEncoder = new CancelAckEncoder();
    private final TransferAckEncoder transferAckEncoder = new TransferAckEncoder();
    private final RejectEncoder rejectEncoder = new RejectEncoder();
    private final ExchangeOrderEncoder exchangeOrderEncoder = new ExchangeOrderEncoder();
    /** The effects of the last apply, as {@link #effects} hands them out. */
    private final UnsafeBuffer effects;
    private int effectsLength;
    private long applySeq;

    /**
     * @param config the shape of the engine; every replica must use an equal one.
     */
    public TradingEngine(final TradingConfig config)
    {
        this.config = config;
        this.maxFillsPerOrder = config.maxFillsPerOrder();
        this.maxResponseLength = maxResponseLength(config);
        this.effects = new UnsafeBuffer(new byte[maxEffectsLength(config)]);
        this.accounts = new Accounts(config);

        final PriceLevelPool levelPool = new PriceLevelPool(PREALLOCATED_LEVELS);
        this.books = new OrderBook[config.instruments() + 1];
        for (int i = 1; i <= config.instruments(); i++)
        {
            books[i] = new OrderBook(i, levelPool);
        }
        this.orderPool = new OrderPool(config.maxOrders(), PREALLOCATED_ORDERS);
        this.ordersById = new Long2ObjectHashMap<>(
            Math.min(config.maxOrders(), MAX_PRESIZED_ORDER_MAP), Hashing.DEFAULT_LOAD_FACTOR);
    }

    /**
     * @param config of the engine.
     * @return the most bytes of effects one request can produce: an ExchangeOrder per fill, 0 if nothing is routed.
     */
    public static int maxEffectsLength(final TradingConfig config)
    {
        return 0 == config.routedEvery() ? 0 : config.maxFillsPerOrder() * EFFECT_LENGTH;
    }

    /**
     * Unpacks {@code ExchangeOrder.exchangeOrderId}.
     *
     * @return the seq of the request whose fill the exchange order hedges.
     */
    public static long seqOfExchangeOrder(final long exchangeOrderId)
    {
        return exchangeOrderId >>> FILL_INDEX_BITS;
    }

    /**
     * Unpacks {@code ExchangeOrder.exchangeOrderId}.
     *
     * @return the position of the fill among the fills of its request.
     */
    public static int fillIndexOfExchangeOrder(final long exchangeOrderId)
    {
        return (int)(exchangeOrderId & ((1 << FILL_INDEX_BITS) - 1));
    }

    /**
     * @return the id of the exchange order that hedges this fill: the same on every replica, unique over the stream.
     */
    public static long exchangeOrderId(final long seq, final int fillIndex)
    {
        return (seq << FILL_INDEX_BITS) | fillIndex;
    }

    @Override
    public int maxEffectsLength()
    {
        return effects.capacity();
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code ExchangeOrder} for each fill of a routed instrument, in fill order: exchangeOrderId
     * {@code seq * 65536 + fillIndex}, the seq, the fill's trade id, price and quantity, the instrument, the fill's
     * index in the ExecutionReport and the aggressor's side. A request that is rejected, rests without trading, is a
     * cancel or transfer, or trades an instrument that is not routed, has none. Copies bytes kept since the apply; may
     * be called more than once, and writes the same each time.
     */
    @Override
    public int effects(final MutableDirectBuffer buffer, final int offset)
    {
        if (effectsLength > 0)
        {
            buffer.putBytes(offset, effects, 0, effectsLength);
        }
        return effectsLength;
    }

    /**
     * The largest response {@link #apply} can write for a configuration: an ExecutionReport with a full fills group.
     *
     * @param config of the engine.
     * @return the bytes a response buffer must have room for after its offset.
     */
    public static int maxResponseLength(final TradingConfig config)
    {
        return HEADER_LENGTH + ExecutionReportEncoder.BLOCK_LENGTH + ExecutionReportEncoder.FillsEncoder.HEADER_SIZE +
            config.maxFillsPerOrder() * ExecutionReportEncoder.FillsEncoder.sbeBlockLength();
    }

    public TradingConfig config()
    {
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a non-expandable response buffer has less than
     *                                  {@link #maxResponseLength(TradingConfig)} bytes from responseOffset; checked
     *                                  before any state changes, as it is a wiring error, not a bad request.
     */
    public int apply(
        final long seq,
        final long timestampNs,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final MutableDirectBuffer response,
        final int responseOffset)
    {
        effectsLength = 0;
        applySeq = seq;
        if (response.capacity() - responseOffset < maxResponseLength && !response.isExpandable())
        {
            throw new IllegalArgumentException("response buffer needs " + maxResponseLength + " bytes from offset " +
                responseOffset + ", capacity=" + response.capacity());
        }

        if (length < HEADER_LENGTH || offset < 0 || length > payload.capacity() - offset)
        {
            return reject(response, responseOffset, 0, 0, RejectReason.MALFORMED);
        }

        headerDecoder.wrap(payload, offset);
        final int templateId = headerDecoder.templateId();
        if (headerDecoder.schemaId() != NewOrderDecoder.SCHEMA_ID)
        {
            return reject(response, responseOffset, 0, templateId, RejectReason.UNKNOWN_MESSAGE);
        }

        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + HEADER_LENGTH;
        // a newer version may append fields (blockLength larger), never remove them
        final boolean bodyFits = blockLength <= length - HEADER_LENGTH;
        switch (templateId)
        {
            case NewOrderDecoder.TEMPLATE_ID:
                if (!bodyFits || blockLength < NewOrderDecoder.BLOCK_LENGTH)
                {
                    return reject(response, responseOffset, 0, templateId, RejectReason.MALFORMED);
                }
                newOrderDecoder.wrap(payload, bodyOffset, blockLength, version);
                return onNewOrder(newOrderDecoder, response, responseOffset);

            case CancelOrderDecoder.TEMPLATE_ID:
                if (!bodyFits || blockLength < CancelOrderDecoder.BLOCK_LENGTH)
                {
                    return reject(response, responseOffset, 0, templateId, RejectReason.MALFORMED);
                }
                cancelOrderDecoder.wrap(payload, bodyOffset, blockLength, version);
                return onCancelOrder(cancelOrderDecoder, response, responseOffset);

            case TransferDecoder.TEMPLATE_ID:
                if (!bodyFits || blockLength < TransferDecoder.BLOCK_LENGTH)
                {
                    return reject(response, responseOffset, 0, templateId, RejectReason.MALFORMED);
                }
                transferDecoder.wrap(payload, bodyOffset, blockLength, version);
                return onTransfer(transferDecoder, response, responseOffset);

            default:
                return reject(response, responseOffset, 0, templateId, RejectReason.UNKNOWN_MESSAGE);
        }
    }

    private int onNewOrder(final NewOrderDecoder order, final MutableDirectBuffer response, final int responseOffset)
    {
        final long clientOrderId = order.clientOrderId();
        final long accountId = order.accountId();
        final int instrumentId = order.instrumentId();
        final short sideRaw = order.sideRaw();
        final long price = order.price();
        final long quantity = order.quantity();
        final int templateId = NewOrderDecoder.TEMPLATE_ID;

        if (!accounts.isValidAccount(accountId))
        {
            return reject(response, responseOffset, clientOrderId, templateId, RejectReason.UNKNOWN_ACCOUNT);
        }
        if (!accounts.isValidInstrument(instrumentId))
        {
            return reject(response, responseOffset, clientOrderId, templateId, RejectReason.UNKNOWN_INSTRUMENT);
        }
        if (sideRaw != Side.BUY.value() && sideRaw != Side.SELL.value())
        {
            return reject(response, responseOffset, clientOrderId, templateId, RejectReason.INVALID_SIDE);
        }
        if (price <= 0 || price > MAX_NOTIONAL)
        {
            return reject(response, responseOffset, clientOrderId, templateId, RejectReason.INVALID_PRICE);
        }
        if (quantity <= 0 || quantity > MAX_NOTIONAL / price)
        {
            return reject(response, responseOffset, clientOrderId, templateId, RejectReason.INVALID_QUANTITY);
        }
        if (orderPool.isExhausted())
        {
            return reject(response, responseOffset, clientOrderId, templateId, RejectReason.BOOK_FULL);
        }

        final boolean buy = sideRaw == Side.BUY.value();
        if (buy)
        {
            if (!accounts.tryReserveCash(accountId, price * quantity))
            {
                return reject(response, responseOffset, clientOrderId, templateId, RejectReason.INSUFFICIENT_FUNDS);
            }
        }
        else if (!accounts.tryReservePosition(accountId, instrumentId, quantity))
        {
            return reject(response, responseOffset, clientOrderId, templateId, RejectReason.INSUFFICIENT_POSITION);
        }

        final long orderId = nextOrderId++;
        final ExecutionReportEncoder report = executionReportEncoder
            .wrapAndApplyHeader(response, responseOffset, headerEncoder)
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .accountId(accountId)
            .price(price)
            .quantity(quantity)
            .instrumentId(instrumentId)
            .side(buy ? Side.BUY : Side.SELL);

        final long leaves = match(orderId, accountId, instrumentId, buy, price, quantity, report);
        final long filled = quantity - leaves;
        report
            .filledQuantity(filled)
            .leavesQuantity(leaves)
            .status(0 == filled ? OrderStatus.NEW : 0 == leaves ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED);

        if (leaves > 0)
        {
            // cannot be null: the pool was checked before matching, and matching only frees orders
            final Order resting = orderPool.acquire();
            resting.set(orderId, accountId, instrumentId, buy, price, leaves);
            books[instrumentId].rest(resting);
            ordersById.put(orderId, resting);
        }

        return HEADER_LENGTH + report.encodedLength();
    }

    /**
     * Trade an aggressor against the opposite side, settling and reporting each fill.
     *
     * @return the aggressor's quantity left to rest.
     */
    private long match(
        final long orderId,
        final long accountId,
        final int instrumentId,
        final boolean buy,
        final long limitPrice,
        final long quantity,
        final ExecutionReportEncoder report)
    {
        final OrderBook book = books[instrumentId];
        final ExecutionReportEncoder.FillsEncoder fills = report.fillsCount(maxFillsPerOrder);
        final boolean routed = config.isRouted(instrumentId);
        long leaves = quantity;
        int fillCount = 0;

        while (leaves > 0 && fillCount < maxFillsPerOrder)
        {
            final Order maker = book.bestMaker(buy, limitPrice);
            if (null == maker)
            {
                break;
            }

            final long fillPrice = maker.price;
            final long fillQuantity = Math.min(leaves, maker.leavesQuantity);
            if (buy)
            {
                accounts.settle(accountId, limitPrice, maker.accountId, instrumentId, fillPrice, fillQuantity);
            }
            else
            {
                accounts.settle(maker.accountId, fillPrice, accountId, instrumentId, fillPrice, fillQuantity);
            }

            if (routed)
            {
                routeToExchange(fillCount, nextTradeId, fillPrice, fillQuantity, instrumentId, buy);
            }
            fills.next()
                .tradeId(nextTradeId++)
                .makerOrderId(maker.orderId)
                .makerAccountId(maker.accountId)
                .price(fillPrice)
                .quantity(fillQuantity);
            fillCount++;
            leaves -= fillQuantity;

            maker.leavesQuantity -= fillQuantity;
            if (0 == maker.leavesQuantity)
            {
                book.remove(maker);
                ordersById.remove(maker.orderId);
                orderPool.release(maker);
            }
        }

        fills.resetCountToIndex();
        return leaves;
    }

    /**
     * Append the ExchangeOrder that hedges a fill to this apply's effects.
     */
    private void routeToExchange(
        final int fillIndex,
        final long tradeId,
        final long price,
        final long quantity,
        final int instrumentId,
        final boolean buy)
    {
        effects.putInt(effectsLength, EXCHANGE_ORDER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        exchangeOrderEncoder.wrapAndApplyHeader(effects, effectsLength + Integer.BYTES, headerEncoder)
            .exchangeOrderId(exchangeOrderId(applySeq, fillIndex))
            .seq(applySeq)
            .tradeId(tradeId)
            .price(price)
            .quantity(quantity)
            .instrumentId(instrumentId)
            .fillIndex(fillIndex)
            .side(buy ? Side.BUY : Side.SELL);
        effectsLength += EFFECT_LENGTH;
    }

    private int onCancelOrder(
        final CancelOrderDecoder cancel, final MutableDirectBuffer response, final int responseOffset)
    {
        final long orderId = cancel.orderId();
        final long accountId = cancel.accountId();
        final int instrumentId = cancel.instrumentId();
        final int templateId = CancelOrderDecoder.TEMPLATE_ID;

        final Order order = ordersById.get(orderId);
        if (null == order || order.instrumentId != instrumentId)
        {
            return reject(response, responseOffset, orderId, templateId, RejectReason.UNKNOWN_ORDER);
        }
        if (order.accountId != accountId)
        {
            return reject(response, responseOffset, orderId, templateId, RejectReason.NOT_ORDER_OWNER);
        }

        final long cancelled = order.leavesQuantity;
        if (order.buy)
        {
            accounts.releaseCash(accountId, order.price * cancelled);
        }
        else
        {
            accounts.releasePosition(accountId, instrumentId, cancelled);
        }
        books[instrumentId].remove(order);
        ordersById.remove(orderId);
        orderPool.release(order);

        cancelAckEncoder
            .wrapAndApplyHeader(response, responseOffset, headerEncoder)
            .orderId(orderId)
            .accountId(accountId)
            .cancelledQuantity(cancelled)
            .instrumentId(instrumentId);
        return HEADER_LENGTH + CancelAckEncoder.BLOCK_LENGTH;
    }

    private int onTransfer(final TransferDecoder transfer, final MutableDirectBuffer response, final int responseOffset)
    {
        final long transferId = transfer.transferId();
        final long fromId = transfer.fromAccountId();
        final long toId = transfer.toAccountId();
        final long amount = transfer.amount();
        final int templateId = TransferDecoder.TEMPLATE_ID;

        if (!accounts.isValidAccount(fromId) || !accounts.isValidAccount(toId))
        {
            return reject(response, responseOffset, transferId, templateId, RejectReason.UNKNOWN_ACCOUNT);
        }
        if (fromId == toId)
        {
            return reject(response, responseOffset, transferId, templateId, RejectReason.SAME_ACCOUNT);
        }
        if (amount <= 0)
        {
            return reject(response, responseOffset, transferId, templateId, RejectReason.INVALID_AMOUNT);
        }
        if (!accounts.tryTransfer(fromId, toId, amount))
        {
            return reject(response, responseOffset, transferId, templateId, RejectReason.INSUFFICIENT_FUNDS);
        }

        transferAckEncoder
            .wrapAndApplyHeader(response, responseOffset, headerEncoder)
            .transferId(transferId)
            .fromAccountId(fromId)
            .toAccountId(toId)
            .amount(amount)
            .fromBalance(accounts.cashAvailable(fromId))
            .toBalance(accounts.cashAvailable(toId));
        return HEADER_LENGTH + TransferAckEncoder.BLOCK_LENGTH;
    }

    private int reject(
        final MutableDirectBuffer response,
        final int responseOffset,
        final long refId,
        final int requestTemplateId,
        final RejectReason reason)
    {
        rejectEncoder
            .wrapAndApplyHeader(response, responseOffset, headerEncoder)
            .refId(refId)
            .requestTemplateId(requestTemplateId)
            .reason(reason);
        return HEADER_LENGTH + RejectEncoder.BLOCK_LENGTH;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Covers the id counters, every balance in account order, and every resting order in book order (instrument,
     * bids then asks, best level to worst, oldest order first). Walks the whole state: for snapshots and audits, not
     * for the hot path.
     */
    public long fullStateHash()
    {
        long h = fold(0, nextOrderId);
        h = fold(h, nextTradeId);
        h = fold(h, orderPool.inUse());
        h = accounts.hash(h);
        for (int i = 1; i < books.length; i++)
        {
            final OrderBook book = books[i];
            h = fold(h, book.instrumentId());
            h = hashSide(h, book.bids());
            h = hashSide(h, book.asks());
        }
        return h;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The format is described in {@code TradingSnapshot}: a 64-byte header with the whole configuration and the
     * id counters, every balance in account order, then every resting order in book order (instrument, bids then
     * asks, best level to worst, oldest order first), 24 bytes an order. Little endian, independent of the platform.
     */
    public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
    {
        return TradingSnapshot.write(
            buffer, offset, config, accounts, books, orderPool.inUse(), nextOrderId, nextTradeId);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The bytes are checked completely before anything changes (header, configuration, structure, order ids,
     * conservation of cash and positions, reservations against resting orders), so a refused snapshot leaves this
     * engine as it was.
     */
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        if (0 != orderPool.inUse() || 1 != nextOrderId || 1 != nextTradeId)
        {
            throw new IllegalStateException("loadSnapshot needs a freshly constructed engine: this one has " +
                orderPool.inUse() + " resting orders, next order id " + nextOrderId + ", next trade id " + nextTradeId);
        }
        final TradingSnapshot.Counters counters = TradingSnapshot.validate(buffer, offset, length, config);
        TradingSnapshot.restore(buffer, offset, accounts, books, orderPool, ordersById);
        nextOrderId = counters.nextOrderId();
        nextTradeId = counters.nextTradeId();
    }

    private static long hashSide(final long hash, final BookSide side)
    {
        final int levelCount = side.levelCount();
        long h = fold(hash, levelCount);
        for (int depth = 0; depth < levelCount; depth++)
        {
            final PriceLevel level = side.levelAt(depth);
            h = fold(h, level.price);
            h = fold(h, level.orderCount);
            for (Order order = level.head; null != order; order = order.next)
            {
                h = fold(h, order.orderId);
                h = fold(h, order.accountId);
                h = fold(h, order.leavesQuantity);
            }
        }
        return h;
    }

    /**
     * Fold a value into a hash; the added constant keeps leading zero values from vanishing.
     */
    static long fold(final long hash, final long value)
    {
        return StateHash.mix((hash + HASH_SEED) ^ value);
    }

    /**
     * @return cash of all accounts, available plus reserved; constant over the engine's life.
     */
    public long totalCash()
    {
        return accounts.totalCash();
    }

    /**
     * @param instrumentId 1..instruments.
     * @return position of all accounts in the instrument, available plus reserved; constant over the engine's life.
     */
    public long totalPosition(final int instrumentId)
    {
        checkInstrument(instrumentId);
        return accounts.totalPosition(instrumentId);
    }

    /**
     * @return how many orders rest in all books.
     */
    public int restingOrders()
    {
        return orderPool.inUse();
    }

    public long cashAvailable(final long accountId)
    {
        checkAccount(accountId);
        return accounts.cashAvailable(accountId);
    }

    public long cashReserved(final long accountId)
    {
        checkAccount(accountId);
        return accounts.cashReserved(accountId);
    }

    public long positionAvailable(final long accountId, final int instrumentId)
    {
        checkAccount(accountId);
        checkInstrument(instrumentId);
        return accounts.positionAvailable(accountId, instrumentId);
    }

    public long positionReserved(final long accountId, final int instrumentId)
    {
        checkAccount(accountId);
        checkInstrument(instrumentId);
        return accounts.positionReserved(accountId, instrumentId);
    }

    /**
     * @return the id the next accepted order will get.
     */
    public long nextOrderId()
    {
        return nextOrderId;
    }

    /**
     * @return the id the next fill will get.
     */
    public long nextTradeId()
    {
        return nextTradeId;
    }

    private void checkAccount(final long accountId)
    {
        if (!accounts.isValidAccount(accountId))
        {
            throw new IllegalArgumentException("unknown account: " + accountId);
        }
    }

    private void checkInstrument(final int instrumentId)
    {
        if (!accounts.isValidInstrument(instrumentId))
        {
            throw new IllegalArgumentException("unknown instrument: " + instrumentId);
        }
    }
}
