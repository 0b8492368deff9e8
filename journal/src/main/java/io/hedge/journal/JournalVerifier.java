package io.hedge.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.CloseHelper;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads every record of a {@link SequencedJournal} directory and reports the first problem: a record whose checksum
 * does not match, that is not a well-formed {@code Sequenced} message or that Chronicle cannot read, a seq that does not follow the previous one
 * (a gap, or one that does not increase), a record cut short by a truncated file, or the remains of a record after
 * the last readable one (a header never marked complete, or bytes past the end of the data).
 * <p>
 * The queue is opened read-only, so that verifying never changes the files (a read-write open extends a truncated
 * queue file back to its chunk size, hiding the truncation). Besides Chronicle's own reading, two cheap checks on
 * the files themselves catch what Chronicle would otherwise present as a shorter, healthy journal: every record must
 * end within its file, and after the last record of each file the raw bytes must show a clean end (no header, or
 * Chronicle's end-of-file marker) and nothing written after it.
 * <p>
 * The two passes are {@link JournalFramingCheck} (the raw files) and {@link ChronicleRecordScan} (the records as
 * Chronicle reads them); this class orders them and combines their findings into one {@link Result}.
 */
public final class JournalVerifier
{
    /** What went wrong. */
    public enum Kind
    {
        /**
         * Its checksum does not match, it is not a well-formed {@code Sequenced} message, or Chronicle failed to read
         * it.
         */
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
     * @param atLastRecord true when the problem is the journal's last record and nothing follows it: the signature of
     *                  a write the process died in (a full disk faults the mapped page under a record already framed).
     * @param recordsAfterProblem when the problem is an unreadable record (a checksum mismatch included) in soundly
     *                  framed files: how many records the files hold after it (0 when it is the last); -1 otherwise.
     */
    public record Result(long records, long firstSeq, long lastSeq, int files, Problem problem, boolean atLastRecord,
        long recordsAfterProblem)
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

    private JournalVerifier()
    {
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
        return scan(directory);
    }

    /** The framing check first, as it cannot fault; Chronicle reads only up to the first framing problem. */
    private static Result scan(final Path directory)
    {
        final JournalFramingCheck framing = new JournalFramingCheck(directory);
        if (0 == framing.check())
        {
            return new Result(0, 0, 0, 0, null, false, -1); // no queue files: an empty journal
        }
        if (null != framing.problem() && 0 == framing.problemSequence())
        {
            // broken before the file's first record, perhaps in its header or index: Chronicle may touch the missing
            // bytes on opening, which faults asynchronously; report without letting it read
            return new Result(0, 0, 0, 0, framing.problem(), false, -1);
        }
        final ChronicleRecordScan records =
            new ChronicleRecordScan(directory, framing.problemCycle(), framing.problemSequence());
        Problem problem;
        SingleChronicleQueue queue = null;
        ExcerptTailer tailer = null;
        try
        {
            queue = ChronicleQueue.singleBuilder(directory)
                .rollCycle(SequencedJournal.ROLL_CYCLE).readOnly(true).build();
            tailer = queue.createTailer();
            final Problem found = records.readAll(tailer);
            problem = null != found ? found : framing.problem();
        }
        catch (final RuntimeException | InternalError ex)
        {
            // InternalError: the JVM's report of a fault on a memory-mapped page beyond the end of a cut file
            problem = records.chronicleFailure(tailer, ex);
        }
        finally
        {
            closeQuietly(tailer);
            closeQuietly(queue);
        }
        if (null == problem && records.records() != framing.framedRecords())
        {
            problem = new Problem(Kind.UNREADABLE_RECORD, records.currentPath(), records.lastIndex() + 1, -1,
                "Chronicle delivered " + records.records() + " records but the queue files hold " +
                framing.framedRecords());
        }
        final long recordsAfterProblem = null != problem && null == framing.problem() &&
            problem.kind() == Kind.UNREADABLE_RECORD && records.records() < framing.framedRecords() ?
            framing.framedRecords() - records.records() - 1 : -1;
        return new Result(records.records(), records.firstSeq(), records.lastSeq(), records.files(), problem,
            0 == recordsAfterProblem, recordsAfterProblem);
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
}
