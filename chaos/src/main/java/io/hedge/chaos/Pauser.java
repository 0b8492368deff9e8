package io.hedge.chaos;


import java.util.concurrent.TimeUnit;

/**
 * A sick process: SIGSTOP for a while every period, then SIGCONT, on a thread of its own, until closed. The
 * process is always resumed when this closes.
 */
public final class Pauser implements AutoCloseable
{
    private final RoleProcess process;
    private final long pauseNs;
    private final long periodNs;
    private final Thread thread;
    private volatile boolean running = true;
    private long pauses;
    private long pausedNs;
    private volatile Throwable failure;

    private Pauser(final RoleProcess process, final long pauseNs, final long periodNs)
    {
        this.process = process;
        this.pauseNs = pauseNs;
        this.periodNs = periodNs;
        this.thread = new Thread(this::loop, "pauser");
        this.thread.setDaemon(true);
    }

    /**
     * @return a started pauser: first pause one period from now.
     */
    public static Pauser start(final RoleProcess process, final long pauseMs, final long periodMs)
    {
        final Pauser pauser = new Pauser(
            process, TimeUnit.MILLISECONDS.toNanos(pauseMs), TimeUnit.MILLISECONDS.toNanos(periodMs));
        pauser.thread.start();
        return pauser;
    }

    private void loop()
    {
        long nextNs = System.nanoTime() + periodNs;
        try
        {
            while (running)
            {
                if (!sleepUntil(nextNs))
                {
                    break;
                }
                final long stopNs = System.nanoTime();
                process.pause();
                try
                {
                    // a pause always lasts its full length, even when the run ends during it
                    pauseUntil(stopNs + pauseNs);
                }
                finally
                {
                    process.resume();
                }
                pausedNs += System.nanoTime() - stopNs;
                pauses++;
                nextNs += periodNs;
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    private static void pauseUntil(final long deadlineNs)
    {
        long leftNs;
        while ((leftNs = deadlineNs - System.nanoTime()) > 0)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(leftNs);
        }
    }

    private boolean sleepUntil(final long deadlineNs)
    {
        long leftNs;
        while ((leftNs = deadlineNs - System.nanoTime()) > 0)
        {
            if (!running)
            {
                return false;
            }
            try
            {
                TimeUnit.NANOSECONDS.sleep(Math.min(leftNs, TimeUnit.MILLISECONDS.toNanos(10)));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * @return "N pauses of M ms on average" once closed.
     */
    public String summary()
    {
        return String.format("%d pauses (SIGSTOP .. SIGCONT) of %.1f ms on average%s", pauses,
            pauses == 0 ? 0.0 : pausedNs / 1e6 / pauses, null == failure ? "" : "; pauser failed: " + failure);
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        process.resume();
    }
}
