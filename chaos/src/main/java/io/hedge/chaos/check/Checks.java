package io.hedge.chaos.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Every checker of a chaos run, (a) to (g), in the order the report lists them.
 */
public final class Checks
{
    private Checks()
    {
    }

    /**
     * @return the checkers, in report order.
     */
    public static List<Checker> all()
    {
        return List.of(new AcknowledgedChecker(), new ExactlyOnceChecker(), new ConvergenceChecker(), new BankChecker(),
            new CompletionChecker(), new EffectsChecker(), new AvailabilityChecker());
    }

    /**
     * Run every checker; one that throws is reported as a FAIL naming the exception, and the others still run.
     *
     * @return their results, in report order.
     */
    public static List<CheckResult> runAll(final RunRecord run)
    {
        final List<CheckResult> results = new ArrayList<>();
        for (final Checker checker : all())
        {
            try
            {
                results.add(checker.check(run));
            }
            catch (final RuntimeException ex)
            {
                results.add(CheckResult.fail(checker.getClass().getSimpleName(), "the checker could not finish",
                    new CheckResult.CounterExample(0, 0, 0, null, ex.toString())));
            }
        }
        return results;
    }
}
