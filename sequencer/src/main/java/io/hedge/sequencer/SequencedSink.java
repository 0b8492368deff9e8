package io.hedge.sequencer;

import org.agrona.DirectBuffer;

/**
 * Where sequenced messages go after the journal: an Aeron publication in a gateway, something simpler in a test.
 */
@FunctionalInterface
public interface SequencedSink
{
    /**
     * Offer one encoded message.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param length of the message.
     * @return a positive position when accepted, otherwise a negative Aeron publication result.
     */
    long offer(DirectBuffer buffer, int offset, int length);
}
