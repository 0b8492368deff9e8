package io.hedge.journal;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-record CRC32C: a record torn by a fault after its frame was committed (its tail reads as zeros yet still
 * decodes) is found and cut at startup, also when records follow it, up to {@link JournalStartupCheck#TORN_TAIL_BOUND};
 * sound records read back byte for byte. Damage is made in the .cq4 file after the journal is closed; each record's
 * payload carries a unique marker ("MARK" and the seq in six digits) that locates its bytes in the file.
 */
class RecordChecksumTest
{
    private static final int RECORDS = 200;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int PAYLOAD_OFFSET = HEADER + SequencedEncoder.BLOCK_LENGTH + SequencedEncoder.payloadHeaderLength();
    private static final int CLIENT_ID_OFFSET = HEADER + SequencedEncoder.clientIdEncodingOffset();

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SequencedEncoder encoder = new SequencedEncoder();
    private Path dir;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = base.resolve("checksum-" + name + "-" + System.nanoTime());
        Files.createDirectories(base);
    }

    @AfterEach
    void delete() throws IOException
    {
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
    void soundRecordsFromEveryKindOfBufferReadBackByteForByte()
    {
        final List<byte[]> written = new ArrayList<>();
        final MutableDirectBuffer heap = new UnsafeBuffer(new byte[2048]);
        final MutableDirectBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            for (long seq = 1; seq <= RECORDS; seq++)
            {
                final int length = encode(heap, seq, (int)(seq * 7 % 1500));
                final byte[] record = new byte[length];
                heap.getBytes(0, record);
                written.add(record);
                switch ((int)(seq % 3))
                {
                    case 0 -> journal.append(heap, 0, length);
                    case 1 ->
                    {
                        direct.putBytes(0, record);
                        journal.append(direct, 0, length);
                    }
                    default ->
                    {
                        final UnsafeBuffer readOnly = new UnsafeBuffer(ByteBuffer.wrap(record).asReadOnlyBuffer());
                        journal.append(readOnly, 0, length);
                    }
                }
            }
        }

        assertTrue(JournalVerifier.verify(dir).ok(), String.valueOf(JournalVerifier.verify(dir).problem()));
        try (SequencedJournal journal = SequencedJournal.open(dir); JournalReader reader = journal.reader())
        {
            assertEquals(RECORDS, journal.lastSeq());
            final List<byte[]> read = new ArrayList<>();
            while (reader.readNext((buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                read.add(bytes);
            }))
            {
                // every record is collected by the handler
            }
            assertEquals(written.size(), read.size());
            for (int i = 0; i < written.size(); i++)
            {
                assertArrayEquals(written.get(i), read.get(i), "record of seq " + (i + 1));
            }
        }
    }

    @Test
    void aRecordWithAWrongChecksumIsUnreadableToTheReaderAndToOpen() throws IOException
    {
        writeRaw(document(1, true), document(2, false), document(3, true));
        try (SequencedJournal journal = SequencedJournal.open(dir); JournalReader reader = journal.reader())
        {
            assertTrue(reader.readNext((buffer, offset, length) -> {}));
            for (int attempt = 0; attempt < 2; attempt++)
            {
                final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
                    () -> reader.readNext((buffer, offset, length) -> { throw new AssertionError("delivered"); }));
                assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
            }
        }

        delete();
        writeRaw(document(1, true), document(2, false));
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class, () -> SequencedJournal.open(dir));
        assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
    }

    /** Seed 1117: the record's seq, epoch and timestamp reached the page, the rest reads as zeros, and it decodes. */
    @Test
    void aTornLastRecordThatStillDecodesIsCutAtStartup() throws IOException
    {
        write(RECORDS);
        tear(RECORDS);

        final JournalVerifier.Result torn = JournalVerifier.verify(dir);
        assertEquals(JournalVerifier.Kind.UNREADABLE_RECORD, torn.problem().kind(), torn.problem().toString());
        assertTrue(torn.problem().description().contains("checksum mismatch"), torn.problem().toString());
        assertEquals(0, torn.recordsAfterProblem());
        assertCutAt(RECORDS - 1);
    }

    @Test
    void aTornRecordFollowedByTwoMoreIsCutWithThem() throws IOException
    {
        write(RECORDS);
        tear(RECORDS - 2);

        final JournalVerifier.Result torn = JournalVerifier.verify(dir);
        assertTrue(torn.problem().description().contains("checksum mismatch"), torn.problem().toString());
        assertEquals(2, torn.recordsAfterProblem());
        assertFalse(torn.atLastRecord());
        assertCutAt(RECORDS - 3);
    }

    @Test
    void aTornRecordWithTheBoundOfRecordsAfterItIsCutAndOneMoreIsRefused() throws IOException
    {
        final int bound = JournalStartupCheck.TORN_TAIL_BOUND;
        write(RECORDS);
        tear(RECORDS - bound);
        assertCutAt(RECORDS - bound - 1);
        delete();

        write(RECORDS);
        tear(RECORDS - bound - 1);
        final long size = Files.size(queueFile());
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
            () -> JournalStartupCheck.check(dir, "test replica"));
        assertTrue(ex.getMessage().contains("refuses to start"), ex.getMessage());
        assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
        assertEquals(size, Files.size(queueFile()), "a refused journal is left as it is");
        assertEquals(RECORDS - bound - 2, JournalVerifier.verify(dir).lastSeq());
    }

    @Test
    void appendingWithTheChecksumDoesNotAllocate()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final MutableDirectBuffer heap = new UnsafeBuffer(new byte[2048]);
        final MutableDirectBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
        final byte[] payload = new byte[1024];
        Arrays.fill(payload, (byte)0x5A);
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            long seq = 1;
            for (int round = 0; round < 3; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 5_000; i++, seq++)
                {
                    final MutableDirectBuffer buffer = (seq & 1) == 0 ? direct : heap;
                    encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                        .epoch(1).seq(seq).timestampNs(seq).clientId(7).correlationId(seq)
                        .putPayload(payload, 0, payload.length);
                    journal.append(buffer, 0, HEADER + encoder.encodedLength());
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 2)
                {
                    // slack for the JIT and Chronicle's housekeeping; a buffer per append would be > 5 MB
                    assertTrue(allocated < 50_000, "allocated " + allocated + " bytes for 5,000 appends");
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** The startup check cuts the journal after this seq, keeps the old one aside, and the records kept are sound. */
    private void assertCutAt(final long lastGoodSeq) throws IOException
    {
        final JournalVerifier.Result started = JournalStartupCheck.check(dir, "test replica");
        assertTrue(started.ok(), String.valueOf(started.problem()));
        assertEquals(lastGoodSeq, started.lastSeq());
        assertEquals(lastGoodSeq, started.records());
        try (Stream<Path> siblings = Files.list(dir.getParent()))
        {
            assertEquals(1, siblings.filter(p -> p.getFileName().toString().startsWith(
                dir.getFileName() + ".abandoned-torn-tail-")).count(), "the old journal is kept aside");
        }
        try (SequencedJournal journal = SequencedJournal.open(dir); JournalReader reader = journal.reader())
        {
            assertEquals(lastGoodSeq, journal.lastSeq());
            final long[] next = {1};
            while (reader.readNext((buffer, offset, length) ->
            {
                final byte[] payload = new byte[10];
                buffer.getBytes(offset + PAYLOAD_OFFSET, payload);
                assertArrayEquals(marker(next[0]), payload, "payload of seq " + next[0]);
                next[0]++;
            }))
            {
                // each record is checked by the handler
            }
            assertEquals(lastGoodSeq + 1, next[0]);
        }
    }

    /**
     * Zero the record of this seq from its clientId to the end of its document, checksum included, as a write whose
     * later page never got backing leaves it, and check that without its checksum it would pass as well-formed.
     */
    private void tear(final long seq) throws IOException
    {
        final long message = markerOffset(seq) - PAYLOAD_OFFSET;
        final int documentLength;
        try (RandomAccessFile file = new RandomAccessFile(queueFile().toFile(), "rw"))
        {
            final byte[] header = new byte[4];
            file.seek(message - 4);
            file.readFully(header);
            documentLength = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt() & JournalVerifier.LENGTH_MASK;
            file.seek(message + CLIENT_ID_OFFSET);
            file.write(new byte[documentLength - CLIENT_ID_OFFSET]);
            final byte[] document = new byte[documentLength];
            file.seek(message);
            file.readFully(document);
            assertNull(SequencedRecords.problem(new UnsafeBuffer(document), 0, documentLength - RecordChecksum.LENGTH),
                "the torn record decodes: only its checksum can tell");
        }
    }

    private int encode(final MutableDirectBuffer buffer, final long seq, final int payloadLength)
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .epoch(1).seq(seq).timestampNs(seq).clientId(7).correlationId(seq);
        final byte[] payload = Arrays.copyOf(marker(seq), Math.max(10, payloadLength));
        for (int i = 10; i < payload.length; i++)
        {
            payload[i] = (byte)(seq * 31 + i);
        }
        encoder.putPayload(payload, 0, payload.length);
        return HEADER + encoder.encodedLength();
    }

    private void write(final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        try (SequencedJournal journal = SequencedJournal.open(dir))
        {
            for (long seq = 1; seq <= count; seq++)
            {
                journal.append(buffer, 0, encode(buffer, seq, 10));
            }
        }
    }

    /** A record of this seq followed by its checksum, or by a wrong one. */
    private byte[] document(final long seq, final boolean rightChecksum)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = encode(buffer, seq, 10);
        final byte[] document = new byte[length + RecordChecksum.LENGTH];
        buffer.getBytes(0, document, 0, length);
        final int crc = new RecordChecksum().compute(document, 0, length);
        ByteBuffer.wrap(document).order(RecordChecksum.ORDER).putInt(length, rightChecksum ? crc : crc ^ 1);
        return document;
    }

    /** Writes documents with Chronicle itself, bypassing the journal. */
    private void writeRaw(final byte[]... documents)
    {
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).rollCycle(SequencedJournal.ROLL_CYCLE).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (final byte[] document : documents)
            {
                appender.writeBytes(Bytes.wrapForRead(document));
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
}
