package io.hedge.chaos.fuzz;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Mutates a well-formed message in place, the way a hostile or broken sender would: bit flips, random bytes, length
 * fields set to 0, -1, huge and just past the end, block length and version changes, template id and schema id
 * swaps, truncation, appended garbage; or replaces it with purely random bytes. Allocation-free.
 */
public final class Mutator
{
    static final int KINDS = 11;

    private final SplittableRandom random;
    private final int[] templateIds;

    public Mutator(final SplittableRandom random, final int[] templateIds)
    {
        this.random = random;
        this.templateIds = templateIds;
    }

    /**
     * @param buffer holds the message at {@code offset}, {@code length} bytes, and room for {@code capacity} bytes.
     * @param varLengthOffsets   relative offsets of the message's var-data lengths.
     * @param groupHeaderOffsets relative offsets of its group headers.
     * @return the message's new length.
     */
    public int mutate(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final int capacity,
        final int[] varLengthOffsets,
        final int[] groupHeaderOffsets)
    {
        final int kind = random.nextInt(KINDS);
        if (10 == kind)
        {
            int n = length;
            for (int i = 0, rounds = 2 + random.nextInt(2); i < rounds; i++)
            {
                n = mutateOnce(random.nextInt(KINDS - 1), buffer, offset, n, capacity, varLengthOffsets,
                    groupHeaderOffsets);
            }
            return n;
        }
        return mutateOnce(kind, buffer, offset, length, capacity, varLengthOffsets, groupHeaderOffsets);
    }

    private int mutateOnce(
        final int kind,
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final int capacity,
        final int[] varLengthOffsets,
        final int[] groupHeaderOffsets)
    {
        switch (kind)
        {
            case 0: // bit flips
                for (int i = 0, n = 1 + random.nextInt(4); i < n && length > 0; i++)
                {
                    final int at = offset + random.nextInt(length);
                    buffer.putByte(at, (byte)(buffer.getByte(at) ^ (1 << random.nextInt(8))));
                }
                return length;

            case 1: // random bytes
                for (int i = 0, n = 1 + random.nextInt(8); i < n && length > 0; i++)
                {
                    buffer.putByte(offset + random.nextInt(length), (byte)random.nextInt(256));
                }
                return length;

            case 2: // a var-data length or a group's dimensions
            {
                final boolean group = groupHeaderOffsets.length > 0 && (varLengthOffsets.length == 0 || random.nextBoolean());
                if (group)
                {
                    final int at = groupHeaderOffsets[random.nextInt(groupHeaderOffsets.length)] + (random.nextBoolean() ? 2 : 0);
                    if (at + 2 <= length)
                    {
                        buffer.putShort(offset + at, (short)lengthValue(length - at), ByteOrder.LITTLE_ENDIAN);
                    }
                }
                else if (varLengthOffsets.length > 0)
                {
                    final int at = varLengthOffsets[random.nextInt(varLengthOffsets.length)];
                    if (at + 4 <= length)
                    {
                        buffer.putInt(offset + at, lengthValue(length - at - 4), ByteOrder.LITTLE_ENDIAN);
                    }
                }
                return length;
            }

            case 3: // block length
                if (length >= 2)
                {
                    final int block = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                    buffer.putShort(offset, (short)blockValue(block), ByteOrder.LITTLE_ENDIAN);
                }
                return length;

            case 4: // version
                if (length >= 8)
                {
                    final int choice = random.nextInt(7);
                    final int version = choice < 4 ? choice : 4 == choice ? 5 : 5 == choice ? 0xFFFF : random.nextInt(65536);
                    buffer.putShort(offset + 6, (short)version, ByteOrder.LITTLE_ENDIAN);
                }
                return length;

            case 5: // template id
                if (length >= 4)
                {
                    final int id = random.nextInt(4) > 0 ? templateIds[random.nextInt(templateIds.length)] :
                        random.nextInt(65536);
                    buffer.putShort(offset + 2, (short)id, ByteOrder.LITTLE_ENDIAN);
                }
                return length;

            case 6: // truncation
                return length > 0 ? random.nextInt(length) : 0;

            case 7: // appended garbage
            {
                final int extra = Math.min(1 + random.nextInt(64), capacity - length);
                for (int i = 0; i < extra; i++)
                {
                    buffer.putByte(offset + length + i, (byte)random.nextInt(256));
                }
                return length + extra;
            }

            case 8: // schema id
                if (length >= 6)
                {
                    buffer.putShort(offset + 4, (short)(random.nextBoolean() ? random.nextInt(65536) :
                        MessageHeaderEncoder.SCHEMA_ID + 1), ByteOrder.LITTLE_ENDIAN);
                }
                return length;

            default: // purely random bytes
            {
                final int n = Math.min(random.nextInt(300), capacity);
                for (int i = 0; i < n; i++)
                {
                    buffer.putByte(offset + i, (byte)random.nextInt(256));
                }
                return n;
            }
        }
    }

    /** 0, one less or more, eight less or more, the largest, or random: the harness allocates nothing either. */
    private int blockValue(final int block)
    {
        switch (random.nextInt(7))
        {
            case 0:
                return 0;
            case 1:
                return block - 1;
            case 2:
                return block + 1;
            case 3:
                return block - 8;
            case 4:
                return block + 8;
            case 5:
                return 0xFFFF;
            default:
                return random.nextInt(65536);
        }
    }

    /** 0, -1, huge, just past the end, exactly the end, or random. */
    private int lengthValue(final int remaining)
    {
        switch (random.nextInt(6))
        {
            case 0:
                return 0;
            case 1:
                return -1;
            case 2:
                return Integer.MAX_VALUE;
            case 3:
                return remaining + 1;
            case 4:
                return remaining;
            default:
                return random.nextInt();
        }
    }
}
