package io.hedge.replicas.trading;

import io.hedge.codecs.trading.CancelAckDecoder;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.NewOrderDecoder;
import io.hedge.codecs.trading.RejectDecoder;
import io.hedge.codecs.trading.TransferAckDecoder;
import io.hedge.replicas.StateHash;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two engines fed the same seeded stream must write the same bytes and reach the same hashes; this is what lets
 * replicas at different sites answer interchangeably. Each engine gets its own workload instance, so the generator's
 * determinism is checked along with the engine's.
 */
class TradingEngineDeterminismTest
{
    private static final int REQUESTS = 100_000;
    private static final long SEED = 20_240_601L;

    @Test
    void sameSeedGivesSameResponsesAndHashes()
    {
        final TradingConfig config = TradingConfig.defaults();
        final Run a = new Run(config, SEED);
        final Run b = new Run(config, SEED);
        final int[] templates = new int[16];
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ExecutionReportDecoder report = new ExecutionReportDecoder();
        long fills = 0;

        for (long seq = 1; seq <= REQUESTS; seq++)
        {
            final int lengthA = a.step(seq);
            final int lengthB = b.step(seq);

            assertEquals(a.requestLength, b.requestLength, "request length at seq " + seq);
            assertSameBytes(a.request, b.request, a.requestLength, "request", seq);
            assertEquals(lengthA, lengthB, "response length at seq " + seq);
            assertSameBytes(a.response, b.response, lengthA, "response", seq);
            assertEquals(a.rollingHash, b.rollingHash, "rolling hash at seq " + seq);

            header.wrap(a.response, 0);
            templates[header.templateId()]++;
            if (header.templateId() == ExecutionReportDecoder.TEMPLATE_ID)
            {
                fills += report.wrapAndApplyHeader(a.response, 0, header).fills().count();
            }
            if (seq % 25_000 == 0)
            {
                assertEquals(a.engine.fullStateHash(), b.engine.fullStateHash(), "full state hash at seq " + seq);
            }
        }

        assertEquals(a.engine.fullStateHash(), b.engine.fullStateHash());
        assertNotEquals(0, a.rollingHash);

        // the stream must exercise the engine, or equal hashes would prove little
        assertTrue(templates[ExecutionReportDecoder.TEMPLATE_ID] > 50_000, "orders accepted");
        assertTrue(fills > 20_000, "fills: " + fills);
        assertTrue(templates[CancelAckDecoder.TEMPLATE_ID] > 1_000, "cancels acknowledged");
        assertTrue(templates[TransferAckDecoder.TEMPLATE_ID] > 1_000, "transfers acknowledged");
        assertTrue(templates[RejectDecoder.TEMPLATE_ID] > 1_000, "rejects");
        assertTrue(a.engine.restingOrders() > 1_000, "a book built up");

        // and the invariants hold at the end
        assertEquals(config.accounts() * config.initialCash(), a.engine.totalCash());
        for (int instrument = 1; instrument <= config.instruments(); instrument++)
        {
            assertEquals(config.accounts() * config.initialPosition(), a.engine.totalPosition(instrument));
        }
    }

    @Test
    void differentSeedGivesDifferentHashes()
    {
        final TradingConfig config = TradingConfig.defaults();
        final Run a = new Run(config, SEED);
        final Run b = new Run(config, SEED + 1);
        for (long seq = 1; seq <= REQUESTS / 10; seq++)
        {
            a.step(seq);
            b.step(seq);
        }
        assertNotEquals(a.rollingHash, b.rollingHash);
        assertNotEquals(a.engine.fullStateHash(), b.engine.fullStateHash());
    }

    @Test
    void oneDifferentRequestIsDetectedByBothHashes()
    {
        final TradingConfig config = TradingConfig.defaults();
        final Run a = new Run(config, SEED);
        final Run b = new Run(config, SEED);
        boolean tampered = false;
        for (long seq = 1; seq <= REQUESTS / 10; seq++)
        {
            a.step(seq);
            if (!tampered && seq > 1_000)
            {
                // same stream, except that one order of b's asks one more unit: a replica that saw a corrupt byte
                final int length = b.workload.next(b.request, 0);
                if (new MessageHeaderDecoder().wrap(b.request, 0).templateId() == NewOrderDecoder.TEMPLATE_ID)
                {
                    final int quantityOffset = MessageHeaderDecoder.ENCODED_LENGTH +
                        NewOrderDecoder.quantityEncodingOffset();
                    b.request.putLong(quantityOffset, b.request.getLong(quantityOffset) + 1);
                    tampered = true;
                }
                b.applyRequest(seq, length);
            }
            else
            {
                b.step(seq);
            }
        }
        assertTrue(tampered);
        assertNotEquals(a.rollingHash, b.rollingHash);
        assertNotEquals(a.engine.fullStateHash(), b.engine.fullStateHash());
    }

    private static void assertSameBytes(
        final UnsafeBuffer expected, final UnsafeBuffer actual, final int length, final String what, final long seq)
    {
        for (int i = 0; i < length; i++)
        {
            if (expected.getByte(i) != actual.getByte(i))
            {
                fail(what + " differs at seq " + seq + ", byte " + i);
            }
        }
    }

    /** One replica: its own workload instance, engine, buffers and rolling hash. */
    private static final class Run
    {
        final TradingEngine engine;
        final TradingWorkload workload;
        final UnsafeBuffer request = new UnsafeBuffer(new byte[TradingWorkload.MAX_REQUEST_LENGTH]);
        final UnsafeBuffer response;
        int requestLength;
        long rollingHash;

        Run(final TradingConfig config, final long seed)
        {
            engine = new TradingEngine(config);
            workload = new TradingWorkload(seed, config, 60, 30, 10);
            response = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(config)]);
        }

        int step(final long seq)
        {
            return applyRequest(seq, workload.next(request, 0));
        }

        int applyRequest(final long seq, final int length)
        {
            requestLength = length;
            final int responseLength = engine.apply(seq, seq * 1_000L, 1L, 0, request, 0, length, response, 0);
            rollingHash = StateHash.next(rollingHash, seq, response, 0, responseLength);
            return responseLength;
        }
    }
}
