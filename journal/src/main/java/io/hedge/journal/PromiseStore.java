package io.hedge.journal;

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
 * A replica's promise: the highest epoch it has voted for or followed, and the gateway that leads it. A replica must
 * never vote twice in one epoch nor fall back to an older one after a restart, so the promise is on disk, fsynced,
 * before the vote leaves: written to a temporary file, forced, and renamed over the old one.
 */
public final class PromiseStore
{
    private static final int LENGTH = Long.BYTES + Integer.BYTES + Integer.BYTES;

    private final Path file;
    private long epoch;
    private int leaderId;

    private PromiseStore(final Path file, final long epoch, final int leaderId)
    {
        this.file = file;
        this.epoch = epoch;
        this.leaderId = leaderId;
    }

    /**
     * @param file where the promise lives; absent means no promise yet.
     * @throws IllegalStateException if the file exists but is not a valid promise.
     */
    public static PromiseStore open(final Path file)
    {
        if (!Files.exists(file))
        {
            return new PromiseStore(file, 0, 0);
        }
        try
        {
            final byte[] bytes = Files.readAllBytes(file);
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (bytes.length != LENGTH)
            {
                throw new IllegalStateException("promise file " + file + " has " + bytes.length + " bytes, expected " + LENGTH);
            }
            final long epoch = buffer.getLong();
            final int leaderId = buffer.getInt();
            final int crc = buffer.getInt();
            if (crc != crc(epoch, leaderId))
            {
                throw new IllegalStateException("promise file " + file + " fails its checksum");
            }
            return new PromiseStore(file, epoch, leaderId);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read promise file " + file, ex);
        }
    }

    /**
     * Persist a higher promise. Not for the hot path: it forces the file to disk.
     *
     * @throws JournalWriteException if it cannot be written: fatal to the role.
     */
    public void promise(final long newEpoch, final int newLeaderId)
    {
        if (newEpoch < epoch)
        {
            throw new IllegalArgumentException("promise may not go back from epoch " + epoch + " to " + newEpoch);
        }
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        final ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.putLong(newEpoch).putInt(newLeaderId).putInt(crc(newEpoch, newLeaderId)).flip();
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
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
            // the rename is in the directory: force it too, or a machine crash could bring the old promise back
            try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ))
            {
                directory.force(true);
            }
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            // the promise is journaled state like the entries: a role that cannot keep it cannot go on
            throw new JournalWriteException(file, "promise of epoch " + newEpoch + " to gateway " + newLeaderId, ex);
        }
        epoch = newEpoch;
        leaderId = newLeaderId;
    }

    public long epoch()
    {
        return epoch;
    }

    public int leaderId()
    {
        return leaderId;
    }

    private static int crc(final long epoch, final int leaderId)
    {
        final CRC32C crc = new CRC32C();
        final ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES + Integer.BYTES);
        buffer.putLong(epoch).putInt(leaderId).flip();
        crc.update(buffer);
        return (int)crc.getValue();
    }
}
