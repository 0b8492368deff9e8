package io.hedge.client;

import io.hedge.codecs.fabric.ResponseStatus;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * A snapshot of a client's counts since it connected, and a copy of its round-trip latency histogram: from
 * {@link HedgeClient#metrics()} or {@link HedgeSession#metrics()}. Immutable apart from the histogram, which is a copy
 * of the caller's own.
 */
public final class ClientMetrics
{
    private static final ResponseStatus[] STATUSES = ResponseStatus.values();

    private final long offered;
    private final long sent;
    private final long resent;
    private final long[] answered;
    private final long timeouts;
    private final long lateResponses;
    private final long failovers;
    private final long probes;
    private final long fencedMessages;
    private final int inFlight;
    private final Histogram latency;

    ClientMetrics(
        final long offered,
        final long sent,
        final long resent,
        final long[] answered,
        final long timeouts,
        final long lateResponses,
        final long failovers,
        final long probes,
        final long fencedMessages,
        final int inFlight,
        final Histogram latency)
    {
        this.offered = offered;
        this.sent = sent;
        this.resent = resent;
        this.answered = answered;
        this.timeouts = timeouts;
        this.lateResponses = lateResponses;
        this.failovers = failovers;
        this.probes = probes;
        this.fencedMessages = fencedMessages;
        this.inFlight = inFlight;
        this.latency = latency;
    }

    /**
     * @return requests the client accepted (each got a correlation id).
     */
    public long offered()
    {
        return offered;
    }

    /**
     * @return requests sent to a gateway at least once (a request kept while no gateway was active is not yet).
     */
    public long sent()
    {
        return sent;
    }

    /**
     * @return sends of a request again, same correlation id and bytes, after a failover or a probe.
     */
    public long resent()
    {
        return resent;
    }

    /**
     * @return requests answered with this status.
     */
    public long answered(final ResponseStatus status)
    {
        return answered[status.ordinal()];
    }

    /**
     * @return requests answered, whatever the status.
     */
    public long answered()
    {
        long total = 0;
        for (final long count : answered)
        {
            total += count;
        }
        return total;
    }

    /**
     * @return requests whose deadline passed without an answer, or that were waiting when the session was superseded:
     * outcome unknown.
     */
    public long timeouts()
    {
        return timeouts;
    }

    /**
     * @return answers that came after their request had completed (the second answer to a resent request).
     */
    public long lateResponses()
    {
        return lateResponses;
    }

    /**
     * @return times another gateway became active for the client.
     */
    public long failovers()
    {
        return failovers;
    }

    /**
     * @return rounds of asking every gateway which one is active.
     */
    public long probes()
    {
        return probes;
    }

    /**
     * @return answers dropped because they came from a gateway below the session's epoch.
     */
    public long fencedMessages()
    {
        return fencedMessages;
    }

    /**
     * @return requests waiting for their answer when the snapshot was taken.
     */
    public int inFlight()
    {
        return inFlight;
    }

    /**
     * @return round trips of answered requests, from offer to the answer's arrival on the polling thread, in
     * nanoseconds (longer than {@link ClientMetricsRecorder#HIGHEST_LATENCY_NS} as that). A copy: the caller's own.
     */
    public Histogram latency()
    {
        return latency;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("offered=").append(offered).append(" sent=").append(sent)
            .append(" resent=").append(resent).append(" answered=").append(answered());
        for (final ResponseStatus status : STATUSES)
        {
            if (answered[status.ordinal()] > 0)
            {
                sb.append(' ').append(status).append('=').append(answered[status.ordinal()]);
            }
        }
        sb.append(" timeouts=").append(timeouts).append(" late=").append(lateResponses)
            .append(" failovers=").append(failovers).append(" probes=").append(probes)
            .append(" fenced=").append(fencedMessages).append(" inFlight=").append(inFlight);
        if (latency.getTotalCount() > 0)
        {
            sb.append(" latency p50=").append(micros(latency.getValueAtPercentile(50)))
                .append("us p99=").append(micros(latency.getValueAtPercentile(99)))
                .append("us max=").append(micros(latency.getMaxValue())).append("us");
        }
        return sb.toString();
    }

    private static long micros(final long ns)
    {
        return TimeUnit.NANOSECONDS.toMicros(ns);
    }
}
