package io.hedge.client;

import io.hedge.codecs.fabric.ResponseStatus;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

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
    /** The same round trips by interval: swapped by whoever publishes them, from any thread. */
    private final Recorder roundTrips = new Recorder(HIGHEST_LATENCY_NS, 3);
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
        final long clamped = Math.max(0, Math.min(roundTripNs, HIGHEST_LATENCY_NS));
        latency.recordValue(clamped);
        roundTrips.recordValue(clamped);
    }

    /**
     * @param recycle the histogram the last call returned, or null: reused, so that a caller swapping once a second
     *                allocates nothing after the first two calls.
     * @return the round trips recorded since the last call (the hop CLIENT_ROUND_TRIP), nanoseconds; safe from any
     * thread, no value lost or counted twice across calls.
     */
    Histogram roundTripInterval(final Histogram recycle)
    {
        return roundTrips.getIntervalHistogram(recycle);
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
