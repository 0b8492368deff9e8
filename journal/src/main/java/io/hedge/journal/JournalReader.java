package io.hedge.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NavigableSet;

/**
 * Reads a {@link SequencedJournal} in order, checking every record: its checksum, an SBE header, the fabric schema, the
 * {@code Sequenced} template, a body that fits in the record, and a seq one more than the previous record's.
 * A record that fails is reported with a {@link JournalCorruptException} (file and index) and is not consumed.
 * <p>
 * Used by one thread at a time (the Chronicle tailer is created on first use, by the thread that uses it).
 * Records are copied into one reused buffer, which grows only for a larger record: no allocation per record.
 */
public final class JournalReader implements AutoCloseable
{
    private static final int INITIAL_CAPACITY = 1024;
    private static final long NO_SEQ = 0;
    private static final JournalRecordHandler IGNORE = (buffer, offset, length) -> {};

    private final SequencedJournal journal;
    private final SingleChronicleQueue queue;
    private final Path directory;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[INITIAL_CAPACITY]);
    private final RecordChecksum checksum = new RecordChecksum();
    private ExcerptTailer tailer;
    /** The seq the next record must carry; {@link #NO_SEQ} when any positive seq may come next (at the start). */
    private long nextSeq = NO_SEQ;
    /** Index of the record read by the last {@link #readRecord}. */
    private long recordIndex;
    private boolean closed;
    private int fallbackScans;

    JournalReader(final SequencedJournal journal, final SingleChronicleQueue queue, final Path directory)
    {
        this.journal = journal;
        this.queue = queue;
        this.directory = directory;
    }

    /**
     * Reads the next record, if any, and hands it to the handler (the buffer is valid only during the call).
     *
     * @return true if a record was read, false at the end of the journal.
     * @throws JournalCorruptException if the next record is malformed or its seq does not follow the previous one;
     *                                 the reader stays before it.
     */
    public boolean readNext(final JournalRecordHandler handler)
    {
        final int length;
        final ExcerptTailer tailer = tailer();
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            try
            {
                length = readRecord(dc);
                final long seq = SequencedRecords.seq(buffer, 0);
                if (NO_SEQ == nextSeq ? seq < 1 : seq != nextSeq)
                {
                    throw corrupt(NO_SEQ == nextSeq ?
                        "seq " + seq + " is not positive" :
                        "seq " + seq + " does not follow seq " + (nextSeq - 1) + " (expected " + nextSeq + ")");
                }
                nextSeq = seq + 1;
            }
            catch (final RuntimeException ex)
            {
                dc.rollbackOnClose();
                throw ex;
            }
        }
        handler.onRecord(buffer, 0, length);
        return true;
    }

    /**
     * Positions the reader so that the next {@link #readNext} returns the record with this seq.
     * Uses the Chronicle index: within one roll cycle, seqs and excerpt indexes advance together, so one record
     * read per cycle finds the index of any seq.
     *
     * @return true if the journal holds the seq; false otherwise, and the reader is left at the end of the journal.
     */
    public boolean seekToSeq(final long seq)
    {
        final ExcerptTailer tailer = tailer();
        if (seq < 1)
        {
            toEnd(tailer);
            return false;
        }

        final int firstCycle = queue.firstCycle();
        final int lastCycle = queue.lastCycle();
        if (firstCycle > lastCycle)
        {
            toEnd(tailer);
            return false;
        }
        final RollCycle rollCycle = queue.rollCycle();
        final NavigableSet<Long> cycles = queue.listCyclesBetween(firstCycle, lastCycle);
        for (final Iterator<Long> it = cycles.descendingIterator(); it.hasNext(); )
        {
            final int cycle = it.next().intValue();
            if (!tailer.moveToCycle(cycle))
            {
                continue;
            }
            final long firstSeqOfCycle = peekSeq(tailer);
            if (NO_SEQ == firstSeqOfCycle || seq < firstSeqOfCycle)
            {
                continue; // an empty cycle, or the seq lies in an earlier one
            }
            final long firstSequenceNumber = rollCycle.toSequenceNumber(recordIndex);
            final long distance = seq - firstSeqOfCycle;
            if (distance >= rollCycle.maxMessagesPerCycle() - firstSequenceNumber)
            {
                toEnd(tailer);
                return false;
            }
            final long index = rollCycle.toIndex(cycle, firstSequenceNumber + distance);
            if (!tailer.moveToIndex(index))
            {
                toEnd(tailer); // beyond the last record of the cycle in which it would be: not journaled
                return false;
            }
            final long found = peekSeq(tailer);
            if (NO_SEQ == found)
            {
                toEnd(tailer);
                return false;
            }
            if (found == seq && recordIndex == index)
            {
                return positionAt(tailer, index, seq);
            }
            break; // indexes and seqs disagree; fall back to a scan, which reports any corruption
        }
        return scanToSeq(tailer, seq);
    }

    /** Closes the reader. Idempotent. */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != tailer)
        {
            tailer.close();
            tailer = null;
        }
        journal.onReaderClosed(this);
    }

    /** How many seeks fell back to a scan from the start (for tests: the index should serve every seek). */
    int fallbackScans()
    {
        return fallbackScans;
    }

    private ExcerptTailer tailer()
    {
        if (closed)
        {
            throw new IllegalStateException("reader of " + directory + " is closed");
        }
        ExcerptTailer tailer = this.tailer;
        if (null == tailer)
        {
            tailer = queue.createTailer();
            this.tailer = tailer;
        }
        return tailer;
    }

    /** Reads from the start, checking every record, until the seq: the fallback when the index cannot be used. */
    private boolean scanToSeq(final ExcerptTailer tailer, final long seq)
    {
        fallbackScans++;
        tailer.toStart();
        nextSeq = NO_SEQ;
        while (readNext(IGNORE))
        {
            final long readSeq = nextSeq - 1;
            if (readSeq == seq)
            {
                if (!positionAt(tailer, recordIndex, seq))
                {
                    throw new IllegalStateException(
                        "cannot move back to index " + recordIndex + " of seq " + seq + " in " + directory);
                }
                return true;
            }
            if (readSeq > seq)
            {
                break;
            }
        }
        toEnd(tailer);
        return false;
    }

    private boolean positionAt(final ExcerptTailer tailer, final long index, final long seq)
    {
        if (!tailer.moveToIndex(index))
        {
            return false;
        }
        nextSeq = seq;
        return true;
    }

    private void toEnd(final ExcerptTailer tailer)
    {
        tailer.toEnd();
        nextSeq = NO_SEQ;
    }

    /** The seq of the record at the tailer's position, left unconsumed (the caller repositions), or NO_SEQ. */
    private long peekSeq(final ExcerptTailer tailer)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            dc.rollbackOnClose();
            if (!dc.isPresent())
            {
                return NO_SEQ;
            }
            readRecord(dc);
            final long seq = SequencedRecords.seq(buffer, 0);
            if (seq < 1)
            {
                throw corrupt("seq " + seq + " is not positive");
            }
            return seq;
        }
    }

    /** Copies the document into the buffer, checks its checksum and the record's structure; returns its length. */
    private int readRecord(final DocumentContext dc)
    {
        recordIndex = dc.index();
        final Bytes<?> bytes = dc.wire().bytes();
        final long remaining = bytes.readRemaining();
        if (remaining > Integer.MAX_VALUE - 8)
        {
            throw corrupt("record of " + remaining + " bytes is too long");
        }
        final int documentLength = (int)remaining;
        if (documentLength > buffer.capacity())
        {
            buffer.wrap(new byte[documentLength <= (1 << 30) ?
                BitUtil.findNextPositivePowerOfTwo(documentLength) : documentLength]);
        }
        bytes.read(buffer.byteArray(), 0, documentLength);
        final String torn = checksum.problem(buffer.byteArray(), documentLength);
        if (null != torn)
        {
            throw corrupt(torn);
        }
        final int length = documentLength - RecordChecksum.LENGTH;
        final String problem = SequencedRecords.problem(buffer, 0, length);
        if (null != problem)
        {
            throw corrupt(problem);
        }
        return length;
    }

    private JournalCorruptException corrupt(final String reason)
    {
        return new JournalCorruptException(fileOf(tailer, directory), recordIndex, reason);
    }

    static Path fileOf(final ExcerptTailer tailer, final Path directory)
    {
        final File file = null == tailer ? null : tailer.currentFile();
        return null == file ? directory : file.toPath();
    }
}
