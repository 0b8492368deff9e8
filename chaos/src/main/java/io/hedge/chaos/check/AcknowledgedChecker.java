package io.hedge.chaos.check;

import io.hedge.chaos.workload.HistoryEvent;

/**
 * (a) Every request a client saw executed (answered OK, or DUPLICATE_NOT_CACHED, directly or as a queryOutcome
 * answer) is in every live replica's journal exactly once, at the seq it was answered with. A journal that starts
 * after that seq (a replica bootstrapped from a snapshot) is not asked about it.
 */
public final class AcknowledgedChecker implements Checker
{
    public static final String NAME = "acknowledged";

    @Override
    public CheckResult check(final RunRecord run)
    {
        long acknowledged = 0;
        long lookups = 0;
        for (final RequestRecord r : run.requests())
        {
            final HistoryEvent outcome = r.outcome();
            if (null == outcome || !outcome.saysExecuted())
            {
                continue;
            }
            acknowledged++;
            for (final ReplicaJournal journal : run.journals())
            {
                final long seq = outcome.seq();
                if (seq > 0 && seq < journal.firstSeq())
                {
                    continue;
                }
                lookups++;
                final JournalEntry at = seq > 0 ? journal.at(seq) : null;
                if (seq > 0 && (null == at || at.clientId() != r.clientId() || at.correlationId() != r.correlationId()))
                {
                    final int count = count(journal, r);
                    return fail(run, acknowledged, r, seq, journal.name() + (null == at ? " does not hold seq " + seq :
                        " holds client " + at.clientId() + " correlation id " + at.correlationId() + " at seq " + seq) +
                        ", which was acknowledged as " + outcome.status() + "; the request is in that journal " + count +
                        " time(s)");
                }
                final int count = count(journal, r);
                if (count != 1)
                {
                    return fail(run, acknowledged, r, seq, "acknowledged " + outcome.status() + " request is in " +
                        journal.name() + " " + count + " times");
                }
            }
        }
        return CheckResult.pass(NAME, checked(acknowledged, lookups, run));
    }

    private static int count(final ReplicaJournal journal, final RequestRecord r)
    {
        int count = 0;
        for (final JournalEntry e : journal.entries())
        {
            if (e.clientId() == r.clientId() && e.correlationId() == r.correlationId())
            {
                count++;
            }
        }
        return count;
    }

    private static String checked(final long acknowledged, final long lookups, final RunRecord run)
    {
        return acknowledged + " acknowledged requests looked up in " + run.journals().size() + " journals (" + lookups +
            " lookups)";
    }

    private static CheckResult fail(
        final RunRecord run, final long acknowledged, final RequestRecord r, final long seq, final String detail)
    {
        return CheckResult.fail(NAME, "acknowledged requests up to the first missing one: " + acknowledged,
            new CheckResult.CounterExample(seq, r.clientId(), r.correlationId(),
                run.timeline().activeAt(r.outcome().wallMs()), detail));
    }
}
