package io.hedge.perf.compare;

import io.hedge.perf.LoadResult;

import java.nio.file.Path;

/**
 * A system that {@code hedge bench compare} starts, drives at a rate and stops: Hedge or Aeron Cluster.
 */
interface BenchTarget extends AutoCloseable
{
    /**
     * @return the name in tables.
     */
    String name();

    /**
     * @return the short name in file names.
     */
    String fileName();

    /**
     * Start every process and connect a client; every wait has a timeout.
     */
    void start() throws Exception;

    /**
     * One open-loop run.
     *
     * @param rate        requests per second.
     * @param warmupNs    not measured.
     * @param durationNs  measured.
     * @param intervalLog HdrHistogram interval log file.
     * @param sick        pause the process of {@link #sickProcess()} 50 ms every second during the run.
     * @return what was measured and whether the answers were right.
     */
    Outcome run(int rate, long warmupNs, long durationNs, Path intervalLog, boolean sick) throws Exception;

    /**
     * @return the process paused in a sick run, and what it is, e.g. "replica A (pid 123)".
     */
    BenchProcesses.Child sickProcess();

    /**
     * Stop every process: SIGTERM, then SIGKILL.
     */
    @Override
    void close();

    /**
     * @param result  counts and histogram.
     * @param correct every request answered, and right (replicas converged; echoes equal to what was sent).
     * @param detail  one line on the counts and checks.
     */
    record Outcome(LoadResult result, boolean correct, String detail)
    {
        /**
         * @return p99 below the limit with every request answered and right.
         */
        boolean sustained(final long p99LimitNs)
        {
            return correct && result.histogram().getTotalCount() > 0 &&
                result.histogram().getValueAtPercentile(99) < p99LimitNs;
        }
    }
}
