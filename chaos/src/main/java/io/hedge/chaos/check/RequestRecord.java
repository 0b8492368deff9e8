package io.hedge.chaos.check;

import io.hedge.chaos.workload.HistoryEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a client's history says about one request: its submit, and what followed.
 */
public final class RequestRecord
{
    final HistoryEvent submit;
    final int session;
    final List<HistoryEvent> completions = new ArrayList<>();
    boolean unknown;

    RequestRecord(final HistoryEvent submit, final int session)
    {
        this.submit = submit;
        this.session = session;
    }

    public HistoryEvent submit()
    {
        return submit;
    }

    /**
     * @return the session of the client process (0 for its first start) in which it was submitted.
     */
    public int session()
    {
        return session;
    }

    /**
     * @return every completion (answer, reject, outcome), in order; exactly one in a correct run.
     */
    public List<HistoryEvent> completions()
    {
        return completions;
    }

    /**
     * @return true if its deadline passed (OUTCOME_UNKNOWN) at some point.
     */
    public boolean wasUnknown()
    {
        return unknown;
    }

    /**
     * @return the first completion, or null.
     */
    public HistoryEvent outcome()
    {
        return completions.isEmpty() ? null : completions.get(0);
    }

    public long clientId()
    {
        return submit.clientId();
    }

    public long correlationId()
    {
        return submit.correlationId();
    }
}
