package io.hedge.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Cuts a closed journal back to a seq. Chronicle Queue cannot drop records in place, so the records to keep are
 * copied to a new queue beside it, the old queue is set aside (never deleted: its tail is evidence of what an
 * abandoned epoch sequenced) and the new one takes its name. Used by a gateway whose journal holds seqs that the
 * epoch after its own never adopted.
 */
public final class JournalTruncation
{
    private JournalTruncation()
    {
    }

    /**
     * @param directory the journal's directory; no {@link SequencedJournal} may have it open.
     * @param keepUpTo  the last seq to keep; later records are set aside.
     * @param tag       names the set-aside copy, e.g. the epoch that abandoned the tail.
     * @return where the old journal was moved, or null when there was nothing to cut.
     */
    public static Path keepUpTo(final Path directory, final long keepUpTo, final String tag)
    {
        final Path copy = directory.resolveSibling(directory.getFileName() + ".truncating");
        final Path aside = directory.resolveSibling(directory.getFileName() + ".abandoned-" + tag + "-" +
            System.currentTimeMillis());
        try (SequencedJournal source = SequencedJournal.open(directory))
        {
            if (source.lastSeq() <= keepUpTo)
            {
                return null;
            }
            deleteRecursively(copy);
            try (SequencedJournal target = SequencedJournal.open(copy); JournalReader reader = source.reader())
            {
                final UnsafeBuffer scratch = new UnsafeBuffer(new byte[0]);
                final long[] next = {source.firstSeq()};
                if (source.firstSeq() > 1)
                {
                    target.startAfter(source.firstSeq() - 1);
                }
                while (next[0] <= keepUpTo && reader.readNext((buffer, offset, length) ->
                {
                    scratch.wrap(buffer, offset, length);
                    target.append(scratch, 0, length);
                }))
                {
                    next[0]++;
                }
            }
        }
        swap(directory, copy, aside);
        return aside;
    }

    /**
     * Keep the first {@code records} records of a journal whose records after them cannot be read (a record torn by
     * a full disk): the copy reads raw records from the start and never touches what follows them.
     *
     * @param firstSeq the seq of the first record.
     * @return where the old journal was moved.
     */
    public static Path keepReadablePrefix(final Path directory, final long firstSeq, final long records, final String tag)
    {
        final Path copy = directory.resolveSibling(directory.getFileName() + ".truncating");
        final Path aside = directory.resolveSibling(directory.getFileName() + ".abandoned-" + tag + "-" +
            System.currentTimeMillis());
        deleteRecursively(copy);
        try (SingleChronicleQueue source = ChronicleQueue.singleBuilder(directory)
                .rollCycle(SequencedJournal.ROLL_CYCLE).readOnly(true).build();
            ExcerptTailer tailer = source.createTailer();
            SequencedJournal target = SequencedJournal.open(copy))
        {
            if (firstSeq > 1)
            {
                target.startAfter(firstSeq - 1);
            }
            final UnsafeBuffer scratch = new UnsafeBuffer(new byte[0]);
            final RecordChecksum checksum = new RecordChecksum();
            byte[] record = new byte[256];
            for (long copied = 0; copied < records; copied++)
            {
                final int length;
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        throw new IllegalStateException(directory + " holds fewer than " + records + " records");
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final int documentLength = (int)bytes.readRemaining();
                    if (record.length < documentLength)
                    {
                        record = new byte[documentLength];
                    }
                    bytes.read(record, 0, documentLength);
                    final String torn = checksum.problem(record, documentLength);
                    if (null != torn)
                    {
                        // the prefix was verified before the cut: a record that changed since must not be copied
                        throw new JournalCorruptException(JournalReader.fileOf(tailer, directory), dc.index(), torn);
                    }
                    length = documentLength - RecordChecksum.LENGTH; // append adds a fresh checksum
                }
                scratch.wrap(record, 0, length);
                target.append(scratch, 0, length);
            }
        }
        swap(directory, copy, aside);
        return aside;
    }

    private static void swap(final Path directory, final Path copy, final Path aside)
    {
        try
        {
            Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
            Files.move(copy, directory, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot swap the cut journal into " + directory, ex);
        }
    }

    /**
     * Finish a cut a crash interrupted, before the journal is opened: with the journal gone and its cut copy
     * present, the crash fell between the two renames and the copy is whole (it is renamed only once written), so it
     * takes the journal's name; with both present, the copy may be partial and is removed (the cut is redone).
     *
     * @return true if a cut copy was put in place.
     */
    public static boolean finishInterrupted(final Path directory)
    {
        final Path copy = directory.resolveSibling(directory.getFileName() + ".truncating");
        if (!Files.exists(copy))
        {
            return false;
        }
        if (Files.exists(directory))
        {
            deleteRecursively(copy);
            return false;
        }
        try
        {
            Files.move(copy, directory, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot put the cut journal " + copy + " in place of " + directory, ex);
        }
        return true;
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
}
