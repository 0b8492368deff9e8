package io.hedge.transport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where embedded media drivers keep their log buffers. The log buffers are memory-mapped files written on every
 * message; on a disk-backed file system the kernel's writeback of those pages stalls the writers for tens of
 * milliseconds (measured here: p99 at 10,000/s fell from 37-58 ms to 5-8 ms when they moved), which is why Aeron
 * itself defaults to /dev/shm. Journals stay where they are: they are meant to be on disk.
 */
public final class AeronDirs
{
    private AeronDirs()
    {
    }

    /**
     * Remove the empty directories a driver's directory leaves behind in /dev/shm once it has deleted itself.
     *
     * @param aeronDir a driver's directory, already deleted.
     */
    public static void removeEmptyParents(final Path aeronDir)
    {
        for (Path dir = aeronDir.getParent();
            null != dir && dir.startsWith("/dev/shm") && dir.getNameCount() > 2;
            dir = dir.getParent())
        {
            try
            {
                Files.deleteIfExists(dir);
            }
            catch (final java.io.IOException ex)
            {
                return;
            }
        }
    }

    /**
     * Remove a run's whole Aeron root, for harnesses that kill processes which cannot clean up after themselves.
     *
     * @param workDir the working directory of the run.
     */
    public static void deleteRootOf(final Path workDir)
    {
        final Path root = rootFor(workDir);
        if (!root.equals(workDir))
        {
            org.agrona.IoUtil.delete(root.toFile(), true);
        }
    }

    /**
     * @param workDir the working directory of a run.
     * @return a directory in /dev/shm named after the working directory when /dev/shm is there, else workDir.
     */
    public static Path rootFor(final Path workDir)
    {
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            final Path work = workDir.toAbsolutePath().normalize();
            return shm.resolve("hedge-" + Integer.toHexString(work.toString().hashCode()));
        }
        return workDir;
    }
}
