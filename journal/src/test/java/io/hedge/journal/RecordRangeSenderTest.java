package io.hedge.journal;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordRangeSenderTest
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SequencedDecoder decoder = new SequencedDecoder();
    private final List<Long> received = new ArrayList<>();
    private Path dir;
    private SequencedJournal journal;

    @BeforeEach
    void open(final TestInfo info) throws IOException
    {
        final Path base = Path.of(System.getProperty("hedge.test.dir", "target/test-work"));
        Files.createDirectories(base);
        dir = base.resolve("range-" + info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime());
        journal = SequencedJournal.open(dir);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final SequencedEncoder encoder = new SequencedEncoder();
        for (long seq = 1; seq <= 1000; seq++)
        {
            encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .epoch(1).seq(seq).timestampNs(seq).clientId(1).correlationId(seq).putPayload(new byte[8], 0, 8);
            journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        }
    }

    @AfterEach
    void close() throws IOException
    {
        journal.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private boolean take(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        received.add(decoder.wrapAndApplyHeader(buffer, offset, header).seq());
        return true;
    }

    @Test
    void sendsTheRangeABatchPerCycleInOrder()
    {
        try (RecordRangeSender sender = new RecordRangeSender(journal, 64))
        {
            assertTrue(sender.start(this::take, 10, 200));
            assertEquals(64, sender.doWork());
            assertEquals(64, received.size());
            while (sender.active())
            {
                sender.doWork();
            }
            assertEquals(191, received.size());
            for (int i = 0; i < received.size(); i++)
            {
                assertEquals(10 + i, received.get(i));
            }
            assertEquals(191, sender.sent());
        }
    }

    @Test
    void aRefusedRecordIsOfferedAgainNotSkipped()
    {
        final int[] calls = {0};
        try (RecordRangeSender sender = new RecordRangeSender(journal, 10))
        {
            assertTrue(sender.start((buffer, offset, length) -> ++calls[0] % 3 != 0 && take(buffer, offset, length), 1, 50));
            int cycles = 0;
            while (sender.active() && cycles++ < 1000)
            {
                sender.doWork();
            }
            assertEquals(50, received.size());
            for (int i = 0; i < received.size(); i++)
            {
                assertEquals(1 + i, received.get(i), "no seq skipped or repeated");
            }
        }
    }

    @Test
    void aNewStartReplacesTheRangeUnderWayAndTheRangeIsCutAtTheJournalsEnd()
    {
        try (RecordRangeSender sender = new RecordRangeSender(journal, 5))
        {
            assertTrue(sender.start(this::take, 1, 100));
            sender.doWork();
            assertTrue(sender.start(this::take, 995, 5000));
            assertEquals(1000, sender.toSeq());
            while (sender.active())
            {
                sender.doWork();
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 995L, 996L, 997L, 998L, 999L, 1000L), received);
        }
    }

    @Test
    void aRangeTheJournalCannotGiveStartsNothing()
    {
        try (RecordRangeSender sender = new RecordRangeSender(journal, 5))
        {
            assertFalse(sender.start(this::take, 0, 10));
            assertFalse(sender.start(this::take, 1001, 2000));
            assertFalse(sender.start(this::take, 20, 10));
            assertFalse(sender.active());
            assertEquals(0, sender.doWork());
            assertTrue(received.isEmpty());
        }
    }
}
