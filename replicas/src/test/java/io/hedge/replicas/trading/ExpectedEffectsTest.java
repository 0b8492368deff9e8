package io.hedge.replicas.trading;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.journal.SequencedJournal;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.IoUtil;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedEffectsTest
{
    private static final int COUNT = 5_000;
    private static final int PAYLOAD_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + SequencedEncoder.BLOCK_LENGTH + SequencedEncoder.payloadHeaderLength();
    private static final TradingConfig CONFIG = new TradingConfig(50, 4, 1_000_000_000L, 1_000_000L, 100_000, 16);

    private Path dir;
    /** What a live engine emitted while the journal was written, as (seq, index). */
    private final LongArrayList liveSeqs = new LongArrayList();
    private final IntArrayList liveIndexes = new IntArrayList();

    @BeforeEach
    void createDirectory(final TestInfo info)
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        dir = base.resolve("expected-effects-" + info.getTestMethod().map(m -> m.getName()).orElse("test") + "-" +
            System.nanoTime());
    }

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void listsWhatTheLiveEngineEmittedInOrder()
    {
        writeJournal(1, COUNT, null);
        final ExpectedEffects expected;
        final LongArrayList listenerSeqs = new LongArrayList();
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            expected = new ExpectedEffects(new TradingEngine(CONFIG), TradingEngine.maxResponseLength(CONFIG),
                (seq, index, buffer, offset, length) ->
                {
                    listenerSeqs.addLong(seq);
                    assertTrue(length > 0);
                }).replay(journal);
        }
        assertEquals(COUNT, expected.applied());
        assertEquals(COUNT, expected.lastSeq());
        assertTrue(expected.count() > 100, "the workload routes fills of instrument 4: " + expected.count());
        assertEquals(liveSeqs.size(), expected.count());
        assertEquals(expected.count(), listenerSeqs.size());
        for (int i = 0; i < expected.count(); i++)
        {
            assertEquals(liveSeqs.getLong(i), expected.seqAt(i));
            assertEquals(liveIndexes.getInt(i), expected.indexAt(i));
            assertEquals(ExpectedEffects.effectId(liveSeqs.getLong(i), liveIndexes.getInt(i)),
                expected.effectIds()[i]);
        }
        assertNull(expected.differenceFrom(liveSeqs.toLongArray(), liveIndexes.toIntArray(), liveSeqs.size()));

        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            assertEquals(expected.count(), ExpectedEffects.of(journal, CONFIG).count(), "the short form agrees");
        }
    }

    @Test
    void describesTheFirstDifferenceFromASink()
    {
        writeJournal(1, COUNT, null);
        final ExpectedEffects expected;
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            expected = ExpectedEffects.of(journal, CONFIG);
        }
        final int n = expected.count();
        final long[] seqs = liveSeqs.toLongArray();
        final int[] indexes = liveIndexes.toIntArray();

        final String missing = expected.differenceFrom(seqs, indexes, n - 1);
        assertNotNull(missing);
        assertTrue(missing.contains("first missing"), missing);

        final long[] twice = new long[n + 1];
        final int[] twiceIndexes = new int[n + 1];
        System.arraycopy(seqs, 0, twice, 0, 3);
        System.arraycopy(indexes, 0, twiceIndexes, 0, 3);
        twice[3] = seqs[2];
        twiceIndexes[3] = indexes[2];
        System.arraycopy(seqs, 3, twice, 4, n - 3);
        System.arraycopy(indexes, 3, twiceIndexes, 4, n - 3);
        final String duplicate = expected.differenceFrom(twice, twiceIndexes, n + 1);
        assertNotNull(duplicate);
        assertTrue(duplicate.startsWith("effect 3 at the sink"), duplicate);

        final long[] extra = java.util.Arrays.copyOf(seqs, n + 1);
        final int[] extraIndexes = java.util.Arrays.copyOf(indexes, n + 1);
        extra[n] = COUNT + 1;
        assertTrue(expected.differenceFrom(extra, extraIndexes, n + 1).contains("first extra"));
    }

    @Test
    void continuesFromASnapshot()
    {
        writeJournal(1, COUNT, null);
        final ExpandableDirectByteBuffer snapshot = new ExpandableDirectByteBuffer(1024);
        final int before = countBefore(COUNT / 2 + 1);

        final TradingEngine restored = new TradingEngine(CONFIG);
        final TradingEngine original = replayTo(COUNT / 2);
        final int length = original.writeSnapshot(snapshot, 0);
        restored.loadSnapshot(snapshot, 0, length);
        final ExpectedEffects expected;
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            expected = new ExpectedEffects(restored, TradingEngine.maxResponseLength(CONFIG), null)
                .startAfter(COUNT / 2).replay(journal);
        }
        assertEquals(COUNT - COUNT / 2, expected.applied());
        assertEquals(liveSeqs.size() - before, expected.count());
        for (int i = 0; i < expected.count(); i++)
        {
            assertEquals(liveSeqs.getLong(before + i), expected.seqAt(i));
            assertEquals(liveIndexes.getInt(before + i), expected.indexAt(i));
        }
    }

    @Test
    void refusesAJournalThatDoesNotBeginAtTheStateMachinesState()
    {
        writeJournal(101, 200, null);
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            assertThrows(IllegalStateException.class, () -> ExpectedEffects.of(journal, CONFIG));
        }
    }

    @Test
    void anEmptyJournalImpliesNoEffects()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            final ExpectedEffects expected = ExpectedEffects.of(journal, CONFIG);
            assertEquals(0, expected.count());
            assertEquals(0, expected.applied());
            assertNull(expected.differenceFrom(new long[0], new int[0], 0));
        }
    }

    private int countBefore(final long seq)
    {
        int n = 0;
        while (n < liveSeqs.size() && liveSeqs.getLong(n) < seq)
        {
            n++;
        }
        return n;
    }

    private TradingEngine replayTo(final long lastSeq)
    {
        final TradingEngine engine = new TradingEngine(CONFIG);
        final TradingWorkload workload = new TradingWorkload(42, CONFIG, 80, 15, 5);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer response = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(CONFIG)]);
        for (long seq = 1; seq <= lastSeq; seq++)
        {
            final int payloadLength = workload.next(message, 0);
            engine.apply(seq, 1_000 * seq, 3L, 0, message, 0, payloadLength, response, 0);
        }
        return engine;
    }

    /**
     * Journal seqs from..to of a seeded workload, recording what a live engine emits (only when from is 1).
     */
    private void writeJournal(final long from, final long to, final java.util.function.Consumer<TradingEngine> each)
    {
        final TradingWorkload workload = new TradingWorkload(42, CONFIG, 80, 15, 5);
        final TradingEngine live = new TradingEngine(CONFIG);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer response = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(CONFIG)]);
        final UnsafeBuffer effects = new UnsafeBuffer(new byte[live.maxEffectsLength()]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final SequencedEncoder encoder = new SequencedEncoder();
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            if (from > 1)
            {
                journal.startAfter(from - 1);
            }
            for (long seq = from; seq <= to; seq++)
            {
                final int payloadLength = workload.next(message, PAYLOAD_OFFSET);
                encoder.wrapAndApplyHeader(message, 0, header)
                    .epoch(1).seq(seq).timestampNs(1_000 * seq).clientId(3).correlationId(seq);
                message.putInt(encoder.limit(), payloadLength, SequencedEncoder.BYTE_ORDER);
                journal.append(message, 0, PAYLOAD_OFFSET + payloadLength);

                live.apply(seq, 1_000 * seq, 3L, 0, message, PAYLOAD_OFFSET, payloadLength, response, 0);
                final int effectsLength = live.effects(effects, 0);
                int index = 0;
                for (int position = 0; position < effectsLength; index++)
                {
                    liveSeqs.addLong(seq);
                    liveIndexes.addInt(index);
                    position += Integer.BYTES + effects.getInt(position, ByteOrder.LITTLE_ENDIAN);
                }
                if (null != each)
                {
                    each.accept(live);
                }
            }
        }
    }
}
