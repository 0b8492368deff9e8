package io.hedge.client;

import java.util.concurrent.TimeUnit;

/**
 * The keep-alive of an idle session (rule 5 of docs/FAILOVER.md): when nothing has come from the active gateway for
 * the interval (half the failover timeout, at most {@link #MAX_INTERVAL_NS}) and nothing waits for an answer, the
 * session sends the active gateway its ClientConnect again, which a live gateway answers with ClientConnected. An
 * unanswered keep-alive counts as something waiting, so that silence past the failover timeout starts probing also
 * when the application sends nothing. Cost: one ClientConnect and one ClientConnected per idle client per interval;
 * nothing while answers flow.
 */
final class KeepAlive
{
    /**
     * Longest interval, and how often each standby is told of the client again: well inside the shortest session idle
     * timeout a gateway accepts (gateway.session.idle.timeout.ms, at least 10 s).
     */
    static final long MAX_INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);

    private final long intervalNs;
    private long sentNs;
    private boolean unanswered;
    private long sent;

    KeepAlive(final long failoverTimeoutNs)
    {
        intervalNs = Math.min(Math.max(failoverTimeoutNs / 2, 1), MAX_INTERVAL_NS);
    }

    /**
     * @param lastHeardNs when the active gateway was last heard from.
     * @param idle        nothing of the session waits for an answer.
     * @return true if a keep-alive is due now.
     */
    boolean isDue(final long nowNs, final long lastHeardNs, final boolean idle)
    {
        return idle && !unanswered && nowNs - lastHeardNs >= intervalNs && nowNs - sentNs >= intervalNs;
    }

    void onSent(final long nowNs)
    {
        sentNs = nowNs;
        unanswered = true;
        sent++;
    }

    /** The active gateway was heard from (or the session moved on): no keep-alive waits. */
    void onHeard()
    {
        unanswered = false;
    }

    boolean isUnanswered()
    {
        return unanswered;
    }

    long sent()
    {
        return sent;
    }
}
