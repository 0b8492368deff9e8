package io.hedge.journal;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.codecs.fabric.StatusQueryEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequencedJournalTest
{
    private static final long EPOCH = 3;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SequencedEncoder encoder = new SequencedEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SequencedDecoder decoder = new SequencedDecoder();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Path dir;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = base.resolve("journal-" + name + "-" + System.nanoTime());
        Files.createDirectories(base);
    }

    @AfterEach
    void closeAndDelete() throws Exception
    {
        try
        {
            for (int i = toClose.size() - 1; i >= 0; i--)
            {
                toClose.get(i).close();
            }
        }
        finally
        {
            toClose.clear();
            deleteRecursively(dir);
        }
    }

    // ------------------------------------------------------------------------------------------------------ tests

    @Test
    void appendTenThousandAndReadBackEveryFieldInOrder()
    {
        final int count = 10_000;
        final SequencedJournal journal = open();
        final MutableDirectBuffer heap = new ExpandableArrayBuffer(256);
        final MutableDirectBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        for (long seq = 1; seq <= count; seq++)
        {
            // both copy paths: a byte[]-backed buffer (at an offset) and an off-heap one
            final MutableDirectBuffer buffer = (seq & 1) == 0 ? direct : heap;
            final int offset = (seq & 1) == 0 ? 0 : 17;
            final int length = encode(buffer, offset, seq, payloadLength(seq));
            journal.append(buffer, offset, length);
            assertEquals(seq, journal.lastSeq());
        }
        assertEquals(1, journal.firstSeq());
        assertEquals(count, journal.lastSeq());

        final long[] expected = {1};
        final JournalReader reader = journal.reader();
        while (reader.readNext((buffer, offset, length) ->
        {
            assertRecord(buffer, offset, length, expected[0], payloadLength(expected[0]));
            expected[0]++;
        }))
        {
            // read all
        }
        assertEquals(count + 1, expected[0]);
        assertFalse(reader.readNext((b, o, l) -> { throw new AssertionError("no record expected"); }));
    }

    @Test
    void reopenRecoversFirstAndLastSeqAndAppendsContinue()
    {
        SequencedJournal journal = open();
        appendRange(journal, 1, 100, 10);
        journal.close();

        journal = open();
        assertEquals(1, journal.firstSeq());
        assertEquals(100, journal.lastSeq());
        final SequencedJournal reopened = journal;
        assertThrows(IllegalStateException.class, () -> reopened.append(buffer(100, 0), 0, length(100, 0)));
        appendRange(journal, 101, 150, 10);
        assertEquals(150, journal.lastSeq());
        assertEquals(150, readAll(journal.reader(), 1, 10));
        journal.close();

        journal = open();
        assertEquals(1, journal.firstSeq());
        assertEquals(150, journal.lastSeq());
        assertEquals(150, readAll(journal.reader(), 1, 10));
    }

    @Test
    void anEmptyJournalStartedAfterASnapshotSeqContinuesThereAndReopensWithItsFirstSeq()
    {
        SequencedJournal journal = open();
        final SequencedJournal empty = journal;
        assertThrows(IllegalArgumentException.class, () -> empty.startAfter(0));
        journal.startAfter(5_000);
        assertEquals(0, journal.firstSeq());
        assertEquals(5_000, journal.lastSeq());
        assertThrows(IllegalStateException.class, () -> empty.append(buffer(1, 0), 0, length(1, 0)));
        appendRange(journal, 5_001, 5_500, 10);
        assertEquals(5_001, journal.firstSeq());
        assertEquals(5_500, journal.lastSeq());
        final SequencedJournal started = journal;
        assertThrows(IllegalStateException.class, () -> started.startAfter(9_000), "only an empty journal");
        journal.close();

        journal = open();
        assertEquals(5_001, journal.firstSeq());
        assertEquals(5_500, journal.lastSeq());
        final JournalReader reader = journal.reader();
        assertEquals(5_500, readAll(reader, 5_001, 10));
        assertTrue(reader.seekToSeq(5_250));
        assertEquals(5_250, readOneSeq(reader));
        assertTrue(reader.seekToSeq(5_001));
        assertEquals(5_500, readAll(reader, 5_001, 10));
        assertFalse(reader.seekToSeq(5_000), "before the journal's first seq");
        assertFalse(reader.seekToSeq(1));
        appendRange(journal, 5_501, 5_510, 10);
        journal.close();

        final JournalVerifier.Result verified = JournalVerifier.verify(dir);
        assertEquals(null, verified.problem(), "a journal that starts after seq 1 verifies");
        assertEquals(5_001, verified.firstSeq());
        assertEquals(5_510, verified.lastSeq());
        assertEquals(510, verified.records());
    }

    @Test
    void appendWithNonContiguousSeqThrows()
    {
        final SequencedJournal journal = open();
        final IllegalStateException first = assertThrows(IllegalStateException.class,
            () -> journal.append(buffer(2, 0), 0, length(2, 0)));
        assertTrue(first.getMessage().contains("seq 2") && first.getMessage().contains("lastSeq 0"), first.getMessage());
        assertEquals(0, journal.lastSeq());
        assertEquals(0, journal.firstSeq());

        appendRange(journal, 1, 5, 3);
        final IllegalStateException gap = assertThrows(IllegalStateException.class,
            () -> journal.append(buffer(7, 3), 0, length(7, 3)));
        assertTrue(gap.getMessage().contains("seq 7") && gap.getMessage().contains("lastSeq 5"), gap.getMessage());
        final IllegalStateException duplicate = assertThrows(IllegalStateException.class,
            () -> journal.append(buffer(5, 3), 0, length(5, 3)));
        assertTrue(duplicate.getMessage().contains("seq 5") && duplicate.getMessage().contains("lastSeq 5"));
        assertThrows(IllegalStateException.class, () -> journal.append(buffer(-1, 3), 0, length(-1, 3)));
        assertEquals(5, journal.lastSeq());

        appendRange(journal, 6, 6, 3);
        assertEquals(6, journal.lastSeq());
        assertEquals(6, readAll(journal.reader(), 1, 3));
    }

    @Test
    void appendRejectsBytesThatAreNotASequencedMessage()
    {
        final SequencedJournal journal = open();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        assertThrows(IllegalArgumentException.class, () -> journal.append(buffer, 0, 4));
        new StatusQueryEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).clientId(1).correlationId(1);
        assertThrows(IllegalArgumentException.class, () -> journal.append(buffer, 0, HEADER + StatusQueryEncoder.BLOCK_LENGTH));
        final int length = encode(buffer, 0, 1, 10);
        assertThrows(IllegalArgumentException.class, () -> journal.append(buffer, 0, length - 1)); // truncated payload
        assertEquals(0, journal.lastSeq());
        journal.append(buffer, 0, length);
        assertEquals(1, journal.lastSeq());
    }

    @Test
    void seekToSeqInTheMiddleAndAtTheEnd()
    {
        final SequencedJournal journal = open();
        appendRange(journal, 1, 1_000, 20);
        final JournalReader reader = journal.reader();

        assertTrue(reader.seekToSeq(500));
        assertEquals(500, readOneSeq(reader));
        assertEquals(501, readOneSeq(reader));

        assertTrue(reader.seekToSeq(1_000));
        assertEquals(1_000, readOneSeq(reader));
        assertEquals(-1, readOneSeq(reader));

        assertTrue(reader.seekToSeq(1));       // backwards, to the first
        assertEquals(1_000, readAll(reader, 1, 20));

        assertTrue(reader.seekToSeq(999));
        assertEquals(1_000, readAll(reader, 999, 20));

        assertFalse(reader.seekToSeq(1_001)); // not journaled yet
        assertFalse(reader.seekToSeq(0));
        assertFalse(reader.seekToSeq(-5));
        assertFalse(reader.seekToSeq(Long.MAX_VALUE));

        // a failed seek leaves the reader at the end: it then reads what is appended next
        assertFalse(reader.seekToSeq(1_001));
        appendRange(journal, 1_001, 1_002, 20);
        assertEquals(1_001, readOneSeq(reader));
        assertTrue(reader.seekToSeq(1_002));
        assertEquals(1_002, readOneSeq(reader));
        assertEquals(-1, readOneSeq(reader));
        assertEquals(0, reader.fallbackScans(), "every seek is served by the Chronicle index");
    }

    @Test
    void seekToSeqAcrossRollCycles()
    {
        final SetTimeProvider clock = new SetTimeProvider("2026-03-01T10:00:00");
        SequencedJournal journal = SequencedJournal.open(dir, clock);
        toClose.add(journal);
        appendRange(journal, 1, 50, 5);
        clock.advanceMillis(TimeUnit.DAYS.toMillis(1));
        appendRange(journal, 51, 120, 5);
        clock.advanceMillis(TimeUnit.DAYS.toMillis(3)); // days without records leave no file
        appendRange(journal, 121, 130, 5);

        assertEquals(3, countQueueFiles());
        for (final long seq : new long[] {1, 2, 49, 50, 51, 52, 100, 119, 120, 121, 129, 130})
        {
            final JournalReader reader = journal.reader();
            assertTrue(reader.seekToSeq(seq), "seek " + seq);
            assertEquals(130, readAll(reader, seq, 5), "from " + seq);
            assertEquals(0, reader.fallbackScans(), "every seek is served by the Chronicle index");
            reader.close();
        }
        final JournalReader reader = journal.reader();
        assertFalse(reader.seekToSeq(131));
        assertEquals(0, reader.fallbackScans());
        assertEquals(130, readAll(journal.reader(), 1, 5));
        journal.close();

        journal = SequencedJournal.open(dir, clock);
        toClose.add(journal);
        assertEquals(1, journal.firstSeq());
        assertEquals(130, journal.lastSeq());
        final JournalReader again = journal.reader();
        assertTrue(again.seekToSeq(75));
        assertEquals(75, readOneSeq(again));
    }

    @Test
    void payloadsOfZeroBytesAndSixtyKibibytes()
    {
        final int large = 60 * 1024;
        final int[] lengths = {0, large, 1, 0, large, 7};
        SequencedJournal journal = open();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int i = 0; i < lengths.length; i++)
        {
            final int length = encode(buffer, 0, i + 1, lengths[i]);
            journal.append(buffer, 0, length);
        }
        checkPayloads(journal, lengths);
        journal.close();

        journal = open();
        assertEquals(lengths.length, journal.lastSeq());
        checkPayloads(journal, lengths);
        final JournalReader reader = journal.reader();
        assertTrue(reader.seekToSeq(5));
        final int[] seen = new int[1];
        assertTrue(reader.readNext((b, o, l) -> seen[0] = l));
        assertEquals(HEADER + SequencedEncoder.BLOCK_LENGTH + 4 + large, seen[0]);
    }

    @Test
    void emptyJournalReportsZerosAndItsReaderReturnsFalse()
    {
        SequencedJournal journal = open();
        assertEquals(0, journal.firstSeq());
        assertEquals(0, journal.lastSeq());
        assertEquals(dir, journal.directory());
        assertTrue(Files.isDirectory(dir));
        JournalReader reader = journal.reader();
        assertFalse(reader.readNext((b, o, l) -> { throw new AssertionError("no record expected"); }));
        assertFalse(reader.seekToSeq(1));
        assertFalse(reader.readNext((b, o, l) -> { throw new AssertionError("no record expected"); }));
        journal.close();

        journal = open();
        assertEquals(0, journal.firstSeq());
        assertEquals(0, journal.lastSeq());
        reader = journal.reader();
        assertFalse(reader.readNext((b, o, l) -> { throw new AssertionError("no record expected"); }));

        // a reader at the end sees what is appended afterwards
        appendRange(journal, 1, 3, 4);
        assertEquals(3, readAll(reader, 1, 4));
    }

    @Test
    void readerReportsARecordShorterThanAHeader()
    {
        writeRaw(valid(1), new byte[] {1, 2, 3, 4}, valid(2));
        final SequencedJournal journal = open();
        assertEquals(2, journal.lastSeq());
        assertCorruptAfter(journal.reader(), 1, "shorter than an SBE message header");
    }

    @Test
    void readerReportsAWrongTemplateAndAWrongSchema() throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        new StatusQueryEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).clientId(1).correlationId(2);
        final byte[] statusQuery = new byte[HEADER + StatusQueryEncoder.BLOCK_LENGTH];
        buffer.getBytes(0, statusQuery);
        writeRaw(valid(1), valid(2), statusQuery, valid(3));
        SequencedJournal journal = open();
        assertCorruptAfter(journal.reader(), 2, "template id " + StatusQueryEncoder.TEMPLATE_ID);
        journal.close();
        deleteRecursively(dir);

        final io.hedge.codecs.trading.MessageHeaderEncoder tradingHeader = new io.hedge.codecs.trading.MessageHeaderEncoder();
        final NewOrderEncoder newOrder = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, tradingHeader)
            .clientOrderId(1).accountId(2).price(3).quantity(4).userData(5).instrumentId(6).side(Side.BUY);
        final byte[] order = new byte[HEADER + newOrder.encodedLength()];
        buffer.getBytes(0, order);
        writeRaw(valid(1), order, valid(2));
        journal = open();
        assertCorruptAfter(journal.reader(), 1, "schema id 7702");
    }

    @Test
    void readerReportsAGapInSeqs()
    {
        writeRaw(valid(1), valid(2), valid(4), valid(5));
        final SequencedJournal journal = open();
        assertEquals(5, journal.lastSeq());
        assertCorruptAfter(journal.reader(), 2, "seq 4 does not follow seq 2");
        final JournalReader seeker = journal.reader();
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class, () -> seeker.seekToSeq(3));
        assertTrue(ex.getMessage().contains("seq 4 does not follow seq 2"), ex.getMessage());
        assertEquals(1, seeker.fallbackScans(), "the index pointed at seq 4; the scan found the gap");
    }

    @Test
    void openReportsACorruptLastRecord()
    {
        writeRaw(valid(1), new byte[] {9, 9});
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class, this::open);
        assertTrue(ex.getMessage().contains(".cq4"), ex.getMessage());
        assertTrue(ex.getMessage().contains("shorter than an SBE message header"), ex.getMessage());
    }

    @Test
    void openedOnOneThreadAppendedAndReadOnAnother() throws Exception
    {
        final SequencedJournal journal = open();
        final JournalReader reader = journal.reader();
        final long[] lastRead = {0};
        final Throwable[] failure = {null};
        final Thread agent = new Thread(() ->
        {
            try
            {
                appendRange(journal, 1, 200, 8);
                lastRead[0] = readAll(reader, 1, 8);
            }
            catch (final Throwable t)
            {
                failure[0] = t;
            }
        }, "journal-agent");
        agent.start();
        agent.join(10_000);
        if (null != failure[0])
        {
            throw new AssertionError("agent thread failed", failure[0]);
        }
        assertEquals(200, lastRead[0]);
        assertEquals(200, journal.lastSeq());
        journal.close();
        assertThrows(IllegalStateException.class, () -> reader.readNext((b, o, l) -> {}));
        assertThrows(IllegalStateException.class, () -> journal.append(buffer(201, 0), 0, length(201, 0)));
    }

    @Test
    void appendAndReadDoNotAllocateInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final SequencedJournal journal = open();
        final MutableDirectBuffer heap = new ExpandableArrayBuffer(256);
        final MutableDirectBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        final JournalReader reader = journal.reader();
        final long[] sum = {0};
        final JournalRecordHandler handler = (b, o, l) -> sum[0] += l;

        long seq = 1;
        for (int round = 0; round < 3; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 5_000; i++, seq++)
            {
                final MutableDirectBuffer buffer = (seq & 1) == 0 ? direct : heap;
                encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .epoch(EPOCH).seq(seq).timestampNs(seq).clientId(1).correlationId(seq)
                    .putPayload(buffer, 0, 32);
                journal.append(buffer, 0, HEADER + encoder.encodedLength());
                assertTrue(reader.readNext(handler));
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 2)
            {
                // a little slack for the JIT and Chronicle's rare housekeeping; per message it would be >= 100 KB
                assertTrue(allocated < 50_000, "allocated " + allocated + " bytes for 5,000 appends and reads");
            }
        }
        assertEquals(15_000, journal.lastSeq());
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private SequencedJournal open()
    {
        final SequencedJournal journal = SequencedJournal.open(dir);
        toClose.add(journal);
        return journal;
    }

    private static int payloadLength(final long seq)
    {
        return (int)(seq % 50);
    }

    private static byte payloadByte(final long seq, final int i)
    {
        return (byte)(seq * 7 + i);
    }

    private int encode(final MutableDirectBuffer buffer, final int offset, final long seq, final int payloadLength)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .epoch(EPOCH)
            .seq(seq)
            .timestampNs(1_000_000L * seq + 7)
            .clientId(seq % 17)
            .correlationId(seq * 2);
        final byte[] payload = new byte[payloadLength];
        for (int i = 0; i < payloadLength; i++)
        {
            payload[i] = payloadByte(seq, i);
        }
        encoder.putPayload(payload, 0, payloadLength);
        return HEADER + encoder.encodedLength();
    }

    private UnsafeBuffer buffer(final long seq, final int payloadLength)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADER + SequencedEncoder.BLOCK_LENGTH + 4 + payloadLength]);
        encode(buffer, 0, seq, payloadLength);
        return buffer;
    }

    private static int length(final long seq, final int payloadLength)
    {
        return HEADER + SequencedEncoder.BLOCK_LENGTH + 4 + payloadLength;
    }

    private byte[] valid(final long seq)
    {
        return buffer(seq, 3).byteArray();
    }

    private void appendRange(final SequencedJournal journal, final long from, final long to, final int payloadLength)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        for (long seq = from; seq <= to; seq++)
        {
            journal.append(buffer, 0, encode(buffer, 0, seq, payloadLength));
        }
    }

    private void assertRecord(
        final DirectBuffer buffer, final int offset, final int length, final long seq, final int payloadLength)
    {
        decoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        assertEquals(SequencedDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(SequencedDecoder.BLOCK_LENGTH, headerDecoder.blockLength());
        assertEquals(EPOCH, decoder.epoch());
        assertEquals(seq, decoder.seq());
        assertEquals(1_000_000L * seq + 7, decoder.timestampNs());
        assertEquals(seq % 17, decoder.clientId());
        assertEquals(seq * 2, decoder.correlationId());
        assertEquals(payloadLength, decoder.payloadLength());
        final byte[] payload = new byte[payloadLength];
        decoder.getPayload(payload, 0, payloadLength);
        for (int i = 0; i < payloadLength; i++)
        {
            assertEquals(payloadByte(seq, i), payload[i], "payload byte " + i + " of seq " + seq);
        }
        assertEquals(length, HEADER + decoder.encodedLength());
    }

    /** Reads to the end, checking every record from fromSeq on; returns the last seq read. */
    private long readAll(final JournalReader reader, final long fromSeq, final int payloadLength)
    {
        final long[] next = {fromSeq};
        while (reader.readNext((buffer, offset, length) ->
        {
            assertRecord(buffer, offset, length, next[0], payloadLength);
            next[0]++;
        }))
        {
            // read all
        }
        return next[0] - 1;
    }

    /** The seq of the next record, or -1 at the end. */
    private long readOneSeq(final JournalReader reader)
    {
        final long[] seq = {-1};
        reader.readNext((buffer, offset, length) -> seq[0] = decoder.wrapAndApplyHeader(buffer, offset, headerDecoder).seq());
        return seq[0];
    }

    private void checkPayloads(final SequencedJournal journal, final int[] lengths)
    {
        final JournalReader reader = journal.reader();
        for (int i = 0; i < lengths.length; i++)
        {
            final long seq = i + 1;
            final int payloadLength = lengths[i];
            final byte[] expected = new byte[payloadLength];
            for (int j = 0; j < payloadLength; j++)
            {
                expected[j] = payloadByte(seq, j);
            }
            assertTrue(reader.readNext((buffer, offset, length) ->
            {
                assertEquals(HEADER + SequencedEncoder.BLOCK_LENGTH + 4 + payloadLength, length);
                decoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                assertEquals(seq, decoder.seq());
                final byte[] actual = new byte[decoder.payloadLength()];
                decoder.getPayload(actual, 0, actual.length);
                assertArrayEquals(expected, actual);
            }));
        }
        assertFalse(reader.readNext((b, o, l) -> { throw new AssertionError("no record expected"); }));
        reader.close();
    }

    /** Reads the valid records before the corrupt one, then expects the corruption, twice: it is never skipped. */
    private void assertCorruptAfter(final JournalReader reader, final long validRecords, final String reason)
    {
        assertEquals(validRecords, readAllUntilCorrupt(reader, reason));
        final JournalCorruptException again = assertThrows(JournalCorruptException.class,
            () -> reader.readNext((b, o, l) -> { throw new AssertionError("corrupt record delivered"); }));
        assertTrue(again.getMessage().contains(reason), again.getMessage());
    }

    private long readAllUntilCorrupt(final JournalReader reader, final String reason)
    {
        final long[] next = {1};
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class, () ->
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                assertRecord(buffer, offset, length, next[0], 3);
                next[0]++;
            }))
            {
                // read until the corrupt record
            }
        });
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
        assertTrue(ex.file().toString().endsWith(".cq4"), ex.file().toString());
        assertTrue(ex.file().startsWith(dir), ex.file().toString());
        assertTrue(ex.getMessage().contains(ex.file().toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("index " + ex.index()), ex.getMessage());
        return next[0] - 1;
    }

    /** Writes raw excerpts with Chronicle itself, bypassing the journal's checks, each with its correct checksum. */
    private void writeRaw(final byte[]... records)
    {
        final RecordChecksum checksum = new RecordChecksum();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).rollCycle(SequencedJournal.ROLL_CYCLE).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (final byte[] record : records)
            {
                final byte[] document = Arrays.copyOf(record, record.length + RecordChecksum.LENGTH);
                ByteBuffer.wrap(document).order(RecordChecksum.ORDER)
                    .putInt(record.length, checksum.compute(record, 0, record.length));
                appender.writeBytes(Bytes.wrapForRead(document));
            }
        }
    }

    private long countQueueFiles()
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(".cq4")).count();
        }
        catch (final IOException ex)
        {
            throw new RuntimeException(ex);
        }
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
