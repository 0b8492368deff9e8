package io.hedge.chaos.net;

import io.hedge.chaos.run.RoleId;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Probes a topology with UDP datagrams between roles' addresses, with python3 run in the roles' namespaces.
 */
final class Datagrams
{
    private static final int PORT = 45_123;
    private static final String RECEIVE =
        "import socket,sys\n" +
        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n" +
        "s.bind((sys.argv[1],int(sys.argv[2])))\n" +
        "s.settimeout(float(sys.argv[3]))\n" +
        "print('ready',flush=True)\n" +
        "try:\n" +
        "  d,a=s.recvfrom(100)\n" +
        "  print('got',d.decode(),a[0],flush=True)\n" +
        "except socket.timeout:\n" +
        "  print('timeout',flush=True)\n";
    private static final String SEND =
        "import socket,sys,time\n" +
        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n" +
        "for i in range(5):\n" +
        "  s.sendto(b'probe',(sys.argv[1],int(sys.argv[2])))\n" +
        "  time.sleep(0.05)\n" +
        "print('sent',flush=True)\n";

    private Datagrams()
    {
    }

    /**
     * @return whether a datagram sent from one role to the other's address arrived, from the sender's address,
     * within three seconds of the receiver starting (python3 may take a while to start on a loaded machine).
     */
    static boolean delivered(final ChaosTopology topology, final RoleId from, final RoleId to) throws Exception
    {
        final List<String> receiver = new ArrayList<>(topology.commandPrefix(to));
        receiver.addAll(List.of("python3", "-c", RECEIVE, topology.address(to), Integer.toString(PORT), "3.0"));
        final Process process = new ProcessBuilder(receiver).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            final String ready = out.readLine();
            if (!"ready".equals(ready))
            {
                throw new AssertionError("the receiver in " + to + " did not start: " + ready);
            }
            // the sender's sends must succeed even when cut: a cut drops packets silently, like a broken link
            final String sent = topology.exec(from, "python3", "-c", SEND, topology.address(to),
                Integer.toString(PORT));
            if (!sent.contains("sent"))
            {
                throw new AssertionError("the sender in " + from + " printed " + sent);
            }
            final String result = out.readLine();
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                throw new AssertionError("the receiver in " + to + " did not exit");
            }
            if (null != result && result.startsWith("got probe "))
            {
                if (!result.equals("got probe " + topology.address(from)))
                {
                    throw new AssertionError("datagram from the wrong address: " + result);
                }
                return true;
            }
            if (!"timeout".equals(result))
            {
                throw new AssertionError("the receiver in " + to + " printed " + result);
            }
            return false;
        }
        finally
        {
            process.destroyForcibly();
        }
    }
}
