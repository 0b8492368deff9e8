package io.hedge.cli;

import io.aeron.driver.ThreadingMode;
import io.hedge.transport.EmbeddedDriver;
import org.agrona.CloseHelper;

import java.util.concurrent.CountDownLatch;

/**
 * What a role process needs around its agent: its media driver (embedded by default) and a clean stop on
 * SIGTERM or Ctrl-C.
 */
final class RoleRuntime implements AutoCloseable
{
    private final EmbeddedDriver driver;
    private final String aeronDir;
    private final CountDownLatch stopped = new CountDownLatch(1);

    RoleRuntime(final HedgeConfig config, final String role)
    {
        if (config.embeddedDriver())
        {
            driver = EmbeddedDriver.launch(config.aeronDir(role), ThreadingMode.SHARED);
            aeronDir = driver.aeronDirectoryName();
        }
        else
        {
            driver = null;
            aeronDir = config.aeronDir(role).toString();
        }
    }

    String aeronDir()
    {
        return aeronDir;
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
