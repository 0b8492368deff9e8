package io.hedge.chaos.workload;

import io.aeron.driver.ThreadingMode;
import io.hedge.client.FabricStatus;
import io.hedge.client.HedgeClient;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.transport.EmbeddedDriver;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Asks the fabric how it is, from a client's namespace: {@code java ... FabricStatusProbe client.properties
 * replicas timeoutS}. The orchestrator of a chaos run lives in the machine's own namespace, which has no route to the
 * roles' addresses, so it runs this as a short process where a client would be. It connects with the client settings
 * of the file (its own client id, its own Aeron directory), asks for the fabric's status until every one of the
 * replicas is LIVE at one seq with one state hash, prints each status it got ("probe: ...") and exits 0 when they
 * are, 1 if they are not within the timeout.
 */
public final class FabricStatusProbe
{
    private FabricStatusProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 3)
        {
            System.err.println("usage: FabricStatusProbe <client.properties> <replicas> <timeout.s>");
            System.exit(2);
        }
        final ChaosClientSettings settings = ChaosClientSettings.load(Path.of(args[0]));
        final int replicas = Integer.parseInt(args[1]);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        boolean converged = false;
        try (EmbeddedDriver driver = EmbeddedDriver.launch(Path.of(settings.aeronDir()), ThreadingMode.SHARED);
            HedgeClient client = HedgeClient.connect(
                settings.clientContext().aeronDirectoryName(driver.aeronDirectoryName())))
        {
            while (!converged && System.nanoTime() - deadlineNs < 0)
            {
                try
                {
                    final FabricStatus status = client.fabricStatus().get(5, TimeUnit.SECONDS);
                    System.out.println("probe: " + status);
                    converged = status.converged() && status.replicas().size() == replicas &&
                        status.replicas().stream().allMatch(r -> r.state() == ReplicaState.LIVE);
                }
                catch (final java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ex)
                {
                    System.out.println("probe: no status: " + ex);
                }
                if (!converged)
                {
                    Thread.sleep(250);
                }
            }
        }
        System.out.println(converged ? "probe: converged" : "probe: not converged");
        System.out.flush();
        System.exit(converged ? 0 : 1);
    }
}
