package io.hedge.chaos;

import io.hedge.transport.Ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Whether a datagram sent to a multicast group on the loopback interface comes back to a socket that joined the group
 * there: what an Aeron multicast stream between roles on this machine needs. Asked once, by the tests that need it,
 * which skip with {@link #reason()} when it does not. It sends and joins with sockets of the JDK and changes nothing
 * on the host.
 */
final class LoopbackMulticast
{
    /** A group of the administratively scoped block, odd as Aeron wants it, used by nothing else here. */
    static final String PROBE_GROUP = "239.255.77.1";

    private static final String REASON = probe();

    private LoopbackMulticast()
    {
    }

    /**
     * @return true when multicast on loopback works here.
     */
    static boolean works()
    {
        return null == REASON;
    }

    /**
     * @return why multicast on loopback does not work here, or null when it does.
     */
    static String reason()
    {
        return REASON;
    }

    private static String probe()
    {
        final int port = Ports.freeUdpPort();
        final byte[] token = ("hedge-probe-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
        try (DatagramChannel receiver = DatagramChannel.open(StandardProtocolFamily.INET);
            DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            final InetAddress loopback = InetAddress.getByName("127.0.0.1");
            final NetworkInterface lo = NetworkInterface.getByInetAddress(loopback);
            if (null == lo)
            {
                return "no network interface holds 127.0.0.1";
            }
            final InetAddress group = InetAddress.getByName(PROBE_GROUP);
            receiver.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            receiver.bind(new InetSocketAddress(port));
            receiver.join(group, lo);
            receiver.configureBlocking(false);
            sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
            sender.send(ByteBuffer.wrap(token), new InetSocketAddress(group, port));
            final ByteBuffer received = ByteBuffer.allocate(256);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() - deadlineNs < 0)
            {
                received.clear();
                if (null != receiver.receive(received))
                {
                    received.flip();
                    if (ByteBuffer.wrap(token).equals(received))
                    {
                        return null;
                    }
                }
                Thread.sleep(5);
            }
            return "a datagram sent to " + PROBE_GROUP + ":" + port + " on " + lo.getName() +
                " (flags: multicast " + lo.supportsMulticast() + ") did not come back within 2 s";
        }
        catch (final IOException | RuntimeException ex)
        {
            return "multicast on loopback failed: " + ex;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted while probing multicast on loopback";
        }
    }
}
