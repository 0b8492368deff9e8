package io.hedge.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The file that says a repair is under way, and to which seq: written durably before a replica touches its journal
 * or snapshots, removed once the state is rebuilt, so that a crash in between is finished at the next start instead
 * of leaving a journal cut but a state not rebuilt, or a journal half set aside. Lives next to the journal
 * ({@code <journal>.repair}); written like the promise: a temporary file, forced, renamed, the directory forced.
 */
final class RepairMarker
{
    /** The target of a repair that sets everything aside and bootstraps from a peer. */
    static final long BOOTSTRAP = -1;
    /** {@link #read()} when there is no marker. */
    static final long NONE = Long.MIN_VALUE;

    private static final int LENGTH = Long.BYTES + Integer.BYTES;

    private final Path file;

    RepairMarker(final Path journalDir)
    {
        final Path absolute = journalDir.toAbsolutePath();
        file = absolute.resolveSibling(absolute.getFileName() + ".repair");
    }

    /**
     * Persist the target before anything is cut.
     *
     * @param target the last seq kept, or {@link #BOOTSTRAP}.
     */
    void write(final long target)
    {
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        final ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.putLong(target).putInt(crc(target)).flip();
        try
        {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write repair marker " + file, ex);
        }
    }

    /**
     * @return the target of the repair under way, or {@link #NONE}.
     * @throws IllegalStateException if the marker is there but unreadable: a repair was under way to an unknown
     *                               target, and guessing could keep a tail the stream abandoned.
     */
    long read()
    {
        if (!Files.exists(file))
        {
            return NONE;
        }
        try
        {
            final byte[] bytes = Files.readAllBytes(file);
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (bytes.length != LENGTH)
            {
                throw new IllegalStateException("repair marker " + file + " has " + bytes.length + " bytes");
            }
            final long target = buffer.getLong();
            if (buffer.getInt() != crc(target))
            {
                throw new IllegalStateException("repair marker " + file + " fails its checksum");
            }
            return target;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read repair marker " + file, ex);
        }
    }

    /**
     * The repair is done: remove the marker, durably.
     */
    void delete()
    {
        try
        {
            Files.deleteIfExists(file);
            forceDirectory();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove repair marker " + file, ex);
        }
    }

    Path file()
    {
        return file;
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ))
        {
            directory.force(true);
        }
    }

    private static int crc(final long target)
    {
        final CRC32C crc = new CRC32C();
        final ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES);
        buffer.putLong(target).flip();
        crc.update(buffer);
        return (int)crc.getValue();
    }
}
