package io.hedge.perf.bench;

import io.hedge.codecs.trading.CancelAckEncoder;
import io.hedge.codecs.trading.CancelOrderEncoder;
import io.hedge.codecs.trading.ExecutionReportEncoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One {@link TradingEngine#apply} step of the sample trading state machine, for each kind of order flow:
 * <ul>
 *     <li>{@link #newOrderRests}: a new order that does not cross and rests (buys at 990..993, sells at 1007..1010);</li>
 *     <li>{@link #newOrderCrosses}: a new order that trades in full with exactly one resting order;</li>
 *     <li>{@link #cancel}: a cancel of a resting order.</li>
 * </ul>
 * Each invocation applies a batch of {@value #BATCH} requests (the score is per request). What a batch needs or
 * leaves behind is done outside the measured time by invocation-level fixtures: the resting orders placed by
 * {@code newOrderRests} are cancelled after it, the makers that {@code newOrderCrosses} trades with and the orders
 * {@code cancel} cancels are placed before it. So the book never grows beyond its background depth plus one batch,
 * and a fixture costs a few tens of nanoseconds spread over a batch of some hundred microseconds.
 * <p>
 * The book of instrument 1 has a background depth of 20 levels of 5 orders per side, away from the benchmark's
 * prices. Cash and positions cannot drift: every account both buys and sells the same quantity at the same price.
 * After every batch the fixtures check the response sizes (a reject would change them), the number of resting orders,
 * the trade ids, and that cash and positions are conserved.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class EngineBenchmark
{
    static final int BATCH = 1024;
    static final int INSTRUMENT = 1;
    static final long QUANTITY = 10;
    static final int STRIDE = 64;
    static final int BACKGROUND_LEVELS = 20;
    static final int BACKGROUND_ORDERS_PER_LEVEL = 5;
    static final int BACKGROUND = 2 * BACKGROUND_LEVELS * BACKGROUND_ORDERS_PER_LEVEL;

    static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** An ExecutionReport with no fills, and one fill more. */
    static final int REPORT_LENGTH = HEADER + ExecutionReportEncoder.BLOCK_LENGTH + ExecutionReportEncoder.FillsEncoder.HEADER_SIZE;
    static final int REPORT_ONE_FILL_LENGTH = REPORT_LENGTH + ExecutionReportEncoder.FillsEncoder.sbeBlockLength();
    static final int CANCEL_ACK_LENGTH = HEADER + CancelAckEncoder.BLOCK_LENGTH;

    /** Engine, request and response buffers, and the checks shared by the three benchmarks. */
    abstract static class EngineState
    {
        final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
        final CancelOrderEncoder cancelEncoder = new CancelOrderEncoder();

        TradingEngine engine;
        UnsafeBuffer requests;
        UnsafeBuffer scratch;
        UnsafeBuffer response;
        long seq;
        long totalCash;
        long totalPosition;
        /** Sum of the response lengths of the last measured batch. */
        long batchResult;

        void createEngine()
        {
            engine = new TradingEngine(TradingConfig.defaults());
            requests = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BATCH * STRIDE, 64));
            scratch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(STRIDE, 64));
            response = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                org.agrona.BitUtil.align(TradingEngine.maxResponseLength(engine.config()), 64), 64));
            totalCash = engine.totalCash();
            totalPosition = engine.totalPosition(INSTRUMENT);

            // background depth: bids 900..919, asks 1081..1100, far from every price the benchmarks use
            for (int level = 0; level < BACKGROUND_LEVELS; level++)
            {
                for (int n = 0; n < BACKGROUND_ORDERS_PER_LEVEL; n++)
                {
                    final long account = 600 + level * BACKGROUND_ORDERS_PER_LEVEL + n;
                    place(account, Side.BUY, 900 + level);
                    place(account, Side.SELL, 1_100 - level);
                }
            }
            if (BACKGROUND != engine.restingOrders())
            {
                throw CodecBenchmark.failure("background of " + engine.restingOrders());
            }
        }

        /** Applies one new order outside the measurement, checking that it rests untouched. */
        long place(final long account, final Side side, final long price)
        {
            final long orderId = engine.nextOrderId();
            final int length = encodeNewOrder(scratch, 0, orderId, account, side, price);
            final int result = engine.apply(++seq, seq, 1L, 0, scratch, 0, length, response, 0);
            if (REPORT_LENGTH != result)
            {
                throw CodecBenchmark.failure("resting order answered with " + result + " bytes");
            }
            return orderId;
        }

        /** Cancels a resting order outside the measurement, checking the acknowledgement. */
        void cancel(final long orderId, final long account)
        {
            final int length = encodeCancel(scratch, 0, orderId, account);
            final int result = engine.apply(++seq, seq, 1L, 0, scratch, 0, length, response, 0);
            if (CANCEL_ACK_LENGTH != result)
            {
                throw CodecBenchmark.failure("cancel of " + orderId + " answered with " + result + " bytes");
            }
        }

        int encodeNewOrder(
            final UnsafeBuffer buffer, final int offset, final long clientOrderId, final long account, final Side side,
            final long price)
        {
            newOrderEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .clientOrderId(clientOrderId)
                .accountId(account)
                .price(price)
                .quantity(QUANTITY)
                .userData(0)
                .instrumentId(INSTRUMENT)
                .side(side);
            return HEADER + NewOrderEncoder.BLOCK_LENGTH;
        }

        int encodeCancel(final UnsafeBuffer buffer, final int offset, final long orderId, final long account)
        {
            cancelEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .accountId(account)
                .orderId(orderId)
                .instrumentId(INSTRUMENT);
            return HEADER + CancelOrderEncoder.BLOCK_LENGTH;
        }

        void checkBatch(final long expectedResult, final int expectedResting)
        {
            if (batchResult != expectedResult)
            {
                throw CodecBenchmark.failure(
                    "batch responses sum to " + batchResult + " bytes, expected " + expectedResult + " (a reject?)");
            }
            if (engine.restingOrders() != expectedResting)
            {
                throw CodecBenchmark.failure(engine.restingOrders() + " orders rest, expected " + expectedResting);
            }
        }

        void checkConservation()
        {
            if (engine.totalCash() != totalCash)
            {
                throw CodecBenchmark.failure("cash not conserved");
            }
            if (engine.totalPosition(INSTRUMENT) != totalPosition)
            {
                throw CodecBenchmark.failure("position not conserved");
            }
        }
    }

    /** Non-crossing orders: request i is a buy at 990..993 when i is even, a sell at 1007..1010 when odd. */
    static Side restSide(final int i)
    {
        return 0 == (i & 1) ? Side.BUY : Side.SELL;
    }

    static long restPrice(final int i)
    {
        final int step = (i >> 1) & 3;
        return 0 == (i & 1) ? 990 + step : 1_007 + step;
    }

    static long restAccount(final int i)
    {
        return 1 + (i % 500);
    }

    @State(Scope.Thread)
    public static class RestState extends EngineState
    {
        long firstOrderId;

        @Setup(Level.Trial)
        public void setup()
        {
            createEngine();
            for (int i = 0; i < BATCH; i++)
            {
                encodeNewOrder(requests, i * STRIDE, i, restAccount(i), restSide(i), restPrice(i));
            }
        }

        @Setup(Level.Invocation)
        public void beforeBatch()
        {
            firstOrderId = engine.nextOrderId();
        }

        @TearDown(Level.Invocation)
        public void afterBatch()
        {
            checkBatch((long)BATCH * REPORT_LENGTH, BACKGROUND + BATCH);
            if (engine.nextOrderId() != firstOrderId + BATCH)
            {
                throw CodecBenchmark.failure("order ids not consecutive");
            }
            for (int i = 0; i < BATCH; i++)
            {
                cancel(firstOrderId + i, restAccount(i));
            }
            if (BACKGROUND != engine.restingOrders())
            {
                throw CodecBenchmark.failure("book not back to its background");
            }
            checkConservation();
        }
    }

    @State(Scope.Thread)
    public static class CancelState extends EngineState
    {
        @Setup(Level.Trial)
        public void setup()
        {
            createEngine();
        }

        @Setup(Level.Invocation)
        public void beforeBatch()
        {
            for (int i = 0; i < BATCH; i++)
            {
                final long orderId = place(restAccount(i), restSide(i), restPrice(i));
                encodeCancel(requests, i * STRIDE, orderId, restAccount(i));
            }
        }

        @TearDown(Level.Invocation)
        public void afterBatch()
        {
            checkBatch((long)BATCH * CANCEL_ACK_LENGTH, BACKGROUND);
            checkConservation();
        }
    }

    /**
     * Pairs of accounts (a, a + 1) trade in cycles of four: a sells to a + 1 at 1010, a + 1 sells to a at 1010,
     * a buys from a + 1 at 990, a + 1 buys from a at 990. Maker i rests before the batch, aggressor i takes it.
     */
    @State(Scope.Thread)
    public static class CrossState extends EngineState
    {
        long firstTradeId;

        static long accountA(final int i)
        {
            return 1 + 2L * ((i >> 2) & 255);
        }

        static long maker(final int i)
        {
            return 0 == (i & 1) ? accountA(i) : accountA(i) + 1;
        }

        static long taker(final int i)
        {
            return 0 == (i & 1) ? accountA(i) + 1 : accountA(i);
        }

        /** Side of the maker: sells in the first half of a cycle, buys in the second. */
        static Side makerSide(final int i)
        {
            return 0 == (i & 2) ? Side.SELL : Side.BUY;
        }

        static long price(final int i)
        {
            return 0 == (i & 2) ? 1_010 : 990;
        }

        @Setup(Level.Trial)
        public void setup()
        {
            createEngine();
            for (int i = 0; i < BATCH; i++)
            {
                final Side aggressorSide = Side.SELL == makerSide(i) ? Side.BUY : Side.SELL;
                encodeNewOrder(requests, i * STRIDE, i, taker(i), aggressorSide, price(i));
            }
        }

        @Setup(Level.Invocation)
        public void beforeBatch()
        {
            for (int i = 0; i < BATCH; i++)
            {
                place(maker(i), makerSide(i), price(i));
            }
            firstTradeId = engine.nextTradeId();
        }

        @TearDown(Level.Invocation)
        public void afterBatch()
        {
            checkBatch((long)BATCH * REPORT_ONE_FILL_LENGTH, BACKGROUND);
            if (engine.nextTradeId() != firstTradeId + BATCH)
            {
                throw CodecBenchmark.failure("expected one trade per aggressor");
            }
            checkConservation();
            for (long account = 1; account <= 512; account++)
            {
                if (engine.cashReserved(account) != 0 ||
                    engine.cashAvailable(account) != engine.config().initialCash() ||
                    engine.positionAvailable(account, INSTRUMENT) != engine.config().initialPosition())
                {
                    throw CodecBenchmark.failure("account " + account + " drifted");
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long newOrderRests(final RestState s)
    {
        return applyBatch(s);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long newOrderCrosses(final CrossState s)
    {
        return applyBatch(s);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long cancel(final CancelState s)
    {
        return applyBatch(s);
    }

    private static long applyBatch(final EngineState s)
    {
        final TradingEngine engine = s.engine;
        final UnsafeBuffer requests = s.requests;
        final UnsafeBuffer response = s.response;
        long seq = s.seq;
        long result = 0;
        for (int i = 0; i < BATCH; i++)
        {
            seq++;
            result += engine.apply(seq, seq, 1L, 0, requests, i * STRIDE, STRIDE, response, 0);
        }
        s.seq = seq;
        s.batchResult = result;
        return result;
    }
}
