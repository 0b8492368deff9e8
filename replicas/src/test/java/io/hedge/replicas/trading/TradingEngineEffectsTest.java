package io.hedge.replicas.trading;

import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.ExchangeOrderDecoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.codecs.trading.TransferEncoder;
import org.agrona.ExpandableDirectByteBuffer;
import io.hedge.replicas.TestBytes;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The external effects of the trading engine: which fills become ExchangeOrders, what those carry, and that they are
 * as deterministic as the responses.
 */
class TradingEngineEffectsTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int ORDER_LENGTH = HEADER + ExchangeOrderDecoder.BLOCK_LENGTH;
    private static final int EFFECT_LENGTH = Integer.BYTES + ORDER_LENGTH;
    private static final long CASH = 1_000_000;
    private static final long POSITION = 1_000;

    private final UnsafeBuffer request = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[8 * 1024]);
    private final UnsafeBuffer effects = new UnsafeBuffer(new byte[16 * 1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelEncoder = new CancelOrderEncoder();
    private final TransferEncoder transferEncoder = new TransferEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ExchangeOrderDecoder exchangeOrder = new ExchangeOrderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();

    private TradingEngine engine = new TradingEngine(new TradingConfig(4, 8, CASH, POSITION, 100, 64));
    private long seq;

    @Test
    void defaultConfigurationRoutesEveryFourthInstrument()
    {
        final TradingConfig config = TradingConfig.defaults();
        assertEquals(TradingConfig.DEFAULT_ROUTED_EVERY, config.routedEvery());
        assertEquals(4, config.routedEvery());
        assertFalse(config.isRouted(1));
        assertFalse(config.isRouted(3));
        assertTrue(config.isRouted(4));
        assertTrue(config.isRouted(8));
        assertFalse(config.withRoutedEvery(0).isRouted(4));
        assertTrue(config.withRoutedEvery(1).isRouted(3));
        assertEquals(config.instruments(), config.withRoutedEvery(1).instruments());
        assertThrows(IllegalArgumentException.class, () -> config.withRoutedEvery(-1));
    }

    @Test
    void eachFillOfARoutedInstrumentEmitsOneExchangeOrder()
    {
        assertEquals(0, order(1, 2, 4, Side.SELL, 100, 10), "a resting order has no effect");
        assertEquals(0, order(2, 3, 4, Side.SELL, 101, 5));
        final long buySeq = seq + 1;
        final int length = order(3, 1, 4, Side.BUY, 105, 12);

        assertEquals(2 * EFFECT_LENGTH, length);
        assertEquals(2, report.fills().count());
        assertEffect(0, 0, buySeq, 1, 100, 10, 4, Side.BUY);
        assertEffect(EFFECT_LENGTH, 1, buySeq, 2, 101, 2, 4, Side.BUY);

        // a sell aggressor on instrument 8 against a resting buy
        assertEquals(0, order(4, 1, 8, Side.BUY, 50, 3));
        final long sellSeq = seq + 1;
        assertEquals(EFFECT_LENGTH, order(5, 2, 8, Side.SELL, 40, 3));
        assertEffect(0, 0, sellSeq, 3, 50, 3, 8, Side.SELL);
    }

    @Test
    void nothingElseHasEffects()
    {
        // fills of an instrument that is not routed
        order(1, 2, 1, Side.SELL, 100, 10);
        assertEquals(0, order(2, 1, 1, Side.BUY, 100, 10));
        assertEquals(1, report.fills().count());
        order(3, 2, 3, Side.SELL, 100, 10);
        assertEquals(0, order(4, 1, 3, Side.BUY, 100, 10));

        // a reject on a routed instrument
        order(5, 2, 4, Side.SELL, 100, 10);
        assertEquals(0, order(6, 99, 4, Side.BUY, 100, 10), "unknown account");
        assertEquals(0, order(7, 1, 4, Side.BUY, 100, 1_000_000_000), "insufficient funds");

        // a cancel and a transfer
        cancelEncoder.wrapAndApplyHeader(request, 0, headerEncoder).accountId(2).orderId(5).instrumentId(4);
        assertEquals(0, apply(HEADER + CancelOrderEncoder.BLOCK_LENGTH));
        transferEncoder.wrapAndApplyHeader(request, 0, headerEncoder)
            .transferId(1).fromAccountId(1).toAccountId(2).amount(10);
        assertEquals(0, apply(HEADER + TransferEncoder.BLOCK_LENGTH));

        // malformed bytes
        assertEquals(0, apply(3));
        request.putShort(2, (short)77);
        assertEquals(0, apply(HEADER + 8));
    }

    @Test
    void effectsAreThoseOfTheLastApplyOnlyAndCanBeReadTwice()
    {
        order(1, 2, 4, Side.SELL, 100, 10);
        assertEquals(EFFECT_LENGTH, order(2, 1, 4, Side.BUY, 100, 4));
        final UnsafeBuffer again = new UnsafeBuffer(new byte[EFFECT_LENGTH + 8]);
        assertEquals(EFFECT_LENGTH, engine.effects(again, 8));
        assertEquals(0, TestBytes.compare(again, 8, EFFECT_LENGTH, effects, 0, EFFECT_LENGTH));

        assertEquals(0, order(3, 1, 1, Side.BUY, 100, 4), "the next request has none");
        assertEquals(0, engine.effects(again, 0));
    }

    @Test
    void routedEveryZeroRoutesNothingAndOneRoutesEverything()
    {
        engine = new TradingEngine(new TradingConfig(4, 8, CASH, POSITION, 100, 64, 0));
        assertEquals(0, engine.maxEffectsLength());
        order(1, 2, 4, Side.SELL, 100, 10);
        assertEquals(0, order(2, 1, 4, Side.BUY, 100, 10));

        engine = new TradingEngine(new TradingConfig(4, 8, CASH, POSITION, 100, 64, 1));
        assertEquals(64 * EFFECT_LENGTH, engine.maxEffectsLength());
        assertEquals(TradingEngine.maxEffectsLength(engine.config()), engine.maxEffectsLength());
        for (int instrument = 1; instrument <= 8; instrument++)
        {
            order(1, 2, instrument, Side.SELL, 100, 10);
            assertEquals(EFFECT_LENGTH, order(2, 1, instrument, Side.BUY, 100, 10), "instrument " + instrument);
        }
    }

    @Test
    void effectsFitTheirMaximumWithAFullFillsGroup()
    {
        final TradingConfig config = new TradingConfig(4, 4, CASH, POSITION, 100, 3);
        engine = new TradingEngine(config);
        for (int i = 0; i < 5; i++)
        {
            order(i, 2, 4, Side.SELL, 100, 1);
        }
        assertEquals(3 * EFFECT_LENGTH, order(9, 1, 4, Side.BUY, 100, 5));
        assertEquals(TradingEngine.maxEffectsLength(config), 3 * EFFECT_LENGTH);
    }

    @Test
    void exchangeOrderIdPacksSeqAndFillIndex()
    {
        final long id = TradingEngine.exchangeOrderId(123_456_789L, 65_533);
        assertEquals(123_456_789L, TradingEngine.seqOfExchangeOrder(id));
        assertEquals(65_533, TradingEngine.fillIndexOfExchangeOrder(id));
        assertEquals(1L << 16, TradingEngine.exchangeOrderId(1, 0));
    }

    @Test
    void sameInputGivesByteIdenticalEffectsOnTwoEngines()
    {
        final TradingConfig config = new TradingConfig(50, 8, 1_000_000_000L, 1_000_000L, 100_000, 16, 2);
        final long[] run1 = runTwoEnginesSideBySide(config, 42);
        final long[] run2 = runTwoEnginesSideBySide(config, 42);
        assertTrue(run1[0] > 1_000, "the workload produced effects: " + run1[0]);
        assertEquals(run1[0], run2[0], "effects of two runs");
        assertEquals(run1[1], run2[1], "digest of the effect bytes of two runs");
    }

    @Test
    void anEngineRestoredFromASnapshotEmitsTheSameEffects()
    {
        final TradingConfig config = new TradingConfig(20, 4, 1_000_000_000L, 1_000_000L, 10_000, 16);
        final TradingWorkload workload = new TradingWorkload(7, config, 80, 15, 5);
        final TradingEngine original = new TradingEngine(config);
        final UnsafeBuffer requests = new UnsafeBuffer(new byte[TradingWorkload.MAX_REQUEST_LENGTH]);
        for (long s = 1; s <= 5_000; s++)
        {
            final int length = workload.next(requests, 0);
            original.apply(s, s, 1L, 0, requests, 0, length, response, 0);
        }
        final ExpandableDirectByteBuffer snapshot = new ExpandableDirectByteBuffer(1024);
        final int snapshotLength = original.writeSnapshot(snapshot, 0);
        final TradingEngine restored = new TradingEngine(config);
        restored.loadSnapshot(snapshot, 0, snapshotLength);

        final UnsafeBuffer otherResponse = new UnsafeBuffer(new byte[response.capacity()]);
        final UnsafeBuffer otherEffects = new UnsafeBuffer(new byte[effects.capacity()]);
        long count = 0;
        for (long s = 5_001; s <= 10_000; s++)
        {
            final int length = workload.next(requests, 0);
            original.apply(s, s, 1L, 0, requests, 0, length, response, 0);
            restored.apply(s, s, 1L, 0, requests, 0, length, otherResponse, 0);
            final int a = original.effects(effects, 0);
            final int b = restored.effects(otherEffects, 0);
            assertEquals(a, b, "effects length at seq " + s);
            assertEquals(0, TestBytes.compare(effects, 0, a, otherEffects, 0, b), "effects bytes at seq " + s);
            count += a / EFFECT_LENGTH;
        }
        assertTrue(count > 0, "the workload produced effects");
    }

    @Test
    void applyAndEffectsDoNotAllocateOnceWarm()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter on this JVM");
        final com.sun.management.ThreadMXBean threadBean = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threadBean.isThreadAllocatedMemorySupported() && threadBean.isThreadAllocatedMemoryEnabled(),
            "allocation counter disabled");

        // one routed instrument and few accounts so that the cancels below can find every order's owner
        final TradingConfig config = new TradingConfig(4, 1, 1_000_000_000_000L, 1_000_000_000L, 1_000, 64, 1);
        engine = new TradingEngine(config);
        final int count = 256;
        final UnsafeBuffer requests = new UnsafeBuffer(new byte[count * TradingWorkload.MAX_REQUEST_LENGTH]);
        final int[] lengths = new int[count];
        final TradingWorkload workload = new TradingWorkload(7, config, 100, 0, 0);
        for (int i = 0; i < count; i++)
        {
            lengths[i] = workload.next(requests, i * TradingWorkload.MAX_REQUEST_LENGTH);
        }
        final UnsafeBuffer cancels = new UnsafeBuffer(new byte[CancelOrderEncoder.BLOCK_LENGTH + HEADER]);

        final long warmEffects = runRounds(requests, lengths, cancels, 2_000);
        assertTrue(warmEffects > 100_000, "the rounds emit effects: " + warmEffects);
        final long threadId = Thread.currentThread().getId();
        final long before = threadBean.getThreadAllocatedBytes(threadId);
        final long effectBytes = runRounds(requests, lengths, cancels, 200);
        final long allocated = threadBean.getThreadAllocatedBytes(threadId) - before;
        assertEquals(0, allocated, "bytes allocated by 51,200 orders, their effects and their cancels");
        assertTrue(effectBytes > 0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    /**
     * Two engines fed the same requests; every apply's effects compared byte for byte.
     *
     * @return {effects, digest of all effect bytes}.
     */
    private long[] runTwoEnginesSideBySide(final TradingConfig config, final long workloadSeed)
    {
        final TradingEngine a = new TradingEngine(config);
        final TradingEngine b = new TradingEngine(config);
        final TradingWorkload workload = new TradingWorkload(workloadSeed, config, 80, 15, 5);
        final UnsafeBuffer requests = new UnsafeBuffer(new byte[TradingWorkload.MAX_REQUEST_LENGTH]);
        final UnsafeBuffer responseB = new UnsafeBuffer(new byte[response.capacity()]);
        final UnsafeBuffer effectsA = new UnsafeBuffer(new byte[a.maxEffectsLength()]);
        final UnsafeBuffer effectsB = new UnsafeBuffer(new byte[b.maxEffectsLength()]);
        long count = 0;
        long digest = 17;
        for (long s = 1; s <= 50_000; s++)
        {
            final int length = workload.next(requests, 0);
            final int responseA = a.apply(s, 1_000 * s, 1L, 0, requests, 0, length, response, 0);
            final int responseLengthB = b.apply(s, 1_000 * s, 1L, 0, requests, 0, length, responseB, 0);
            assertEquals(responseA, responseLengthB);
            final int lengthA = a.effects(effectsA, 0);
            final int lengthB = b.effects(effectsB, 0);
            assertEquals(lengthA, lengthB, "effects length at seq " + s);
            assertEquals(0, TestBytes.compare(effectsA, 0, lengthA, effectsB, 0, lengthB), "effects bytes at seq " + s);
            for (int i = 0; i < lengthA; i++)
            {
                digest = digest * 31 + effectsA.getByte(i);
            }
            for (int position = 0; position < lengthA; position += EFFECT_LENGTH)
            {
                assertEquals(ORDER_LENGTH, effectsA.getInt(position, ByteOrder.LITTLE_ENDIAN));
                exchangeOrder.wrapAndApplyHeader(effectsA, position + Integer.BYTES, headerDecoder);
                assertTrue(config.isRouted(exchangeOrder.instrumentId()));
                assertEquals(s, exchangeOrder.seq());
                assertEquals(position / EFFECT_LENGTH, exchangeOrder.fillIndex());
                count++;
            }
        }
        assertEquals(a.fullStateHash(), b.fullStateHash());
        return new long[]{count, digest};
    }

    private long runRounds(final UnsafeBuffer requests, final int[] lengths, final UnsafeBuffer cancels, final int rounds)
    {
        long effectBytes = 0;
        final int count = lengths.length;
        for (int round = 0; round < rounds; round++)
        {
            final long firstId = engine.nextOrderId();
            for (int i = 0; i < count; i++)
            {
                engine.apply(++seq, 0, 1L, 0, requests, i * TradingWorkload.MAX_REQUEST_LENGTH, lengths[i], response, 0);
                effectBytes += engine.effects(effects, 0);
            }
            final long lastId = engine.nextOrderId();
            for (long orderId = firstId; orderId < lastId; orderId++)
            {
                for (int account = 1; account <= engine.config().accounts(); account++)
                {
                    cancelEncoder.wrapAndApplyHeader(cancels, 0, headerEncoder)
                        .accountId(account).orderId(orderId).instrumentId(1);
                    engine.apply(++seq, 0, 1L, 0, cancels, 0, cancels.capacity(), response, 0);
                    effectBytes += engine.effects(effects, 0);
                }
            }
        }
        return effectBytes;
    }

    private void assertEffect(
        final int position,
        final int fillIndex,
        final long expectedSeq,
        final long tradeId,
        final long price,
        final long quantity,
        final int instrumentId,
        final Side side)
    {
        assertEquals(ORDER_LENGTH, effects.getInt(position, ByteOrder.LITTLE_ENDIAN));
        exchangeOrder.wrapAndApplyHeader(effects, position + Integer.BYTES, headerDecoder);
        assertEquals(ExchangeOrderDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(ExchangeOrderDecoder.TEMPLATE_ID, headerDecoder.templateId());
        assertEquals(TradingEngine.exchangeOrderId(expectedSeq, fillIndex), exchangeOrder.exchangeOrderId());
        assertEquals(expectedSeq, exchangeOrder.seq());
        assertEquals(tradeId, exchangeOrder.tradeId());
        assertEquals(price, exchangeOrder.price());
        assertEquals(quantity, exchangeOrder.quantity());
        assertEquals(instrumentId, exchangeOrder.instrumentId());
        assertEquals(fillIndex, exchangeOrder.fillIndex());
        assertEquals(side, exchangeOrder.side());

        // the fill it hedges, in the response
        report.sbeRewind();
        final ExecutionReportDecoder.FillsDecoder fills = report.fills();
        for (int i = 0; i <= fillIndex; i++)
        {
            fills.next();
        }
        assertEquals(tradeId, fills.tradeId());
        assertEquals(price, fills.price());
        assertEquals(quantity, fills.quantity());
        report.sbeRewind();
    }

    /**
     * @return the length of the order's effects, now at the start of {@link #effects}; the report is decoded when
     * the order was accepted.
     */
    private int order(
        final long clientOrderId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity)
    {
        newOrderEncoder.wrapAndApplyHeader(request, 0, headerEncoder)
            .clientOrderId(clientOrderId)
            .accountId(accountId)
            .price(price)
            .quantity(quantity)
            .userData(0)
            .instrumentId(instrumentId)
            .side(side);
        final int length = apply(HEADER + NewOrderEncoder.BLOCK_LENGTH);
        headerDecoder.wrap(response, 0);
        if (headerDecoder.templateId() == ExecutionReportDecoder.TEMPLATE_ID)
        {
            report.wrapAndApplyHeader(response, 0, headerDecoder);
        }
        return length;
    }

    private int apply(final int requestLength)
    {
        engine.apply(++seq, 1_000 * seq, 1L, 0, request, 0, requestLength, response, 0);
        return engine.effects(effects, 0);
    }
}
