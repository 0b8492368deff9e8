package io.hedge.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Chronicle Queue journal of fabric {@code Sequenced} messages, each stored as one excerpt holding the encoded
 * message with its 8-byte SBE header, followed by its CRC32C ({@link RecordChecksum}; readers check it and hand over
 * the message bytes only). Seqs are contiguous: every append is {@link #lastSeq()} + 1, the first is 1,
 * or the seq after a snapshot for a journal begun with {@link #startAfter} (a replica bootstrapped from a peer's
 * snapshot: its journal holds only what follows it, and the snapshot covers the rest).
 * <p>
 * One writer: {@link #append} is called from one thread at a time (the Chronicle appender is created on the first
 * append, by the thread that makes it). Each {@link JournalReader} is likewise used by one thread. Appends are
 * written to memory-mapped files: they survive a crash of the process, not of the machine (no fsync per append).
 */
public final class SequencedJournal implements AutoCloseable
{
    /** One file per day; FAST_DAILY is the non-deprecated daily cycle with the cheaper index arithmetic. */
    static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;
    /** Chronicle's writeInt stores in native order. */
    private static final ByteOrder NATIVE_ORDER = ByteOrder.nativeOrder();

    static
    {
        // Nothing in Hedge phones home, even in a JVM started without the usual flags.
        disableUnlessSet("chronicle.analytics.disable");
        disableUnlessSet("chronicle.announcer.disable");
    }

    private final Path directory;
    private final RecordChecksum checksum = new RecordChecksum();
    private SingleChronicleQueue queue;
    private final List<JournalReader> readers = new ArrayList<>();
    private ExcerptAppender appender;
    private long firstSeq;
    private long lastSeq;
    private boolean closed;

    private SequencedJournal(final Path directory, final SingleChronicleQueue queue, final long firstSeq, final long lastSeq)
    {
        this.directory = directory;
        this.queue = queue;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
    }

    /**
     * Opens the journal in this directory, creating the directory if needed, and learns its first and last seq.
     *
     * @throws JournalCorruptException if the first or last record is not a valid {@code Sequenced} message.
     */
    public static SequencedJournal open(final Path directory)
    {
        return open(directory, null);
    }

    /** As {@link #open(Path)}, with the clock that decides the roll cycle (for tests); null for the system clock. */
    static SequencedJournal open(final Path directory, final TimeProvider timeProvider)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + directory, ex);
        }

        final SingleChronicleQueueBuilder builder = ChronicleQueue.singleBuilder(directory).rollCycle(ROLL_CYCLE);
        if (null != timeProvider)
        {
            builder.timeProvider(timeProvider);
        }
        final SingleChronicleQueue queue = builder.build();
        try
        {
            final long lastSeq;
            final long firstSeq;
            try (ExcerptTailer tailer = queue.createTailer())
            {
                tailer.direction(TailerDirection.BACKWARD).toEnd();
                lastSeq = seqOfNext(tailer, directory);
                tailer.direction(TailerDirection.FORWARD).toStart();
                firstSeq = seqOfNext(tailer, directory);
            }
            if ((firstSeq == 0) != (lastSeq == 0) || firstSeq > lastSeq)
            {
                throw new JournalCorruptException(directory, queue.lastIndex(),
                    "first seq " + firstSeq + " and last seq " + lastSeq + " are inconsistent");
            }
            return new SequencedJournal(directory, queue, firstSeq, lastSeq);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * Appends one encoded {@code Sequenced} message (header + body). Allocation-free.
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed {@code Sequenced} message.
     * @throws IllegalStateException    if its seq is not {@link #lastSeq()} + 1, or the journal is closed.
     * @throws JournalWriteException    if Chronicle (or the JVM, as with a SIGBUS on a full tmpfs) fails the write:
     *                                  fatal to the role.
     */
    public void append(final DirectBuffer buffer, final int offset, final int length)
    {
        checkOpen();
        final String problem = SequencedRecords.problem(buffer, offset, length);
        if (null != problem)
        {
            throw new IllegalArgumentException("not a Sequenced message: " + problem);
        }
        final long seq = SequencedRecords.seq(buffer, offset);
        if (seq != lastSeq + 1)
        {
            throw new IllegalStateException(
                "non-contiguous append to " + directory + ": seq " + seq + " after lastSeq " + lastSeq +
                " (expected " + (lastSeq + 1) + ")");
        }

        try
        {
            write(buffer, offset, length);
        }
        catch (final Throwable ex)
        {
            // a full disk, a SIGBUS on a mapped file of a full tmpfs: the role cannot go on (its runner ends it)
            throw new JournalWriteException(directory, "seq " + seq, ex);
        }

        if (0 == firstSeq)
        {
            firstSeq = seq;
        }
        lastSeq = seq;
    }

    private void write(final DirectBuffer buffer, final int offset, final int length)
    {
        ExcerptAppender appender = this.appender;
        if (null == appender)
        {
            appender = queue.createAppender();
            this.appender = appender;
        }

        // from the source bytes, before the write: a fault that loses part of the record cannot change it
        final int crc = checksum.compute(buffer, offset, length);
        final DocumentContext dc = appender.writingDocument();
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] array = buffer.byteArray();
            if (null != array)
            {
                bytes.write(array, buffer.wrapAdjustment() + offset, length);
            }
            else if (isOffHeap(buffer))
            {
                bytes.unsafeWrite(buffer.addressOffset() + offset, length);
            }
            else
            {
                // e.g. a read-only heap ByteBuffer: neither an array nor an address can be used
                for (int i = 0; i < length; i++)
                {
                    bytes.writeByte(buffer.getByte(offset + i));
                }
            }
            bytes.writeInt(RecordChecksum.ORDER == NATIVE_ORDER ? crc : Integer.reverseBytes(crc));
        }
        catch (final RuntimeException | Error ex)
        {
            dc.rollbackOnClose();
            throw ex;
        }
        finally
        {
            dc.close();
        }
    }

    /**
     * Let an empty journal begin after a seq that a snapshot covers, so that the next append is {@code seq + 1}.
     * Nothing is written: after a reopen an empty journal starts again at 0, and one holding records reports its
     * first seq as it is; the owner (a replica) knows from its snapshot where the journal continues and calls
     * this again. Readers and the verifier take a journal's first record's seq as its base.
     *
     * @param seq the last seq the snapshot includes, positive.
     * @throws IllegalStateException if the journal holds any record or is closed.
     */
    public void startAfter(final long seq)
    {
        checkOpen();
        if (seq < 1)
        {
            throw new IllegalArgumentException("a journal can start only after a positive seq, got " + seq);
        }
        if (0 != firstSeq)
        {
            throw new IllegalStateException("journal " + directory + " is not empty (seqs " + firstSeq + ".." + lastSeq +
                "): it cannot start after seq " + seq);
        }
        lastSeq = seq;
    }

    /** The seq of the last record; when the journal is empty, 0, or the seq given to {@link #startAfter}. */
    public long lastSeq()
    {
        return lastSeq;
    }

    /** The seq of the first record, 0 when the journal is empty. */
    public long firstSeq()
    {
        return firstSeq;
    }

    /** A new reader positioned at the start of the journal. Close it before, or with, the journal. */
    public JournalReader reader()
    {
        checkOpen();
        final JournalReader reader = new JournalReader(this, queue, directory);
        readers.add(reader);
        return reader;
    }

    public Path directory()
    {
        return directory;
    }

    /** Closes the journal and any reader still open on it. Idempotent. */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int i = readers.size() - 1; i >= 0; i--)
        {
            readers.get(i).close();
        }
        readers.clear();
        if (null != appender)
        {
            appender.close();
            appender = null;
        }
        queue.close();
    }

    /**
     * Cut this journal back to {@code keepUpTo} in place ({@link JournalTruncation}: the old queue is set aside, never
     * deleted) and reopen it, so that every holder of this object keeps using it. Every reader open on it is closed
     * first; their holders must make new ones.
     *
     * @param tag names the set-aside copy, e.g. the epoch that abandoned the tail.
     * @return where the old journal was moved, or null when nothing was cut.
     */
    public Path truncateTo(final long keepUpTo, final String tag)
    {
        checkOpen();
        for (int i = readers.size() - 1; i >= 0; i--)
        {
            readers.get(i).close();
        }
        readers.clear();
        if (null != appender)
        {
            appender.close();
            appender = null;
        }
        queue.close();
        final Path aside;
        try
        {
            aside = JournalTruncation.keepUpTo(directory, keepUpTo, tag);
        }
        finally
        {
            // reopened whatever happened, so that a failed cut leaves a journal as usable as before
            final SequencedJournal reopened = open(directory);
            queue = reopened.queue;
            firstSeq = reopened.firstSeq;
            lastSeq = reopened.lastSeq;
        }
        return aside;
    }

    public String toString()
    {
        return "SequencedJournal{" + directory + ", firstSeq=" + firstSeq + ", lastSeq=" + lastSeq + '}';
    }

    void onReaderClosed(final JournalReader reader)
    {
        readers.remove(reader);
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("journal " + directory + " is closed");
        }
    }

    private static boolean isOffHeap(final DirectBuffer buffer)
    {
        final ByteBuffer byteBuffer = buffer.byteBuffer();
        return null == byteBuffer || byteBuffer.isDirect();
    }

    /** The seq of the record the tailer reads next (checked), or 0 when there is none. Allocates; for open only. */
    private static long seqOfNext(final ExcerptTailer tailer, final Path directory)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return 0;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] copy = new byte[(int)Math.min(bytes.readRemaining(), Integer.MAX_VALUE - 8)];
            bytes.read(copy, 0, copy.length);
            final UnsafeBuffer record = new UnsafeBuffer(copy);
            String problem = new RecordChecksum().problem(copy, copy.length);
            if (null == problem)
            {
                problem = SequencedRecords.problem(record, 0, copy.length - RecordChecksum.LENGTH);
            }
            if (null != problem)
            {
                throw new JournalCorruptException(JournalReader.fileOf(tailer, directory), dc.index(), problem);
            }
            final long seq = SequencedRecords.seq(record, 0);
            if (seq < 1)
            {
                throw new JournalCorruptException(
                    JournalReader.fileOf(tailer, directory), dc.index(), "seq " + seq + " is not positive");
            }
            return seq;
        }
    }

    private static void disableUnlessSet(final String property)
    {
        if (null == System.getProperty(property))
        {
            System.setProperty(property, "true");
        }
    }
}
