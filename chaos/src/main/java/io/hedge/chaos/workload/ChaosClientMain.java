package io.hedge.chaos.workload;

import io.aeron.driver.ThreadingMode;
import io.hedge.transport.EmbeddedDriver;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A chaos client as a process of its own: {@code java ... io.hedge.chaos.workload.ChaosClientMain client.properties}
 * (keys in {@link ChaosClientSettings}). It runs its own embedded media driver, sends its seeded workload for the
 * duration, writes its history, and exits 0 after draining; SIGTERM ends the run early the same orderly way (the
 * drain is bounded by {@code drain.s}). It prints "chaos client N started" once connected work begins and
 * "chaos client N done: counts" at the end.
 */
public final class ChaosClientMain
{
    private ChaosClientMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 1)
        {
            System.err.println("usage: ChaosClientMain <client.properties>");
            System.exit(2);
        }
        final ChaosClientSettings settings = ChaosClientSettings.load(Path.of(args[0]));
        final CountDownLatch done = new CountDownLatch(1);
        // counted down once the driver is closed too, so that a SIGTERM leaves no Aeron directory behind
        try (EmbeddedDriver driver = EmbeddedDriver.launch(Path.of(settings.aeronDir()), ThreadingMode.SHARED);
            HistoryWriter history = new HistoryWriter(settings.history(), settings.clientId()))
        {
            final ChaosClient client = new ChaosClient(
                settings, () -> settings.clientContext().aeronDirectoryName(driver.aeronDirectoryName()), history);
            final Thread hook = new Thread(() ->
            {
                client.requestStop();
                try
                {
                    // let the run drain and write its END line before the JVM goes
                    done.await(settings.drainS() + 10, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ignore)
                {
                    Thread.currentThread().interrupt();
                }
            }, "chaos-client-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("chaos client " + settings.clientId() + " started: " + settings.describe());
            final String summary = client.run();
            System.out.println("chaos client " + settings.clientId() + " done: " + summary);
        }
        finally
        {
            done.countDown();
        }
    }
}
