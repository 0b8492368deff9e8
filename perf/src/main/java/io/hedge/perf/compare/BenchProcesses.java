package io.hedge.perf.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a benchmark starts the processes it measures, makes one sick and stops them. The {@code hedge} command gives it
 * the chaos module's process harness; perf and chaos do not depend on each other, so perf says here what it needs.
 */
public interface BenchProcesses
{
    /**
     * Start a main class in a JVM of its own with this JVM's class path and flags.
     *
     * @param log file for its standard output and error.
     */
    Child start(String name, String mainClass, List<String> args, Path log);

    /**
     * Start a main class with a class path of its own and more JVM arguments, in a working directory (null for this
     * process's).
     */
    Child start(
        String name, String mainClass, List<String> args, Path log, String classPath, List<String> jvmArgs,
        Path workingDir);

    /**
     * A started process.
     */
    interface Child extends AutoCloseable
    {
        long pid();

        /**
         * Wait until the process has printed a line containing the text.
         *
         * @throws TimeoutException naming the process and its log if it does not, or if it exits first.
         */
        void awaitOutput(String text, long timeout, TimeUnit unit) throws TimeoutException;

        boolean isAlive();

        /**
         * SIGKILL.
         */
        void kill();

        /**
         * SIGCONT, should it be paused.
         */
        void resume();

        /**
         * Pause the process (SIGSTOP) for pauseMs every periodMs, on a thread of its own, until the returned sickness
         * is closed; the first pause one period from now.
         */
        Sickness sicken(long pauseMs, long periodMs);

        /**
         * SIGTERM, then SIGKILL if it does not exit.
         */
        @Override
        void close();
    }

    /**
     * Periodic pauses of a process; closing ends them and resumes the process.
     */
    interface Sickness extends AutoCloseable
    {
        /**
         * @return how many pauses of what average length, once closed.
         */
        String summary();

        @Override
        void close();
    }
}
