package io.hedge.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads every record of a {@link SequencedJournal} directory and reports the first problem: a record that is not a
 * well-formed {@code Sequenced} message or that Chronicle cannot read, a seq that does not follow the previous one
 * (a gap, or one that does not increase), a record cut short by a truncated file, or the remains of a record after
 * the last readable one (a header never marked complete, or bytes past the end of the data).
 * <p>
 * The queue is opened read-only, so that verifying never changes the files (a read-write open extends a truncated
 * queue file back to its chunk size, hiding the truncation). Besides Chronicle's own reading, two cheap checks on
 * the files themselves catch what Chronicle would otherwise present as a shorter, healthy journal: every record must
 * end within its file, and after the last record of each file the raw bytes must show a clean end (no header, or
 * Chronicle's end-of-file marker) and nothing written after it.
 */
public final class JournalVerifier
{
    /** What went wrong. */
    public enum Kind
    {
        /** Not a well-formed {@code Sequenced} message, or Chronicle failed to read it. */
        UNREADABLE_RECORD,
        /** A record whose header was never marked complete, or bytes written after the end of the data. */
        INCOMPLETE_RECORD,
        /** The file ends inside a record, or where the next record's header must be. */
        TRUNCATED,
        /** A seq larger than the previous one plus one. */
        SEQ_GAP,
        /** A seq not larger than the previous one (or not positive). */
        SEQ_NOT_INCREASING
    }

    /**
     * The first problem found.
     *
     * @param kind        what went wrong.
     * @param file        the queue file (the directory if Chronicle could not say which file).
     * @param index       the Chronicle index of the record, or of the record that would come next; -1 if unknown.
     * @param offset      byte offset in the file of the record's 4-byte Chronicle header; -1 if unknown.
     * @param description what was found.
     */
    public record Problem(Kind kind, Path file, long index, long offset, String description)
    {
        public String toString()
        {
            return kind + " in " + file + " at index " + (index < 0 ? "unknown" : index + " (0x" + Long.toHexString(index) +
                ")") + (offset < 0 ? "" : ", byte offset " + offset) + ": " + description;
        }
    }

    /**
     * What a scan found.
     *
     * @param records   readable records with contiguous seqs before the first problem (all of them when none).
     * @param firstSeq  seq of the first of them, 0 if none.
     * @param lastSeq   seq of the last of them, 0 if none.
     * @param files     queue files the readable records came from.
     * @param problem   the first problem, null when the journal is sound.
     */
    public record Result(long records, long firstSeq, long lastSeq, int files, Problem problem)
    {
        public boolean ok()
        {
            return null == problem;
        }
    }

    /** Chronicle header bits (net.openhft.chronicle.wire.Wires): the writer has not finished, and metadata. */
    static final int NOT_COMPLETE = 0x8000_0000;
    static final int META_DATA = 0x4000_0000;
    static final int LENGTH_MASK = 0x3FFF_FFFF;
    static final int END_OF_DATA = NOT_COMPLETE | META_DATA;
    private static final int HEADER_BYTES = 4;
    /** How far past the end of the data a file is checked for stray bytes. */
    private static final int TAIL_WINDOW = 64 * 1024;
    private static final long MAP_WINDOW = 64L * 1024 * 1024;
    private static final DateTimeFormatter CYCLE_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Path directory;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    private long records;
    private long firstSeq;
    private long lastSeq;
    private int files;
    private int cycle = Integer.MIN_VALUE;
    private File file;
    private long fileLength;
    private long lastIndex = -1;
    private Problem found;

    /** The first problem in the framing of the files, and where Chronicle reading must stop before it. */
    private Problem framingProblem;
    private int framingCycle = Integer.MAX_VALUE;
    private long framingSequence = Long.MAX_VALUE;
    private long framedRecords;

    private JournalVerifier(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Verifies the journal in this directory without changing it.
     *
     * @throws IllegalArgumentException if the directory does not exist.
     */
    public static Result verify(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException("no journal directory " + directory);
        }
        return new JournalVerifier(directory).scan();
    }

    private Result scan()
    {
        if (0 == checkFraming())
        {
            return new Result(0, 0, 0, 0, null); // no queue files: an empty journal
        }
        if (null != framingProblem && 0 == framingSequence)
        {
            // broken before the file's first record, perhaps in its header or index: Chronicle may touch the missing
            // bytes on opening, which faults asynchronously; report without letting it read
            return new Result(0, 0, 0, 0, framingProblem);
        }
        Problem problem;
        SingleChronicleQueue queue = null;
        ExcerptTailer tailer = null;
        try
        {
            queue = ChronicleQueue.singleBuilder(directory)
                .rollCycle(SequencedJournal.ROLL_CYCLE).readOnly(true).build();
            tailer = queue.createTailer();
            problem = readAll(tailer);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // InternalError: the JVM's report of a fault on a memory-mapped page beyond the end of a cut file
            problem = chronicleFailure(tailer, ex);
        }
        finally
        {
            closeQuietly(tailer);
            closeQuietly(queue);
        }
        if (null == problem && records != framedRecords)
        {
            problem = new Problem(Kind.UNREADABLE_RECORD, null == file ? directory : file.toPath(), lastIndex + 1, -1,
                "Chronicle delivered " + records + " records but the queue files hold " + framedRecords);
        }
        return new Result(records, firstSeq, lastSeq, files, problem);
    }

    private Problem readAll(final ExcerptTailer tailer)
    {
        while (readOne(tailer))
        {
            // every record is checked as it is read
        }
        return null != found ? found : framingProblem;
    }

    /** Reads and checks one record: true if it was sound; false at the end, or with {@link #found} set. */
    private boolean readOne(final ExcerptTailer tailer)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final long index = dc.index();
            final int recordCycle = tailer.cycle();
            if (recordCycle > framingCycle ||
                (recordCycle == framingCycle && SequencedJournal.ROLL_CYCLE.toSequenceNumber(index) >= framingSequence))
            {
                dc.rollbackOnClose();
                return false; // the framing problem comes first
            }
            if (recordCycle != cycle)
            {
                cycle = recordCycle;
                file = tailer.currentFile();
                fileLength = null == file ? Long.MAX_VALUE : file.length();
                files++;
            }

            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            final long remaining = bytes.readRemaining();
            final long offset = start - HEADER_BYTES;
            if (start + remaining > fileLength)
            {
                return fail(Kind.TRUNCATED, index, offset, "record of " + remaining + " bytes starting at byte " +
                    start + " runs past the end of the file at byte " + fileLength);
            }
            if (remaining > Integer.MAX_VALUE - 8)
            {
                return fail(Kind.UNREADABLE_RECORD, index, offset, "record of " + remaining + " bytes is too long");
            }
            final int length = (int)remaining;
            if (length > buffer.capacity())
            {
                buffer.wrap(new byte[length]);
            }
            bytes.read(buffer.byteArray(), 0, length);
            final String malformed = SequencedRecords.problem(buffer, 0, length);
            if (null != malformed)
            {
                return fail(Kind.UNREADABLE_RECORD, index, offset, malformed);
            }
            final long seq = SequencedRecords.seq(buffer, 0);
            if (0 == records ? seq < 1 : seq <= lastSeq)
            {
                return fail(Kind.SEQ_NOT_INCREASING, index, offset, 0 == records ?
                    "seq " + seq + " is not positive" : "seq " + seq + " after seq " + lastSeq + " (expected " +
                    (lastSeq + 1) + ")");
            }
            if (0 != records && seq != lastSeq + 1)
            {
                return fail(Kind.SEQ_GAP, index, offset, "seq " + seq + " after seq " + lastSeq + ": seqs " +
                    (lastSeq + 1) + ".." + (seq - 1) + " are missing");
            }
            if (0 == records)
            {
                firstSeq = seq;
            }
            records++;
            lastSeq = seq;
            lastIndex = index;
            return true;
        }
    }

    private boolean fail(final Kind kind, final long index, final long offset, final String description)
    {
        found = new Problem(kind, null == file ? directory : file.toPath(), index, offset, description);
        return false;
    }

    private Problem chronicleFailure(final ExcerptTailer tailer, final Throwable ex)
    {
        long index = -1;
        File failedFile = null;
        try
        {
            if (null != tailer)
            {
                index = tailer.index();
                failedFile = tailer.currentFile();
            }
        }
        catch (final RuntimeException ignore)
        {
            // the tailer may be unusable after the failure; report what is known
        }
        if (null == tailer)
        {
            return new Problem(Kind.UNREADABLE_RECORD, directory, -1, -1,
                "Chronicle failed opening the queue: " + ex + "; queue files: " + queueFiles());
        }
        if (null == failedFile)
        {
            failedFile = file;
        }
        if (index <= lastIndex)
        {
            index = lastIndex < 0 ? -1 : lastIndex + 1;
        }
        final String after = records == 0 ? "before the first record" :
            "after seq " + lastSeq + " (index " + lastIndex + ")";
        return new Problem(Kind.UNREADABLE_RECORD, null == failedFile ? directory : failedFile.toPath(), index, -1,
            "Chronicle failed reading the record " + after + ": " + ex +
            (null == failedFile ? "" : " (the file is " + failedFile.length() + " bytes long)"));
    }

    /** Closing touches the mapped files too, so a fault on a cut file may surface here as well. */
    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            CloseHelper.close(closeable);
        }
        catch (final RuntimeException | InternalError ignore)
        {
            // the problem has been reported already; nothing more can be learned from a failed close
        }
    }

    private List<Path> queueFilePaths()
    {
        try (Stream<Path> paths = Files.list(directory))
        {
            return paths.filter(p -> p.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX)).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
    }

    private String queueFiles()
    {
        return queueFilePaths().stream().map(p -> p.getFileName() + " (" + p.toFile().length() + " bytes)").toList()
            .toString();
    }

    /**
     * Walks the Chronicle documents of every queue file by their 4-byte headers, with plain file reads that cannot
     * go past the end of a file (Chronicle's own memory-mapped reads fault there, and the JVM reports that
     * asynchronously, too late to be caught reliably). Finds cut files, headers never marked complete and bytes
     * written after the end of the data; records the first such problem and where Chronicle must stop.
     */
    private int checkFraming()
    {
        final List<Path> paths = queueFilePaths();
        for (final Path path : paths)
        {
            final int fileCycle = cycleOf(path);
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
            {
                final Problem problem = walk(path, fileCycle, channel);
                if (null != problem)
                {
                    framingProblem = problem;
                    break;
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read " + path, ex);
            }
        }
        return paths.size();
    }

    private Problem walk(final Path path, final int fileCycle, final FileChannel channel) throws IOException
    {
        final long size = channel.size();
        final Window window = new Window(channel, size);
        long sequence = 0;
        long position = 0;
        while (true)
        {
            if (position + HEADER_BYTES > size)
            {
                return framing(Kind.TRUNCATED, path, fileCycle, sequence, position, 0 == position ?
                    "the queue file is empty (0 bytes): cut, or never written" :
                    "the file ends at byte " + size + ", where the next header must be (queue files are allocated " +
                    "ahead of their data, so data reaching the end of one means the file was cut)");
            }
            final int header = window.getInt(position);
            if (0 == header)
            {
                final long stray = window.firstNonZero(position, Math.min(size, position + TAIL_WINDOW));
                return stray < 0 ? null : framing(Kind.INCOMPLETE_RECORD, path, fileCycle, sequence, position,
                    "no header after the last record, yet byte " + stray +
                    " is written: a record whose header was lost or never written");
            }
            if (END_OF_DATA == header)
            {
                return null;
            }
            if ((header & NOT_COMPLETE) != 0)
            {
                return framing(Kind.INCOMPLETE_RECORD, path, fileCycle, sequence, position, String.format(
                    "header 0x%08x is not marked complete: a write that never finished (%d bytes announced)",
                    header, header & LENGTH_MASK));
            }
            final long end = position + HEADER_BYTES + (header & LENGTH_MASK);
            if (end > size)
            {
                return framing(Kind.TRUNCATED, path, fileCycle, sequence, position, "record of " +
                    (header & LENGTH_MASK) + " bytes starting at byte " + (position + HEADER_BYTES) +
                    " runs past the end of the file at byte " + size);
            }
            if ((header & META_DATA) == 0)
            {
                sequence++;
                framedRecords++;
            }
            position = align(end);
        }
    }

    private Problem framing(
        final Kind kind, final Path path, final int fileCycle, final long sequence, final long offset, final String what)
    {
        framingCycle = fileCycle;
        framingSequence = sequence;
        final long index = Integer.MIN_VALUE == fileCycle ? -1 : SequencedJournal.ROLL_CYCLE.toIndex(fileCycle, sequence);
        return new Problem(kind, path, index, offset, what);
    }

    /** The roll cycle of a queue file, from its name: days since 1970-01-01 for FAST_DAILY's yyyyMMdd'F'. */
    private static int cycleOf(final Path path)
    {
        final String name = path.getFileName().toString();
        try
        {
            return (int)LocalDate.parse(name.substring(0, 8), CYCLE_FORMAT).toEpochDay();
        }
        catch (final RuntimeException ex)
        {
            return Integer.MIN_VALUE; // not a FAST_DAILY name; the problem is still reported, without an index
        }
    }

    private static long align(final long position)
    {
        return (position + HEADER_BYTES - 1) & -HEADER_BYTES;
    }

    /** Read-only access to a file through a sliding memory-mapped window that never reaches past its end. */
    private static final class Window
    {
        private final FileChannel channel;
        private final long size;
        private MappedByteBuffer mapped;
        private long start;
        private long end;

        Window(final FileChannel channel, final long size)
        {
            this.channel = channel;
            this.size = size;
        }

        int getInt(final long position) throws IOException
        {
            if (position < start || position + HEADER_BYTES > end)
            {
                start = position & ~4095L;
                end = Math.min(size, start + MAP_WINDOW);
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, end - start);
                mapped.order(ByteOrder.LITTLE_ENDIAN);
            }
            return mapped.getInt((int)(position - start));
        }

        long firstNonZero(final long from, final long to) throws IOException
        {
            final ByteBuffer bytes = ByteBuffer.allocate((int)Math.max(0, to - from));
            while (bytes.hasRemaining())
            {
                if (channel.read(bytes, from + bytes.position()) < 0)
                {
                    break;
                }
            }
            for (int i = 0; i < bytes.position(); i++)
            {
                if (bytes.get(i) != 0)
                {
                    return from + i;
                }
            }
            return -1;
        }
    }
}
