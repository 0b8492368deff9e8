package io.hedge.chaos.check;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rule 7: the sink's log keeps each effect's count and previousSeq (a restarted sink resumes with them, the checker
 * checks them for gaps), notes refused gaps on comment lines, and still reads the old three-field lines.
 */
class EffectLogTest
{
    @Test
    @DisplayName("rule 7: count and previousSeq round-trip; refused gaps are noted and skipped when read")
    void roundTrips() throws IOException
    {
        final Path dir = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("effect-log-" + System.nanoTime());
        final Path file = dir.resolve("sink.effects");
        try
        {
            final UnsafeBuffer bytes = new UnsafeBuffer(new byte[]{1, 2, 3});
            try (EffectLog log = new EffectLog(file))
            {
                log.onEffect(3, 0, 2, 0, bytes, 0, 3);
                log.onGap(3, 0, 9, 0, 7);
                log.onEffect(3, 1, 2, 0, bytes, 0, 3);
                log.onEffect(4, 0, bytes, 0, 3);
            }
            final long crc = EffectLog.crc(bytes, 0, 3);
            assertEquals(List.of(new EffectLog.Entry(3, 0, crc, 2, 0), new EffectLog.Entry(3, 1, crc, 2, 0),
                new EffectLog.Entry(4, 0, crc, 0, -1)), EffectLog.read(file));
            assertEquals(1, EffectLog.refusedGaps(file));
            Files.writeString(file, "5 0 77\n", java.nio.file.StandardOpenOption.APPEND);
            assertEquals(new EffectLog.Entry(5, 0, 77), EffectLog.read(file).get(3), "an old line reads as before");
        }
        finally
        {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
