package io.hedge.sequencer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuplicateTableTest
{
    private static final long CLIENT_A = 7;
    private static final long CLIENT_B = 8;

    @Test
    void unseenClientIsNew()
    {
        final DuplicateTable table = new DuplicateTable(8);
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_A, 1));
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_A, 1_000_000));
        assertEquals(0, table.clientCount());
        assertEquals(0, table.highestCorrelationId(CLIENT_A));
    }

    @Test
    void higherCorrelationIdIsNew()
    {
        final DuplicateTable table = new DuplicateTable(8);
        table.record(CLIENT_A, 5, 100);
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_A, 6));
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_A, 5 + 8)); // same slot as 5, but higher
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_A, Long.MAX_VALUE));
    }

    @Test
    void duplicateInsideWindowReturnsRecordedSeq()
    {
        final DuplicateTable table = new DuplicateTable(8);
        for (long correlationId = 1; correlationId <= 8; correlationId++)
        {
            table.record(CLIENT_A, correlationId, 100 + correlationId);
        }
        for (long correlationId = 1; correlationId <= 8; correlationId++)
        {
            assertEquals(100 + correlationId, table.check(CLIENT_A, correlationId), "correlationId " + correlationId);
        }
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_A, 9));
    }

    @Test
    void duplicateOlderThanWindowIsUnknownSeq()
    {
        final DuplicateTable table = new DuplicateTable(4);
        for (long correlationId = 1; correlationId <= 10; correlationId++)
        {
            table.record(CLIENT_A, correlationId, correlationId * 3);
        }
        // the last 4 (7..10) are still known
        for (long correlationId = 7; correlationId <= 10; correlationId++)
        {
            assertEquals(correlationId * 3, table.check(CLIENT_A, correlationId));
        }
        // 1..6 are duplicates whose seq is no longer known
        for (long correlationId = 1; correlationId <= 6; correlationId++)
        {
            assertEquals(DuplicateTable.DUPLICATE_UNKNOWN_SEQ, table.check(CLIENT_A, correlationId),
                "correlationId " + correlationId);
        }
    }

    @Test
    void skippedIdBelowHighestWithinTheWindowWasNeverSequenced()
    {
        final DuplicateTable table = new DuplicateTable(16);
        table.record(CLIENT_A, 1, 11);
        table.record(CLIENT_A, 3, 13);
        // lost on the way while 3 arrived: not a duplicate, and must not be reported as executed
        assertEquals(DuplicateTable.NEVER_SEQUENCED, table.check(CLIENT_A, 2));
        table.record(CLIENT_A, 20, 14);
        // 20 - 2 > the window: the table can no longer tell
        assertEquals(DuplicateTable.DUPLICATE_UNKNOWN_SEQ, table.check(CLIENT_A, 2));
        assertEquals(11, table.check(CLIENT_A, 1));
        assertEquals(13, table.check(CLIENT_A, 3));
    }

    @Test
    void clientsAreIndependent()
    {
        final DuplicateTable table = new DuplicateTable(8);
        table.record(CLIENT_A, 1, 1);
        table.record(CLIENT_A, 2, 2);
        table.record(CLIENT_B, 1, 3);

        assertEquals(2, table.clientCount());
        assertEquals(1, table.check(CLIENT_A, 1));
        assertEquals(3, table.check(CLIENT_B, 1));
        assertEquals(2, table.check(CLIENT_A, 2));
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_B, 2));
        assertEquals(DuplicateTable.NEW, table.check(99, 1));
        assertEquals(2, table.highestCorrelationId(CLIENT_A));
        assertEquals(1, table.highestCorrelationId(CLIENT_B));
    }

    @Test
    void highestCorrelationIdTracksMaximumNotLastRecorded()
    {
        final DuplicateTable table = new DuplicateTable(8);
        assertEquals(0, table.highestCorrelationId(CLIENT_A));
        table.record(CLIENT_A, 10, 1);
        assertEquals(10, table.highestCorrelationId(CLIENT_A));
        table.record(CLIENT_A, 4, 2);
        assertEquals(10, table.highestCorrelationId(CLIENT_A));
        assertEquals(2, table.check(CLIENT_A, 4));
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_A, 11));
        table.record(CLIENT_A, 11, 3);
        assertEquals(11, table.highestCorrelationId(CLIENT_A));
        assertEquals(0, table.highestCorrelationId(CLIENT_B));
    }

    @Test
    void windowOfOneKeepsOnlyTheLatest()
    {
        final DuplicateTable table = new DuplicateTable(1);
        table.record(CLIENT_A, 1, 50);
        table.record(CLIENT_A, 2, 51);
        assertEquals(51, table.check(CLIENT_A, 2));
        assertEquals(DuplicateTable.DUPLICATE_UNKNOWN_SEQ, table.check(CLIENT_A, 1));
    }

    @Test
    void constructorRejectsNonPowerOfTwo()
    {
        for (final int bad : new int[]{0, -1, -8, 3, 6, 12, 1000, Integer.MAX_VALUE})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> new DuplicateTable(bad), "size " + bad);
            assertTrue(ex.getMessage().contains(String.valueOf(bad)), ex.getMessage());
        }
        new DuplicateTable(1);
        new DuplicateTable(2);
        new DuplicateTable(1024);
    }

    /**
     * Rule 8 (bounded resources). Invariant: a client whose window was taken for another keeps its low-water mark, so
     * none of its old correlation ids is ever new again (never executed twice), while the table holds at most
     * maxWindows windows.
     */
    @Test
    void beyondTheWindowCapTheLeastRecentClientKeepsItsMarkAndItsOldIdsStayDuplicates()
    {
        final DuplicateTable table = new DuplicateTable(8, 2, 100);
        table.record(CLIENT_A, 1, 10);
        table.record(CLIENT_A, 2, 11);
        table.record(CLIENT_B, 1, 12);
        table.record(9, 1, 13); // a third client: A, recorded least recently, gives up its window
        assertEquals(2, table.windowCount());
        assertEquals(3, table.clientCount());
        assertEquals(1, table.windowsReused());

        assertEquals(DuplicateTable.DUPLICATE_UNKNOWN_SEQ, table.check(CLIENT_A, 2), "refused, never new");
        assertEquals(DuplicateTable.DUPLICATE_UNKNOWN_SEQ, table.check(CLIENT_A, 1));
        assertEquals(DuplicateTable.NEW, table.check(CLIENT_A, 3));
        assertEquals(2, table.highestCorrelationId(CLIENT_A), "the mark is what a reconnecting client continues after");
        assertEquals(12, table.check(CLIENT_B, 1), "the others keep their windows");

        table.record(CLIENT_A, 3, 14); // A is back: it takes B's window, starting from its mark
        assertEquals(14, table.check(CLIENT_A, 3));
        assertEquals(DuplicateTable.DUPLICATE_UNKNOWN_SEQ, table.check(CLIENT_A, 2), "below the mark: still old");
        assertEquals(DuplicateTable.DUPLICATE_UNKNOWN_SEQ, table.check(CLIENT_B, 1));
        assertEquals(2, table.windowCount());
    }

    /**
     * Rule 8. Invariant: marks are never dropped, so the table refuses to admit a new client id beyond maxClients
     * (the gateway answers REJECTED_BUSY) instead of growing or forgetting one.
     */
    @Test
    void beyondTheClientCapANewIdIsNotAdmittedButKnownOnesAre()
    {
        final DuplicateTable table = new DuplicateTable(8, 1, 2);
        assertTrue(table.canAdmit(CLIENT_A));
        table.record(CLIENT_A, 1, 1);
        table.record(CLIENT_B, 1, 2);
        assertFalse(table.canAdmit(9), "a third id is refused");
        assertTrue(table.canAdmit(CLIENT_A), "a known id (by its mark) is admitted");
        assertTrue(table.canAdmit(CLIENT_B));
    }
}
