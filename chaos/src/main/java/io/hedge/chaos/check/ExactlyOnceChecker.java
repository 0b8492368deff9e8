package io.hedge.chaos.check;

import io.hedge.chaos.workload.HistoryEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * (b) No (client id, correlation id) is executed twice (appears at two seqs of a journal), and none whose outcome was
 * NOT_EXECUTED appears in any journal (it would have executed after the client was told it never would).
 */
public final class ExactlyOnceChecker implements Checker
{
    public static final String NAME = "exactly-once";

    private record Key(long clientId, long correlationId)
    {
    }

    @Override
    public CheckResult check(final RunRecord run)
    {
        long records = 0;
        for (final ReplicaJournal journal : run.journals())
        {
            final Map<Key, Long> firstSeq = new HashMap<>();
            for (final JournalEntry e : journal.entries())
            {
                records++;
                final Long earlier = firstSeq.putIfAbsent(new Key(e.clientId(), e.correlationId()), e.seq());
                if (null != earlier)
                {
                    return CheckResult.fail(NAME, records + " journal records read", new CheckResult.CounterExample(
                        e.seq(), e.clientId(), e.correlationId(), run.faultAtSubmit(e.clientId(), e.correlationId()),
                        "executed twice in " + journal.name() + ": at seq " + earlier + " and again at seq " + e.seq()));
                }
                final RequestRecord r = run.request(e.clientId(), e.correlationId());
                final HistoryEvent outcome = null == r ? null : r.outcome();
                if (null != outcome && outcome.saysNotExecuted())
                {
                    return CheckResult.fail(NAME, records + " journal records read", new CheckResult.CounterExample(
                        e.seq(), e.clientId(), e.correlationId(), run.timeline().activeAt(outcome.wallMs()),
                        "answered NOT_EXECUTED at " + outcome.wallMs() + " ms, yet " + journal.name() + " executed it " +
                        "at seq " + e.seq() + " (epoch " + e.epoch() + ")"));
                }
            }
        }
        long notExecuted = 0;
        for (final RequestRecord r : run.requests())
        {
            if (null != r.outcome() && r.outcome().saysNotExecuted())
            {
                notExecuted++;
            }
        }
        return CheckResult.pass(NAME, records + " journal records in " + run.journals().size() + " journals, each " +
            "request at most once; " + notExecuted + " requests answered NOT_EXECUTED, none journaled");
    }
}
