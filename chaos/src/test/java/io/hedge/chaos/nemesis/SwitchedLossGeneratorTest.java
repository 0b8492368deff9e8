package io.hedge.chaos.nemesis;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwitchedLossGeneratorTest
{
    private Path dir;

    @AfterEach
    void removeDirectories() throws Exception
    {
        if (null != dir)
        {
            TestDirs.delete(dir);
        }
    }

    @Test
    void dropsAtTheRateInItsFileAndNothingWithoutIt() throws Exception
    {
        dir = TestDirs.fresh("loss");
        final Path file = FaultHooks.lossFile(dir);
        final SwitchedLossGenerator generator = new SwitchedLossGenerator(file, 11);

        assertEquals(0, drops(generator, 1_000), "no file: no loss");
        SwitchFile.write(file, 1.0);
        Thread.sleep(2); // read at most once a millisecond
        assertEquals(1_000, drops(generator, 1_000));
        SwitchFile.write(file, 0.3);
        Thread.sleep(2);
        final int dropped = drops(generator, 10_000);
        assertTrue(dropped > 2_500 && dropped < 3_500, dropped + " of 10000 dropped at 30%");
        SwitchFile.clear(file);
        Thread.sleep(2);
        assertEquals(0, drops(generator, 1_000), "switched off");
    }

    @Test
    void theSupplierAeronBuildsNeedsItsFileProperty()
    {
        System.clearProperty(FaultHooks.LOSS_FILE_PROPERTY);
        final IllegalStateException missing =
            assertThrows(IllegalStateException.class, SwitchedLossReceiveEndpointSupplier::new);
        assertTrue(missing.getMessage().contains(FaultHooks.LOSS_FILE_PROPERTY));
    }

    private static int drops(final SwitchedLossGenerator generator, final int frames)
    {
        final InetSocketAddress from = new InetSocketAddress("127.0.0.1", 40123);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[64]);
        int dropped = 0;
        for (int i = 0; i < frames; i++)
        {
            dropped += generator.shouldDropFrame(from, frame, 64) ? 1 : 0;
        }
        return dropped;
    }
}
