package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;
import io.hedge.chaos.run.RoleId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A full disk for one role: a filler file takes every free byte of the role's directory, and is deleted when the fault
 * ends. The directory must be a small tmpfs of its own ({@link TmpfsMount}, mounted by the orchestrator when it makes
 * the directory): the fault refuses to fill anything else, so that it can never fill the machine's disk or the
 * {@code /dev/shm} that every media driver shares.
 *
 * <p>What a role sees (checked with Chronicle Queue 2026.4 on a 16 MB tmpfs): the queue file is a sparse 80 MB mapping,
 * so the append that touches an unbacked page gets SIGBUS, which the JVM turns into {@code java.lang.InternalError: a
 * fault occurred in a recent unsafe memory access operation} thrown from whatever compiled code runs next, not an
 * {@code IOException}. A journaling role exits on it (code 75, so that the fabric fails over around it); when the
 * fault ends the run restarts it, as a supervisor would once the disk has room again.
 *
 * @param role the role whose disk fills.
 */
public record DiskFull(RoleId role) implements Fault
{
    /** The largest file system the fault agrees to fill. */
    public static final long MAX_FILL_BYTES = 1L << 30;
    /** The filler's name in the role's directory. */
    public static final String FILLER = "fault-disk-filler";

    private static final int CHUNK = 1 << 20;
    private static final int SMALL_CHUNK = 4096;

    @Override
    public String describe()
    {
        return "disk full for " + role;
    }

    @Override
    public void start(final Fabric fabric)
    {
        fill(fabric.roleDirectory(role));
    }

    @Override
    public void end(final Fabric fabric)
    {
        empty(fabric.roleDirectory(role));
        // a role that cannot write its journal exits (code 75); its supervisor starts it again once there is room
        if (!fabric.isAlive(role))
        {
            fabric.restart(role);
        }
    }

    /**
     * Fill the tmpfs at {@code directory} to the last block.
     *
     * @return the bytes the filler holds.
     * @throws IllegalStateException if the directory is not on a tmpfs of at most {@link #MAX_FILL_BYTES}.
     */
    public static long fill(final Path directory)
    {
        final Path filler = directory.resolve(FILLER);
        try
        {
            final FileStore store = Files.getFileStore(directory);
            if (!"tmpfs".equals(store.type()) || store.getTotalSpace() > MAX_FILL_BYTES)
            {
                throw new IllegalStateException("refusing to fill " + directory + ": it is " + store.type() + " of " +
                    store.getTotalSpace() + " bytes, not a tmpfs of at most " + MAX_FILL_BYTES +
                    " (mount one with TmpfsMount)");
            }
            final long limit = store.getTotalSpace() + CHUNK;
            long written = 0;
            try (FileChannel channel = FileChannel.open(
                filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND))
            {
                // big chunks first, then small ones for the last partial megabyte
                written += writeUntilFull(channel, ByteBuffer.allocate(CHUNK), limit);
                written += writeUntilFull(channel, ByteBuffer.allocate(SMALL_CHUNK), limit);
            }
            return written;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot fill " + directory, ex);
        }
    }

    /**
     * Delete the filler, if there is one.
     */
    public static void empty(final Path directory)
    {
        try
        {
            Files.deleteIfExists(directory.resolve(FILLER));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot empty " + directory, ex);
        }
    }

    private static long writeUntilFull(final FileChannel channel, final ByteBuffer chunk, final long limit)
    {
        long written = 0;
        try
        {
            while (written < limit)
            {
                chunk.clear();
                while (chunk.hasRemaining())
                {
                    written += channel.write(chunk);
                }
            }
        }
        catch (final IOException ex)
        {
            // ENOSPC: full, as intended
        }
        return written;
    }
}
