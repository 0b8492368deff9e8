package io.hedge.replicas.trading;

import io.hedge.codecs.trading.BalanceAnswerEncoder;
import io.hedge.codecs.trading.BalanceQueryDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.OrderStatusAnswerEncoder;
import io.hedge.codecs.trading.OrderStatusQueryDecoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.Side;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The engine's read-only queries (StateMachine.query): an order's standing ({@code OrderStatusQuery} to
 * {@code OrderStatusAnswer}) and an account's balances ({@code BalanceQuery} to {@code BalanceAnswer}), read from the
 * {@link TradingState} without changing it, with no allocation. A query it cannot answer gets a Reject, as a request
 * would: MALFORMED or UNKNOWN_MESSAGE bytes, UNKNOWN_ACCOUNT, UNKNOWN_ORDER (never accepted, or resting on another
 * instrument), NOT_ORDER_OWNER (resting, for another account).
 */
final class TradingQueries
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private final TradingState state;
    private final RejectWriter rejects;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderStatusQueryDecoder orderStatusQuery = new OrderStatusQueryDecoder();
    private final BalanceQueryDecoder balanceQuery = new BalanceQueryDecoder();
    private final OrderStatusAnswerEncoder orderStatusAnswer = new OrderStatusAnswerEncoder();
    private final BalanceAnswerEncoder balanceAnswer = new BalanceAnswerEncoder();

    TradingQueries(final TradingState state, final RejectWriter rejects)
    {
        this.state = state;
        this.rejects = rejects;
    }

    /**
     * @return the most bytes an answer takes for this configuration: a BalanceAnswer with every instrument.
     */
    static int maxAnswerLength(final TradingConfig config)
    {
        return Math.max(HEADER_LENGTH + OrderStatusAnswerEncoder.BLOCK_LENGTH, HEADER_LENGTH +
            BalanceAnswerEncoder.BLOCK_LENGTH + BalanceAnswerEncoder.PositionsEncoder.HEADER_SIZE +
            config.instruments() * BalanceAnswerEncoder.PositionsEncoder.sbeBlockLength());
    }

    /**
     * @return the answer's length.
     * @throws IllegalArgumentException if the answer buffer is smaller than {@link #maxAnswerLength}: a wiring error.
     */
    int query(
        final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer answer, final int answerOffset)
    {
        if (answer.capacity() - answerOffset < maxAnswerLength(state.config) && !answer.isExpandable())
        {
            throw new IllegalArgumentException("query answer buffer needs " + maxAnswerLength(state.config) +
                " bytes from offset " + answerOffset + ", capacity=" + answer.capacity());
        }
        if (length < HEADER_LENGTH || offset < 0 || length > query.capacity() - offset)
        {
            return rejects.reject(answer, answerOffset, 0, 0, RejectReason.MALFORMED);
        }
        headerDecoder.wrap(query, offset);
        final int templateId = headerDecoder.templateId();
        if (headerDecoder.schemaId() != OrderStatusQueryDecoder.SCHEMA_ID)
        {
            return rejects.reject(answer, answerOffset, 0, templateId, RejectReason.UNKNOWN_MESSAGE);
        }
        final int blockLength = headerDecoder.blockLength();
        final boolean bodyFits = blockLength <= length - HEADER_LENGTH;
        final int bodyOffset = offset + HEADER_LENGTH;
        switch (templateId)
        {
            case OrderStatusQueryDecoder.TEMPLATE_ID:
                if (!bodyFits || blockLength < OrderStatusQueryDecoder.BLOCK_LENGTH)
                {
                    return rejects.reject(answer, answerOffset, 0, templateId, RejectReason.MALFORMED);
                }
                orderStatusQuery.wrap(query, bodyOffset, blockLength, headerDecoder.version());
                return orderStatus(orderStatusQuery, answer, answerOffset);

            case BalanceQueryDecoder.TEMPLATE_ID:
                if (!bodyFits || blockLength < BalanceQueryDecoder.BLOCK_LENGTH)
                {
                    return rejects.reject(answer, answerOffset, 0, templateId, RejectReason.MALFORMED);
                }
                balanceQuery.wrap(query, bodyOffset, blockLength, headerDecoder.version());
                return balance(balanceQuery.accountId(), answer, answerOffset);

            default:
                return rejects.reject(answer, answerOffset, 0, templateId, RejectReason.UNKNOWN_MESSAGE);
        }
    }

    private int orderStatus(final OrderStatusQueryDecoder q, final MutableDirectBuffer answer, final int answerOffset)
    {
        final long orderId = q.orderId();
        final long accountId = q.accountId();
        final int instrumentId = q.instrumentId();
        final int templateId = OrderStatusQueryDecoder.TEMPLATE_ID;
        if (!state.accounts.isValidAccount(accountId))
        {
            return rejects.reject(answer, answerOffset, orderId, templateId, RejectReason.UNKNOWN_ACCOUNT);
        }
        if (orderId <= 0 || orderId >= state.nextOrderId || !state.accounts.isValidInstrument(instrumentId))
        {
            return rejects.reject(answer, answerOffset, orderId, templateId, RejectReason.UNKNOWN_ORDER);
        }
        final Order order = state.ordersById.get(orderId);
        orderStatusAnswer.wrapAndApplyHeader(answer, answerOffset, headerEncoder).orderId(orderId);
        if (null == order)
        {
            // accepted once and no longer resting: filled or cancelled, which the engine no longer tells apart
            orderStatusAnswer.accountId(accountId).price(0).leavesQuantity(0).instrumentId(instrumentId)
                .side(Side.NULL_VAL).resting((short)0);
            return HEADER_LENGTH + OrderStatusAnswerEncoder.BLOCK_LENGTH;
        }
        if (order.instrumentId != instrumentId)
        {
            return rejects.reject(answer, answerOffset, orderId, templateId, RejectReason.UNKNOWN_ORDER);
        }
        if (order.accountId != accountId)
        {
            return rejects.reject(answer, answerOffset, orderId, templateId, RejectReason.NOT_ORDER_OWNER);
        }
        orderStatusAnswer.accountId(accountId).price(order.price).leavesQuantity(order.leavesQuantity)
            .instrumentId(instrumentId).side(order.buy ? Side.BUY : Side.SELL).resting((short)1);
        return HEADER_LENGTH + OrderStatusAnswerEncoder.BLOCK_LENGTH;
    }

    private int balance(final long accountId, final MutableDirectBuffer answer, final int answerOffset)
    {
        final Accounts accounts = state.accounts;
        if (!accounts.isValidAccount(accountId))
        {
            return rejects.reject(answer, answerOffset, accountId, BalanceQueryDecoder.TEMPLATE_ID,
                RejectReason.UNKNOWN_ACCOUNT);
        }
        final int instruments = accounts.instrumentCount();
        final BalanceAnswerEncoder.PositionsEncoder positions = balanceAnswer
            .wrapAndApplyHeader(answer, answerOffset, headerEncoder)
            .accountId(accountId)
            .cashAvailable(accounts.cashAvailable(accountId))
            .cashReserved(accounts.cashReserved(accountId))
            .positionsCount(instruments);
        for (int i = 1; i <= instruments; i++)
        {
            positions.next()
                .instrumentId(i)
                .available(accounts.positionAvailable(accountId, i))
                .reserved(accounts.positionReserved(accountId, i));
        }
        return HEADER_LENGTH + balanceAnswer.encodedLength();
    }
}
