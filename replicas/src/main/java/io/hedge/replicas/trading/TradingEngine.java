package io.hedge.replicas.trading;

import io.hedge.codecs.trading.CancelOrderDecoder;
import io.hedge.codecs.trading.ExecutionReportEncoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.NewOrderDecoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.TransferDecoder;
import io.hedge.replicas.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The sample deterministic trading application: limit orders matched with price-time priority per instrument,
 * cancels, and cash transfers between accounts, over the {@code hedge-trading.xml} payloads.
 *
 * <p>Rules, all decided from the request (its bytes and principal), the current state and the configuration only:
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
 *     <li>With {@code trading.account.owners} ({@link AccountOwners}), the request's principal must own the account an
 *     order or cancel names, or a transfer takes cash from (else NOT_ACCOUNT_OWNER); cash may go to any account.</li>
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
 *
 * <p>The engine decodes and dispatches; {@link OrderEntry} (orders, matching, cancels), {@link CashTransfers},
 * {@link ExchangeHedgeEffects} and {@link TradingStateHash} do the work on one {@link TradingState}, and the
 * {@code TradingSnapshot*} classes write, check and restore it.
 */
public final class TradingEngine implements StateMachine
{
    /** Largest price, quantity and notional value ({@code price * quantity}) accepted; keeps all sums far from overflow. */
    public static final long MAX_NOTIONAL = 1_000_000_000_000_000L;

    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private final TradingConfig config;
    private final AccountOwners owners;
    private final int maxResponseLength;
    private final TradingState state;
    private final Accounts accounts;
    private final RejectWriter rejects = new RejectWriter();
    private final ExchangeHedgeEffects effects;
    private final MakerFillMessages messages;
    private final OrderEntry orderEntry;
    private final CashTransfers transfers;
    private final TradingQueries queries;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelOrderDecoder = new CancelOrderDecoder();
    private final TransferDecoder transferDecoder = new TransferDecoder();

    /**
     * An engine where any principal may use any account ({@link AccountOwners#ANY}).
     *
     * @param config the shape of the engine; every replica must use an equal one.
     */
    public TradingEngine(final TradingConfig config)
    {
        this(config, AccountOwners.ANY);
    }

    /**
     * @param config the shape of the engine; every replica must use an equal one.
     * @param owners which principal owns which account ({@link AccountOwnersFile}); every replica must use an equal
     *               table, which {@link #fullStateHash()} covers.
     * @throws IllegalArgumentException if the table was read for another number of accounts.
     */
    public TradingEngine(final TradingConfig config, final AccountOwners owners)
    {
        if (!owners.isUnrestricted() && owners.accounts() != config.accounts())
        {
            throw new IllegalArgumentException("account owners table covers " + owners.accounts() +
                " accounts, the engine has " + config.accounts());
        }
        this.config = config;
        this.owners = owners;
        this.maxResponseLength = maxResponseLength(config);
        this.effects = new ExchangeHedgeEffects(config);
        this.messages = new MakerFillMessages(config);
        this.state = new TradingState(config);
        this.accounts = state.accounts;
        this.orderEntry = new OrderEntry(state, owners, rejects, effects, messages);
        this.transfers = new CashTransfers(accounts, owners, rejects);
        this.queries = new TradingQueries(state, rejects);
    }

    /**
     * @param config of the engine.
     * @return the most bytes of effects one request can produce: an ExchangeOrder per fill, 0 if nothing is routed.
     */
    public static int maxEffectsLength(final TradingConfig config)
    {
        return ExchangeHedgeEffects.maxLength(config);
    }

    /**
     * Unpacks {@code ExchangeOrder.exchangeOrderId}.
     *
     * @return the seq of the request whose fill the exchange order hedges.
     */
    public static long seqOfExchangeOrder(final long exchangeOrderId)
    {
        return ExchangeHedgeEffects.seqOfExchangeOrder(exchangeOrderId);
    }

