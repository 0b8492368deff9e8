package io.hedge.ops.health;

import io.hedge.codecs.ops.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@code health.alarm.hook} on every alarm raised or cleared, on one daemon thread of its own, so that a slow or
 * hanging command never holds up the monitor's caller: a run that would wait behind more than {@value #QUEUE} others
 * is dropped and counted. A failing hook is logged once when it starts failing, then counted until it works again.
 */
final class AlarmHook implements AutoCloseable
{
    static final int QUEUE = 256;
    static final long TIMEOUT_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(AlarmHook.class);

    private final List<String> command;
    private final ThreadPoolExecutor executor;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean failing;

    /**
     * @param command the program and its own arguments, separated by spaces.
     */
    AlarmHook(final String command)
    {
        this.command = List.of(command.trim().split("\\s+"));
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
            runnable ->
            {
                final Thread thread = new Thread(runnable, "hedge-alarm-hook");
                thread.setDaemon(true);
                return thread;
            },
            (runnable, pool) -> dropped.incrementAndGet());
    }

    /**
     * Queue one run; returns at once.
     *
     * @param raised true for a raised alarm, false for a cleared one.
     */
    void run(final boolean raised, final AlarmKind kind, final String subject, final Health health, final String reason)
    {
        final List<String> arguments = new ArrayList<>(command.size() + 5);
        arguments.addAll(command);
        arguments.addAll(Arrays.asList(raised ? "raised" : "cleared", kind.name(), subject, health.name(), reason));
        executor.execute(() -> runOnce(arguments));
    }

    long runs()
    {
        return runs.get();
    }

    long failures()
    {
        return failures.get();
    }

    long dropped()
    {
        return dropped.get();
    }

    private void runOnce(final List<String> arguments)
    {
        String failure = null;
        try
        {
            final Process process = new ProcessBuilder(arguments)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                failure = "did not finish within " + TIMEOUT_MS + " ms";
            }
            else if (0 != process.exitValue())
            {
                failure = "exited with " + process.exitValue();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        catch (final Exception ex)
        {
            failure = ex.toString();
        }
        if (null == failure)
        {
            failing = false;
        }
        else
        {
            if (!failing)
            {
                failing = true;
                LOG.warn("health.alarm.hook {} failed: {} (further failures are counted, not logged, until it works)",
                    command.get(0), failure);
            }
            failures.incrementAndGet();
        }
        runs.incrementAndGet(); // last, so that a caller that sees the run also sees its log line and failure count
    }

    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
