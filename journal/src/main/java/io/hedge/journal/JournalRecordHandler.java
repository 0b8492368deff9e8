package io.hedge.journal;

import org.agrona.DirectBuffer;

/**
 * Receives one journal record: an encoded fabric {@code Sequenced} message, SBE message header included.
 * The buffer is valid only for the duration of the call; copy what must outlive it.
 */
@FunctionalInterface
public interface JournalRecordHandler
{
    void onRecord(DirectBuffer buffer, int offset, int length);
}
