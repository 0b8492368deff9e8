package io.hedge.transport;

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

    /**
     * A base port such that every port of {@code gateways} gateways ({@link OpsChannel#PORTS_PER_GATEWAY} each: four,
     * the standby channel's ({@link StandbyChannel}) and the ops port ({@link OpsChannel}); gateway g's from
     * {@code base + stride * (g - 1)}) was free a moment ago on loopback.
     *
     * @param stride at least {@link OpsChannel#PORTS_PER_GATEWAY}.
     */
    public static int freeGatewayBase(final int gateways, final int stride)
    {
        if (stride < OpsChannel.PORTS_PER_GATEWAY)
        {
            throw new IllegalArgumentException("a gateway uses " + OpsChannel.PORTS_PER_GATEWAY +
                " ports: the stride must be at least that, got " + stride);
        }
        final java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++)
        {
            // below Linux's ephemeral range (32768 and up), where any process's port 0 may land at any moment
            final int base = random.nextInt(21_000, 32_000 - stride * gateways);
            boolean free = true;
            for (int g = 0; g < gateways && free; g++)
            {
                for (int i = 0; i < OpsChannel.PORTS_PER_GATEWAY && free; i++)
                {
                    free = isFree(base + stride * g + i);
                }
            }
            if (free)
            {
                return base;
            }
        }
        throw new IllegalStateException("no block of free UDP ports on loopback for " + gateways + " gateways");
    }

    private static boolean isFree(final int port)
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
