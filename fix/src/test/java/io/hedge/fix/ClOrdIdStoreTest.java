package io.hedge.fix;

import io.hedge.codecs.trading.Side;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ClOrdID store read back after a restart: what was recorded is found by ClOrdID, correlation id and Hedge
 * clientOrderId; a resubmission moves the correlation id; a torn last record is cut off and the rest kept.
 */
class ClOrdIdStoreTest
{
    private final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
        "clordid-store-" + System.nanoTime());

    @AfterEach
    void tearDown()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void whatWasRecordedIsFoundAfterARestart()
    {
        final byte[] payload = TestOrders.newOrder(3, 1, Side.BUY, 100, 5);
        try (ClOrdIdStore store = new ClOrdIdStore(dir))
        {
            store.recordSent(101, "A", "", FixOrder.NEW_ORDER, 3, 3, payload);
            final FixOrder b = store.recordSent(101, "B", "", FixOrder.NEW_ORDER, 4, 4, payload);
            store.recordSent(102, "A", "", FixOrder.NEW_ORDER, 3, 3, payload);
            b.orderId = 77;
            b.answered = true;
            b.lastReport = "8=FIX.4.4\u00019=5\u000135=8\u000110=000\u0001";
            store.recordReport(b);
            store.recordSent(101, "A", "", FixOrder.NEW_ORDER, 9, 3, payload); // resubmitted under a new id
        }
        try (ClOrdIdStore store = new ClOrdIdStore(dir))
        {
            final FixOrder a = store.find(101, "A");
            assertEquals(9, a.correlationId);
            assertSame(a, store.byCorrelationId(101, 9));
            assertNull(store.byCorrelationId(101, 3), "the old id is no longer the order's");
            assertSame(a, store.byHedgeClientOrderId(101, 3));
            assertArrayEquals(payload, a.payload);
            final FixOrder b = store.find(101, "B");
            assertEquals(77, b.orderId);
            assertTrue(b.answered);
            assertEquals("8=FIX.4.4\u00019=5\u000135=8\u000110=000\u0001", b.lastReport);
            assertEquals(List.of(a), store.unanswered(101));
            assertEquals(3, store.find(102, "A").correlationId, "another session's A is another order");
            assertNull(store.find(101, "C"));
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestKept() throws Exception
    {
        final byte[] payload = TestOrders.newOrder(3, 1, Side.BUY, 100, 5);
        try (ClOrdIdStore store = new ClOrdIdStore(dir))
        {
            store.recordSent(101, "A", "", FixOrder.NEW_ORDER, 3, 3, payload);
        }
        final Path file = dir.resolve(ClOrdIdStore.FILE_NAME);
        final long good = Files.size(file);
        Files.write(file, new byte[] {0, 0, 0, 60, 1, 2, 3}, StandardOpenOption.APPEND); // a crash mid-record
        try (ClOrdIdStore store = new ClOrdIdStore(dir))
        {
            assertEquals(1, store.records());
            assertEquals(good, Files.size(file), "the torn record is gone");
            store.recordSent(101, "B", "", FixOrder.NEW_ORDER, 4, 4, payload);
        }
        try (ClOrdIdStore store = new ClOrdIdStore(dir))
        {
            assertEquals(2, store.records());
            assertEquals(4, store.find(101, "B").correlationId);
        }
    }
}
