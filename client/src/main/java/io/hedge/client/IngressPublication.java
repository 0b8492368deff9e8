package io.hedge.client;

import io.aeron.ExclusivePublication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * What an {@link IngressPublisher} needs of the publication to one gateway: the seam that lets the session's logic
 * run on fakes in unit tests, without a media driver.
 */
interface IngressPublication extends AutoCloseable
{
    boolean isConnected();

    /**
     * @return as {@link ExclusivePublication#offer(DirectBuffer, int, int)}.
     */
    long offer(DirectBuffer buffer, int offset, int length);

    /**
     * @return as {@link ExclusivePublication#offer(DirectBuffer, int, int, DirectBuffer, int, int)}.
     */
    long offer(DirectBuffer bufferOne, int offsetOne, int lengthOne, DirectBuffer bufferTwo, int offsetTwo, int lengthTwo);

    @Override
    void close();

    /**
     * @return the Aeron publication, seen through this interface; closing it closes the publication.
     */
    static IngressPublication of(final ExclusivePublication publication)
    {
        return new IngressPublication()
        {
            public boolean isConnected()
            {
                return publication.isConnected();
            }

            public long offer(final DirectBuffer buffer, final int offset, final int length)
            {
                return publication.offer(buffer, offset, length);
            }

            public long offer(
                final DirectBuffer bufferOne,
                final int offsetOne,
                final int lengthOne,
                final DirectBuffer bufferTwo,
                final int offsetTwo,
                final int lengthTwo)
            {
                return publication.offer(bufferOne, offsetOne, lengthOne, bufferTwo, offsetTwo, lengthTwo);
            }

            public void close()
            {
                CloseHelper.quietClose(publication);
            }
        };
    }
}
