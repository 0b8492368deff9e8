package io.hedge.cli;

import io.aeron.CommonContext;
import io.aeron.driver.ThreadingMode;
import io.hedge.transport.EmbeddedDriver;
import org.agrona.CloseHelper;

import java.io.File;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * What a role process needs around its agent: its media driver (embedded by default) and a clean stop on
 * SIGTERM or Ctrl-C. The settings a person can get wrong are checked before the driver starts; whatever fails after
 * it started closes it, so that nothing is left in /dev/shm.
 */
final class RoleRuntime implements AutoCloseable
{
    /** How long to look for the heartbeat of an external media driver before saying that none is running. */
    static final long EXTERNAL_DRIVER_TIMEOUT_MS = 2_000;

    private final EmbeddedDriver driver;
    private final String aeronDir;
    private final CountDownLatch stopped = new CountDownLatch(1);

    RoleRuntime(final HedgeConfig config, final String role)
    {
        config.requireWritableWorkDir();
        config.requireResolvableHosts();
        config.applyAeronProperties();
        if (config.embeddedDriver())
        {
            driver = EmbeddedDriver.launch(config.aeronDir(role), ThreadingMode.SHARED);
            aeronDir = driver.aeronDirectoryName();
        }
        else
        {
            driver = null;
            aeronDir = config.aeronDir(role).toString();
            requireRunningDriver(aeronDir);
        }
    }

    private static void requireRunningDriver(final String aeronDir)
    {
        if (!CommonContext.isDriverActive(new File(aeronDir), EXTERNAL_DRIVER_TIMEOUT_MS, message -> {}))
        {
            throw new IllegalArgumentException("driver=external, but no media driver is running at aeron.dir=" +
                aeronDir + " (start one there with 'hedge driver', or use driver=embedded)");
        }
    }

    String aeronDir()
    {
        return aeronDir;
    }

    /**
     * Run a step of starting the role; if it fails, close the media driver before the failure goes on.
     *
     * @return what the step returned.
     */
    <T> T closeOnFailure(final Supplier<T> step)
    {
        try
        {
            return step.get();
        }
        catch (final RuntimeException | Error ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Block until the process is asked to stop, then close what the role opened, in order.
     */
    void awaitShutdown(final AutoCloseable role)
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            CloseHelper.quietCloseAll(role, this);
            stopped.countDown();
        }, "hedge-shutdown"));
        try
        {
            stopped.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(driver);
    }
}
