package io.hedge.replicas;

import io.hedge.journal.EpochHistory;
import io.hedge.journal.JournalEpochs;
import io.hedge.journal.PromiseStore;
import io.hedge.journal.SequencedJournal;
import io.hedge.journal.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * REPAIRING (protocol v2, rule 3): brings a replica's journal and state back to a prefix of the agreed history, with
 * no human involved. To a target seq: the target is persisted ({@link RepairMarker}), the journal is cut to it (the
 * old one set aside, never deleted), snapshots above it are set aside, and the state is rebuilt as at a start (a fresh
 * state machine, the newest snapshot at or below the target, the journal replayed to the target) before the marker
 * goes. By bootstrap: the journal and every snapshot are set aside, and the replica starts empty.
 * <p>
 * Each step is idempotent and the marker is removed only after the last one, so a crash anywhere in between is
 * finished at the next start ({@link #finishAtStart}) before anything else reads the journal.
 * Invariant: a replica's applied state is always the state of a prefix of the agreed history.
 */
final class ReplicaRepair
{
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRepair.class);

    private final int replicaId;
    private final String site;
    private final SequencedJournal journal;
    private final EpochHistory history;
    private final SnapshotStore store;
    private final PromiseStore promise;
    private final RepairMarker marker;
    private final ReplicaRecovery recovery;

    ReplicaRepair(
        final int replicaId,
        final String site,
        final SequencedJournal journal,
        final EpochHistory history,
        final SnapshotStore store,
        final PromiseStore promise,
        final RepairMarker marker,
        final ReplicaRecovery recovery)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.journal = journal;
        this.history = history;
        this.store = store;
        this.promise = promise;
        this.marker = marker;
        this.recovery = recovery;
    }

    /**
     * @return true if the state at {@code target} can be rebuilt from what this replica holds: its journal starts at
     * seq 1, or a snapshot at or below the target is at or after the seq before the journal's first.
     */
    boolean canRebuildTo(final long target)
    {
        if (target < 0)
        {
            return false;
        }
        final long first = journal.firstSeq();
        if (0 == target || first == 1)
        {
            return true;
        }
        final long from = 0 == first ? journal.lastSeq() : first - 1;
        for (final long seq : store.seqs())
        {
            if (seq <= target && seq >= from)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Cut the journal to {@code target} and rebuild the state there.
     *
     * @param tag names what is set aside, e.g. the epoch whose leader did not hold the tail.
     * @return the rebuilt state; the caller installs it.
     */
    ReplicaRecovery.Recovered cutAndRebuild(final long target, final String tag)
    {
        final long startNs = System.nanoTime();
        final long fromSeq = journal.lastSeq();
        LOG.warn("replica {} (site {}): repair started: cutting journal {} from seq {} to seq {} ({})", replicaId,
            site, journal.directory(), fromSeq, target, tag);
        marker.write(target);
        cut(journal, history, store, target, tag);
        final ReplicaRecovery.Recovered rebuilt = recovery.recover(journal, store, promise);
        if (rebuilt.appliedSeq() != target)
        {
            // canRebuildTo was checked first: only a snapshot that does not load can bring this, and recovery
            // refuses that loudly; the marker stays, the next start finishes the cut
            throw new IllegalStateException("replica " + replicaId + " (site " + site + "): rebuilt to seq " +
                rebuilt.appliedSeq() + ", not to the repair's target " + target);
        }
        marker.delete();
        LOG.warn("replica {} (site {}): repair done: journal cut from seq {} to seq {}, state rebuilt at seq {} " +
            "(state hash {}) in {} ms", replicaId, site, fromSeq, target, rebuilt.appliedSeq(),
            Long.toHexString(rebuilt.stateHash()), (System.nanoTime() - startNs) / 1_000_000);
        return rebuilt;
    }

    /**
     * Set the journal and every snapshot aside: the replica is empty and bootstraps from a peer.
     */
    void setAsideAll(final String tag)
    {
        final long startNs = System.nanoTime();
        final long fromSeq = journal.lastSeq();
        LOG.warn("replica {} (site {}): repair started: setting aside journal {} (seqs {}..{}) and every snapshot " +
            "to bootstrap from a peer ({})", replicaId, site, journal.directory(), journal.firstSeq(), fromSeq, tag);
        marker.write(RepairMarker.BOOTSTRAP);
        setAside(journal, history, store, tag);
        marker.delete();
        LOG.warn("replica {} (site {}): repair done: journal and snapshots set aside in {} ms; bootstrapping from a " +
            "peer", replicaId, site, (System.nanoTime() - startNs) / 1_000_000);
    }

    /**
     * A marker left by a crash mid-repair: finish the cut (or the setting aside) before recovery reads the journal;
     * recovery then rebuilds the state as the repair would have. The marker is removed by the caller after recovery.
     *
     * @return the target finished, or {@link RepairMarker#NONE} if there was no marker.
     */
    static long finishAtStart(
        final int replicaId,
        final String site,
        final RepairMarker marker,
        final SequencedJournal journal,
        final SnapshotStore store)
    {
        final long target = marker.read();
        if (RepairMarker.NONE == target)
        {
            return target;
        }
        LOG.warn("replica {} (site {}): found {}: finishing the repair to {} interrupted by a crash", replicaId, site,
            marker.file(), RepairMarker.BOOTSTRAP == target ? "an empty replica" : "seq " + target);
        final EpochHistory scratch = new EpochHistory();
        if (RepairMarker.BOOTSTRAP == target)
        {
            setAside(journal, scratch, store, "restart");
        }
        else
        {
            cut(journal, scratch, store, target, "restart");
        }
        return target;
    }

    private static void cut(
        final SequencedJournal journal,
        final EpochHistory history,
        final SnapshotStore store,
        final long target,
        final String tag)
    {
        final Path aside = journal.truncateTo(target, tag);
        if (null != aside)
        {
            LOG.info("journal cut to seq {}; the old one is kept in {}", target, aside);
        }
        history.truncateTo(target);
        if (history.lastSeq() != Math.min(target, journal.lastSeq()))
        {
            JournalEpochs.scan(journal, history);
        }
        final List<Path> moved = store.setAsideAbove(target, tag);
        if (!moved.isEmpty())
        {
            LOG.info("snapshots above seq {} set aside: {}", target, moved);
        }
    }

    private static void setAside(
        final SequencedJournal journal, final EpochHistory history, final SnapshotStore store, final String tag)
    {
        final Path aside = journal.truncateTo(0, tag);
        if (null != aside)
        {
            LOG.info("journal set aside in {}", aside);
        }
        history.clear();
        final List<Path> moved = store.setAsideAbove(-1, tag);
        if (!moved.isEmpty())
        {
            LOG.info("snapshots set aside: {}", moved);
        }
    }
}
