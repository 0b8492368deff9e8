package io.hedge.gateway;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Keeps recent responses so that a retried request can be answered again without being sequenced again.
 * A ring of bytes: each response is copied in once and stays until the ring wraps over it; a position
 * that has been overwritten is detected, never read.
 */
final class ResponseCache
{
    private final UnsafeBuffer ring;
    private final int capacity;
    private long writePosition;

    ResponseCache(final int capacity)
    {
        if (capacity < 1024)
        {
            throw new IllegalArgumentException("response cache must hold at least 1024 bytes, got " + capacity);
        }
        this.capacity = capacity;
        this.ring = new UnsafeBuffer(new byte[capacity]);
    }

    /**
     * Copy a response in.
     *
     * @return the position it was stored at, or -1 if it is larger than the whole cache.
     */
    long store(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > capacity)
        {
            return -1;
        }
        int index = (int)(writePosition % capacity);
        if (index + length > capacity)
        {
            // responses are kept contiguous: skip the tail of the ring
            writePosition += capacity - index;
            index = 0;
        }
        ring.putBytes(index, buffer, offset, length);
        final long position = writePosition;
        writePosition += length;
        return position;
    }

    /**
     * @return true if the response stored at this position has not been overwritten yet.
     */
    boolean isAvailable(final long position, final int length)
    {
        return position >= 0 && writePosition - position <= capacity && position + length <= writePosition;
    }

    /**
     * @return the buffer to read a stored response from, at {@link #indexOf}.
     */
    DirectBuffer buffer()
    {
        return ring;
    }

    int indexOf(final long position)
    {
        return (int)(position % capacity);
    }

    /**
     * @return where the next response will be stored: bytes stored more than {@link #capacity()} before it are gone.
     */
    long writePosition()
    {
        return writePosition;
    }

    int capacity()
    {
        return capacity;
    }
}
