package io.hedge.journal;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Corruption is made on disk after the journal is closed: each record's payload carries a unique marker
 * ("MARK" and the seq in six digits), which locates the record's bytes in the .cq4 file.
 */
class JournalVerifierTest
{
    private static final int RECORDS = 1_000;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** From the start of an encoded Sequenced message (header included) to its payload bytes. */
    private static final int PAYLOAD_OFFSET = HEADER + SequencedEncoder.BLOCK_LENGTH + SequencedEncoder.payloadHeaderLength();
    private static final int SEQ_OFFSET = HEADER + SequencedEncoder.seqEncodingOffset();

    private Path dir;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = base.resolve("verifier-" + name + "-" + System.nanoTime());
        Files.createDirectories(base);
    }

    @AfterEach
    void delete() throws IOException
    {
        if (null == dir)
        {
            return;
        }
        // the journal and whatever a startup check set aside next to it
        final String name = dir.getFileName().toString();
        try (Stream<Path> siblings = Files.list(dir.getParent()))
        {
            for (final Path sibling : siblings.filter(p -> p.getFileName().toString().startsWith(name)).toList())
            {
                try (Stream<Path> paths = Files.walk(sibling))
                {
                    for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
                    {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void cleanJournalVerifies()
    {
        write(RECORDS);
        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertTrue(result.ok(), String.valueOf(result.problem()));
        assertEquals(RECORDS, result.records());
        assertEquals(1, result.firstSeq());
        assertEquals(RECORDS, result.lastSeq());
        assertEquals(1, result.files());
    }

    @Test
    void emptyDirectoryVerifiesAsEmpty() throws IOException
    {
        Files.createDirectories(dir);
        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertTrue(result.ok());
        assertEquals(0, result.records());
    }

    @Test
    void overwrittenSeqIsReportedAsAGapAtItsRecord() throws IOException
    {
        write(RECORDS);
        final long marker = markerOffset(500);
        putLong(marker - PAYLOAD_OFFSET + SEQ_OFFSET, 9_999);
        reseal(marker - PAYLOAD_OFFSET);

        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertProblem(result, JournalVerifier.Kind.SEQ_GAP, 500, marker - PAYLOAD_OFFSET - 4, "seq 9999 after seq 499");
        assertEquals(499, result.records());
        assertEquals(499, result.lastSeq());
    }

    @Test
    void repeatedSeqIsReportedAsNotIncreasing() throws IOException
    {
        write(RECORDS);
        final long marker = markerOffset(700);
        putLong(marker - PAYLOAD_OFFSET + SEQ_OFFSET, 650);
        reseal(marker - PAYLOAD_OFFSET);

        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertProblem(result, JournalVerifier.Kind.SEQ_NOT_INCREASING, 700, marker - PAYLOAD_OFFSET - 4,
            "seq 650 after seq 699");
    }

    @Test
    void overwrittenHeaderIsReportedAsUnreadable() throws IOException
    {
        write(RECORDS);
        final long marker = markerOffset(321);
        final long message = marker - PAYLOAD_OFFSET;
        // the SBE header's templateId (bytes 2..3) becomes 0x7777
        try (RandomAccessFile file = new RandomAccessFile(queueFile().toFile(), "rw"))
        {
            file.seek(message + 2);
            file.write(new byte[] {0x77, 0x77});
        }
        reseal(message);

        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertProblem(result, JournalVerifier.Kind.UNREADABLE_RECORD, 321, message - 4, "template id 30583");
        assertEquals(320, result.records());
        assertFalse(result.atLastRecord(), "records follow it: corruption, not a torn write");
        assertThrows(JournalCorruptException.class, () -> JournalStartupCheck.check(dir, "test replica"),
            "a role never starts on a journal corrupt before its end");
    }

    /**
     * A full disk: the last record is framed but its bytes never reached the page (they read as zeros). The role died
     * writing it, before applying or publishing it; the startup check cuts it off and keeps the old journal aside.
     */
    @Test
    void aLastRecordTornByAFullDiskIsCutAtStartupAndTheOldJournalKeptAside() throws IOException
    {
        write(RECORDS);
        final long message = markerOffset(RECORDS) - PAYLOAD_OFFSET;
        write(message, new byte[PAYLOAD_OFFSET + 10]);

        final JournalVerifier.Result torn = JournalVerifier.verify(dir);
        assertEquals(JournalVerifier.Kind.UNREADABLE_RECORD, torn.problem().kind(), torn.problem().toString());
        assertTrue(torn.atLastRecord(), torn.problem().toString());

        final JournalVerifier.Result started = JournalStartupCheck.check(dir, "test replica");
        assertTrue(started.ok(), String.valueOf(started.problem()));
        assertEquals(RECORDS - 1, started.lastSeq());
        assertEquals(RECORDS - 1, started.records());
        try (Stream<Path> siblings = Files.list(dir.getParent()))
        {
            assertEquals(1, siblings.filter(p -> p.getFileName().toString().startsWith(
                dir.getFileName() + ".abandoned-torn-tail-")).count(), "the old journal is kept aside");
        }
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            assertEquals(RECORDS - 1, journal.lastSeq(), "appends continue after the last good record");
        }
    }

    /**
     * Truncation: the .cq4 file is cut five bytes into the last record's payload, as a copy that lost its tail would
     * be. Read by Chronicle alone, the missing bytes read as zeros from the mapped page and the record would pass as
     * well-formed; the verifier must report it, not accept the journal (or a shorter one).
     */
    @Test
    void fileCutInsideTheLastRecordIsReported() throws IOException
    {
        write(RECORDS);
        final long marker = markerOffset(RECORDS);
        try (RandomAccessFile file = new RandomAccessFile(queueFile().toFile(), "rw"))
        {
            file.setLength(marker + 5);
        }

        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertProblem(result, JournalVerifier.Kind.TRUNCATED, RECORDS, marker - PAYLOAD_OFFSET - 4, "past the end");
        assertEquals(RECORDS - 1, result.records());
        assertEquals(RECORDS - 1, result.lastSeq());
    }

    /** A file cut at a record boundary: data reaching the end of a pre-allocated queue file means it was cut. */
    @Test
    void fileCutBeforeTheLastRecordsHeaderIsReported() throws IOException
    {
        write(RECORDS);
        final long header = markerOffset(RECORDS) - PAYLOAD_OFFSET - 4;
        try (RandomAccessFile file = new RandomAccessFile(queueFile().toFile(), "rw"))
        {
            file.setLength(header);
        }
        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertProblem(result, JournalVerifier.Kind.TRUNCATED, RECORDS, header, "the file ends at byte " + header);
    }

    /** A writer that died mid-record leaves its header without the complete bit: Chronicle just stops before it. */
    @Test
    void headerNeverMarkedCompleteIsReported() throws IOException
    {
        write(RECORDS);
        final long header = markerOffset(RECORDS) - PAYLOAD_OFFSET - 4;
        final int value = getInt(header);
        putInt(header, value | JournalVerifier.NOT_COMPLETE);

        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertProblem(result, JournalVerifier.Kind.INCOMPLETE_RECORD, RECORDS, header, "not marked complete");
        assertEquals(RECORDS - 1, result.records());
    }

    /** A zeroed header with the record's bytes still behind it: not silently a shorter journal. */
    @Test
    void lostHeaderWithBytesBehindItIsReported() throws IOException
    {
        write(RECORDS);
        final long header = markerOffset(RECORDS) - PAYLOAD_OFFSET - 4;
        putInt(header, 0);

        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertProblem(result, JournalVerifier.Kind.INCOMPLETE_RECORD, RECORDS, header, "never written");
    }

    @Test
    void emptyQueueFileIsReported() throws IOException
    {
        write(10);
        try (RandomAccessFile file = new RandomAccessFile(queueFile().toFile(), "rw"))
        {
            file.setLength(0);
        }
        final JournalVerifier.Result result = JournalVerifier.verify(dir);
        assertFalse(result.ok());
        assertEquals(JournalVerifier.Kind.TRUNCATED, result.problem().kind());
        assertEquals(queueFile(), result.problem().file());
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private void assertProblem(
        final JournalVerifier.Result result,
        final JournalVerifier.Kind kind,
        final long seq,
        final long headerOffset,
        final String reason) throws IOException
    {
        final JournalVerifier.Problem problem = result.problem();
        assertNotNull(problem, "expected a problem, got " + result);
        assertEquals(kind, problem.kind(), problem.toString());
        assertEquals(queueFile(), problem.file(), problem.toString());
        assertEquals(seq - 1, SequencedJournal.ROLL_CYCLE.toSequenceNumber(problem.index()), problem.toString());
        assertEquals(headerOffset, problem.offset(), problem.toString());
        assertTrue(problem.description().contains(reason), problem.toString());
        assertTrue(problem.toString().contains(problem.file().toString()), problem.toString());
    }

    private void write(final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final SequencedEncoder encoder = new SequencedEncoder();
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            for (long seq = 1; seq <= count; seq++)
            {
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .epoch(1).seq(seq).timestampNs(seq).clientId(7).correlationId(seq);
                final byte[] payload = marker(seq);
                encoder.putPayload(payload, 0, payload.length);
                journal.append(buffer, 0, HEADER + encoder.encodedLength());
            }
        }
    }

    private static byte[] marker(final long seq)
    {
        return String.format("MARK%06d", seq).getBytes(StandardCharsets.US_ASCII);
    }

    private Path queueFile() throws IOException
    {
        try (Stream<Path> paths = Files.list(dir))
        {
            final List<Path> files = paths.filter(p -> p.toString().endsWith(".cq4")).toList();
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }

    /** The offset of the record's unique payload marker in the queue file. */
    private long markerOffset(final long seq) throws IOException
    {
        final byte[] data = Files.readAllBytes(queueFile());
        final byte[] marker = marker(seq);
        long found = -1;
        outer:
        for (int i = 0; i <= data.length - marker.length; i++)
        {
            for (int j = 0; j < marker.length; j++)
            {
                if (data[i + j] != marker[j])
                {
                    continue outer;
                }
            }
            assertEquals(-1, found, "marker of seq " + seq + " is not unique");
            found = i;
        }
        assertTrue(found > 0, "marker of seq " + seq + " not found");
        return found;
    }

    /**
     * Give the record starting at this offset a checksum matching its changed bytes, as a writer that wrote them so
     * would have: what is then found is the change itself, not a checksum mismatch.
     */
    private void reseal(final long message) throws IOException
    {
        final int recordLength = (getInt(message - 4) & JournalVerifier.LENGTH_MASK) - RecordChecksum.LENGTH;
        final byte[] record = new byte[recordLength];
        try (RandomAccessFile file = new RandomAccessFile(queueFile().toFile(), "r"))
        {
            file.seek(message);
            file.readFully(record);
        }
        putInt(message + recordLength, new RecordChecksum().compute(record, 0, recordLength));
    }

    private int getInt(final long offset) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(queueFile().toFile(), "r"))
        {
            final byte[] bytes = new byte[4];
            file.seek(offset);
            file.readFully(bytes);
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }

    private void putInt(final long offset, final int value) throws IOException
    {
        write(offset, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private void putLong(final long offset, final long value) throws IOException
    {
        write(offset, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    private void write(final long offset, final byte[] bytes) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(queueFile().toFile(), "rw"))
        {
            file.seek(offset);
            file.write(bytes);
        }
    }
}
