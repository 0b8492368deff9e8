package io.hedge.chaos.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;

/**
 * Prints the IPv4 addresses of the namespace it runs in, on one line, and waits to be stopped: a role's process
 * started in a namespace.
 */
public final class PrintAddresses
{
    private PrintAddresses()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final StringBuilder line = new StringBuilder("addresses: ");
        for (final NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces()))
        {
            for (final InetAddress address : Collections.list(nic.getInetAddresses()))
            {
                if (address instanceof java.net.Inet4Address)
                {
                    line.append(address.getHostAddress()).append(' ');
                }
            }
        }
        System.out.println(line);
        System.out.flush();
        // stay alive, as a role does, until stopped
        Thread.sleep(60_000);
    }
}
