package io.hedge.chaos.check;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The short summary of a chaos run (issue 10, point 5): what ran, each checker's PASS/FAIL with its first
 * counter-example, the availability figures and the seed to reproduce; printed on the terminal and written to
 * {@code summary.txt} in the run's directory.
 */
public final class ChaosReport
{
    /** The report's file in the run directory. */
    public static final String FILE_NAME = "summary.txt";

    /**
     * The run's numbers.
     *
     * @param seed           to reproduce the run.
     * @param durationMs     of the run.
     * @param faults         faults injected.
     * @param requests       submits, every client.
     * @param acknowledged   requests answered as executed.
     * @param notExecuted    requests answered NOT_EXECUTED.
     * @param unknown        requests that went OUTCOME_UNKNOWN.
     * @param availability   the answers' figures.
     */
    public record Numbers(
        long seed, long durationMs, int faults, long requests, long acknowledged, long notExecuted, long unknown,
        AvailabilityChecker.Figures availability)
    {
        /**
         * Count what the run's histories say.
         */
        public static Numbers of(final long seed, final long durationMs, final RunRecord run)
        {
            long requests = 0;
            long acknowledged = 0;
            long notExecuted = 0;
            long unknown = 0;
            for (final RequestRecord r : run.requests())
            {
                requests++;
                if (r.wasUnknown())
                {
                    unknown++;
                }
                if (null != r.outcome() && r.outcome().saysExecuted())
                {
                    acknowledged++;
                }
                if (null != r.outcome() && r.outcome().saysNotExecuted())
                {
                    notExecuted++;
                }
            }
            return new Numbers(seed, durationMs, run.timeline().faultCount(), requests, acknowledged, notExecuted,
                unknown, AvailabilityChecker.figures(run));
        }
    }

    private ChaosReport()
    {
    }

    /**
     * @return true if every checker passed: the run's exit code is 0 only then.
     */
    public static boolean passed(final List<CheckResult> results)
    {
        return !results.isEmpty() && results.stream().allMatch(CheckResult::passed);
    }

    /**
     * @return the summary text.
     */
    public static String format(final Numbers n, final List<CheckResult> results)
    {
        final StringBuilder sb = new StringBuilder();
        final long failed = results.stream().filter(r -> !r.passed()).count();
        sb.append("hedge chaos: ").append(passed(results) ? "PASS" : "FAIL (" + failed + " of " + results.size() +
            " checkers)").append('\n');
        sb.append(String.format("  seed %d, %.1f s, %d faults injected (%.1f per minute)%n", n.seed(),
            n.durationMs() / 1000.0, n.faults(), n.durationMs() > 0 ? n.faults() * 60_000.0 / n.durationMs() : 0.0));
        sb.append(String.format("  requests %d, acknowledged %d, NOT_EXECUTED %d, outcome unknown %d%n", n.requests(),
            n.acknowledged(), n.notExecuted(), n.unknown()));
        final AvailabilityChecker.Figures a = n.availability();
        sb.append(String.format("  availability: longest gap in OK answers %d ms; %s%n", a.longestGapMs(),
            n.faults() == 0 ? "no faults to recover from" : a.recoveryMs() < 0 ?
            "no OK answer after the last fault ended" : "first OK answer " + a.recoveryMs() +
            " ms after the last fault ended"));
        for (final CheckResult r : results)
        {
            sb.append("  ").append(r.passed() ? "PASS " : "FAIL ").append(String.format("%-13s", r.name()))
                .append(r.checked()).append('\n');
            if (!r.passed())
            {
                sb.append("       first counter-example: ").append(r.counterExample()).append('\n');
            }
        }
        sb.append("  reproduce: hedge chaos --seed ").append(n.seed()).append(" --duration ")
            .append(Math.max(1, n.durationMs() / 1000)).append('\n');
        return sb.toString();
    }

    /**
     * Print the summary and write it to {@link #FILE_NAME} in the run directory.
     *
     * @return true if every checker passed.
     */
    public static boolean report(final Numbers n, final List<CheckResult> results, final PrintStream out, final Path runDir)
    {
        final String text = format(n, results);
        out.print(text);
        out.flush();
        try
        {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE_NAME), ex);
        }
        return passed(results);
    }
}
