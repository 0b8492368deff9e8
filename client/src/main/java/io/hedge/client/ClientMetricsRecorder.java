package io.hedge.client;

import io.hedge.codecs.fabric.ResponseStatus;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * The counts and the round-trip latency histogram of one session, kept by its polling thread alone: plain fields and
 * a histogram of fixed range, so recording allocates, locks and logs nothing. {@link #snapshot} copies them, on the
 * same thread.
 */
final class ClientMetricsRecorder
{
    /** Longest round trip the histogram holds apart; longer ones are recorded as this. */
    static final long HIGHEST_LATENCY_NS = TimeUnit.MINUTES.toNanos(1);
    private static final ResponseStatus[] STATUSES = ResponseStatus.values();

    private final Histogram latency = new Histogram(1, HIGHEST_LATENCY_NS, 3);
    /** Answers by {@link ResponseStatus#ordinal()}; the last slot holds statuses this client does not know. */
    private final long[] answered = new long[STATUSES.length];
    private long offered;
    private long sent;
    private long timeouts;

    void onOffered()
    {
        offered++;
    }

    /** A request left for a gateway for the first time (a resend is counted by the flow). */
    void onFirstSend()
    {
        sent++;
    }

    void onAnswer(final ResponseStatus status, final long roundTripNs)
    {
        answered[status.ordinal()]++;
        latency.recordValue(Math.max(0, Math.min(roundTripNs, HIGHEST_LATENCY_NS)));
    }

    void onTimeout()
    {
        timeouts++;
    }

    /**
     * @return a copy of everything kept so far, with the session's other counts.
     */
    ClientMetrics snapshot(
        final long resent, final long lateResponses, final long failovers, final long probes, final long fenced,
        final int inFlight)
    {
        return new ClientMetrics(offered, sent, resent, answered.clone(), timeouts, lateResponses, failovers, probes,
            fenced, inFlight, latency.copy());
    }
}
