package io.hedge.chaos.check;

/**
 * One record of a replica's journal: a {@code Sequenced} message.
 *
 * @param seq           its place in the total order.
 * @param epoch         of the gateway that sequenced it.
 * @param timestampNs   the sequencer's timestamp.
 * @param clientId      of the request.
 * @param correlationId of the request.
 * @param record        the whole encoded message, header included.
 * @param payloadOffset where the request's payload starts in {@code record}.
 * @param payloadLength its length.
 */
public record JournalEntry(
    long seq, long epoch, long timestampNs, long clientId, long correlationId, byte[] record, int payloadOffset,
    int payloadLength)
{
}
