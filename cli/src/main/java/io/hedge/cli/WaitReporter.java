package io.hedge.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * While a role waits for others (a gateway for the votes of replicas, a replica for an active gateway), logs every
 * few seconds what it waits for, where it expects to hear from them and for how long it has waited: a role that is
 * silent while it waits looks hung. It reads the role's state from its own thread and only calls the getters of its state.
 */
final class WaitReporter implements AutoCloseable
{
    static final long INTERVAL_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(WaitReporter.class);

    private final Thread thread;

    /**
     * @param name       the role, for the thread's name.
     * @param intervalMs how often to look and log.
     * @param waitingFor what the role waits for, or null when it does not wait.
     */
    WaitReporter(final String name, final long intervalMs, final Supplier<String> waitingFor)
    {
        thread = new Thread(() -> run(intervalMs, waitingFor), "hedge-wait-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void run(final long intervalMs, final Supplier<String> waitingFor)
    {
        long waitingSinceNs = 0;
        while (!Thread.currentThread().isInterrupted())
        {
            try
            {
                Thread.sleep(intervalMs);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            final String what = waitingFor.get();
            final long nowNs = System.nanoTime();
            if (null == what)
            {
                waitingSinceNs = 0;
                continue;
            }
            if (0 == waitingSinceNs)
            {
                // it has waited at least since the previous look
                waitingSinceNs = nowNs - TimeUnit.MILLISECONDS.toNanos(intervalMs);
            }
            LOG.warn("{}; waiting for {} s", what, TimeUnit.NANOSECONDS.toSeconds(nowNs - waitingSinceNs));
        }
    }

    @Override
    public void close()
    {
        thread.interrupt();
    }
}
