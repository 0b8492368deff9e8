package io.hedge.journal;

import io.hedge.journal.JournalVerifier.Kind;
import io.hedge.journal.JournalVerifier.Problem;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.file.Path;

import static io.hedge.journal.JournalFramingCheck.HEADER_BYTES;

/**
 * The verifier's second pass: reads the records through Chronicle, up to where the framing check found a problem,
 * and checks each one: it ends within its file, its checksum matches, it is a well-formed {@code Sequenced} message, and its seq follows
 * the previous one. Keeps the counts and the position of the last sound record, which every report of a problem
 * after it names.
 */
final class ChronicleRecordScan
{
    private final Path directory;
    private final int stopCycle;
    private final long stopSequence;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final RecordChecksum checksum = new RecordChecksum();

    private long records;
    private long firstSeq;
    private long lastSeq;
    private int files;
    private int cycle = Integer.MIN_VALUE;
    private File file;
    private long fileLength;
    private long lastIndex = -1;
    private Problem found;

    /**
     * @param stopCycle    roll cycle of the first framing problem; reading stops there, as that problem comes first.
     * @param stopSequence sequence within stopCycle of the record the framing problem is at.
     */
    ChronicleRecordScan(final Path directory, final int stopCycle, final long stopSequence)
    {
        this.directory = directory;
        this.stopCycle = stopCycle;
        this.stopSequence = stopSequence;
    }

    long records()
    {
        return records;
    }

    long firstSeq()
    {
        return firstSeq;
    }

    long lastSeq()
    {
        return lastSeq;
    }

    int files()
    {
        return files;
    }

    long lastIndex()
    {
        return lastIndex;
    }

    /** @return where a problem after the last record read is: its file, or the directory if none was read. */
    Path currentPath()
    {
        return null == file ? directory : file.toPath();
    }

    /** @return the first problem in a record, null if every record read was sound. */
    Problem readAll(final ExcerptTailer tailer)
    {
        while (readOne(tailer))
        {
            // every record is checked as it is read
        }
        return found;
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
            if (recordCycle > stopCycle ||
                (recordCycle == stopCycle && SequencedJournal.ROLL_CYCLE.toSequenceNumber(index) >= stopSequence))
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
            final int documentLength = (int)remaining;
            if (documentLength > buffer.capacity())
            {
                buffer.wrap(new byte[documentLength]);
            }
            bytes.read(buffer.byteArray(), 0, documentLength);
            final String torn = checksum.problem(buffer.byteArray(), documentLength);
            if (null != torn)
            {
                return fail(Kind.UNREADABLE_RECORD, index, offset, torn);
            }
            final int length = documentLength - RecordChecksum.LENGTH;
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
        found = new Problem(kind, currentPath(), index, offset, description);
        return false;
    }

    /**
     * Describe a failure of Chronicle itself (an exception, or a fault on a mapped page), placing it after the last
     * sound record.
     *
     * @param tailer the tailer that was reading, null if the queue could not be opened.
     */
    Problem chronicleFailure(final ExcerptTailer tailer, final Throwable ex)
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
                "Chronicle failed opening the queue: " + ex + "; queue files: " +
                JournalFramingCheck.describeQueueFiles(directory));
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
}
