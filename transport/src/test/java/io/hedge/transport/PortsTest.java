package io.hedge.transport;

import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsTest
{
    @Test
    void aFreePortCanBeBound() throws Exception
    {
        final int port = Ports.freeUdpPort();
        assertTrue(port > 0 && port < 65_536, Integer.toString(port));
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
        {
            assertTrue(socket.isBound());
        }
    }

    @Test
    void aGatewayBaseLeavesEveryGatewaysPortsFreeBelowTheEphemeralRange() throws Exception
    {
        final int gateways = 3;
        final int stride = 10;
        final int base = Ports.freeGatewayBase(gateways, stride);
        assertTrue(base >= 21_000 && base + stride * gateways < 32_000, Integer.toString(base));
        for (int g = 0; g < gateways; g++)
        {
            for (int i = 0; i < OpsChannel.PORTS_PER_GATEWAY; i++)
            {
                try (DatagramSocket socket = new DatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), base + stride * g + i)))
                {
                    assertTrue(socket.isBound());
                }
            }
        }
    }

    @Test
    void aStrideTooShortForTheOpsPortIsRefused()
    {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Ports.freeGatewayBase(2, OpsChannel.PORTS_PER_GATEWAY - 1));
    }
}
