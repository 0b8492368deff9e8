package io.hedge.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Finds free UDP ports on loopback, so that runs side by side do not collide.
 */
public final class Ports
{
    private Ports()
    {
    }

    /**
     * @return a UDP port on 127.0.0.1 that was free a moment ago.
     */
    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("no free UDP port on loopback", ex);
        }
    }
}
