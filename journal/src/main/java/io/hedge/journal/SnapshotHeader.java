package io.hedge.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static io.hedge.journal.SnapshotStore.HEADER_LENGTH;
import static io.hedge.journal.SnapshotStore.MAGIC;
import static io.hedge.journal.SnapshotStore.VERSION;

/**
 * The layout of a snapshot file's 56-byte header (described on {@link SnapshotStore}), in one place so that the
 * writer and the reader cannot disagree about an offset.
 */
final class SnapshotHeader
{
    static final int SEQ_OFFSET = 8;
    static final int EPOCH_OFFSET = 16;
    static final int ROLLING_HASH_OFFSET = 24;
    static final int FULL_HASH_OFFSET = 32;
    static final int BODY_LENGTH_OFFSET = 40;
    static final int BODY_CRC_OFFSET = 44;
    static final int RESERVED_OFFSET = 48;
    static final int HEADER_CRC_OFFSET = 52;

    private SnapshotHeader()
    {
    }

    /**
     * @return the header of a snapshot, its own checksum included, ready to be written at file position 0.
     */
    static ByteBuffer encode(
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
}
