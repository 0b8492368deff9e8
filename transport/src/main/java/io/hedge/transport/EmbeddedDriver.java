package io.hedge.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A media driver inside this process, as every role uses by default: SHARED threading (one thread for the
 * conductor, sender and receiver) and a backoff idle strategy, so that a two-core machine is not spent spinning.
 * Its directory is deleted when it starts and when it stops.
 */
public final class EmbeddedDriver implements AutoCloseable
{
    private final MediaDriver driver;
    private final Path aeronDir;

    private EmbeddedDriver(final MediaDriver driver, final Path aeronDir)
    {
        this.driver = driver;
        this.aeronDir = aeronDir;
    }

    /**
     * @param aeronDir directory of the driver; nothing else may use it.
     * @param mode     threading mode; SHARED unless cores are to spare.
     * @return the running driver.
     */
    public static EmbeddedDriver launch(final Path aeronDir, final ThreadingMode mode)
    {
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir.toAbsolutePath().toString())
            .threadingMode(mode)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .sharedIdleStrategy(new BackoffIdleStrategy(
                10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)))
            .conductorIdleStrategy(new BackoffIdleStrategy(
                10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
            .senderIdleStrategy(new BackoffIdleStrategy(
                10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)))
            .receiverIdleStrategy(new BackoffIdleStrategy(
                10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)))
            .warnIfDirectoryExists(false);
        return new EmbeddedDriver(MediaDriver.launch(ctx), aeronDir.toAbsolutePath());
    }

    /**
     * @return the directory clients connect to.
     */
    public String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    @Override
    public void close()
    {
        driver.close();
        AeronDirs.removeEmptyParents(aeronDir);
    }
}
