package io.hedge.journal;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Checks on an encoded fabric {@code Sequenced} message (header + body), without allocating unless it is malformed.
 */
final class SequencedRecords
{
    static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final ByteOrder ORDER = SequencedDecoder.BYTE_ORDER;
    private static final int PAYLOAD_LENGTH_FIELD = 4;
    /**
     * Records journaled before schema version 4 end their block where principalId begins; they stay readable (their
     * principal reads as 0, see SequencedPrincipal), so that a journal survives the upgrade.
     */
    static final int BLOCK_LENGTH_BEFORE_PRINCIPAL = SequencedDecoder.principalIdEncodingOffset();

    private SequencedRecords()
    {
    }

    /**
     * Why the bytes are not a well-formed {@code Sequenced} message, or {@code null} when they are.
     * Only a malformed message builds a string.
     */
    static String problem(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return "record of " + length + " bytes is shorter than an SBE message header (" + HEADER_LENGTH + ")";
        }
        final int schemaId = uint16(buffer, offset + MessageHeaderDecoder.schemaIdEncodingOffset());
        if (schemaId != SequencedDecoder.SCHEMA_ID)
        {
            return "schema id " + schemaId + ", expected " + SequencedDecoder.SCHEMA_ID;
        }
        final int templateId = uint16(buffer, offset + MessageHeaderDecoder.templateIdEncodingOffset());
        if (templateId != SequencedDecoder.TEMPLATE_ID)
        {
            return "template id " + templateId + ", expected " + SequencedDecoder.TEMPLATE_ID + " (Sequenced)";
        }
        final int blockLength = uint16(buffer, offset + MessageHeaderDecoder.blockLengthEncodingOffset());
        final int version = uint16(buffer, offset + MessageHeaderDecoder.versionEncodingOffset());
        final int minBlockLength = version < SequencedDecoder.principalIdSinceVersion() ?
            BLOCK_LENGTH_BEFORE_PRINCIPAL : SequencedDecoder.BLOCK_LENGTH;
        if (blockLength < minBlockLength)
        {
            return "block length " + blockLength + " is shorter than Sequenced's " + minBlockLength + " (version " +
                version + ")";
        }
        final long fixedLength = (long)HEADER_LENGTH + blockLength + PAYLOAD_LENGTH_FIELD;
        if (length < fixedLength)
        {
            return "record of " + length + " bytes is truncated: header, block and payload length need " + fixedLength;
        }
        final long payloadLength = buffer.getInt(offset + HEADER_LENGTH + blockLength, ORDER) & 0xFFFF_FFFFL;
        if (fixedLength + payloadLength > length)
        {
            return "payload of " + payloadLength + " bytes overruns the record of " + length + " bytes";
        }
        return null;
    }

    /** The seq of a message that {@link #problem} accepted. */
    static long seq(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + HEADER_LENGTH + SequencedDecoder.seqEncodingOffset(), ORDER);
    }

    /** The epoch of a message that {@link #problem} accepted. */
    static long epoch(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + HEADER_LENGTH + SequencedDecoder.epochEncodingOffset(), ORDER);
    }

    private static int uint16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, ORDER) & 0xFFFF;
    }
}
