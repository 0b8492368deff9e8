package io.hedge.replicas.trading;

import io.hedge.codecs.trading.CancelAckEncoder;
import io.hedge.codecs.trading.CancelOrderDecoder;
import io.hedge.codecs.trading.ExecutionReportEncoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderDecoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.Side;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * New orders and cancels: the checks and reservations of {@link TradingEngine}'s rules, price-time matching against
 * the books, settlement of each fill, the ExecutionReport or CancelAck, and a MakerFill session message to the owner
 * of each resting order filled ({@link MakerFillMessages}). Fills of routed instruments are handed
 * to the {@link ExchangeHedgeEffects} as they happen, so that effects and report list them in the same order.
 */
final class OrderEntry
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private final TradingState state;
    private final TradingConfig config;
    private final int maxFillsPerOrder;
    private final Accounts accounts;
    private final OrderBook[] books;
    private final OrderPool orderPool;
    private final Long2ObjectHashMap<Order> ordersById;
    private final AccountOwners owners;
    private final RejectWriter rejects;
    private final ExchangeHedgeEffects hedges;
    private final MakerFillMessages makerFills;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExecutionReportEncoder executionReportEncoder = new ExecutionReportEncoder();
    private final CancelAckEncoder cancelAckEncoder = new CancelAckEncoder();

    OrderEntry(
        final TradingState state,
        final AccountOwners owners,
        final RejectWriter rejects,
        final ExchangeHedgeEffects hedges,
        final MakerFillMessages makerFills)
    {
        this.makerFills = makerFills;
        this.state = state;
        this.config = state.config;
        this.maxFillsPerOrder = state.config.maxFillsPerOrder();
        this.accounts = state.accounts;
        this.books = state.books;
        this.orderPool = state.orderPool;
        this.ordersById = state.ordersById;
        this.owners = owners;
        this.rejects = rejects;
        this.hedges = hedges;
    }

    /**
     * @param clientId    the requesting session: the owner of the order if it rests.
     * @param principalId the session's principal: it must own the order's account.
     */
    int onNewOrder(
        final NewOrderDecoder order,
        final long clientId,
        final int principalId,
        final MutableDirectBuffer response,
        final int responseOffset)
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
            return rejects.reject(response, responseOffset, clientOrderId, templateId, RejectReason.UNKNOWN_ACCOUNT);
        }
        if (!owners.mayUse(principalId, accountId))
        {
            return rejects.reject(response, responseOffset, clientOrderId, templateId, RejectReason.NOT_ACCOUNT_OWNER);
        }
        if (!accounts.isValidInstrument(instrumentId))
        {
            return rejects.reject(response, responseOffset, clientOrderId, templateId, RejectReason.UNKNOWN_INSTRUMENT);
        }
        if (sideRaw != Side.BUY.value() && sideRaw != Side.SELL.value())
        {
            return rejects.reject(response, responseOffset, clientOrderId, templateId, RejectReason.INVALID_SIDE);
        }
        if (price <= 0 || price > TradingEngine.MAX_NOTIONAL)
        {
            return rejects.reject(response, responseOffset, clientOrderId, templateId, RejectReason.INVALID_PRICE);
        }
        if (quantity <= 0 || quantity > TradingEngine.MAX_NOTIONAL / price)
        {
            return rejects.reject(response, responseOffset, clientOrderId, templateId, RejectReason.INVALID_QUANTITY);
        }
        if (orderPool.isExhausted())
        {
            return rejects.reject(response, responseOffset, clientOrderId, templateId, RejectReason.BOOK_FULL);
        }

        final boolean buy = sideRaw == Side.BUY.value();
        if (buy)
        {
            if (!accounts.tryReserveCash(accountId, price * quantity))
            {
                return rejects.reject(
                    response, responseOffset, clientOrderId, templateId, RejectReason.INSUFFICIENT_FUNDS);
            }
        }
        else if (!accounts.tryReservePosition(accountId, instrumentId, quantity))
        {
            return rejects.reject(
                response, responseOffset, clientOrderId, templateId, RejectReason.INSUFFICIENT_POSITION);
        }

        final long orderId = state.nextOrderId++;
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
            resting.set(orderId, accountId, instrumentId, buy, price, leaves, quantity, clientOrderId, clientId);
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
                hedges.routeToExchange(fillCount, state.nextTradeId, fillPrice, fillQuantity, instrumentId, buy);
            }
            fills.next()
                .tradeId(state.nextTradeId++)
                .makerOrderId(maker.orderId)
                .makerAccountId(maker.accountId)
                .price(fillPrice)
                .quantity(fillQuantity);
            fillCount++;
            leaves -= fillQuantity;

            maker.leavesQuantity -= fillQuantity;
            makerFills.makerFill(maker, state.nextTradeId - 1, fillPrice, fillQuantity);
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
     * @param principalId the session's principal: it must own the account the cancel names, which must be the order's.
     *                    Checked first, so that a principal learns nothing of other owners' orders.
     */
    int onCancelOrder(
        final CancelOrderDecoder cancel,
        final int principalId,
        final MutableDirectBuffer response,
        final int responseOffset)
    {
        final long orderId = cancel.orderId();
        final long accountId = cancel.accountId();
        final int instrumentId = cancel.instrumentId();
        final int templateId = CancelOrderDecoder.TEMPLATE_ID;

        if (!owners.isUnrestricted() && (!accounts.isValidAccount(accountId) || !owners.mayUse(principalId, accountId)))
        {
            return rejects.reject(response, responseOffset, orderId, templateId, RejectReason.NOT_ACCOUNT_OWNER);
        }

        final Order order = ordersById.get(orderId);
        if (null == order || order.instrumentId != instrumentId)
        {
            return rejects.reject(response, responseOffset, orderId, templateId, RejectReason.UNKNOWN_ORDER);
        }
        if (order.accountId != accountId)
        {
            return rejects.reject(response, responseOffset, orderId, templateId, RejectReason.NOT_ORDER_OWNER);
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
}
