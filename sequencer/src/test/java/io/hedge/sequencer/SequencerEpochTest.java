package io.hedge.sequencer;

import io.aeron.Publication;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequencerEpochTest
{
    private Path dir;
    private SequencedJournal journal;
    private final Sink sink = new Sink();
    private final DuplicateTable duplicates = new DuplicateTable(64);
    private final EpochNanoClock clock = () -> 123_456_789L;

    @BeforeEach
    void open(final TestInfo info)
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = base.resolve("sequencer-epoch-" + name + "-" + System.nanoTime());
        journal = SequencedJournal.open(dir);
    }

    @AfterEach
    void closeAndDelete()
    {
        try
        {
            if (null != journal)
            {
                journal.close();
            }
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    // --------------------------------------------------------------------------------------------------- tests

    @Test
    void messagesSequencedAfterBeginEpochCarryTheNewEpoch()
    {
        final Sequencer sequencer = new Sequencer(1, journal, sink, clock, duplicates);
        for (int i = 1; i <= 3; i++)
        {
            sequencer.sequence(7, 0, i, payload("a" + i), 0, 2);
        }

        sequencer.beginEpoch(3);
        assertEquals(3, sequencer.epoch());
        assertEquals(3, sequencer.lastSeq(), "beginning an epoch takes no seq");
        assertEquals(3, sink.seqs.size(), "and publishes nothing");
        for (int i = 4; i <= 5; i++)
        {
            sequencer.sequence(7, 0, i, payload("b" + i), 0, 2);
        }

        sequencer.beginEpoch(4);
        sequencer.sequence(8, 0, 1, payload("c"), 0, 1);

        final long[] expectedEpochs = {1, 1, 1, 3, 3, 4};
        assertEquals(expectedEpochs.length, sink.seqs.size());
        for (int i = 0; i < expectedEpochs.length; i++)
        {
            assertEquals(i + 1, sink.seqs.get(i), "published seq");
            assertEquals(expectedEpochs[i], sink.epochs.get(i), "published epoch of seq " + (i + 1));
        }

        // seqs stay contiguous across epochs, and the journal holds the same epochs
        final List<long[]> journaled = readJournal();
        assertEquals(expectedEpochs.length, journaled.size());
        for (int i = 0; i < expectedEpochs.length; i++)
        {
            assertEquals(i + 1, journaled.get(i)[0], "journaled seq");
            assertEquals(expectedEpochs[i], journaled.get(i)[1], "journaled epoch of seq " + (i + 1));
        }
    }

    @Test
    void aStandbyOverAFollowedJournalContinuesItsSeqsInTheNewEpoch()
    {
        final Sequencer old = new Sequencer(2, journal, sink, clock, duplicates);
        for (int i = 1; i <= 4; i++)
        {
            old.sequence(3, 0, i, payload("x"), 0, 1);
        }
        journal.close();
        journal = SequencedJournal.open(dir);

        final Sink newSink = new Sink();
        final Sequencer standby = new Sequencer(2, journal, newSink, clock, new DuplicateTable(8));
        standby.beginEpoch(5);
        assertEquals(5, standby.sequence(3, 0, 5, payload("y"), 0, 1));
        assertEquals(List.of(5L), newSink.seqs);
        assertEquals(List.of(5L), newSink.epochs);
    }

    @Test
    void aNonRisingEpochIsRefusedAndTheEpochIsKept()
    {
        final Sequencer sequencer = new Sequencer(4, journal, sink, clock, duplicates);

        final IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> sequencer.beginEpoch(4));
        assertTrue(same.getMessage().contains("4"), same.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sequencer.beginEpoch(3));
        assertThrows(IllegalArgumentException.class, () -> sequencer.beginEpoch(0));
        assertThrows(IllegalArgumentException.class, () -> sequencer.beginEpoch(Long.MIN_VALUE));
        assertEquals(4, sequencer.epoch());

        sequencer.sequence(1, 0, 1, payload("z"), 0, 1);
        assertEquals(List.of(4L), sink.epochs, "still sequencing in the old epoch");

        sequencer.beginEpoch(6);
        assertThrows(IllegalArgumentException.class, () -> sequencer.beginEpoch(5), "below the new epoch");
        assertThrows(IllegalArgumentException.class, () -> sequencer.beginEpoch(6));
        assertEquals(6, sequencer.epoch());
        sequencer.sequence(1, 0, 2, payload("z"), 0, 1);
        assertEquals(List.of(4L, 6L), sink.epochs);
    }

    @Test
    void aMessagePendingFromTheOldEpochIsPublishedUnchanged()
    {
        final Sequencer sequencer = new Sequencer(1, journal, sink, clock, duplicates);
        sink.refuseNext = 1;
        sequencer.sequence(1, 0, 1, payload("p"), 0, 1);
        assertTrue(sequencer.hasPending());

        sequencer.beginEpoch(2);
        assertTrue(sequencer.publishPending());
        assertFalse(sequencer.hasPending());
        assertEquals(List.of(1L), sink.epochs, "journaled in epoch 1, so published in epoch 1");

        sequencer.sequence(1, 0, 2, payload("q"), 0, 1);
        assertEquals(List.of(1L, 2L), sink.epochs);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static UnsafeBuffer payload(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    /** (seq, epoch) of every journaled message. */
    private List<long[]> readJournal()
    {
        final List<long[]> entries = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                entries.add(new long[] {decoder.seq(), decoder.epoch()});
            }))
            {
                assertTrue(entries.size() < 10_000);
            }
        }
        return entries;
    }

    /** Decodes what it accepts; refuses the next offers with BACK_PRESSURED when told to. */
    private static final class Sink implements SequencedSink
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        final List<Long> seqs = new ArrayList<>();
        final List<Long> epochs = new ArrayList<>();
        int refuseNext;
        long position;

        @Override
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (refuseNext > 0)
            {
                refuseNext--;
                return Publication.BACK_PRESSURED;
            }
            header.wrap(buffer, offset);
            assertEquals(SequencedDecoder.TEMPLATE_ID, header.templateId());
            decoder.wrapAndApplyHeader(buffer, offset, header);
            seqs.add(decoder.seq());
            epochs.add(decoder.epoch());
            position += length;
            return position;
        }
    }
}
