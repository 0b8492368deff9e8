package io.hedge.replicas.trading;

import io.hedge.codecs.trading.MakerFillDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.OrderStatus;
import io.hedge.codecs.trading.Side;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample engine's session messages: a MakerFill to the owner of each resting order a taker fills, with the owner
 * kept as state (snapshot, restore, full-state hash).
 */
class TradingEngineMakerFillTest
{
    private static final TradingConfig CONFIG = new TradingConfig(8, 2, 1_000_000_000L, 1_000, 64, 8);
    private static final int INSTRUMENT = 1;

    /** One entry of StateMachine.messages, decoded. */
    record Fill(long clientId, long orderId, long clientOrderId, long accountId, long tradeId, long price,
        long quantity, long filled, long leaves, Side side, OrderStatus status)
    {
    }

    private final UnsafeBuffer request = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(CONFIG)]);
    private final UnsafeBuffer messages = new UnsafeBuffer(new byte[TradingEngine.maxMessagesLength(CONFIG)]);
    private long seq;

    @Test
    void aPartialThenAFullFillEachTellTheMakersOwner()
    {
        final TradingEngine engine = new TradingEngine(CONFIG);
        assertEquals(List.of(), order(engine, 11, 501, 2, Side.SELL, 100, 10), "resting sends no one anything");

        assertEquals(List.of(new Fill(11, 1, 501, 2, 1, 100, 4, 4, 6, Side.SELL, OrderStatus.PARTIALLY_FILLED)),
            order(engine, 22, 601, 3, Side.BUY, 100, 4));
        // the taker buys more than rests: the maker is filled, the taker's rest is its own business
        assertEquals(List.of(new Fill(11, 1, 501, 2, 2, 100, 6, 10, 0, Side.SELL, OrderStatus.FILLED)),
            order(engine, 22, 602, 3, Side.BUY, 100, 9));
        assertEquals(1, engine.restingOrders(), "the taker's 3 rest");
    }

    @Test
    void aSweepTellsEachMakerInFillOrder()
    {
        final TradingEngine engine = new TradingEngine(CONFIG);
        order(engine, 11, 1, 2, Side.BUY, 100, 5);
        order(engine, 12, 2, 4, Side.BUY, 99, 5);
        final List<Fill> fills = order(engine, 33, 3, 5, Side.SELL, 99, 7);
        assertEquals(List.of(
            new Fill(11, 1, 1, 2, 1, 100, 5, 5, 0, Side.BUY, OrderStatus.FILLED),
            new Fill(12, 2, 2, 4, 2, 99, 2, 2, 3, Side.BUY, OrderStatus.PARTIALLY_FILLED)), fills);
        assertEquals(0, order(engine, 33, 4, 5, Side.SELL, 200, 1).size(), "no fill, no message");
    }

    @Test
    void aSnapshotKeepsEveryOrdersOwner()
    {
        final TradingEngine original = new TradingEngine(CONFIG);
        order(original, 11, 501, 2, Side.SELL, 100, 10);
        order(original, 12, 502, 4, Side.SELL, 101, 10);
        order(original, 22, 601, 3, Side.BUY, 100, 3);

        final ExpandableDirectByteBuffer snapshot = new ExpandableDirectByteBuffer(256);
        final int length = original.writeSnapshot(snapshot, 0);
        final TradingEngine restored = new TradingEngine(CONFIG);
        restored.loadSnapshot(snapshot, 0, length);
        assertEquals(original.fullStateHash(), restored.fullStateHash());

        final long seqBefore = seq;
        final List<Fill> fromOriginal = order(original, 22, 602, 3, Side.BUY, 101, 12);
        seq = seqBefore;
        final List<Fill> fromRestored = order(restored, 22, 602, 3, Side.BUY, 101, 12);
        assertEquals(List.of(
            new Fill(11, 1, 501, 2, 2, 100, 7, 10, 0, Side.SELL, OrderStatus.FILLED),
            new Fill(12, 2, 502, 4, 3, 101, 5, 5, 5, Side.SELL, OrderStatus.PARTIALLY_FILLED)), fromRestored);
        assertEquals(fromOriginal, fromRestored);
    }

    @Test
    void theOwnerIsPartOfTheFullStateHash()
    {
        final TradingEngine a = new TradingEngine(CONFIG);
        final TradingEngine b = new TradingEngine(CONFIG);
        order(a, 11, 501, 2, Side.SELL, 100, 10);
        seq = 0;
        order(b, 12, 501, 2, Side.SELL, 100, 10);
        assertNotEquals(a.fullStateHash(), b.fullStateHash(), "the same book with another owner is another state");
    }

    @Test
    void aSnapshotOfTheFormatBeforeOwnersIsRefusedSayingWhy()
    {
        final TradingEngine engine = new TradingEngine(CONFIG);
        order(engine, 11, 501, 2, Side.SELL, 100, 10);
        final ExpandableDirectByteBuffer snapshot = new ExpandableDirectByteBuffer(256);
        final int length = engine.writeSnapshot(snapshot, 0);
        snapshot.putInt(4, 1, ByteOrder.LITTLE_ENDIAN);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new TradingEngine(CONFIG).loadSnapshot(snapshot, 0, length));
        assertTrue(ex.getMessage().contains("version 1 not supported, this engine reads 2") &&
            ex.getMessage().contains("owners"), ex.getMessage());
    }

    private List<Fill> order(final TradingEngine engine, final long clientId, final long clientOrderId,
        final long accountId, final Side side, final long price, final long quantity)
    {
        final NewOrderEncoder encoder = new NewOrderEncoder().wrapAndApplyHeader(request, 0, new MessageHeaderEncoder())
            .clientOrderId(clientOrderId).accountId(accountId).instrumentId(INSTRUMENT).side(side).price(price)
            .quantity(quantity);
        seq++;
        engine.apply(seq, seq, clientId, 0, request, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(),
            response, 0);
        final int length = engine.messages(messages, 0);
        final List<Fill> fills = new ArrayList<>();
        final MakerFillDecoder fill = new MakerFillDecoder();
        int position = 0;
        while (position < length)
        {
            final long to = messages.getLong(position, ByteOrder.LITTLE_ENDIAN);
            final int entryLength = messages.getInt(position + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
            fill.wrapAndApplyHeader(messages, position + Long.BYTES + Integer.BYTES, new MessageHeaderDecoder());
            fills.add(new Fill(to, fill.orderId(), fill.clientOrderId(), fill.accountId(), fill.tradeId(), fill.price(),
                fill.quantity(), fill.filledQuantity(), fill.leavesQuantity(), fill.side(), fill.status()));
            position += Long.BYTES + Integer.BYTES + entryLength;
        }
        assertEquals(length, position, "entries fill the messages exactly");
        return fills;
    }
}
