package io.hedge.chaos.nemesis;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loss hook in a real media driver, switched on the way a role gets it: by naming the supplier in Aeron's system
 * property. With every inbound frame dropped no image ever connects; once the switch is cleared the stream flows.
 */
class SwitchedLossDriverTest
{
    private Path dir;
    private MediaDriver driver;
    private Aeron aeron;

    @AfterEach
    void cleanUp() throws Exception
    {
        CloseHelper.closeAll(aeron, driver);
        System.clearProperty(FaultHooks.AERON_RECEIVE_SUPPLIER_PROPERTY);
        System.clearProperty(FaultHooks.LOSS_FILE_PROPERTY);
        if (null != dir)
        {
            TestDirs.delete(dir);
        }
    }

    @Test
    void aRunningDriverLosesEverythingWhileSwitchedOnAndRecoversWhenSwitchedOff() throws Exception
    {
        dir = TestDirs.fresh("loss-driver");
        final Path lossFile = FaultHooks.lossFile(dir);
        SwitchFile.write(lossFile, 1.0);
        System.setProperty(FaultHooks.AERON_RECEIVE_SUPPLIER_PROPERTY, SwitchedLossReceiveEndpointSupplier.class.getName());
        System.setProperty(FaultHooks.LOSS_FILE_PROPERTY, lossFile.toString());
        final String aeronDir = "/dev/shm/hedge-loss-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        System.clearProperty(FaultHooks.AERON_RECEIVE_SUPPLIER_PROPERTY);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        final int port;
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            port = socket.getLocalPort();
        }
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + port;
        final Subscription subscription = aeron.addSubscription(channel, 10);
        final Publication publication = aeron.addPublication(channel, 10);

        Thread.sleep(1_000);
        assertFalse(subscription.isConnected(), "every setup frame is dropped while the switch is on");
        assertFalse(publication.isConnected());

        SwitchFile.clear(lossFile);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        message.putLong(0, 42);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publication.offer(message) < 0)
        {
            assertTrue(System.nanoTime() < deadlineNs, "connected once the switch is off");
            Thread.sleep(10);
        }
        final long[] received = {0};
        while (0 == received[0])
        {
            assertTrue(System.nanoTime() < deadlineNs, "the message arrives");
            subscription.poll((buffer, offset, length, header) -> received[0] = buffer.getLong(offset), 1);
            Thread.sleep(1);
        }
        assertEquals(42, received[0]);
    }
}
