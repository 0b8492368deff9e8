package io.hedge.journal;

import org.agrona.DirectBuffer;
import org.agrona.checksum.Crc32c;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The CRC32C that follows each record in its Chronicle document: {@code [record bytes][int32 CRC32C of them]}.
 * <p>
 * Chronicle marks a document complete when its context closes, whether or not its bytes reached the page: a SIGBUS on
 * a full tmpfs is raised asynchronously, so a record whose tail was never written can be committed and read back as
 * zeros that still decode. The checksum makes such a record unreadable, so that it is treated as a torn write.
 * <p>
 * One instance per writer or reader (not thread-safe); no allocation per record.
 */
final class RecordChecksum
{
    /** Bytes the checksum adds to each document. */
    static final int LENGTH = Integer.BYTES;
    /** Chronicle Bytes writes little-endian; the readers read the copied document the same way. */
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final CRC32C crc = new CRC32C();

    /** The checksum of the record bytes, for any kind of buffer {@link SequencedJournal#append} accepts. */
    int compute(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            return compute(array, buffer.wrapAdjustment() + offset, length);
        }
        final ByteBuffer byteBuffer = buffer.byteBuffer();
        if (null == byteBuffer || byteBuffer.isDirect())
        {
            // CRC32C has no address form; Agrona's computes the same CRC over native memory without a ByteBuffer
            return Crc32c.INSTANCE.compute(buffer.addressOffset(), offset, length);
        }
        crc.reset(); // e.g. a read-only heap ByteBuffer: neither an array nor an address can be used
        for (int i = 0; i < length; i++)
        {
            crc.update(buffer.getByte(offset + i));
        }
        return (int)crc.getValue();
    }

    int compute(final byte[] array, final int offset, final int length)
    {
        crc.reset();
        crc.update(array, offset, length);
        return (int)crc.getValue();
    }

    /**
     * Why a document copied whole into {@code document[0..documentLength)} is not a record followed by its checksum,
     * or null when it is (then the record is its first {@code documentLength - LENGTH} bytes). Only a failure
     * builds a string.
     */
    String problem(final byte[] document, final int documentLength)
    {
        if (documentLength < LENGTH)
        {
            return "document of " + documentLength + " bytes is shorter than its checksum (" + LENGTH + ")";
        }
        final int recordLength = documentLength - LENGTH;
        final int stored = storedAt(document, recordLength);
        final int computed = compute(document, 0, recordLength);
        if (stored != computed)
        {
            return String.format("checksum mismatch: the record of %d bytes has CRC32C 0x%08x, its document says " +
                "0x%08x (a write torn by a fault, or bytes changed after it)", recordLength, computed, stored);
        }
        return null;
    }

    /** The little-endian int at this index, read without wrapping the array (readers must not allocate). */
    private static int storedAt(final byte[] document, final int index)
    {
        return (document[index] & 0xFF) | (document[index + 1] & 0xFF) << 8 | (document[index + 2] & 0xFF) << 16 |
            (document[index + 3] & 0xFF) << 24;
    }
}
