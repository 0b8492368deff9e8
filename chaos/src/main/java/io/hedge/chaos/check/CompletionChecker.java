package io.hedge.chaos.check;

import io.hedge.chaos.workload.HistoryEvent;

/**
 * (e) Every submit completed exactly once in its client's history: one answer, one rejection, or OUTCOME_UNKNOWN
 * followed by one queryOutcome answer; none hanging (no completion) or unresolved (unknown, never answered) when the
 * client ended. Submits of a session cut short by a crash of the client (a later START follows it without an END)
 * cannot complete and are counted as indeterminate; a client whose last session has no END did not finish the run,
 * which fails.
 */
public final class CompletionChecker implements Checker
{
    public static final String NAME = "completion";

    @Override
    public CheckResult check(final RunRecord run)
    {
        long submits = 0;
        long completed = 0;
        long resolvedUnknowns = 0;
        long indeterminate = 0;
        for (final ClientHistory h : run.histories().values())
        {
            final int lastSession = h.sessions() - 1;
            if (!h.ended(lastSession))
            {
                return CheckResult.fail(NAME, h.requests().size() + " submits of client " + h.clientId(),
                    new CheckResult.CounterExample(0, h.clientId(), 0, null, "client " + h.clientId() +
                        " did not finish: its last session has no END line" + (h.truncated() ? " (its history ends in " +
                        "a half line: it was killed)" : "")));
            }
            for (final RequestRecord r : h.requests().values())
            {
                submits++;
                final int completions = r.completions().size();
                if (completions > 1)
                {
                    final HistoryEvent second = r.completions().get(1);
                    return fail(run, r, second.seq(), second.wallMs(), "completed " + completions + " times: first " +
                        r.completions().get(0).type() + " " + r.completions().get(0).status() + ", then " +
                        second.type() + " " + second.status());
                }
                if (completions == 1)
                {
                    completed++;
                    if (r.wasUnknown())
                    {
                        resolvedUnknowns++;
                    }
                    continue;
                }
                if (!h.ended(r.session()))
                {
                    indeterminate++;
                    continue;
                }
                return fail(run, r, 0, r.submit().wallMs(), r.wasUnknown() ?
                    "OUTCOME_UNKNOWN and never resolved by queryOutcome before the client ended" :
                    "submitted and never answered, timed out or rejected before the client ended (hanging)");
            }
        }
        return CheckResult.pass(NAME, submits + " submits by " + run.histories().size() + " clients: " + completed +
            " completed once (" + resolvedUnknowns + " after OUTCOME_UNKNOWN), " + indeterminate +
            " indeterminate (client crashed), none hanging");
    }

    private static CheckResult fail(
        final RunRecord run, final RequestRecord r, final long seq, final long wallMs, final String detail)
    {
        return CheckResult.fail(NAME, "client " + r.clientId() + "'s history", new CheckResult.CounterExample(seq,
            r.clientId(), r.correlationId(), run.timeline().activeAt(wallMs), detail));
    }
}
