package io.hedge.replicas;

import io.hedge.journal.EpochHistory;
import io.hedge.journal.JournalEpochs;
import io.hedge.journal.PromiseStore;
import io.hedge.journal.SequencedJournal;
import io.hedge.journal.SnapshotStore;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * REPAIRING on a real journal and snapshot store (v2 rule 3). Invariant protected: a replica's applied state is always
 * the state of a prefix of the agreed history; what is cut is set aside, never deleted; a crash mid-repair is finished
 * at the next start.
 */
class ReplicaRepairTest
{
    private final Path dir = SequencedFixture.directory("repair");
    private final SequencedFixture fixture = SequencedFixture.create();
    private final ReplicaRecovery recovery = new ReplicaRecovery(1, "A", SumStateMachine::new, 64);
    private final EpochHistory history = new EpochHistory();
    private final RepairMarker marker = new RepairMarker(dir.resolve("journal"));

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    @DisplayName("rule 3: the journal is cut to the target and the state rebuilt equals a replica's that never had the tail")
    void cutsTheJournalAndRebuildsTheStateOfThePrefix()
    {
        final long neverHadTheTail;
        try (SequencedJournal prefixOnly = SequencedJournal.open(dir.resolve("other")))
        {
            fixture.journal(prefixOnly, 1, 1, 12);
            neverHadTheTail = recovery.recover(prefixOnly, new SnapshotStore(dir.resolve("other-snapshots")),
                PromiseStore.open(dir.resolve("other-promise"))).stateHash();
        }

        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, 20);
            final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
            writeSnapshot(store, 10);
            writeSnapshot(store, 15);
            JournalEpochs.scan(journal, history);

            final ReplicaRepair repair = repair(journal, store);
            assertTrue(repair.canRebuildTo(12));
            final ReplicaRecovery.Recovered rebuilt = repair.cutAndRebuild(12, "epoch-2");

            assertEquals(12, rebuilt.appliedSeq());
            assertEquals(neverHadTheTail, rebuilt.stateHash(), "the same state as a replica that never had 13..20");
            assertEquals(fixture.stateHashAfter(12), rebuilt.stateHash());
            assertEquals(SequencedFixture.sumAfter(12), ((SumStateMachine)rebuilt.stateMachine()).sum());
            assertEquals(10, rebuilt.lastSnapshotSeq(), "the newest snapshot at or below the target");
            assertEquals(12, journal.lastSeq());
            assertEquals(12, history.lastSeq());
            assertArrayEquals(new long[]{10}, store.seqs(), "the snapshot above the target is set aside");
            assertEquals(1, count(dir.resolve("snapshots"), "abandoned-epoch-2"), "set aside, not deleted");
            assertEquals(1, count(dir, "journal.abandoned-epoch-2"), "the old journal is kept aside");
            assertFalse(Files.exists(marker.file()), "the marker goes once the state is rebuilt");

            fixture.journal(journal, 2, 13, 14);
            assertEquals(14, journal.lastSeq(), "the cut journal takes the leader's entries");
        }
    }

    @Test
    @DisplayName("rule 3: a target no snapshot or journal of this replica covers is rebuilt from a peer instead")
    void aTargetBeforeWhatIsHeldCannotBeRebuiltHere()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            journal.startAfter(15);
            fixture.journal(journal, 1, 16, 20);
            final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
            writeSnapshot(store, 15);
            final ReplicaRepair repair = repair(journal, store);
            assertFalse(repair.canRebuildTo(12), "the journal starts at 16 and the only snapshot is at 15");
            assertTrue(repair.canRebuildTo(15));
            assertTrue(repair.canRebuildTo(18));
            assertFalse(repair.canRebuildTo(RepairMarker.BOOTSTRAP));
        }
    }

    @Test
    @DisplayName("rule 3: a repair by bootstrap sets the journal and every snapshot aside")
    void setsEverythingAsideForABootstrap()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, 20);
            final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
            writeSnapshot(store, 10);
            JournalEpochs.scan(journal, history);
            repair(journal, store).setAsideAll("order");
            assertEquals(0, journal.lastSeq());
            assertEquals(0, journal.firstSeq());
            assertEquals(0, history.size());
            assertEquals(0, store.seqs().length);
            assertEquals(1, count(dir, "journal.abandoned-order"));
            assertFalse(Files.exists(marker.file()));
        }
    }

    @Test
    @DisplayName("rule 3: a marker left by a crash mid-repair is finished before recovery reads the journal")
    void aMarkerFoundAtStartIsFinished()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, 20);
            final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
            writeSnapshot(store, 15);
            marker.write(12);
            assertEquals(12, ReplicaRepair.finishAtStart(1, "A", marker, journal, store));
            assertEquals(12, journal.lastSeq());
            assertEquals(0, store.seqs().length);
            assertEquals(fixture.stateHashAfter(12),
                recovery.recover(journal, store, PromiseStore.open(dir.resolve("promise"))).stateHash());
            marker.delete();
            assertEquals(RepairMarker.NONE, ReplicaRepair.finishAtStart(1, "A", marker, journal, store));
        }
    }

    private ReplicaRepair repair(final SequencedJournal journal, final SnapshotStore store)
    {
        return new ReplicaRepair(1, "A", journal, history, store, PromiseStore.open(dir.resolve("promise")), marker,
            recovery);
    }

    private void writeSnapshot(final SnapshotStore store, final long seq)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        final long sum = SequencedFixture.sumAfter(seq);
        body.putLong(0, sum);
        store.write(seq, 1, fixture.stateHashAfter(seq), 0x5EED_0000L ^ sum, body, 0, Long.BYTES);
    }

    private static long count(final Path directory, final String prefix)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
