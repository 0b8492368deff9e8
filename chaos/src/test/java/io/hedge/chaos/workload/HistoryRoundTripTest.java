package io.hedge.chaos.workload;

import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryRoundTripTest
{
    private final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
        "history-" + System.nanoTime()).toAbsolutePath();

    @AfterEach
    void tearDown()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    void whatIsWrittenIsReadBackAndAHalfLineOfAKilledClientIsDropped() throws Exception
    {
        final Path file = dir.resolve("client-3.history");
        final Operation transfer = new Operation(Operation.Kind.TRANSFER, 1, 4, 9, 0, 0, 0, 250);
        final Operation order = new Operation(Operation.Kind.NEW_ORDER, 1, 2, 0, 3, 1, 1_005, 17);
        try (HistoryWriter writer = new HistoryWriter(file, 3))
        {
            writer.start(100, 1_000, "seed=42 rate=10");
            writer.submit(200, 1_001, 1, transfer);
            writer.submit(300, 1_002, 2, order);
            writer.answer(400, 1_003, 1, "OK", 17, 2, "TransferAck");
            writer.unknown(500, 1_004, 2);
            writer.outcomeTimeout(600, 1_005, 2);
            writer.outcome(700, 1_006, 2, "NOT_EXECUTED", 0, 0, "");
            writer.reject(800, 1_007, 3, "REJECTED_TOO_LARGE");
        }
        HistoryReader reader = HistoryReader.read(file);
        assertFalse(reader.truncated());
        final List<HistoryEvent> events = reader.events();
        assertEquals(8, events.size());
        assertEquals(new HistoryEvent(HistoryEvent.Type.SUBMIT, 200, 1_001, 3, 1, transfer, "", 0, 0, ""), events.get(1));
        assertEquals(order, events.get(2).operation());
        assertEquals(new HistoryEvent(HistoryEvent.Type.ANSWER, 400, 1_003, 3, 1, null, "OK", 17, 2, "TransferAck"),
            events.get(3));
        assertTrue(events.get(3).saysExecuted());
        assertEquals(HistoryEvent.Type.UNKNOWN, events.get(4).type());
        assertTrue(events.get(6).saysNotExecuted());
        assertEquals("REJECTED_TOO_LARGE", events.get(7).status());
        assertNull(events.get(7).operation());

        // a kill -9 in the middle of a line: the half line is dropped, the rest reads as before
        Files.writeString(file, "SUBMIT mono=900 wall=1008 client=3 co", StandardCharsets.US_ASCII,
            StandardOpenOption.APPEND);
        reader = HistoryReader.read(file);
        assertTrue(reader.truncated());
        assertEquals(events, reader.events());

        // a restarted client cuts the half line off and appends its new session
        try (HistoryWriter writer = new HistoryWriter(file, 3))
        {
            writer.start(50, 2_000, "restart");
            writer.end(60, 2_001, "submitted=0");
        }
        reader = HistoryReader.read(file);
        assertFalse(reader.truncated());
        assertEquals(events, reader.events().subList(0, 8));
        assertEquals(HistoryEvent.Type.START, reader.events().get(8).type());
        assertEquals(HistoryEvent.Type.END, reader.events().get(9).type());

        final Path broken = dir.resolve("broken.history");
        Files.writeString(broken, "SUBMIT mono=1 wall=2 client=3 co\nSTART mono=1 wall=2 client=3 corr=0\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> HistoryReader.read(broken));
        assertTrue(ex.getMessage().contains("line 1"), ex.getMessage());
    }
}
