package io.hedge.gateway;

import org.agrona.DirectBuffer;

/**
 * The response the collector holds for each in-flight seq: the whole ReplicaResponse message (so the commit listener
 * can read its effects) and where its payload lies in it (so a retry can be answered again). Copied once into a ring
 * of bytes; a copy the ring has since overwritten is detected, never read. Indexed by the collector's slot.
 */
final class HeldResponses
{
    private final long[] positions;
    private final int[] lengths;
    private final int[] payloadOffsets;
    private final int[] payloadLengths;
    private final int[] replicaIds;
    private final long[] hashes;
    private final ResponseCache cache;

    HeldResponses(final int capacity, final int cacheBytes)
    {
        positions = new long[capacity];
        lengths = new int[capacity];
        payloadOffsets = new int[capacity];
        payloadLengths = new int[capacity];
        replicaIds = new int[capacity];
        hashes = new long[capacity];
        cache = new ResponseCache(cacheBytes);
    }

    void clear(final int slot)
    {
        positions[slot] = -1;
        lengths[slot] = 0;
        replicaIds[slot] = 0;
    }

    /**
     * Copy a response in: the message is {@code buffer[messageOffset, +messageLength)}, its payload
     * {@code buffer[payloadOffset, +payloadLength)}. One larger than the whole ring is not held.
     */
    void hold(
        final int slot,
        final int replicaId,
        final long stateHash,
        final DirectBuffer buffer,
        final int messageOffset,
        final int messageLength,
        final int payloadOffset,
        final int payloadLength)
    {
        positions[slot] = cache.store(buffer, messageOffset, messageLength);
        lengths[slot] = messageLength;
        payloadOffsets[slot] = payloadOffset - messageOffset;
        payloadLengths[slot] = payloadLength;
        replicaIds[slot] = replicaId;
        hashes[slot] = stateHash;
    }

    /**
     * @return true if a response was held for the slot (it may have been overwritten since).
     */
    boolean isHeld(final int slot)
    {
        return positions[slot] >= 0;
    }

    /**
     * @return true if the slot's response is held and its bytes are intact.
     */
    boolean isAvailable(final int slot)
    {
        return positions[slot] >= 0 && cache.isAvailable(positions[slot], lengths[slot]);
    }

    /**
     * @return true if the slot's response is held and was stored more than half the ring ago: storing on and on
     * would soon overwrite it.
     */
    boolean isAging(final int slot)
    {
        return positions[slot] >= 0 && cache.writePosition() - positions[slot] > cache.capacity() / 2;
    }

    long hash(final int slot)
    {
        return hashes[slot];
    }

    int replicaId(final int slot)
    {
        return replicaIds[slot];
    }

    DirectBuffer buffer()
    {
        return cache.buffer();
    }

    int messageIndex(final int slot)
    {
        return cache.indexOf(positions[slot]);
    }

    int messageLength(final int slot)
    {
        return lengths[slot];
    }

    int payloadIndex(final int slot)
    {
        return cache.indexOf(positions[slot]) + payloadOffsets[slot];
    }

    int payloadLength(final int slot)
    {
        return payloadLengths[slot];
    }
}
