package io.hedge.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a snapshot directory: which file holds which seq, which files are snapshots (newest first), and
 * the retention that deletes all but the newest few and the temporary files an interrupted write left.
 */
final class SnapshotFiles
{
    static final String PREFIX = "snapshot-";
    static final String SUFFIX = ".hsnap";
    static final String TEMP_SUFFIX = ".tmp";

    /** Logged under the store's name, as before the store was split, so that log configurations keep working. */
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{18})\\.hsnap");

    private final Path directory;

    SnapshotFiles(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Create the directory if needed and remove the temporary files an interrupted write left.
     *
     * @throws UncheckedIOException if the directory cannot be created or listed.
     */
    void open()
    {
        try
        {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX + TEMP_SUFFIX))
            {
                for (final Path file : files)
                {
                    Files.deleteIfExists(file);
                    LOG.info("removed {}, left by a snapshot write that did not finish", file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open snapshot directory " + directory, ex);
        }
    }

    Path fileFor(final long seq)
    {
        return directory.resolve(String.format(Locale.ROOT, "%s%018d%s", PREFIX, seq, SUFFIX));
    }

    static Path tempFileFor(final Path file)
    {
        return file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
    }

    /**
     * @return the snapshot files, newest (highest seq) first; temporary files and other names are not listed.
     * @throws UncheckedIOException if the directory cannot be listed.
     */
    List<Path> list()
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX))
        {
            for (final Path file : stream)
            {
                if (seqOf(file) >= 0 && Files.isRegularFile(file))
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshot directory " + directory, ex);
        }
        files.sort(Comparator.comparingLong(SnapshotFiles::seqOf).reversed());
        return files;
    }

    /**
     * Delete all but the newest {@code retain} snapshots; a file that cannot be deleted is logged and left, as the
     * snapshot just written is safe either way.
     */
    void prune(final int retain)
    {
        final List<Path> files = list();
        for (int i = retain; i < files.size(); i++)
        {
            final Path old = files.get(i);
            try
            {
                Files.deleteIfExists(old);
            }
            catch (final IOException ex)
            {
                LOG.warn("cannot delete old snapshot {}: {}", old, ex.toString());
            }
        }
    }

    /**
     * Move every snapshot above {@code seq} into a new sub-directory {@code abandoned-<tag>-<millis>} (never deleted:
     * it is the state of a history the stream abandoned).
     *
     * @return the files moved, in their new place.
     * @throws UncheckedIOException if a file cannot be moved.
     */
    List<Path> setAsideAbove(final long seq, final String tag)
    {
        final List<Path> moved = new ArrayList<>();
        Path aside = null;
        try
        {
            for (final Path file : list())
            {
                if (seqOf(file) <= seq)
                {
                    continue;
                }
                if (null == aside)
                {
                    aside = Files.createDirectories(directory.resolve("abandoned-" + tag + "-" + System.currentTimeMillis()));
                }
                moved.add(Files.move(file, aside.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set aside the snapshots above seq " + seq + " in " + directory, ex);
        }
        return moved;
    }

    /**
     * @return the seq in a snapshot file's name, or -1 if the name is not a snapshot file's.
     */
    static long seqOf(final Path file)
    {
        final Path name = file.getFileName();
        if (null == name)
        {
            return -1;
        }
        final Matcher matcher = NAME.matcher(name.toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
