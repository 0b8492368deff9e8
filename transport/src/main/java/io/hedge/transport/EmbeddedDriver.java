package io.hedge.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A media driver inside this process, as every role uses by default: SHARED threading (one thread for the
 * conductor, sender and receiver) and a backoff idle strategy, so that a two-core machine is not spent spinning.
 * Its directory is deleted when it starts and when it stops. {@code hedge driver} runs a standalone driver with the
 * same settings ({@link #context}), so that roles sharing one driver are measured against the same driver.
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
        return new EmbeddedDriver(MediaDriver.launch(context(aeronDir, mode)), aeronDir.toAbsolutePath());
    }

    /**
     * Hedge's media driver settings with Hedge's backoff (parks of up to 100 us) on the data path.
     *
     * @see #context(Path, ThreadingMode, Supplier)
     */
    public static MediaDriver.Context context(final Path aeronDir, final ThreadingMode mode)
    {
        return context(aeronDir, mode, IdleStrategies::backoff);
    }

    /**
     * Hedge's media driver settings: sparse term buffers, the directory deleted on start and on shutdown, and the
     * conductor backing off to 1 ms parks (it handles commands and timers, not messages).
     *
     * @param aeronDir     directory of the driver.
     * @param mode         threading mode.
     * @param dataPathIdle idle strategy of the agents that move messages (shared, shared network, sender,
     *                     receiver), one instance each.
     * @return a context to launch; the caller may change it first.
     */
    public static MediaDriver.Context context(
        final Path aeronDir, final ThreadingMode mode, final Supplier<? extends IdleStrategy> dataPathIdle)
    {
        return new MediaDriver.Context()
            .aeronDirectoryName(aeronDir.toAbsolutePath().toString())
            .threadingMode(mode)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .sharedIdleStrategy(dataPathIdle.get())
            .sharedNetworkIdleStrategy(dataPathIdle.get())
            .conductorIdleStrategy(new BackoffIdleStrategy(
                10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
            .senderIdleStrategy(dataPathIdle.get())
            .receiverIdleStrategy(dataPathIdle.get())
            .warnIfDirectoryExists(false);
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
