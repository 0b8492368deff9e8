package io.hedge.journal;

import java.nio.file.Path;

/**
 * A journal record that is not a well-formed, contiguous fabric {@code Sequenced} message. Reported with the file
 * that holds it and its position (the Chronicle index), never silently skipped.
 */
public final class JournalCorruptException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long index;

    public JournalCorruptException(final Path file, final long index, final String reason)
    {
        super("corrupt journal record in " + file + " at index " + index
            + " (0x" + Long.toHexString(index) + "): " + reason);
        this.file = file;
        this.index = index;
    }

    /** The queue file (or, when unknown, the journal directory) that holds the record. */
    public Path file()
    {
        return file;
    }

    /** The Chronicle index of the record. */
    public long index()
    {
        return index;
    }
}
