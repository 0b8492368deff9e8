package io.hedge.chaos.check;

import io.hedge.chaos.workload.HistoryEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * (a) Every request a client saw executed (answered OK, or DUPLICATE_NOT_CACHED, directly or as a queryOutcome
 * answer) is in every live replica's journal exactly once, at the seq it was answered with. A journal that starts
 * after that seq (a replica bootstrapped from a snapshot) is not asked about it.
 */
public final class AcknowledgedChecker implements Checker
{
    private record Key(long clientId, long correlationId)
    {
    }

    public static final String NAME = "acknowledged";

    @Override
    public CheckResult check(final RunRecord run)
    {
        // how often each request appears in each journal, counted once: a run holds hundreds of thousands of requests
        final List<Map<Key, Integer>> counts = new ArrayList<>();
        for (final ReplicaJournal journal : run.journals())
        {
            final Map<Key, Integer> count = new HashMap<>();
            for (final JournalEntry e : journal.entries())
            {
                count.merge(new Key(e.clientId(), e.correlationId()), 1, Integer::sum);
            }
            counts.add(count);
        }
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
            for (int j = 0; j < run.journals().size(); j++)
            {
                final ReplicaJournal journal = run.journals().get(j);
                final int count = counts.get(j).getOrDefault(new Key(r.clientId(), r.correlationId()), 0);
                final long seq = outcome.seq();
                if ((seq > 0 && seq < journal.firstSeq()) || (0 == seq && 0 == count && journal.firstSeq() > 1))
                {
                    continue; // before a snapshot-bootstrapped journal's start: it cannot say
                }
                lookups++;
                final JournalEntry at = seq > 0 ? journal.at(seq) : null;
                if (seq > 0 && (null == at || at.clientId() != r.clientId() || at.correlationId() != r.correlationId()))
                {
                    return fail(run, acknowledged, r, seq, journal.name() + (null == at ? " does not hold seq " + seq :
                        " holds client " + at.clientId() + " correlation id " + at.correlationId() + " at seq " + seq) +
                        ", which was acknowledged as " + outcome.status() + "; the request is in that journal " + count +
                        " time(s)");
                }
                if (count != 1)
                {
                    return fail(run, acknowledged, r, seq, "acknowledged " + outcome.status() + " request is in " +
                        journal.name() + " " + count + " times");
                }
            }
        }
        return CheckResult.pass(NAME, checked(acknowledged, lookups, run));
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
