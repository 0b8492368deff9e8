package io.hedge.cli;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.exceptions.ActiveDriverException;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.IdleStrategies;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Runs one Aeron media driver for every role on this host, as Aeron is deployed in production: roles with
 * {@code driver=external} and the same {@code aeron.dir} share it instead of each running its own.
 */
@Command(name = "driver", mixinStandardHelpOptions = true,
    description = {
        "Run a standalone Aeron media driver at aeron.dir (a setting: --set aeron.dir=DIR or --config FILE) for the " +
            "roles of this host: start them with driver=external and the same aeron.dir and they share it instead " +
            "of each running an embedded driver. Same settings as the embedded drivers: SHARED threading, sparse " +
            "term buffers, Hedge's backoff idle (parks up to 100 us) on the data path, the conductor backing off " +
            "to 1 ms; aeron.* settings are passed to the driver.",
        "Prints one line with its directory and pid, runs until SIGTERM or Ctrl-C, then deletes its directory. " +
            "Stop the roles that use it first. Refuses (exit code 2) when a live media driver already uses " +
            "aeron.dir; a directory left by a driver that died is reused once its heartbeat is older than the " +
            "driver timeout (aeron.driver.timeout, 10 s)."})
final class DriverCommand implements Callable<Integer>
{
    @Mixin
    ConfigOptions options;

    @Option(names = "--threading", defaultValue = "SHARED", paramLabel = "SHARED|SHARED_NETWORK|DEDICATED",
        description = "threads of the driver: SHARED one for all (the conductor, sender and receiver), " +
            "SHARED_NETWORK one for the conductor and one for sender and receiver, DEDICATED one each " +
            "(default: ${DEFAULT-VALUE})")
    String threading;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "STRATEGY",
        description = "idle strategy of the driver's data path (shared, sender, receiver threads), named as the " +
            "'idle' setting: backoff, yield, busy (spins a core per thread), sleep:MICROS, or Aeron's noop, spin, " +
            "sleep-ns, sleep-ms; the conductor always backs off (default: ${DEFAULT-VALUE})")
    String idle;

    @Override
    public Integer call()
    {
        final HedgeConfig config = options.load();
        final ThreadingMode mode = threadingMode(threading);
        final Supplier<IdleStrategy> dataPathIdle = idleStrategy(idle);
        final String dirSetting = config.get("aeron.dir");
        if (dirSetting.isEmpty())
        {
            throw new IllegalArgumentException("setting 'aeron.dir' is empty: it names the directory the driver " +
                "runs at and the roles with driver=external use (e.g. --set aeron.dir=/dev/shm/hedge-driver)");
        }
        final Path aeronDir = Path.of(dirSetting).toAbsolutePath();
        config.applyAeronProperties();
        // Aeron checks again on start (a second driver started at the same moment) instead of deleting the directory
        final MediaDriver.Context ctx = EmbeddedDriver.context(aeronDir, mode, dataPathIdle).dirDeleteOnStart(false);
        // the same test as Aeron's: a heartbeat within the driver timeout
        if (CommonContext.isDriverActive(aeronDir.toFile(), ctx.driverTimeoutMs(), message -> {}))
        {
            throw alreadyRunning(aeronDir, ctx.driverTimeoutMs());
        }
        final MediaDriver driver;
        try
        {
            driver = MediaDriver.launch(ctx);
        }
        catch (final ActiveDriverException ex)
        {
            throw alreadyRunning(aeronDir, ctx.driverTimeoutMs());
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            driver.close();
            AeronDirs.removeEmptyParents(aeronDir);
            stopped.countDown();
        }, "hedge-driver-shutdown"));
        System.out.printf("hedge driver: media driver at %s (pid %d), %s threading, %s idle; roles with " +
            "driver=external and aeron.dir=%s share it; stop with SIGTERM or Ctrl-C%n", aeronDir,
            ProcessHandle.current().pid(), mode, idle, aeronDir);
        System.out.flush();
        try
        {
            stopped.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static ThreadingMode threadingMode(final String name)
    {
        return switch (name)
        {
            case "SHARED" -> ThreadingMode.SHARED;
            case "SHARED_NETWORK" -> ThreadingMode.SHARED_NETWORK;
            case "DEDICATED" -> ThreadingMode.DEDICATED;
            default -> throw new IllegalArgumentException(
                "--threading must be SHARED, SHARED_NETWORK or DEDICATED, got '" + name + "'");
        };
    }

    private static Supplier<IdleStrategy> idleStrategy(final String name)
    {
        try
        {
            return IdleStrategies.parse(name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--idle must be backoff, yield, busy or sleep:MICROS, or one of " +
                "Aeron's names (noop, spin, sleep-ns, sleep-ms or an org.agrona.concurrent idle strategy class), " +
                "got '" + name + "'");
        }
    }

    private static IllegalArgumentException alreadyRunning(final Path aeronDir, final long driverTimeoutMs)
    {
        final long pid = driverPid(aeronDir);
        if (pid > 0 && ProcessHandle.of(pid).isEmpty())
        {
            return new IllegalArgumentException("the media driver at aeron.dir=" + aeronDir + " (pid " + pid +
                ") has just died and its heartbeat is less than " + driverTimeoutMs + " ms old: try again in a " +
                "few seconds, or choose another aeron.dir");
        }
        return new IllegalArgumentException("a media driver is already running at aeron.dir=" + aeronDir +
            (pid > 0 ? " (pid " + pid + ")" : "") + ": use it (driver=external), stop it first, or choose another " +
            "aeron.dir");
    }

    /** The pid a driver wrote into its CnC file, or 0 if it cannot be read. */
    private static long driverPid(final Path aeronDir)
    {
        final File cnc = aeronDir.resolve(CncFileDescriptor.CNC_FILE).toFile();
        if (!cnc.isFile() || cnc.length() < CncFileDescriptor.META_DATA_LENGTH)
        {
            return 0;
        }
        MappedByteBuffer mapped = null;
        try
        {
            mapped = IoUtil.mapExistingFile(cnc, "cnc");
            return new UnsafeBuffer(mapped).getLong(CncFileDescriptor.pidOffset(0));
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
