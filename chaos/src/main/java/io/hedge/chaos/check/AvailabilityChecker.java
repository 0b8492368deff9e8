package io.hedge.chaos.check;

import io.hedge.chaos.workload.HistoryEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * (g) Availability, from the histories' OK answers (ANSWER or OUTCOME saying executed), by wall clock: after the last
 * fault ends, a request submitted after that end is answered OK within {@link RunRecord#availabilityBoundMs()}; and no
 * gap between consecutive OK answers that began while no fault was active is longer than the bound (a fabric that
 * stalls with no fault to blame). Reports the longest gap and the time from the last fault's end to the first answer.
 */
public final class AvailabilityChecker implements Checker
{
    public static final String NAME = "availability";

    /** What the run's answers show, for the report. */
    public record Figures(long okAnswers, long longestGapMs, long longestGapStartMs, long recoveryMs)
    {
    }

    @Override
    public CheckResult check(final RunRecord run)
    {
        final List<HistoryEvent> oks = okAnswers(run);
        final long bound = run.availabilityBoundMs();
        final Figures f = figures(run, oks);
        final String checked = f.okAnswers + " OK answers; longest gap " + f.longestGapMs + " ms" +
            (f.longestGapMs > 0 ? " from " + f.longestGapStartMs : "") + "; " + (run.timeline().faultCount() == 0 ?
            "no faults" : "first answer " + (f.recoveryMs < 0 ? "never came" : f.recoveryMs + " ms") +
            " after the last fault ended") + "; bound " + bound + " ms";
        for (int i = 1; i < oks.size(); i++)
        {
            final HistoryEvent before = oks.get(i - 1);
            final HistoryEvent after = oks.get(i);
            final long gap = after.wallMs() - before.wallMs();
            if (gap > bound && null == run.timeline().activeAt(before.wallMs()))
            {
                return CheckResult.fail(NAME, checked, new CheckResult.CounterExample(after.seq(), after.clientId(),
                    after.correlationId(), run.timeline().activeAt(after.wallMs()), "no OK answer for " + gap +
                    " ms from " + before.wallMs() + " ms, which began while no fault was active (bound " + bound +
                    " ms); this answer ended it"));
            }
        }
        if (run.timeline().faultCount() > 0 && (f.recoveryMs < 0 || f.recoveryMs > bound))
        {
            final HistoryEvent first = firstAfter(run, oks, run.timeline().lastFaultEndMs());
            return CheckResult.fail(NAME, checked, new CheckResult.CounterExample(null == first ? 0 : first.seq(),
                null == first ? 0 : first.clientId(), null == first ? 0 : first.correlationId(), null,
                null == first ? "no request submitted after the last fault ended (" + run.timeline().lastFaultEndMs() +
                " ms) was answered OK" : "the first OK answer to a request submitted after the last fault ended came " +
                f.recoveryMs + " ms after its end, beyond the bound of " + bound + " ms"));
        }
        return CheckResult.pass(NAME, checked);
    }

    /**
     * @return the run's availability figures (for the report).
     */
    public static Figures figures(final RunRecord run)
    {
        return figures(run, okAnswers(run));
    }

    private static Figures figures(final RunRecord run, final List<HistoryEvent> oks)
    {
        long longest = 0;
        long longestStart = 0;
        for (int i = 1; i < oks.size(); i++)
        {
            final long gap = oks.get(i).wallMs() - oks.get(i - 1).wallMs();
            if (gap > longest)
            {
                longest = gap;
                longestStart = oks.get(i - 1).wallMs();
            }
        }
        long recovery = -1;
        if (run.timeline().faultCount() > 0)
        {
            final HistoryEvent first = firstAfter(run, oks, run.timeline().lastFaultEndMs());
            recovery = null == first ? -1 : first.wallMs() - run.timeline().lastFaultEndMs();
        }
        return new Figures(oks.size(), longest, longestStart, recovery);
    }

    private static HistoryEvent firstAfter(final RunRecord run, final List<HistoryEvent> oks, final long endMs)
    {
        for (final HistoryEvent ok : oks)
        {
            final RequestRecord r = run.request(ok.clientId(), ok.correlationId());
            if (null != r && r.submit().wallMs() >= endMs)
            {
                return ok;
            }
        }
        return null;
    }

    private static List<HistoryEvent> okAnswers(final RunRecord run)
    {
        final List<HistoryEvent> oks = new ArrayList<>();
        for (final RequestRecord r : run.requests())
        {
            final HistoryEvent outcome = r.outcome();
            if (null != outcome && outcome.saysExecuted())
            {
                oks.add(outcome);
            }
        }
        oks.sort(Comparator.comparingLong(HistoryEvent::wallMs));
        return oks;
    }
}
