package io.hedge.perf.compare;

import org.agrona.IoUtil;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code hedge driver} process that every process of a benchmark target on this host shares (the roles started
 * with {@code driver=external}, and the client in this JVM), as Aeron is deployed in production.
 */
final class SharedDriverProcess implements AutoCloseable
{
    private final BenchProcesses.Child child;
    private final Path aeronDir;

    private SharedDriverProcess(final BenchProcesses.Child child, final Path aeronDir)
    {
        this.child = child;
        this.aeronDir = aeronDir;
    }

    /**
     * Start {@code hedge driver} at that directory (Hedge's backoff idle) and wait until it says it runs.
     *
     * @param threading its {@code --threading}: SHARED, SHARED_NETWORK or DEDICATED.
     */
    static SharedDriverProcess start(final BenchHarness harness, final Path aeronDir, final Path log,
        final String threading) throws Exception
    {
        final BenchProcesses.Child child = harness.processes().start("media driver", harness.hedgeMainClass(),
            List.of("driver", "--set", "aeron.dir=" + aeronDir.toAbsolutePath(), "--threading", threading), log);
        try
        {
            child.awaitOutput("hedge driver: media driver at", 60, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            child.close();
            throw ex;
        }
        return new SharedDriverProcess(child, aeronDir.toAbsolutePath());
    }

    String aeronDirectoryName()
    {
        return aeronDir.toString();
    }

    long pid()
    {
        return child.pid();
    }

    /**
     * SIGTERM (the driver deletes its directory), SIGKILL if it does not stop; the directory is removed either way.
     * Close the processes that use it first.
     */
    @Override
    public void close()
    {
        child.resume();
        child.close();
        if (child.isAlive())
        {
            child.kill();
        }
        IoUtil.delete(aeronDir.toFile(), true);
    }
}
