package io.hedge.codecs;

/**
 * Entries of the sequenced stream that the active gateway makes itself to tell every replica something at one seq
 * (hedge admin snapshot and shutdown). Each is shaped as a term marker (client 0, no payload) so that every reader
 * that does not know it, a replica of schema version 4 included, journals, answers and hashes it as a marker and never
 * passes it to the state machine: the state hash after it is the same on every replica, whether or not the replica
 * acted on it. A term marker's correlation id is its epoch (positive); a control entry's is negative.
 */
public final class ControlEntry
{
    /** The client id of every gateway-made entry (term markers and control entries). */
    public static final long CLIENT_ID = 0;
    /** Correlation id: write a snapshot after applying this seq. */
    public static final long SNAPSHOT = -1;
    /** Correlation id: write a snapshot after applying this seq, then stop (hedge admin shutdown). */
    public static final long SNAPSHOT_AND_STOP = -2;

    private ControlEntry()
    {
    }

    /**
     * @return true for an entry that asks every replica for a snapshot at its seq (with or without a stop).
     */
    public static boolean isSnapshot(final long clientId, final long correlationId)
    {
        return CLIENT_ID == clientId && (SNAPSHOT == correlationId || SNAPSHOT_AND_STOP == correlationId);
    }

    /**
     * @return true for an entry that asks every replica to stop after its snapshot.
     */
    public static boolean isStop(final long clientId, final long correlationId)
    {
        return CLIENT_ID == clientId && SNAPSHOT_AND_STOP == correlationId;
    }
}
