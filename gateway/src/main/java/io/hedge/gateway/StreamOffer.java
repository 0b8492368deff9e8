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

    /**
     * The sequenced stream as the active gateway sends it: to the replicas, then a copy to the standby gateways on a
     * publication of their own. The copy is offered only once the replicas' publication took the message (a retry
     * after back pressure would otherwise send the standbys a message twice) and whatever it returns is let go: back
     * pressure on the standbys' copy never holds the replicas'. A standby that misses a message has it retransmitted,
     * as after any loss.
     *
     * @return the replicas' offer, with the copy.
     */
    static StreamOffer withStandbyCopy(final StreamOffer replicas, final StreamOffer standbys)
    {
        return (buffer, offset, length) ->
        {
            final long result = replicas.offer(buffer, offset, length);
            if (result > 0)
            {
                standbys.offer(buffer, offset, length);
            }
            return result;
        };
    }
}
