package io.hedge.codecs;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Checks that an inbound fabric message is whole before a decoder reads it. SBE decoders trust the lengths
 * they are given; a short or lying message from the network must be refused here, not read past its end.
 */
public final class FabricMessages
{
    private FabricMessages()
    {
    }

    /**
     * @return true if the buffer holds a header of this schema and at least the block it announces.
     */
    public static boolean hasBlock(final DirectBuffer buffer, final int offset, final int length, final MessageHeaderDecoder header)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        header.wrap(buffer, offset);
        return header.schemaId() == MessageHeaderDecoder.SCHEMA_ID &&
            MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() <= length;
    }

    /**
     * @param varFieldOffset where the length prefix of a variable-length field starts.
     * @return the field's length, or -1 if the field runs past the end of the message.
     */
    public static int varFieldLength(final DirectBuffer buffer, final int varFieldOffset, final int messageEnd)
    {
        if (varFieldOffset + Integer.BYTES > messageEnd)
        {
            return -1;
        }
        final long fieldLength = buffer.getInt(varFieldOffset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        if (varFieldOffset + Integer.BYTES + fieldLength > messageEnd)
        {
            return -1;
        }
        return (int)fieldLength;
    }
}
