package io.hedge.replicas;

import io.hedge.journal.PromiseStore;
import io.hedge.journal.SequencedJournal;
import io.hedge.journal.SnapshotStore;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery on a real journal and snapshot store, with a small state machine: the newest snapshot that verifies,
 * older ones when it does not, the journal replayed after it, and the promise.
 */
class ReplicaRecoveryTest
{
    private final Path dir = SequencedFixture.directory("recovery");
    private final SequencedFixture fixture = SequencedFixture.create();
    private final ReplicaRecovery recovery = new ReplicaRecovery(1, "A", SumStateMachine::new, 64);

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void replaysTheWholeJournalWithoutASnapshot()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, 20);
            final ReplicaRecovery.Recovered recovered = recover(journal);
            assertEquals(20, recovered.appliedSeq());
            assertEquals(SequencedFixture.sumAfter(20), ((SumStateMachine)recovered.stateMachine()).sum());
            assertEquals(fixture.stateHashAfter(20), recovered.stateHash());
            assertEquals(1, recovered.epoch());
            assertEquals(1, recovered.lastEntryEpoch());
            assertEquals(0, recovered.lastSnapshotSeq());
            assertEquals(0, recovered.leaderId());
        }
    }

    @Test
    void replaysOnlyTheJournalAfterTheSnapshot()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, 20);
            writeSnapshot(12, SequencedFixture.sumAfter(12), true);
            final ReplicaRecovery.Recovered recovered = recover(journal);
            assertEquals(12, recovered.lastSnapshotSeq());
            assertEquals(20, recovered.appliedSeq());
            assertEquals(SequencedFixture.sumAfter(20), ((SumStateMachine)recovered.stateMachine()).sum());
            assertEquals(fixture.stateHashAfter(20), recovered.stateHash());
        }
    }

    @Test
    void theReplayStartsFromTheSnapshotsStateNotFromSeqOne()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, 20);
            // a snapshot whose state differs from what seqs 1..12 give: only a replay after it keeps the difference
            writeSnapshot(12, SequencedFixture.sumAfter(12) + 1_000, true);
            final ReplicaRecovery.Recovered recovered = recover(journal);
            assertEquals(SequencedFixture.sumAfter(20) + 1_000, ((SumStateMachine)recovered.stateMachine()).sum());
        }
    }

    @Test
    void fallsBackToAnOlderSnapshotWhenTheNewestDoesNotVerify()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, 20);
            writeSnapshot(8, SequencedFixture.sumAfter(8), true);
            writeSnapshot(16, SequencedFixture.sumAfter(16), false);
            final ReplicaRecovery.Recovered recovered = recover(journal);
            assertEquals(8, recovered.lastSnapshotSeq(), "the newest, at 16, loads to another full-state hash");
            assertEquals(20, recovered.appliedSeq());
            assertEquals(SequencedFixture.sumAfter(20), ((SumStateMachine)recovered.stateMachine()).sum());
            assertEquals(fixture.stateHashAfter(20), recovered.stateHash());
        }
    }

    @Test
    void aJournalThatStartsLaterThanAnyValidSnapshotIsRefused()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            journal.startAfter(10);
            fixture.journal(journal, 1, 11, 20);
            writeSnapshot(10, SequencedFixture.sumAfter(10), false);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> recover(journal));
            assertTrue(ex.getMessage().contains("starts at seq 11 but no valid snapshot"), ex.getMessage());
        }
    }

    @Test
    void aSnapshotBeyondTheJournalIsRefused()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 1, 1, 5);
            writeSnapshot(9, SequencedFixture.sumAfter(9), true);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> recover(journal));
            assertTrue(ex.getMessage().contains("ends at seq 5"), ex.getMessage());
        }
    }

    @Test
    void anEmptyJournalContinuesAfterTheSnapshot()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            writeSnapshot(30, SequencedFixture.sumAfter(30), true);
            final ReplicaRecovery.Recovered recovered = recover(journal);
            assertEquals(30, recovered.appliedSeq());
            assertEquals(30, journal.lastSeq(), "the next seq journaled is 31");
        }
    }

    @Test
    void aHigherPromiseGivesTheEpochAndTheGatewayToFollow()
    {
        try (SequencedJournal journal = SequencedJournal.open(dir.resolve("journal")))
        {
            fixture.journal(journal, 2, 1, 3);
            PromiseStore.open(dir.resolve("promise")).promise(5, 3);
            final ReplicaRecovery.Recovered recovered = recover(journal);
            assertEquals(5, recovered.epoch());
            assertEquals(3, recovered.leaderId());
            assertEquals(2, recovered.lastEntryEpoch());
        }
    }

    private ReplicaRecovery.Recovered recover(final SequencedJournal journal)
    {
        return recovery.recover(journal, new SnapshotStore(dir.resolve("snapshots"), 3),
            PromiseStore.open(dir.resolve("promise")));
    }

    private void writeSnapshot(final long seq, final long sum, final boolean hashMatches)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[Long.BYTES]);
        body.putLong(0, sum);
        final long fullStateHash = 0x5EED_0000L ^ sum;
        new SnapshotStore(dir.resolve("snapshots"), 3).write(
            seq, 1, fixture.stateHashAfter(seq), hashMatches ? fullStateHash : fullStateHash + 1, body, 0, Long.BYTES);
    }
}
