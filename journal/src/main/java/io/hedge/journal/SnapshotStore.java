package io.hedge.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A directory of state machine snapshots, one file per snapshot named by its seq
 * ({@code snapshot-000000000000123456.hsnap}), of which the newest {@link #retain()} are kept.
 *
 * <p>A file is a 56-byte header followed by the state machine's bytes (the body), all little endian:
 * <pre>
 *    0  int  magic "HSNP"        4  int  format version
 *    8  long seq                16  long epoch
 *   24  long rolling state hash 32  long full-state hash
 *   40  int  body length        44  int  CRC32C of the body
 *   48  int  reserved, 0        52  int  CRC32C of header bytes 0..51
 * </pre>
 * A snapshot is written atomically: to a temporary file in the same directory, forced to the device, renamed over
 * its final name, and the directory forced too, so that after a crash the name holds either nothing or the whole
 * snapshot. Temporary files a crash left behind are removed when the store is opened.
 *
 * <p>{@link #loadNewestValid} tries snapshots newest first and skips, reporting each with its file and reason, any
 * whose header, length or checksums do not verify or that the caller refuses (typically because the full-state
 * hash after loading the body differs from the stored one). Nothing is skipped silently.
 *
 * <p>Not thread safe: one replica writes and loads its own store.
 */
public final class SnapshotStore
{
    public static final int DEFAULT_RETAIN = 3;
    public static final int MAGIC = 0x504E5348; // "HSNP" little endian
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 56;

    static final String PREFIX = "snapshot-";
    static final String SUFFIX = ".hsnap";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{18})\\.hsnap");
    private static final int SEQ_OFFSET = 8;
    private static final int EPOCH_OFFSET = 16;
    private static final int ROLLING_HASH_OFFSET = 24;
    private static final int FULL_HASH_OFFSET = 32;
    private static final int BODY_LENGTH_OFFSET = 40;
    private static final int BODY_CRC_OFFSET = 44;
    private static final int RESERVED_OFFSET = 48;
    private static final int HEADER_CRC_OFFSET = 52;
    private static final int COPY_CHUNK = 64 * 1024;

    /** A snapshot file that was not used, and why. */
    public record Rejected(Path file, String reason)
    {
        public String toString()
        {
            return file + ": " + reason;
        }
    }

    private final Path directory;
    private final int retain;
    private final List<Rejected> rejected = new ArrayList<>();
    private ByteBuffer copyBuffer;

    /**
     * Open a store keeping the newest {@link #DEFAULT_RETAIN} snapshots.
     *
     * @param directory created if needed.
     */
    public SnapshotStore(final Path directory)
    {
        this(directory, DEFAULT_RETAIN);
    }

    /**
     * Open a store, creating its directory if needed and removing temporary files an interrupted write left.
     *
     * @param directory where the snapshot files are.
     * @param retain    how many of the newest snapshots {@link #write} keeps, at least 1.
     * @throws UncheckedIOException if the directory cannot be created or listed.
     */
    public SnapshotStore(final Path directory, final int retain)
    {
        if (retain < 1)
        {
            throw new IllegalArgumentException("retain must be >= 1: " + retain);
        }
        this.directory = directory;
        this.retain = retain;
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

    public Path directory()
    {
        return directory;
    }

    public int retain()
    {
        return retain;
    }

    /**
     * @param seq of a snapshot.
     * @return the file that holds (or would hold) the snapshot at that seq.
     */
    public Path fileFor(final long seq)
    {
        return directory.resolve(String.format(Locale.ROOT, "%s%018d%s", PREFIX, seq, SUFFIX));
    }

    /**
     * Write a snapshot atomically and durably, then delete all but the newest {@link #retain()}. A snapshot already
     * stored at the same seq is replaced.
     *
     * @param seq              the last seq the state includes, >= 0.
     * @param epoch            the epoch it was taken in.
     * @param rollingStateHash the replica's rolling state hash after seq.
     * @param fullStateHash    the state machine's full-state hash at seq.
     * @param body             holding the state machine's snapshot bytes.
     * @param offset           where they start.
     * @param length           how many there are.
     * @return the snapshot file.
     * @throws UncheckedIOException if the snapshot cannot be written; no partial file is left under its name.
     */
    public Path write(
        final long seq,
        final long epoch,
        final long rollingStateHash,
        final long fullStateHash,
        final DirectBuffer body,
        final int offset,
        final int length)
    {
        if (seq < 0)
        {
            throw new IllegalArgumentException("seq must be >= 0: " + seq);
        }
        if (offset < 0 || length < 0 || (long)offset + length > body.capacity())
        {
            throw new IllegalArgumentException(
                "body range outside the buffer: offset=" + offset + " length=" + length + " capacity=" + body.capacity());
        }

        final Path file = fileFor(seq);
        final Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
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

                final ByteBuffer header = header(seq, epoch, rollingStateHash, fullStateHash, length, (int)crc.getValue());
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

        prune();
        return file;
    }

    /**
     * @return the snapshot files, newest (highest seq) first; temporary files and other names are not listed.
     * @throws UncheckedIOException if the directory cannot be listed.
     */
    public List<Path> list()
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
        files.sort(Comparator.comparingLong(SnapshotStore::seqOf).reversed());
        return files;
    }

    /**
     * The newest snapshot that verifies and that the caller accepts. Files are tried newest first; each one that
     * fails (header, length, checksums, or the predicate returns false or throws) is logged as a warning with its
     * file and reason, recorded in {@link #rejected()}, and the next older one is tried.
     *
     * @param accept the caller's check, typically: load the body into a fresh state machine and compare its
     *               full-state hash with {@link Snapshot#fullStateHash()}. An exception it throws counts as a
     *               refusal, with the exception's message as the reason.
     * @return the newest valid snapshot, or null if there is none.
     */
    public Snapshot loadNewestValid(final Predicate<Snapshot> accept)
    {
        rejected.clear();
        for (final Path file : list())
        {
            final Snapshot snapshot;
            try
            {
                snapshot = read(file);
            }
            catch (final InvalidSnapshotException ex)
            {
                reject(file, ex.getMessage());
                continue;
            }

            try
            {
                if (accept.test(snapshot))
                {
                    return snapshot;
                }
                reject(file, "refused by the caller (full-state hash or content check failed)");
            }
            catch (final RuntimeException ex)
            {
                reject(file, "refused by the caller: " + ex);
            }
        }
        return null;
    }

    /**
     * @return the newest snapshot whose header and checksums verify, or null if there is none; as
     * {@link #loadNewestValid(Predicate)} with a check that accepts every such snapshot.
     */
    public Snapshot loadNewestValid()
    {
        return loadNewestValid(snapshot -> true);
    }

    /**
     * @return the files the last {@link #loadNewestValid} call skipped, newest first, with the reasons.
     */
    public List<Rejected> rejected()
    {
        return List.copyOf(rejected);
    }

    /**
     * Read and verify one snapshot file.
     *
     * @param file a snapshot file of this store.
     * @return the snapshot, its checksums verified.
     * @throws InvalidSnapshotException naming what does not verify.
     */
    public Snapshot read(final Path file)
    {
        final long seqInName = seqOf(file);
        final byte[] bytes;
        try
        {
            final long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8)
            {
                throw new InvalidSnapshotException(file, "file too large: " + size + " bytes");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new InvalidSnapshotException(file, "file vanished");
        }
        catch (final IOException ex)
        {
            throw new InvalidSnapshotException(file, "cannot read: " + ex);
        }

        if (bytes.length < HEADER_LENGTH)
        {
            throw new InvalidSnapshotException(file,
                "truncated: " + bytes.length + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
        }
        final ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = header.getInt(0);
        if (MAGIC != magic)
        {
            throw new InvalidSnapshotException(file, "not a snapshot file: magic 0x" + Integer.toHexString(magic) +
                ", expected 0x" + Integer.toHexString(MAGIC));
        }
        final int version = header.getInt(4);
        if (VERSION != version)
        {
            throw new InvalidSnapshotException(file, "format version " + version + " not supported, expected " + VERSION);
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER_CRC_OFFSET);
        final int headerCrc = header.getInt(HEADER_CRC_OFFSET);
        if ((int)crc.getValue() != headerCrc)
        {
            throw new InvalidSnapshotException(file, "header checksum mismatch: stored 0x" +
                Integer.toHexString(headerCrc) + ", computed 0x" + Integer.toHexString((int)crc.getValue()));
        }

        final long seq = header.getLong(SEQ_OFFSET);
        if (seq != seqInName)
        {
            throw new InvalidSnapshotException(file, "header seq " + seq + " differs from the seq in the file name");
        }
        final int bodyLength = header.getInt(BODY_LENGTH_OFFSET);
        final long expectedSize = (long)HEADER_LENGTH + bodyLength;
        if (bodyLength < 0 || bytes.length < expectedSize)
        {
            throw new InvalidSnapshotException(file, "truncated: " + bytes.length + " bytes, header says " +
                expectedSize);
        }
        if (bytes.length > expectedSize)
        {
            throw new InvalidSnapshotException(file, (bytes.length - expectedSize) +
                " trailing bytes after the body: " + bytes.length + " bytes, header says " + expectedSize);
        }
        crc.reset();
        crc.update(bytes, HEADER_LENGTH, bodyLength);
        final int bodyCrc = header.getInt(BODY_CRC_OFFSET);
        if ((int)crc.getValue() != bodyCrc)
        {
            throw new InvalidSnapshotException(file, "body checksum mismatch: stored 0x" +
                Integer.toHexString(bodyCrc) + ", computed 0x" + Integer.toHexString((int)crc.getValue()));
        }

        return new Snapshot(
            file,
            seq,
            header.getLong(EPOCH_OFFSET),
            header.getLong(ROLLING_HASH_OFFSET),
            header.getLong(FULL_HASH_OFFSET),
            new UnsafeBuffer(bytes, HEADER_LENGTH, bodyLength));
    }

    /** A snapshot file whose header, length or checksums do not verify. */
    public static final class InvalidSnapshotException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        private final transient Path file;

        public InvalidSnapshotException(final Path file, final String reason)
        {
            super(reason);
            this.file = file;
        }

        public Path file()
        {
            return file;
        }
    }

    private static ByteBuffer header(
        final long seq,
        final long epoch,
        final long rollingStateHash,
        final long fullStateHash,
        final int bodyLength,
        final int bodyCrc)
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, MAGIC)
            .putInt(4, VERSION)
            .putLong(SEQ_OFFSET, seq)
            .putLong(EPOCH_OFFSET, epoch)
            .putLong(ROLLING_HASH_OFFSET, rollingStateHash)
            .putLong(FULL_HASH_OFFSET, fullStateHash)
            .putInt(BODY_LENGTH_OFFSET, bodyLength)
            .putInt(BODY_CRC_OFFSET, bodyCrc)
            .putInt(RESERVED_OFFSET, 0);
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_CRC_OFFSET);
        header.putInt(HEADER_CRC_OFFSET, (int)crc.getValue());
        return header;
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

    private void prune()
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

    private void reject(final Path file, final String reason)
    {
        LOG.warn("snapshot {} rejected: {}", file, reason);
        rejected.add(new Rejected(file, reason));
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
