package io.hedge.sequencer;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.journal.SequencedJournal;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayJournalTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SequencedEncoder encoder = new SequencedEncoder();
    private Path base;
    private Path dir;
    private GatewayJournal journal;

    @BeforeEach
    void setUp(final TestInfo info)
    {
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("gateway-journal-" + name + "-" + System.nanoTime());
        dir = base.resolve("journal");
    }

    @AfterEach
    void tearDown()
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
            IoUtil.delete(base.toFile(), true);
        }
    }

    private void append(final long epoch, final long seq, final long clientId, final long correlationId)
    {
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .epoch(epoch).seq(seq).timestampNs(seq).clientId(clientId).correlationId(correlationId)
            .putPayload(new byte[] {1, 2, 3}, 0, 3);
        journal.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), epoch, seq, clientId,
            correlationId);
    }

    @Test
    void appendedEntriesAreInTheJournalTheDuplicatesAndTheHistory()
    {
        journal = GatewayJournal.open(dir, 64, "gateway 1");
        assertEquals(0, journal.lastSeq());
        assertEquals(0, journal.lastEpoch());
        append(1, 1, 7, 1);
        append(1, 2, 7, 2);
        append(3, 3, 8, 1);
        assertEquals(3, journal.lastSeq());
        assertEquals(1, journal.firstSeq());
        assertEquals(3, journal.lastEpoch());
        assertEquals(2, journal.history().lastSeqAtOrBefore(2));
        assertEquals(2, journal.duplicates().check(7, 2));
        assertEquals(3, journal.duplicates().check(8, 1));
        assertEquals(DuplicateTable.NEW, journal.duplicates().check(8, 2));
    }

    @Test
    void reopeningRebuildsTheDuplicatesAndTheHistoryFromTheJournal()
    {
        journal = GatewayJournal.open(dir, 64, "gateway 1");
        append(2, 1, 7, 1);
        append(2, 2, 7, 2);
        append(5, 3, 9, 4);
        journal.close();

        journal = GatewayJournal.open(dir, 64, "gateway 1");
        assertEquals(3, journal.lastSeq());
        assertEquals(5, journal.lastEpoch());
        assertEquals(2, journal.history().lastSeqAtOrBefore(4));
        assertEquals(1, journal.duplicates().check(7, 1));
        assertEquals(3, journal.duplicates().check(9, 4));
        assertEquals(4, journal.duplicates().highestCorrelationId(9));
    }

    @Test
    void ownSequencedEntriesAreAddedToTheHistory()
    {
        journal = GatewayJournal.open(dir, 64, "gateway 1");
        final Sequencer sequencer = new Sequencer(
            4, journal.journal(), (b, o, l) -> 1, () -> 0, journal.duplicates());
        final long seq = sequencer.sequence(3, 0, 1, new UnsafeBuffer(new byte[4]), 0, 4);
        journal.onSequenced(4, seq);
        assertEquals(4, journal.lastEpoch());
        assertEquals(1, journal.lastSeq());
        assertEquals(1, journal.duplicates().check(3, 1));
    }

    @Test
    void truncationKeepsTheValidSeqsSetsTheRestAsideAndRebuilds() throws Exception
    {
        journal = GatewayJournal.open(dir, 64, "gateway 1");
        append(1, 1, 7, 1);
        append(1, 2, 7, 2);
        append(2, 3, 7, 3);
        append(2, 4, 8, 1);

        final Path aside = journal.truncateTo(2, "epoch-3");
        assertNotNull(aside);
        assertTrue(Files.isDirectory(aside), "the old journal is kept at " + aside);
        try (SequencedJournal old = SequencedJournal.open(aside))
        {
            assertEquals(4, old.lastSeq());
        }
        assertEquals(2, journal.lastSeq());
        assertEquals(1, journal.lastEpoch());
        assertEquals(DuplicateTable.NEW, journal.duplicates().check(7, 3), "cut entries leave the duplicate table");
        assertEquals(DuplicateTable.NEW, journal.duplicates().check(8, 1));
        assertEquals(2, journal.duplicates().check(7, 2));

        append(3, 3, 9, 1);
        assertEquals(3, journal.lastSeq());
        assertEquals(3, journal.lastEpoch());
        journal.close();
        journal = GatewayJournal.open(dir, 64, "gateway 1");
        assertEquals(3, journal.lastSeq());
        assertEquals(3, journal.duplicates().check(9, 1));
    }

    @Test
    void truncatingAtOrPastTheEndCutsNothing()
    {
        journal = GatewayJournal.open(dir, 64, "gateway 1");
        append(1, 1, 7, 1);
        assertNull(journal.truncateTo(1, "epoch-2"));
        assertNull(journal.truncateTo(5, "epoch-2"));
        assertEquals(1, journal.lastSeq());
        assertEquals(1, journal.duplicates().check(7, 1));
    }
}
