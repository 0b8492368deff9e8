package io.hedge.replicas;

import io.hedge.journal.JournalCorruptException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaTest
{
    @Test
    void aJournalFoundNotWholeWhileRunningEndsTheProcessLikeOneThatCannotBeWritten()
    {
        // hedge chaos --seed 1208: a repair's cut met a torn effects excerpt; the replica went on with its state
        // rebuilt but its applied seq not, and refused every later seq until the run ended
        assertTrue(Replica.endsTheProcess(new JournalCorruptException(Path.of("journal-effects"), 7, "torn")));
        assertTrue(Replica.endsTheProcess(new io.hedge.journal.JournalWriteException(
            Path.of("journal"), "seq 5", new java.io.IOException("No space left on device"))));
        assertFalse(Replica.endsTheProcess(new IllegalArgumentException("a bad request")));
        assertFalse(Replica.endsTheProcess(new IllegalStateException("a snapshot that does not load")));
    }
}
