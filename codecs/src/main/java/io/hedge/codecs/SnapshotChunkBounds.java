package io.hedge.codecs;

/**
 * What a SnapshotChunk may claim, checked by every adapter that receives one before anyone acts on it: a chunk never
 * makes its receiver allocate a size the sender chose, nor write outside the snapshot body it announced.
 */
public final class SnapshotChunkBounds
{
    /**
     * The largest chunk any replica sends (replica.snapshot.chunk.length is at most this); a longer one is refused.
     */
    public static final int MAX_CHUNK_LENGTH = 1024 * 1024;

    private SnapshotChunkBounds()
    {
    }

    /**
     * @return true if the chunk's data lies within the body it announces: offsets and lengths not negative, the data
     * no longer than {@link #MAX_CHUNK_LENGTH}, and {@code chunkOffset + dataLength <= totalLength}.
     */
    public static boolean fit(final int totalLength, final int chunkOffset, final int dataLength)
    {
        return totalLength >= 0 && chunkOffset >= 0 && dataLength >= 0 && dataLength <= MAX_CHUNK_LENGTH &&
            (long)chunkOffset + dataLength <= totalLength;
    }
}
