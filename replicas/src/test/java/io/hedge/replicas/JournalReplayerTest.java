package io.hedge.replicas;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalReplayerTest
{
    private static final int COUNT = 20_000;
    private static final int PAYLOAD_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + SequencedEncoder.BLOCK_LENGTH + SequencedEncoder.payloadHeaderLength();

    private Path dir;

    @BeforeEach
    void createDirectory(final TestInfo info)
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        dir = base.resolve("replayer-" + info.getTestMethod().map(m -> m.getName()).orElse("test") + "-" + System.nanoTime());
    }

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void replayGivesTheSameHashesAsApplyingDirectly()
    {
        final TradingConfig config = new TradingConfig(50, 4, 1_000_000_000L, 1_000_000L, 100_000, 64);
        final int maxResponse = TradingEngine.maxResponseLength(config);
        final TradingWorkload workload = new TradingWorkload(42, config, 70, 20, 10);
        final TradingEngine direct = new TradingEngine(config);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer response = new UnsafeBuffer(new byte[maxResponse]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final SequencedEncoder encoder = new SequencedEncoder();
        long expectedHash = 0;
        long effectsSeen = 0;
        final UnsafeBuffer effects = new UnsafeBuffer(new byte[TradingEngine.maxEffectsLength(config)]);
        final UnsafeBuffer messages = new UnsafeBuffer(new byte[TradingEngine.maxMessagesLength(config)]);
        long messagesSeen = 0;
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            for (long seq = 1; seq <= COUNT; seq++)
            {
                final int payloadLength = workload.next(message, PAYLOAD_OFFSET);
                encoder.wrapAndApplyHeader(message, 0, header)
                    .epoch(seq <= COUNT / 2 ? 1 : 2).seq(seq).timestampNs(1_000 * seq).clientId(3).correlationId(seq);
                message.putInt(encoder.limit(), payloadLength, SequencedEncoder.BYTE_ORDER);
                journal.append(message, 0, PAYLOAD_OFFSET + payloadLength);

                final int responseLength =
                    direct.apply(seq, 1_000 * seq, 3L, 0, message, PAYLOAD_OFFSET, payloadLength, response, 0);
                final int effectsLength = direct.effects(effects, 0);
                effectsSeen += effectsLength;
                final int messagesLength = direct.messages(messages, 0);
                messagesSeen += messagesLength;
                expectedHash = StateHash.afterApply(expectedHash, seq, response, 0, responseLength, effects, 0,
                    effectsLength, messages, 0, messagesLength);
            }
        }

        final TradingEngine replayed = new TradingEngine(config);
        final JournalReplayer.Result result;
        final long[] progressCalls = {0};
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            result = new JournalReplayer(replayed, maxResponse).replay(journal, (applied, lastSeq, ns) -> progressCalls[0]++, 0);
        }
        assertEquals(COUNT, result.applied());
        assertEquals(COUNT, result.lastSeq());
        assertEquals(2, result.lastEpoch());
        assertNotEquals(0, expectedHash);
        assertTrue(effectsSeen > 0, "the workload produced external effects, which the hash covers");
        assertTrue(messagesSeen > 0, "the workload produced session messages (maker fills), which the hash covers");
        assertEquals(expectedHash, result.stateHash());
        assertEquals(direct.fullStateHash(), replayed.fullStateHash());
        assertEquals(COUNT / 65_536, progressCalls[0], "progress is checked every 65,536 records");
    }

    @Test
    void emptyJournalReplaysToNothing()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            final TradingEngine engine = new TradingEngine(TradingConfig.defaults());
            final JournalReplayer.Result result = new JournalReplayer(
                engine, TradingEngine.maxResponseLength(TradingConfig.defaults())).replay(journal);
            assertEquals(0, result.applied());
            assertEquals(0, result.lastSeq());
            assertEquals(0, result.stateHash());
        }
    }
}
