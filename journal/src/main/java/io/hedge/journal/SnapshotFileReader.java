package io.hedge.journal;

import io.hedge.journal.SnapshotStore.InvalidSnapshotException;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.hedge.journal.SnapshotHeader.BODY_CRC_OFFSET;
import static io.hedge.journal.SnapshotHeader.BODY_LENGTH_OFFSET;
import static io.hedge.journal.SnapshotHeader.EPOCH_OFFSET;
import static io.hedge.journal.SnapshotHeader.FULL_HASH_OFFSET;
import static io.hedge.journal.SnapshotHeader.HEADER_CRC_OFFSET;
import static io.hedge.journal.SnapshotHeader.ROLLING_HASH_OFFSET;
import static io.hedge.journal.SnapshotHeader.SEQ_OFFSET;
import static io.hedge.journal.SnapshotStore.HEADER_LENGTH;
import static io.hedge.journal.SnapshotStore.MAGIC;
import static io.hedge.journal.SnapshotStore.VERSION;

/**
 * Reads one snapshot file and verifies it before handing it out: header, name, length and both checksums. Each
 * failure names its reason, since the store reports every snapshot it skips.
 */
final class SnapshotFileReader
{
    private SnapshotFileReader()
    {
    }

    /**
     * @return the snapshot, its checksums verified.
     * @throws InvalidSnapshotException naming what does not verify.
     */
    static Snapshot read(final Path file)
    {
        final long seqInName = SnapshotFiles.seqOf(file);
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
}
