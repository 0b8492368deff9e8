package io.hedge.replicas;

import io.hedge.journal.EffectsJournal;
import io.hedge.journal.PromiseStore;
import io.hedge.journal.SequencedJournal;
import io.hedge.journal.SnapshotStore;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rule 7: a replica killed between journaling a seq and keeping its effects has them again after recovery: the replay
 * recomputes every replayed seq's effects and the effects journal takes those it lacks, once.
 */
class EffectsRecoveryTest
{
    private final Path dir = SequencedFixture.directory("effects-recovery");
    private final SequencedFixture fixture = SequencedFixture.create();

    /** SumStateMachine with one effect per odd seq: the seq itself. */
    static final class EffectfulSum implements StateMachine
    {
        private final SumStateMachine sum = new SumStateMachine();
        private long lastSeq;

        @Override
        public int apply(final long seq, final long timestampNs, final long clientId, final int principalId, final DirectBuffer payload,
            final int offset, final int length, final MutableDirectBuffer response, final int responseOffset)
        {
            lastSeq = seq;
            return sum.apply(seq, timestampNs, clientId, principalId, payload, offset, length, response, responseOffset);
        }

        @Override
        public int effects(final MutableDirectBuffer buffer, final int offset)
        {
            if (lastSeq % 2 == 0)
            {
                return 0;
            }
            buffer.putInt(offset, Long.BYTES, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(offset + Integer.BYTES, lastSeq);
            return Integer.BYTES + Long.BYTES;
        }

        @Override
        public int maxEffectsLength()
        {
            return 64;
        }

        @Override
        public long fullStateHash()
        {
            return sum.fullStateHash();
        }

        @Override
        public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
        {
            return sum.writeSnapshot(buffer, offset);
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            sum.loadSnapshot(buffer, offset, length);
        }
    }

    @AfterEach
    void delete()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    @DisplayName("rule 7: effects lost to a crash after the journal append are recomputed by the recovery replay")
    void recoveryFillsTheEffectsTheCrashLost()
    {
        final Path journalDir = dir.resolve("journal");
        try (SequencedJournal journal = SequencedJournal.open(journalDir);
            EffectsJournal effects = EffectsJournal.open(EffectsJournal.besideJournal(journalDir)))
        {
            fixture.journal(journal, 1, 1, 20);
            effects.beginAfter(0);
            for (long seq = 1; seq <= 17; seq += 2)
            {
                final UnsafeBuffer bytes = new UnsafeBuffer(new byte[Integer.BYTES + Long.BYTES]);
                bytes.putInt(0, Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                bytes.putLong(Integer.BYTES, seq);
                effects.append(seq, bytes, 0, bytes.capacity());
            }
            // the replica died after journaling seq 19 but before keeping its effects
            new ReplicaRecovery(1, "A", EffectfulSum::new, 64)
                .effectsTo(effects::appendIfNew)
                .recover(journal, new SnapshotStore(dir.resolve("snapshots"), 3), PromiseStore.open(dir.resolve("promise")));

            final List<Long> held = new ArrayList<>();
            try (EffectsJournal.Reader reader = effects.reader())
            {
                while (reader.readNext((seq, buffer, offset, length) -> held.add(seq)))
                {
                    // collected
                }
            }
            assertEquals(List.of(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L), held, "seq 19's effect is back, once");
            assertEquals(1, effects.firstAvailableSeq());
        }
    }
}
