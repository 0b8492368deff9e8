package io.hedge.codecs;

import io.hedge.codecs.fabric.SequencedDecoder;

/**
 * The principal id of a Sequenced record, read the same way everywhere (live apply, replay, journal dump, the gateway's
 * rebuilt tables), so that every reader of one journal sees the same principal. Records written before schema version
 * 4 have no such field and read as 0, the anonymous principal; so does a record whose block is too short to hold it,
 * rather than reading the payload's length prefix as a principal.
 */
public final class SequencedPrincipal
{
    /** The principal of anonymous sessions and of records the gateway makes itself. */
    public static final int ANONYMOUS = 0;

    private static final int BLOCK_END =
        SequencedDecoder.principalIdEncodingOffset() + SequencedDecoder.principalIdEncodingLength();

    private SequencedPrincipal()
    {
    }

    /**
     * @param decoder     wrapped on the record with its header's block length and version.
     * @param blockLength the block length in the record's header.
     * @return the record's principal id, {@link #ANONYMOUS} when the record predates the field.
     */
    public static int of(final SequencedDecoder decoder, final int blockLength)
    {
        if (decoder.actingVersion() < SequencedDecoder.principalIdSinceVersion() || blockLength < BLOCK_END)
        {
            return ANONYMOUS;
        }
        return decoder.principalId();
    }
}
