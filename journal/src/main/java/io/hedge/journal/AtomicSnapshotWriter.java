package io.hedge.journal;

import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.hedge.journal.SnapshotStore.HEADER_LENGTH;

/**
 * Writes one snapshot file so that a crash leaves its name holding either nothing or the whole snapshot: to a
 * temporary file in the same directory, forced to the device, renamed over the final name, and the directory forced.
 */
final class AtomicSnapshotWriter
{
    /** Logged under the store's name, as before the store was split, so that log configurations keep working. */
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final int COPY_CHUNK = 64 * 1024;

    private final Path directory;
    /** Made on the first write only: a store that just loads should not hold 64 KiB of direct memory. */
    private ByteBuffer copyBuffer;

    AtomicSnapshotWriter(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * @throws UncheckedIOException if the snapshot cannot be written; no partial file is left under its name.
     */
    void write(
        final Path file,
        final long seq,
        final long epoch,
        final long rollingStateHash,
        final long fullStateHash,
        final DirectBuffer body,
        final int offset,
        final int length)
    {
        final Path temp = SnapshotFiles.tempFileFor(file);
        try
        {
            try (FileChannel channel = FileChannel.open(temp,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                // body first, computing its checksum on the way; the header that carries it goes in last
                final CRC32C crc = new CRC32C();
                final ByteBuffer chunk = copyBuffer();
                long position = HEADER_LENGTH;
                for (int done = 0; done < length; )
                {
                    final int n = Math.min(chunk.capacity(), length - done);
                    chunk.clear().limit(n);
                    body.getBytes(offset + done, chunk, 0, n);
                    crc.update(chunk);
                    chunk.flip();
                    position += writeFully(channel, chunk, position);
                    done += n;
                }

                final ByteBuffer header = SnapshotHeader.encode(
                    seq, epoch, rollingStateHash, fullStateHash, length, (int)crc.getValue());
                writeFully(channel, header, 0);
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
        }
        catch (final IOException ex)
        {
            try
            {
                Files.deleteIfExists(temp);
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write snapshot " + file, ex);
        }
    }

    private static int writeFully(final FileChannel channel, final ByteBuffer src, final long position)
        throws IOException
    {
        final int total = src.remaining();
        long at = position;
        while (src.hasRemaining())
        {
            at += channel.write(src, at);
        }
        return total;
    }

    private ByteBuffer copyBuffer()
    {
        if (null == copyBuffer)
        {
            copyBuffer = ByteBuffer.allocateDirect(COPY_CHUNK);
        }
        return copyBuffer;
    }

    /** Make the rename durable; some platforms cannot open or force a directory, and there it is skipped. */
    private void forceDirectory()
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            LOG.debug("cannot force directory {}: {}", directory, ex.toString());
        }
    }
}
