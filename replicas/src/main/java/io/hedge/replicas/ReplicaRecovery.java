package io.hedge.replicas;

import io.hedge.journal.EffectsJournal;
import io.hedge.journal.PromiseStore;
import io.hedge.journal.SequencedJournal;
import io.hedge.journal.Snapshot;
import io.hedge.journal.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Rebuilds a replica's state before it takes anything new: the newest snapshot whose state, once loaded, hashes to
 * what the snapshot says (older ones if it does not), then its own journal after that snapshot, then its promise.
 * A journal and snapshots that do not fit together (seqs in neither, records the snapshot covers lost) stop the
 * replica with an error naming both, never silently.
 */
final class ReplicaRecovery
{
    /**
     * Where recovery left the replica.
     *
     * @param stateMachine    holds the state after appliedSeq.
     * @param appliedSeq      the last seq applied, 0 if none.
     * @param stateHash       the rolling state hash after appliedSeq.
     * @param epoch           the highest epoch of the snapshot, the journal and the promise.
     * @param leaderId        the gateway promised, 0 if none.
     * @param lastEntryEpoch  the epoch of the last entry, in the snapshot or the journal.
     * @param lastSnapshotSeq the seq of the snapshot loaded, 0 if none.
     */
    record Recovered(
        StateMachine stateMachine,
        long appliedSeq,
        long stateHash,
        long epoch,
        int leaderId,
        long lastEntryEpoch,
        long lastSnapshotSeq,
        long snapshotEpoch)
    {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRecovery.class);

    private final int replicaId;
    private final String site;
    private final Supplier<StateMachine> stateMachineSupplier;
    private final int maxResponseLength;
    private EffectsJournal.EffectsHandler effectsListener;

    ReplicaRecovery(
        final int replicaId,
        final String site,
        final Supplier<StateMachine> stateMachineSupplier,
        final int maxResponseLength)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.stateMachineSupplier = stateMachineSupplier;
        this.maxResponseLength = maxResponseLength;
    }

    /**
     * Hand the effects of every seq replayed to this listener (the replica's effects journal: rule 7).
     */
    ReplicaRecovery effectsTo(final EffectsJournal.EffectsHandler listener)
    {
        this.effectsListener = listener;
        return this;
    }

    /**
     * @throws IllegalStateException when the snapshots and the journal do not fit together.
     * @throws io.hedge.journal.JournalCorruptException at a journal record that cannot be read.
     */
    Recovered recover(final SequencedJournal journal, final SnapshotStore snapshots, final PromiseStore promise)
    {
        final long startNs = System.nanoTime();
        final StateMachine[] loaded = new StateMachine[1];
        final Snapshot snapshot = snapshots.loadNewestValid(candidate ->
        {
            final StateMachine machine = stateMachineSupplier.get();
            machine.loadSnapshot(candidate.body(), 0, candidate.bodyLength());
            if (machine.fullStateHash() != candidate.fullStateHash())
            {
                return false;
            }
            loaded[0] = machine;
            return true;
        });
        snapshots.rejected().forEach(r -> LOG.warn("replica {} (site {}): snapshot refused: {}", replicaId, site, r));

        final StateMachine stateMachine;
        long appliedSeq = 0;
        long stateHash = 0;
        long epoch = 0;
        long lastSnapshotSeq = 0;
        if (null == snapshot)
        {
            if (journal.firstSeq() > 1)
            {
                throw new IllegalStateException("replica " + replicaId + " (site " + site + "): journal " +
                    journal.directory() + " starts at seq " + journal.firstSeq() + " but no valid snapshot in " +
                    snapshots.directory() + " holds the state before it");
            }
            stateMachine = stateMachineSupplier.get();
        }
        else
        {
            checkFits(journal, snapshot);
            stateMachine = loaded[0];
            appliedSeq = snapshot.seq();
            stateHash = snapshot.rollingStateHash();
            epoch = snapshot.epoch();
            lastSnapshotSeq = snapshot.seq();
            LOG.info("replica {} (site {}): loaded snapshot {} at seq {} ({} bytes) in {} ms", replicaId, site,
                snapshot.file().getFileName(), snapshot.seq(), snapshot.bodyLength(),
                (System.nanoTime() - startNs) / 1_000_000);
        }

        long lastEntryEpoch = epoch;
        if (journal.lastSeq() == appliedSeq)
        {
            LOG.info("replica {} (site {}): journal {} holds nothing after seq {}, continuing from seq {}",
                replicaId, site, journal.directory(), appliedSeq, appliedSeq + 1);
        }
        else
        {
            final JournalReplayer.Result result = new JournalReplayer(stateMachine, maxResponseLength)
                .startAfter(appliedSeq, epoch, stateHash)
                .effectsTo(effectsListener)
                .replay(
                journal,
                (applied, lastSeq, elapsedNs) -> LOG.info("replica {} (site {}): replaying journal, {} applied so far",
                    replicaId, site, applied),
                TimeUnit.SECONDS.toNanos(1));
            appliedSeq = result.lastSeq();
            stateHash = result.stateHash();
            epoch = Math.max(epoch, result.lastEpoch());
            lastEntryEpoch = Math.max(lastEntryEpoch, result.lastEpoch());
            final double seconds = result.elapsedNs() / 1e9;
            LOG.info("replica {} (site {}): replayed {} journaled requests up to seq {} in {} s ({} per second), " +
                "state hash {}", replicaId, site, result.applied(), appliedSeq, String.format("%.3f", seconds),
                String.format("%.0f", result.applied() / Math.max(seconds, 1e-9)), Long.toHexString(stateHash));
        }

        int leaderId = 0;
        if (promise.epoch() >= epoch)
        {
            epoch = promise.epoch();
            leaderId = promise.leaderId();
        }
        return new Recovered(stateMachine, appliedSeq, stateHash, epoch, leaderId, lastEntryEpoch, lastSnapshotSeq,
            null == snapshot ? 0 : snapshot.epoch());
    }

    private void checkFits(final SequencedJournal journal, final Snapshot snapshot)
    {
        if (0 == journal.firstSeq())
        {
            // a replica bootstrapped from a peer's snapshot that stopped before journaling anything after it
            journal.startAfter(snapshot.seq());
            LOG.info("replica {} (site {}): journal {} is empty; it continues after the snapshot's seq {}",
                replicaId, site, journal.directory(), snapshot.seq());
        }
        else if (journal.firstSeq() > snapshot.seq() + 1)
        {
            throw new IllegalStateException("replica " + replicaId + " (site " + site + "): snapshot " +
                snapshot.file() + " is at seq " + snapshot.seq() + " but the journal " + journal.directory() +
                " starts at seq " + journal.firstSeq() + "; seqs " + (snapshot.seq() + 1) + ".." +
                (journal.firstSeq() - 1) + " are in neither");
        }
        if (snapshot.seq() > journal.lastSeq())
        {
            throw new IllegalStateException("replica " + replicaId + " (site " + site + "): snapshot " +
                snapshot.file() + " is at seq " + snapshot.seq() + " but the journal " + journal.directory() +
                " ends at seq " + journal.lastSeq() + "; the journal has lost records the snapshot covers");
        }
    }
}
