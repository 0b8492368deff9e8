package io.hedge.replicas;

import io.hedge.journal.SnapshotStore;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Writes a replica's snapshots into its store: every so many seqs, on request (from any thread), and the one a peer
 * sent to bootstrap it. A snapshot is written on the agent thread between two seqs, so the state is exactly the state
 * after its seq; it pauses this replica for as long as it takes (about 10 ms for a book of 100,000 orders), the
 * others go on.
 */
final class SnapshotWriter implements PeerBootstrap.SnapshotKeeper
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private final int replicaId;
    private final String site;
    private final SnapshotStore store;
    private final long interval;
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    private volatile boolean requested;
    private volatile long lastSnapshotSeq;
    private long written;

    /**
     * @param interval        a snapshot every this many seqs; 0 only on request.
     * @param lastSnapshotSeq the seq of the snapshot recovery loaded, 0 if none.
     */
    SnapshotWriter(
        final int replicaId, final String site, final SnapshotStore store, final long interval, final long lastSnapshotSeq)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.store = store;
        this.interval = interval;
        this.lastSnapshotSeq = lastSnapshotSeq;
    }

    /**
     * Ask for a snapshot at the next seq boundary the agent reaches; safe from any thread.
     */
    void request()
    {
        requested = true;
    }

    /**
     * @return true, once, after {@link #request()}.
     */
    boolean takeRequest()
    {
        if (requested)
        {
            requested = false;
            return true;
        }
        return false;
    }

    /**
     * @return true if the interval calls for a snapshot after this seq.
     */
    boolean dueAfter(final long seq)
    {
        return interval > 0 && seq % interval == 0;
    }

    /**
     * Write the state after appliedSeq, unless there is none or it is written already.
     */
    void write(final StateMachine stateMachine, final long appliedSeq, final long epoch, final long stateHash)
    {
        if (appliedSeq == 0 || appliedSeq == lastSnapshotSeq)
        {
            return;
        }
        final long startNs = System.nanoTime();
        final int length = stateMachine.writeSnapshot(buffer, 0);
        final Path file = store.write(appliedSeq, epoch, stateHash, stateMachine.fullStateHash(), buffer, 0, length);
        lastSnapshotSeq = appliedSeq;
        written++;
        LOG.info("replica {} (site {}): snapshot at seq {} written to {} ({} bytes, {} ms)", replicaId, site,
            appliedSeq, file, length, (System.nanoTime() - startNs) / 1_000_000);
    }

    /**
     * Keep a peer's snapshot, verified by the caller, as this replica's own.
     */
    @Override
    public void keep(
        final long seq,
        final long epoch,
        final long rollingStateHash,
        final long fullStateHash,
        final DirectBuffer body,
        final int length)
    {
        store.write(seq, epoch, rollingStateHash, fullStateHash, body, 0, length);
        lastSnapshotSeq = seq;
    }

    /**
     * A repair rebuilt the state from the snapshot at this seq (0 for none); snapshots above it were set aside.
     */
    void restoredFrom(final long snapshotSeq)
    {
        lastSnapshotSeq = snapshotSeq;
    }

    /**
     * @return snapshots written by this process (on the agent thread only).
     */
    long written()
    {
        return written;
    }

    /**
     * @return the seq of the last snapshot written or loaded, 0 if none.
     */
    long lastSnapshotSeq()
    {
        return lastSnapshotSeq;
    }
}
