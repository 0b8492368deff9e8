package io.hedge.gateway;

import org.agrona.DirectBuffer;

/**
 * One outbound stream as the gateway's publishers see it: an Aeron publication's {@code offer} in production
 * ({@code publication::offer}), a recorder in a unit test, so that no phase needs a media driver to be tested.
 */
@FunctionalInterface
public interface StreamOffer
{
    /**
     * @return a positive position when accepted, otherwise a negative Aeron publication result.
     */
    long offer(DirectBuffer buffer, int offset, int length);
}
