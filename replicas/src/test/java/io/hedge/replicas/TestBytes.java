package io.hedge.replicas;

import org.agrona.DirectBuffer;

/**
 * Byte comparison for tests.
 */
public final class TestBytes
{
    private TestBytes()
    {
    }

    /**
     * @return 0 if the two ranges hold the same bytes; otherwise 1 + the position of the first difference, or -1 if
     * the lengths differ.
     */
    public static int compare(
        final DirectBuffer a, final int aOffset, final int aLength, final DirectBuffer b, final int bOffset,
        final int bLength)
    {
        if (aLength != bLength)
        {
            return -1;
        }
        for (int i = 0; i < aLength; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return 1 + i;
            }
        }
        return 0;
    }
}
