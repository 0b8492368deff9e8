package io.hedge.journal;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTruncationTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SequencedEncoder encoder = new SequencedEncoder();
    /** Everything this test opens, closed after each test even when it fails. */
    private final List<SequencedJournal> opened = new ArrayList<>();
    /** Holds the journal and everything truncation puts beside it. */
    private Path parent;
    private Path journalDir;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        parent = base.resolve("truncation-" + name + "-" + System.nanoTime());
        journalDir = parent.resolve("journal");
        Files.createDirectories(parent);
    }

    @AfterEach
    void closeAndDelete() throws IOException
    {
        try
        {
            for (int i = opened.size() - 1; i >= 0; i--)
            {
                opened.get(i).close();
            }
        }
        finally
        {
            opened.clear();
            deleteRecursively(parent);
        }
    }

    // ------------------------------------------------------------------------------------------------------ tests

    @Test
    void keepsTheFirstKRecordsByteForByteAndSetsTheWholeOldJournalAside()
    {
        final int n = 50;
        final int k = 30;
        final Map<Long, byte[]> written = write(journalDir, 0, n);

        final Path aside = JournalTruncation.keepUpTo(journalDir, k, "epoch-3");

        assertNotNull(aside);
        assertTrue(Files.isDirectory(aside), aside + " exists");
        assertEquals(parent, aside.getParent(), "set aside beside the journal");
        final String asideName = aside.getFileName().toString();
        assertTrue(asideName.startsWith("journal.abandoned-epoch-3-"), asideName);
        assertEquals(List.of("journal", asideName), list(parent), "nothing else (no .truncating) is left");

        final SequencedJournal cut = open(journalDir);
        assertEquals(1, cut.firstSeq());
        assertEquals(k, cut.lastSeq());
        assertRecords(readAll(cut), written, 1, k);
        cut.close();

        final SequencedJournal old = open(aside);
        assertEquals(1, old.firstSeq());
        assertEquals(n, old.lastSeq(), "the set-aside journal holds every record");
        assertRecords(readAll(old), written, 1, n);
        old.close();

        final JournalVerifier.Result verified = JournalVerifier.verify(journalDir);
        assertTrue(verified.ok(), String.valueOf(verified.problem()));
        assertEquals(k, verified.records());
    }

    @Test
    void anOpenJournalIsCutInPlaceAndTheSameObjectTakesTheNextAppends()
    {
        final Map<Long, byte[]> written = write(journalDir, 0, 20);
        final SequencedJournal journal = open(journalDir);
        final JournalReader reader = journal.reader();

        final Path aside = journal.truncateTo(12, "epoch-2");

        assertNotNull(aside);
        assertTrue(aside.getFileName().toString().startsWith("journal.abandoned-epoch-2-"));
        assertEquals(12, journal.lastSeq());
        assertEquals(1, journal.firstSeq());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> reader.readNext((b, o, l) -> {}),
            "readers of the old queue are closed with the cut");
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final int length = encode(buffer, 13, 3);
        journal.append(buffer, 0, length);
        written.put(13L, copy(buffer, length));
        assertRecords(readAll(journal), written, 1, 13);
        assertNull(journal.truncateTo(13, "epoch-3"), "nothing to cut");
        assertEquals(13, journal.lastSeq());

        final EpochHistory history = new EpochHistory();
        JournalEpochs.scan(journal, history);
        assertEquals("EpochHistory{epoch 1 from seq 1, epoch 2 from seq 11, epoch 3 from seq 13, last seq 13}",
            history.toString(), "the history is rebuilt from each record's epoch");
    }

    @Test
    void aCutInterruptedBetweenItsTwoRenamesIsFinished() throws IOException
    {
        write(journalDir, 0, 20);
        final Path copy = parent.resolve("journal.truncating");
        Files.createDirectories(copy);
        assertTrue(!JournalTruncation.finishInterrupted(journalDir) && !Files.exists(copy),
            "with the journal still in place the copy may be partial: removed, the cut is redone");

        assertNotNull(JournalTruncation.keepUpTo(journalDir, 12, "epoch-2"));
        // a crash after the journal was moved aside and before the whole copy took its name
        Files.move(journalDir, copy);
        assertTrue(JournalTruncation.finishInterrupted(journalDir));
        final SequencedJournal journal = open(journalDir);
        assertEquals(12, journal.lastSeq());
        assertTrue(!JournalTruncation.finishInterrupted(journalDir), "nothing left to finish");
    }

    @Test
    void theCutJournalTakesNewAppendsFromKPlusOne()
    {
        final Map<Long, byte[]> written = write(journalDir, 0, 20);
        assertNotNull(JournalTruncation.keepUpTo(journalDir, 12, "epoch-2"));

        final SequencedJournal journal = open(journalDir);
        assertEquals(12, journal.lastSeq());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        for (long seq = 13; seq <= 16; seq++)
        {
            final int length = encode(buffer, seq, 2);
            journal.append(buffer, 0, length);
            written.put(seq, copy(buffer, length));
        }
        assertEquals(16, journal.lastSeq());
        assertRecords(readAll(journal), written, 1, 16);
    }

    @Test
    void keepingTheLastSeqOrMoreCutsNothingAndChangesNothing() throws IOException
    {
        final int n = 25;
        final Map<Long, byte[]> written = write(journalDir, 0, n);
        final Map<String, byte[]> filesBefore = snapshotQueueFiles(journalDir);

        assertNull(JournalTruncation.keepUpTo(journalDir, n, "epoch-2"));
        assertNull(JournalTruncation.keepUpTo(journalDir, n + 1, "epoch-2"));
        assertNull(JournalTruncation.keepUpTo(journalDir, Long.MAX_VALUE, "epoch-2"));

        assertEquals(List.of("journal"), list(parent), "nothing set aside, no copy left");
        final Map<String, byte[]> filesAfter = snapshotQueueFiles(journalDir);
        assertEquals(filesBefore.keySet(), filesAfter.keySet(), "the same queue files");
        final SequencedJournal journal = open(journalDir);
        assertEquals(1, journal.firstSeq());
        assertEquals(n, journal.lastSeq());
        assertRecords(readAll(journal), written, 1, n);
    }

    @Test
    void aJournalThatStartsAfterASnapshotKeepsItsFirstSeq()
    {
        final long snapshotSeq = 1_000;
        final Map<Long, byte[]> written = write(journalDir, snapshotSeq, 40);
        final long k = snapshotSeq + 25;

        final Path aside = JournalTruncation.keepUpTo(journalDir, k, "epoch-7");

        assertNotNull(aside);
        final SequencedJournal cut = open(journalDir);
        assertEquals(snapshotSeq + 1, cut.firstSeq());
        assertEquals(k, cut.lastSeq());
        assertRecords(readAll(cut), written, snapshotSeq + 1, k);
        cut.close();

        final SequencedJournal old = open(aside);
        assertEquals(snapshotSeq + 1, old.firstSeq());
        assertEquals(snapshotSeq + 40, old.lastSeq());
        assertRecords(readAll(old), written, snapshotSeq + 1, snapshotSeq + 40);
        old.close();

        final JournalVerifier.Result verified = JournalVerifier.verify(journalDir);
        assertTrue(verified.ok(), String.valueOf(verified.problem()));
        assertEquals(snapshotSeq + 1, verified.firstSeq());
        assertEquals(k, verified.lastSeq());
    }

    @Test
    void keepingTheFirstSeqOnlyAndKeepingNothing()
    {
        final Map<Long, byte[]> written = write(journalDir, 0, 10);

        final Path firstAside = JournalTruncation.keepUpTo(journalDir, 1, "epoch-2");
        assertNotNull(firstAside);
        SequencedJournal journal = open(journalDir);
        assertEquals(1, journal.firstSeq());
        assertEquals(1, journal.lastSeq());
        assertRecords(readAll(journal), written, 1, 1);
        journal.close();

        final Path secondAside = JournalTruncation.keepUpTo(journalDir, 0, "epoch-3");
        assertNotNull(secondAside);
        journal = open(journalDir);
        assertEquals(0, journal.firstSeq());
        assertEquals(0, journal.lastSeq(), "nothing kept");
        assertEquals(List.of(), readAll(journal));
        journal.close();

        final SequencedJournal second = open(secondAside);
        assertEquals(1, second.lastSeq(), "the second set-aside copy holds what the first cut kept");
        second.close();
        assertEquals(3, list(parent).size(), "the journal and two set-aside copies: " + list(parent));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private SequencedJournal open(final Path directory)
    {
        final SequencedJournal journal = SequencedJournal.open(directory);
        opened.add(journal);
        return journal;
    }

    /** Writes count records after the given seq (a snapshot's, or 0), closes the journal, returns the bytes by seq. */
    private Map<Long, byte[]> write(final Path directory, final long after, final int count)
    {
        final Map<Long, byte[]> written = new TreeMap<>();
        final SequencedJournal journal = open(directory);
        if (after > 0)
        {
            journal.startAfter(after);
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        for (long seq = after + 1; seq <= after + count; seq++)
        {
            final long epoch = seq - after <= count / 2 ? 1 : 2; // two epochs along the journal
            final int length = encode(buffer, seq, epoch);
            journal.append(buffer, 0, length);
            written.put(seq, copy(buffer, length));
        }
        assertEquals(after + count, journal.lastSeq());
        journal.close();
        return written;
    }

    private int encode(final ExpandableArrayBuffer buffer, final long seq, final long epoch)
    {
        final int payloadLength = (int)(seq % 23);
        final byte[] payload = new byte[payloadLength];
        for (int i = 0; i < payloadLength; i++)
        {
            payload[i] = (byte)(seq * 31 + i);
        }
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .epoch(epoch)
            .seq(seq)
            .timestampNs(1_000L * seq + 3)
            .clientId(seq % 5)
            .correlationId(seq * 11)
            .putPayload(payload, 0, payloadLength);
        return HEADER + encoder.encodedLength();
    }

    private static byte[] copy(final ExpandableArrayBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static List<byte[]> readAll(final SequencedJournal journal)
    {
        final List<byte[]> records = new ArrayList<>();
        try (JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                records.add(bytes);
            }))
            {
                assertTrue(records.size() < 100_000);
            }
        }
        return records;
    }

    private static void assertRecords(final List<byte[]> records, final Map<Long, byte[]> written, final long from, final long to)
    {
        assertEquals(to - from + 1, records.size(), "records " + from + ".." + to);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        for (long seq = from; seq <= to; seq++)
        {
            final byte[] record = records.get((int)(seq - from));
            decoder.wrapAndApplyHeader(new UnsafeBuffer(record), 0, header);
            assertEquals(seq, decoder.seq());
            assertArrayEquals(written.get(seq), record, "bytes of seq " + seq);
        }
    }

    private static List<String> list(final Path directory)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new RuntimeException(ex);
        }
    }

    private static Map<String, byte[]> snapshotQueueFiles(final Path directory) throws IOException
    {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(directory))
        {
            for (final Path p : (Iterable<Path>)paths::iterator)
            {
                if (p.toString().endsWith(".cq4"))
                {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        assertTrue(!files.isEmpty(), "queue files in " + directory);
        return files;
    }

    private static void deleteRecursively(final Path path) throws IOException
    {
        if (null == path || !Files.exists(path))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(path))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
