package io.hedge.journal;

import io.hedge.journal.JournalVerifier.Kind;
import io.hedge.journal.JournalVerifier.Problem;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

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

import static io.hedge.journal.JournalVerifier.END_OF_DATA;
import static io.hedge.journal.JournalVerifier.LENGTH_MASK;
import static io.hedge.journal.JournalVerifier.META_DATA;
import static io.hedge.journal.JournalVerifier.NOT_COMPLETE;

/**
 * The verifier's first pass: walks the Chronicle documents of every queue file by their 4-byte headers, with plain
 * file reads that cannot go past the end of a file (Chronicle's own memory-mapped reads fault there, and the JVM
 * reports that asynchronously, too late to be caught reliably). Finds cut files, headers never marked complete and
 * bytes written after the end of the data; records the first such problem and where Chronicle reading must stop
 * before it, and how many records the files hold, so that the second pass can be checked against it.
 */
final class JournalFramingCheck
{
    static final int HEADER_BYTES = 4;
    /** How far past the end of the data a file is checked for stray bytes. */
    private static final int TAIL_WINDOW = 64 * 1024;
    private static final long MAP_WINDOW = 64L * 1024 * 1024;
    private static final DateTimeFormatter CYCLE_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Path directory;
    private Problem problem;
    private int problemCycle = Integer.MAX_VALUE;
    private long problemSequence = Long.MAX_VALUE;
    private long framedRecords;

    JournalFramingCheck(final Path directory)
    {
        this.directory = directory;
    }

    /** @return the first framing problem, null if the files are framed soundly. */
    Problem problem()
    {
        return problem;
    }

    /** @return the roll cycle of the file with the problem; {@link Integer#MAX_VALUE} when there is none. */
    int problemCycle()
    {
        return problemCycle;
    }

    /** @return the sequence within its cycle of the record the problem is at; {@link Long#MAX_VALUE} when none. */
    long problemSequence()
    {
        return problemSequence;
    }

    /** @return the records (non-metadata documents) the files hold before the first problem. */
    long framedRecords()
    {
        return framedRecords;
    }

    /**
     * Walk every queue file, stopping at the first problem.
     *
     * @return how many queue files there are.
     */
    int check()
    {
        final List<Path> paths = queueFilePaths(directory);
        for (final Path path : paths)
        {
            final int fileCycle = cycleOf(path);
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
            {
                final Problem found = walk(path, fileCycle, channel);
                if (null != found)
                {
                    problem = found;
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

    static List<Path> queueFilePaths(final Path directory)
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

    /** @return the queue files with their sizes, for a report of a queue Chronicle could not open. */
    static String describeQueueFiles(final Path directory)
    {
        return queueFilePaths(directory).stream().map(p -> p.getFileName() + " (" + p.toFile().length() + " bytes)")
            .toList().toString();
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
        problemCycle = fileCycle;
        problemSequence = sequence;
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
