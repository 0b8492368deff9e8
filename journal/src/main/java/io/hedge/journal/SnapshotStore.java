package io.hedge.journal;

import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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
 * <p>The store keeps the policy (what is written, which snapshot is used, what is kept); the file work is done by
 * {@link SnapshotFiles} (names, listing, retention), {@link AtomicSnapshotWriter} and {@link SnapshotFileReader}.
 *
 * <p>Not thread safe: one replica writes and loads its own store.
 */
public final class SnapshotStore
{
    public static final int DEFAULT_RETAIN = 3;
    public static final int MAGIC = 0x504E5348; // "HSNP" little endian
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 56;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

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
    private final SnapshotFiles files;
    private final AtomicSnapshotWriter writer;
    private final List<Rejected> rejected = new ArrayList<>();

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
        this.files = new SnapshotFiles(directory);
        this.writer = new AtomicSnapshotWriter(directory);
        files.open();
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
        return files.fileFor(seq);
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
        writer.write(file, seq, epoch, rollingStateHash, fullStateHash, body, offset, length);
        files.prune(retain);
        return file;
    }

    /**
     * Set aside (into a sub-directory, never deleted) every snapshot above {@code seq}: the state of a history that
     * was cut back to it.
     *
     * @param tag names the sub-directory, e.g. why they were set aside.
     * @return the files moved, in their new place.
     */
    public List<Path> setAsideAbove(final long seq, final String tag)
    {
        return files.setAsideAbove(seq, tag);
    }

    /**
     * @return the seqs of the snapshot files, newest first, read from their names only (not verified).
     */
    public long[] seqs()
    {
        final List<Path> list = list();
        final long[] seqs = new long[list.size()];
        for (int i = 0; i < seqs.length; i++)
        {
            seqs[i] = SnapshotFiles.seqOf(list.get(i));
        }
        return seqs;
    }

    /**
     * @return the snapshot files, newest (highest seq) first; temporary files and other names are not listed.
     * @throws UncheckedIOException if the directory cannot be listed.
     */
    public List<Path> list()
    {
        return files.list();
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
        return SnapshotFileReader.read(file);
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

    private void reject(final Path file, final String reason)
    {
        LOG.warn("snapshot {} rejected: {}", file, reason);
        rejected.add(new Rejected(file, reason));
    }
}