    /**
     * Unpacks {@code ExchangeOrder.exchangeOrderId}.
     *
     * @return the position of the fill among the fills of its request.
     */
    public static int fillIndexOfExchangeOrder(final long exchangeOrderId)
    {
        return ExchangeHedgeEffects.fillIndexOfExchangeOrder(exchangeOrderId);
    }

    /**
     * @return the id of the exchange order that hedges this fill: the same on every replica, unique over the stream.
     */
    public static long exchangeOrderId(final long seq, final int fillIndex)
    {
        return ExchangeHedgeEffects.exchangeOrderId(seq, fillIndex);
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
        return effects.copyTo(buffer, offset);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A {@code MakerFill} to the owner of each resting order the request filled, in part or in full, in fill order:
     * the session that entered that order (its clientId at the time), with the order's ids and account, the fill's
     * trade id, price and quantity, the order's total filled and leaves quantity, instrument, side and status. The
     * taker's own fills are in its ExecutionReport, not here. Copies bytes kept since the apply; may be called more
     * than once, and writes the same each time.
     */
    @Override
    public int messages(final MutableDirectBuffer buffer, final int offset)
    {
        return messages.copyTo(buffer, offset);
    }

    @Override
    public int maxMessagesLength()
    {
        return messages.capacity();
    }

    /**
     * @param config of the engine.
     * @return the most bytes of session messages one request can produce: a MakerFill per fill.
     */
    public static int maxMessagesLength(final TradingConfig config)
    {
        return MakerFillMessages.maxLength(config);
    }

    /**
     * The largest response {@link #apply} or answer {@link #query} can write for a configuration: an ExecutionReport
     * with a full fills group, or a BalanceAnswer with every instrument, whichever is longer.
     *
     * @param config of the engine.
     * @return the bytes a response buffer must have room for after its offset.
     */
    public static int maxResponseLength(final TradingConfig config)
    {
        return Math.max(TradingQueries.maxAnswerLength(config), HEADER_LENGTH + ExecutionReportEncoder.BLOCK_LENGTH +
            ExecutionReportEncoder.FillsEncoder.HEADER_SIZE +
            config.maxFillsPerOrder() * ExecutionReportEncoder.FillsEncoder.sbeBlockLength());
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code OrderStatusQuery} is answered with an {@code OrderStatusAnswer} ({@code resting} 1 with the order's
     * price, side and open quantity; 0 for an order accepted once that no longer rests, filled or cancelled), and
     * {@code BalanceQuery} with a {@code BalanceAnswer} (cash, and a position per instrument in id order); anything
     * else with a Reject, as {@link #apply} would. Reads the state only, allocates nothing.
     *
     * @throws IllegalArgumentException if a non-expandable answer buffer has less than
     *                                  {@link #maxResponseLength(TradingConfig)} bytes from answerOffset.
     */
    @Override
    public int query(
        final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer answer,
        final int answerOffset)
    {
        return queries.query(query, offset, length, answer, answerOffset);
    }

    public TradingConfig config()
    {
        return config;
    }

    public AccountOwners owners()
    {
        return owners;
    }

    /**
     * {@inheritDoc}
     *
     * <p>With an {@link AccountOwners} table, a NewOrder or CancelOrder on an account the principal does not own, and
     * a Transfer out of one, is rejected NOT_ACCOUNT_OWNER and changes nothing.
     *
     * @throws IllegalArgumentException if a non-expandable response buffer has less than
     *                                  {@link #maxResponseLength(TradingConfig)} bytes from responseOffset; checked
     *                                  before any state changes, as it is a wiring error, not a bad request.
     */
    public int apply(
        final long seq,
        final long timestampNs,
        final long clientId,
        final int principalId,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final MutableDirectBuffer response,
        final int responseOffset)
    {
        effects.begin(seq);
        messages.begin();
        if (response.capacity() - responseOffset < maxResponseLength && !response.isExpandable())
        {
            throw new IllegalArgumentException("response buffer needs " + maxResponseLength + " bytes from offset " +
                responseOffset + ", capacity=" + response.capacity());
        }

        if (length < HEADER_LENGTH || offset < 0 || length > payload.capacity() - offset)
        {
            return rejects.reject(response, responseOffset, 0, 0, RejectReason.MALFORMED);
        }

        headerDecoder.wrap(payload, offset);
        final int templateId = headerDecoder.templateId();
        if (headerDecoder.schemaId() != NewOrderDecoder.SCHEMA_ID)
        {
            return rejects.reject(response, responseOffset, 0, templateId, RejectReason.UNKNOWN_MESSAGE);
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
                    return rejects.reject(response, responseOffset, 0, templateId, RejectReason.MALFORMED);
                }
                newOrderDecoder.wrap(payload, bodyOffset, blockLength, version);
                return orderEntry.onNewOrder(newOrderDecoder, clientId, principalId, response, responseOffset);

            case CancelOrderDecoder.TEMPLATE_ID:
                if (!bodyFits || blockLength < CancelOrderDecoder.BLOCK_LENGTH)
                {
                    return rejects.reject(response, responseOffset, 0, templateId, RejectReason.MALFORMED);
                }
                cancelOrderDecoder.wrap(payload, bodyOffset, blockLength, version);
                return orderEntry.onCancelOrder(cancelOrderDecoder, principalId, response, responseOffset);

            case TransferDecoder.TEMPLATE_ID:
                if (!bodyFits || blockLength < TransferDecoder.BLOCK_LENGTH)
                {
                    return rejects.reject(response, responseOffset, 0, templateId, RejectReason.MALFORMED);
                }
                transferDecoder.wrap(payload, bodyOffset, blockLength, version);
                return transfers.onTransfer(transferDecoder, principalId, response, responseOffset);

            default:
                return rejects.reject(response, responseOffset, 0, templateId, RejectReason.UNKNOWN_MESSAGE);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Covers the id counters, every balance in account order, and every resting order in book order (instrument,
     * bids then asks, best level to worst, oldest order first). Walks the whole state: for snapshots and audits, not
     * for the hot path.
     *
     * <p>With an {@link AccountOwners} table, its hash is folded in too: the table is configuration, not state, but
     * a replica given another table answers differently, so it must not look converged. Without one the hash is the
     * state's alone, as before tables existed.
     */
    public long fullStateHash()
    {
        final long stateHash = TradingStateHash.of(state);
        return owners.isUnrestricted() ? stateHash : TradingStateHash.fold(stateHash, owners.hash());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The format is described in {@code TradingSnapshot}: a 64-byte header with the whole configuration and the
     * id counters, every balance in account order, then every resting order in book order (instrument, bids then
     * asks, best level to worst, oldest order first), 48 bytes an order (its owner's client id among them). Little endian, independent of the platform.
     */
    public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
    {
        return TradingSnapshotWriter.write(buffer, offset, config, accounts, state.books, state.orderPool.inUse(),
            state.nextOrderId, state.nextTradeId);
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
        final OrderPool orderPool = state.orderPool;
        if (0 != orderPool.inUse() || 1 != state.nextOrderId || 1 != state.nextTradeId)
        {
            throw new IllegalStateException("loadSnapshot needs a freshly constructed engine: this one has " +
                orderPool.inUse() + " resting orders, next order id " + state.nextOrderId + ", next trade id " +
                state.nextTradeId);
        }
        final TradingSnapshot.Counters counters = TradingSnapshotValidator.validate(buffer, offset, length, config);
        TradingSnapshotRestorer.restore(buffer, offset, accounts, state.books, orderPool, state.ordersById);
        state.nextOrderId = counters.nextOrderId();
        state.nextTradeId = counters.nextTradeId();
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
        return state.orderPool.inUse();
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
        return state.nextOrderId;
    }

    /**
     * @return the id the next fill will get.
     */
    public long nextTradeId()
    {
        return state.nextTradeId;
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
