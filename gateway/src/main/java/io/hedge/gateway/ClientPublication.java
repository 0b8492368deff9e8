package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * What the gateway needs of the publication to one client's response channel: the seam that lets client sessions be
 * unit-tested on fakes, without a media driver.
 */
interface ClientPublication extends AutoCloseable
{
    boolean isConnected();

    /**
     * @return as {@link ExclusivePublication#offer(DirectBuffer, int, int)}.
     */
    long offer(DirectBuffer buffer, int offset, int length);

    @Override
    void close();

    /**
     * A publication being added: the media driver resolves the client's address and sets it up while the duty cycle
     * goes on.
     */
    interface Pending
    {
        /**
         * @return the publication once the driver has added it, null until then.
         * @throws RuntimeException when the driver refused it (Aeron's RegistrationException).
         */
        ClientPublication poll();

        /** Nobody will take the publication: remove it when it is added. */
        void cancel();
    }

    /**
     * Starts adding the publication to a client's response channel; never blocks.
     */
    @FunctionalInterface
    interface Opener
    {
        Pending open(String channel, int streamId);
    }

    /**
     * @return an opener that adds each publication with {@link Aeron#asyncAddExclusivePublication} and polls for it
     * with {@link Aeron#getExclusivePublication}, so a slow name resolution never blocks the gateway's duty cycle.
     */
    static Opener asyncOpener(final Aeron aeron)
    {
        return (channel, streamId) ->
        {
            final long registrationId = aeron.asyncAddExclusivePublication(channel, streamId);
            return new Pending()
            {
                public ClientPublication poll()
                {
                    final ExclusivePublication publication = aeron.getExclusivePublication(registrationId);
                    return null == publication ? null : of(publication);
                }

                public void cancel()
                {
                    try
                    {
                        aeron.asyncRemovePublication(registrationId);
                    }
                    catch (final RuntimeException ignore)
                    {
                        // it failed or is gone already: nothing to remove
                    }
                }
            };
        };
    }

    static ClientPublication of(final ExclusivePublication publication)
    {
        return new ClientPublication()
        {
            public boolean isConnected()
            {
                return publication.isConnected();
            }

            public long offer(final DirectBuffer buffer, final int offset, final int length)
            {
                return publication.offer(buffer, offset, length);
            }

            public void close()
            {
                CloseHelper.quietClose(publication);
            }
        };
    }
}
