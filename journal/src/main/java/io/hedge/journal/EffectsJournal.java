package io.hedge.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's record of the external effects of each seq that has any, so that a gateway can resume the effects sink
 * from wherever it stands, however far behind (protocol v2, rule 7). A Chronicle Queue beside the replica's journal
 * (same roll cycle and settings as {@link SequencedJournal}), one excerpt per seq with effects:
 * {@code [int64 seq][the effects bytes exactly as in ReplicaResponse.effects][int32 CRC32C]}, seqs strictly
 * increasing. The checksum ({@link RecordChecksum}, as in the journal) is checked whenever an excerpt is read, and
 * every excerpt is checked when the journal opens: one that a fault tore (a full disk's SIGBUS lands after the write
 * was committed, `hedge chaos --seed 1208`) sets the whole journal aside and it starts again empty, so that a replica
 * serves only effects it holds whole and recomputes the rest as it replays.
 *
 * <p>Sparse: a seq without effects has no excerpt, so what the journal says about a seq with none depends on knowing
 * where it begins: its first excerpt is a begin mark {@code [int64 -1][int64 afterSeq]} ({@link #beginAfter}) that says
 * it holds the effects of every seq after {@code afterSeq} up to what the replica has applied. Hence
 * {@link #firstAvailableSeq()}: a replica bootstrapped from a peer's snapshot at seq S holds effects from S + 1 only.
 *
 * <p>Cut with the journal: a replica that repairs to seq T calls {@link #truncateTo} (the cut-off tail is moved aside,
 * never deleted), one that bootstraps from a peer calls {@link #resetAfter}. One writer thread at a time (the thread
 * that opens it may hand it to another, the replica's agent, which then makes its own appender); each reader
 * ({@link Reader}) on one thread; readers follow a cut by starting over.
 */
public final class EffectsJournal implements AutoCloseable
{
    /** Hands over the effects of one seq; the buffer is valid only during the call. */
    @FunctionalInterface
    public interface EffectsHandler
    {
        void onEffects(long seq, DirectBuffer buffer, int offset, int length);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EffectsJournal.class);
    private static final long BEGIN_MARK = -1;
    private static final int SEQ_LENGTH = Long.BYTES;

    static
    {
        // Nothing in Hedge phones home (as SequencedJournal): set before the first queue is built.
        if (null == System.getProperty("chronicle.analytics.disable"))
        {
            System.setProperty("chronicle.analytics.disable", "true");
        }
        if (null == System.getProperty("chronicle.announcer.disable"))
        {
            System.setProperty("chronicle.announcer.disable", "true");
        }
    }

    private final Path directory;
    private final List<Reader> readers = new ArrayList<>();
    private final ExpandableArrayBuffer record = new ExpandableArrayBuffer(256);
    private final RecordChecksum checksum = new RecordChecksum();
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    /** Chronicle's appender belongs to the thread that made it: the journal opens on one, appends on another. */
    private Thread appenderThread;
    /** Seqs after this one are covered; -1 until a begin mark is written or read. */
    private long afterSeq = -1;
    private long lastSeq;
    private boolean closed;

    private EffectsJournal(final Path directory)
    {
        this.directory = directory;
        openQueue();
    }

    /**
     * Opens the effects journal in this directory, creating it if needed.
     *
     * @throws JournalCorruptException if its first excerpt is not a begin mark or an excerpt is too short.
     */
    public static EffectsJournal open(final Path directory)
    {
        return new EffectsJournal(directory);
    }

    /**
     * @return the directory of a replica's effects journal: beside its journal, {@code <journal>-effects}.
     */
    public static Path besideJournal(final Path journalDirectory)
    {
        return journalDirectory.resolveSibling(journalDirectory.getFileName() + "-effects");
    }

    private void openQueue()
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create effects journal directory " + directory, ex);
        }
        queue = ChronicleQueue.singleBuilder(directory).rollCycle(SequencedJournal.ROLL_CYCLE).build();
        afterSeq = -1;
        lastSeq = 0;
        final String torn = EffectsJournalCheck.firstProblem(queue, BEGIN_MARK);
        if (null != torn)
        {
            setAsideTorn(torn);
            return;
        }
        try (ExcerptTailer tailer = queue.createTailer())
        {
            final long first = seqOfNext(tailer.direction(TailerDirection.FORWARD).toStart());
            if (Long.MIN_VALUE == first)
            {
                return;
            }
            if (BEGIN_MARK != first)
            {
                throw new JournalCorruptException(directory, queue.firstIndex(), "the first excerpt is not a begin mark");
            }
            lastSeq = afterSeq;
            final long last = seqOfNext(tailer.direction(TailerDirection.BACKWARD).toEnd());
            if (BEGIN_MARK != last && Long.MIN_VALUE != last)
            {
                lastSeq = last;
            }
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * A torn or unreadable excerpt: keep nothing of this journal (moved aside, never deleted) and begin again empty.
     * Effects of seqs the replica replays are recomputed into it; earlier ones are served by the other replicas, as
     * for a replica that bootstrapped from a peer.
     */
    private void setAsideTorn(final String problem)
    {
        queue.close();
        final Path aside = directory.resolveSibling(directory.getFileName() + ".abandoned-torn-" +
            System.currentTimeMillis());
        try
        {
            Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set the torn effects journal " + directory + " aside", ex);
        }
        LOG.warn("effects journal {} is not whole ({}): set aside in {}; it begins again empty, and the effects of " +
            "the seqs replayed are written again", directory, problem, aside);
        queue = ChronicleQueue.singleBuilder(directory).rollCycle(SequencedJournal.ROLL_CYCLE).build();
    }

    /**
     * Say where an empty journal begins: it will hold the effects of every seq after this one. Nothing is done when
     * the journal has begun already.
     *
     * @return true if the begin mark was written now.
     */
    public boolean beginAfter(final long seq)
    {
        checkOpen();
        if (afterSeq >= 0)
        {
            return false;
        }
        if (seq < 0)
        {
            throw new IllegalArgumentException("an effects journal begins after a seq >= 0, got " + seq);
        }
        record.putLong(0, BEGIN_MARK);
        record.putLong(SEQ_LENGTH, seq);
        write(record, 0, 2 * SEQ_LENGTH);
        afterSeq = seq;
        lastSeq = seq;
        return true;
    }

    /**
     * Keep the effects of this seq; a journal not yet begun begins just before it. Allocation-free.
     *
     * @throws IllegalStateException if seq is not after {@link #lastSeq()}.
     */
    public void append(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        checkOpen();
        if (afterSeq < 0)
        {
            beginAfter(seq - 1);
        }
        if (seq <= lastSeq)
        {
            throw new IllegalStateException("effects of seq " + seq + " appended to " + directory +
                " after those of seq " + lastSeq);
        }
        record.putLong(0, seq);
        record.putBytes(SEQ_LENGTH, buffer, offset, length);
        write(record, 0, SEQ_LENGTH + length);
        lastSeq = seq;
    }

    /**
     * As {@link #append}, but a seq at or before {@link #lastSeq()} (held already, or one before the journal begins)
     * is let be: for a replay that recomputes effects the journal may already hold.
     *
     * @return true if appended.
     */
    public boolean appendIfNew(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (afterSeq >= 0 && seq <= lastSeq)
        {
            return false;
        }
        append(seq, buffer, offset, length);
        return true;
    }

    private void write(final ExpandableArrayBuffer buffer, final int offset, final int length)
    {
        ExcerptAppender appender = this.appender;
        if (null == appender || appenderThread != Thread.currentThread())
        {
            if (null != appender)
            {
                appender.close();
            }
            appender = queue.createAppender();
            this.appender = appender;
            appenderThread = Thread.currentThread();
        }
        // from the source bytes, before the write: a fault that loses part of the record cannot change it
        final int crc = checksum.compute(buffer.byteArray(), offset, length);
        final DocumentContext dc = appender.writingDocument();
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.write(buffer.byteArray(), offset, length);
            bytes.writeInt(RecordChecksum.ORDER == ByteOrder.nativeOrder() ? crc : Integer.reverseBytes(crc));
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
     * Cut the journal to the effects of seqs up to keepUpTo (a replica's repair cuts its journal there): the excerpts
     * to keep are copied to a new queue, the old one is moved aside ({@code <dir>.abandoned-<tag>-<millis>}), never
     * deleted. Readers start over.
     *
     * @return where the old queue was moved, or null when nothing was after keepUpTo.
     */
    public Path truncateTo(final long keepUpTo, final String tag)
    {
        checkOpen();
        if (lastSeq <= keepUpTo)
        {
            return null;
        }
        final Path copy = directory.resolveSibling(directory.getFileName() + ".truncating");
        deleteRecursively(copy);
        final long begin = afterSeq < 0 ? keepUpTo : Math.min(afterSeq, keepUpTo);
        try (EffectsJournal target = open(copy); Reader reader = reader())
        {
            target.beginAfter(begin);
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            final boolean[] more = {true};
            while (more[0] && reader.readNext((seq, buffer, offset, length) ->
            {
                if (seq <= keepUpTo)
                {
                    view.wrap(buffer, offset, length);
                    target.append(seq, view, 0, length);
                }
                else
                {
                    more[0] = false;
                }
            }))
            {
                // each excerpt is copied by the handler
            }
        }
        return swapIn(copy, tag);
    }

    /**
     * Move everything aside and begin again after this seq (a replica that installs a peer's snapshot at seq holds
     * no effects before it).
     *
     * @return where the old queue was moved, or null when it held nothing.
     */
    public Path resetAfter(final long seq, final String tag)
    {
        checkOpen();
        Path aside = null;
        if (afterSeq >= 0)
        {
            final Path copy = directory.resolveSibling(directory.getFileName() + ".truncating");
            deleteRecursively(copy);
            try (EffectsJournal empty = open(copy))
            {
                empty.beginAfter(seq);
            }
            aside = swapIn(copy, tag);
        }
        beginAfter(seq);
        return aside;
    }

    private Path swapIn(final Path copy, final String tag)
    {
        closeQueue();
        final Path aside = directory.resolveSibling(directory.getFileName() + ".abandoned-" + tag + "-" +
            System.currentTimeMillis());
        try
        {
            Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
            Files.move(copy, directory, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot swap the cut effects journal into " + directory, ex);
        }
        openQueue();
        return aside;
    }

    /**
     * @return the oldest seq whose effects (or their absence) this journal knows: the seq after its begin mark;
     * {@link Long#MAX_VALUE} before it has begun.
     */
    public long firstAvailableSeq()
    {
        return afterSeq < 0 ? Long.MAX_VALUE : afterSeq + 1;
    }

    /**
     * @return the last seq with effects appended, or the begin seq when none has been; 0 before it has begun.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * @return a reader at the start. Close it before, or with, the journal.
     */
    public Reader reader()
    {
        checkOpen();
        final Reader reader = new Reader();
        readers.add(reader);
        return reader;
    }

    @Override
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
        closeQueue();
    }

    private void closeQueue()
    {
        for (final Reader reader : readers)
        {
            reader.dropTailer();
        }
        if (null != appender)
        {
            appender.close();
            appender = null;
        }
        queue.close();
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("effects journal " + directory + " is closed");
        }
    }

    /** The first 8 bytes of the excerpt the tailer reads next, consumed; Long.MIN_VALUE when there is none. */
    private long seqOfNext(final ExcerptTailer tailer)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return Long.MIN_VALUE;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            if (bytes.readRemaining() < SEQ_LENGTH)
            {
                throw new JournalCorruptException(directory, dc.index(), "an excerpt shorter than a seq");
            }
            final long seq = bytes.readLong();
            if (BEGIN_MARK == seq && tailer.direction() == TailerDirection.FORWARD)
            {
                afterSeq = bytes.readLong();
            }
            return seq;
        }
    }

    private static void deleteRecursively(final Path path)
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (var walk = Files.walk(path))
        {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Reads the effects in seq order, skipping the begin mark; copies each into one reused buffer (no allocation once
     * it has the size of the largest). After the journal is cut it starts over from the beginning.
     */
    public final class Reader implements AutoCloseable
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        private ExcerptTailer tailer;
        private long lastReadSeq;
        private boolean readerClosed;

        private Reader()
        {
        }

        /**
         * @return true if an excerpt was read (and handed over), false at the end.
         */
        public boolean readNext(final EffectsHandler handler)
        {
            if (readerClosed)
            {
                throw new IllegalStateException("effects journal reader of " + directory + " is closed");
            }
            if (null == tailer)
            {
                tailer = queue.createTailer();
                lastReadSeq = 0;
            }
            while (true)
            {
                final long seq;
                final int length;
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return false;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long remaining = bytes.readRemaining();
                    if (remaining < SEQ_LENGTH + RecordChecksum.LENGTH || remaining > Integer.MAX_VALUE - 16)
                    {
                        throw new JournalCorruptException(directory, dc.index(), "an excerpt of " + remaining + " bytes");
                    }
                    if (buffer.capacity() < remaining)
                    {
                        buffer.wrap(new byte[Math.max((int)remaining, 2 * buffer.capacity())]);
                    }
                    bytes.read(buffer.byteArray(), 0, (int)remaining);
                    final String problem = checksum.problem(buffer.byteArray(), (int)remaining);
                    if (null != problem)
                    {
                        throw new JournalCorruptException(directory, dc.index(), problem);
                    }
                    seq = buffer.getLong(0, ByteOrder.LITTLE_ENDIAN);
                    length = (int)remaining - SEQ_LENGTH - RecordChecksum.LENGTH;
                    if (BEGIN_MARK == seq)
                    {
                        continue;
                    }
                    if (seq <= lastReadSeq)
                    {
                        throw new JournalCorruptException(directory, dc.index(),
                            "seq " + seq + " does not follow seq " + lastReadSeq);
                    }
                }
                lastReadSeq = seq;
                handler.onEffects(seq, buffer, SEQ_LENGTH, length);
                return true;
            }
        }

        /**
         * Read from the start again.
         */
        public void rewind()
        {
            dropTailer();
        }

        /**
         * @return the seq of the last excerpt read, 0 if none since the (re)start.
         */
        public long lastReadSeq()
        {
            return lastReadSeq;
        }

        private void dropTailer()
        {
            if (null != tailer)
            {
                tailer.close();
                tailer = null;
            }
            lastReadSeq = 0;
        }

        @Override
        public void close()
        {
            if (readerClosed)
            {
                return;
            }
            readerClosed = true;
            dropTailer();
            readers.remove(this);
        }
    }
}
