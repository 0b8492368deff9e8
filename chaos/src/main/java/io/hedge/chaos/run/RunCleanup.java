package io.hedge.chaos.run;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a chaos run made, to undo in reverse order: namespaces, mounts, Aeron directories, processes. Closed once,
 * by the run when it ends (also after a failure) or by a JVM shutdown hook when the user presses Ctrl-C, whichever
 * comes first; a step that throws is reported and the others still run.
 */
public final class RunCleanup implements AutoCloseable
{
    private final Deque<AutoCloseable> steps = new ArrayDeque<>();
    private final Thread hook = new Thread(this::undoAll, "chaos-run-cleanup");
    private boolean closed;

    public RunCleanup()
    {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * @return the step, undone before every step added earlier.
     */
    public synchronized <T extends AutoCloseable> T add(final T step)
    {
        if (closed)
        {
            throw new IllegalStateException("the run is already cleaned up");
        }
        steps.push(step);
        return step;
    }

    private synchronized void undoAll()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        while (!steps.isEmpty())
        {
            final AutoCloseable step = steps.pop();
            try
            {
                step.close();
            }
            catch (final Exception ex)
            {
                System.err.println("chaos cleanup: " + ex);
            }
        }
    }

    @Override
    public void close()
    {
        undoAll();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignore)
        {
            // the JVM is shutting down: the hook has run or is running undoAll, which waits for us or did it all
        }
    }
}
