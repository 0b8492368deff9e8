package io.hedge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The check the journal tools make before they open a directory: opening a Chronicle Queue creates one, so a tool
 * pointed at the wrong directory would otherwise write queue files into it and report an empty journal.
 */
final class JournalDirectory
{
    /** Chronicle Queue's cycle files and its metadata table: a journal holds at least one of them. */
    private static final String CYCLE_SUFFIX = ".cq4";
    private static final String METADATA_SUFFIX = ".cq4t";

    private JournalDirectory()
    {
    }

    /**
     * @return the directory, when it is a journal.
     * @throws IllegalArgumentException when it is missing, a file, or a directory without queue files.
     */
    static Path require(final Path dir)
    {
        requireDirectory(dir);
        if (!holdsQueueFiles(dir))
        {
            throw new IllegalArgumentException(notAJournal(dir));
        }
        return dir;
    }

    /**
     * @throws IllegalArgumentException when the path is missing or a file.
     */
    static void requireDirectory(final Path dir)
    {
        if (!Files.exists(dir))
        {
            throw new IllegalArgumentException("no journal directory " + dir);
        }
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException(dir + " is a file, not a journal directory");
        }
    }

    static String notAJournal(final Path dir)
    {
        return dir + " is not a journal: it holds no Chronicle Queue files (*" + CYCLE_SUFFIX + ", *" + METADATA_SUFFIX +
            "); a journal is a directory such as hedge-work/replica-A/journal";
    }

    static boolean holdsQueueFiles(final Path dir)
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.map(p -> p.getFileName().toString())
                .anyMatch(name -> name.endsWith(CYCLE_SUFFIX) || name.endsWith(METADATA_SUFFIX));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + dir, ex);
        }
    }
}
