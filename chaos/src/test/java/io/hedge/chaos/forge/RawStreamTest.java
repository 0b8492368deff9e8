package io.hedge.chaos.forge;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.hedge.transport.Ports;
import io.hedge.transport.SecurityCounters;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the forger relies on, over a real media driver on loopback: a subscription to a gateway's sequenced stream
 * (dynamic multi-destination-cast: an ephemeral port, status messages to the gateway's control port) is found in the
 * driver's counters, and frames written by hand to that port reach the subscription's handler; the role's security
 * counters are read from outside through its CnC file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawStreamTest
{
    @Test
    void handMadeFramesReachADynamicControlSubscriptionFoundInTheDriversCounters() throws Exception
    {
        final Path dir = Files.createDirectories(Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
            "raw-stream-" + System.nanoTime())).toAbsolutePath();
        final Path aeronDir = dir.resolve("aeron");
        final int controlPort = Ports.freeUdpPort();
        MediaDriver driver = null;
        Aeron aeron = null;
        SecurityCounters counters = null;
        DatagramChannel socket = null;
        try
        {
            driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(aeronDir.toString())
                .threadingMode(ThreadingMode.SHARED).termBufferSparseFile(true).dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            counters = SecurityCounters.allocate(aeron, "replica-test");
            counters.memberMessagesRejected().increment();
            counters.memberMessagesRejected().increment();
            counters.logonsRejected().increment();
            final Subscription subscription = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0|control=127.0.0.1:" +
                controlPort + "|control-mode=dynamic", 20);

            final List<RoleCounters.ReceiveSocket> sockets = awaitSockets(aeronDir, "control=127.0.0.1:" + controlPort);
            assertEquals(1, sockets.size(), sockets.toString());
            try (RoleCounters role = RoleCounters.open(aeronDir))
            {
                assertNotNull(role);
                assertEquals(2, role.security(SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID));
                assertEquals(3, role.security(new int[]{SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID,
                    SecurityCounters.LOGONS_REJECTED_TYPE_ID}));
                assertTrue(role.receiveSockets("control=127.0.0.1:" + (controlPort + 1)).isEmpty());
            }
            assertNull(RoleCounters.open(aeronDir, System.currentTimeMillis() + RoleCounters.DRIVER_LIVE_MS + 1_500),
                "a driver that stopped marking its command buffer (killed, paused) is not read as a live role");

            final String address = sockets.get(0).address();
            final int colon = address.lastIndexOf(':');
            socket = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            final RawStream stream = new RawStream(socket, new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1))), 20, new SplittableRandom(3));
            stream.setupIfDue(System.nanoTime());
            final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
            final List<Long> received = new ArrayList<>();
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long next = 1;
            while (received.size() < 5 && System.nanoTime() - deadlineNs < 0)
            {
                stream.setupIfDue(System.nanoTime());
                message.putLong(0, next++);
                assertTrue(stream.send(message, 8 + (int)(next % 40)));
                subscription.poll((buffer, offset, length, header) -> received.add(buffer.getLong(offset)), 10);
                Thread.sleep(20);
            }
            assertTrue(received.size() >= 5, "hand-made frames reached the subscription: " + received);
            for (int i = 0; i < received.size(); i++)
            {
                // from the first: what went out before the receiver made its image came again with the repairs
                assertEquals(i + 1, received.get(i), "in order, none lost, none twice: " + received);
            }
        }
        finally
        {
            CloseHelper.quietCloseAll(socket, counters, aeron, driver);
            IoUtil.delete(dir.toFile(), true);
        }
        assertNull(RoleCounters.open(aeronDir), "no driver, no counters");
    }

    private static List<RoleCounters.ReceiveSocket> awaitSockets(final Path aeronDir, final String channel)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadlineNs < 0)
        {
            try (RoleCounters role = RoleCounters.open(aeronDir))
            {
                if (null != role)
                {
                    final List<RoleCounters.ReceiveSocket> sockets = role.receiveSockets(channel);
                    if (!sockets.isEmpty())
                    {
                        return sockets;
                    }
                }
            }
            Thread.sleep(50);
        }
        return List.of();
    }
}
