package io.hedge.journal;

import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * One snapshot read back from a {@link SnapshotStore}, its header and body checksums verified.
 *
 * @param file             the snapshot file.
 * @param seq              the last seq the state includes; replay resumes at {@code seq + 1}.
 * @param epoch            the epoch the snapshot was taken in.
 * @param rollingStateHash the replica's rolling state hash after {@code seq}.
 * @param fullStateHash    the state machine's full-state hash at {@code seq}, to compare after loading the body.
 * @param body             the state machine's snapshot bytes, from index 0 to {@code body.capacity()}; a heap
 *                         buffer over the bytes read.
 */
public record Snapshot(Path file, long seq, long epoch, long rollingStateHash, long fullStateHash, DirectBuffer body)
{
    /**
     * @return how many bytes the body has.
     */
    public int bodyLength()
    {
        return body.capacity();
    }
}
