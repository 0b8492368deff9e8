package io.hedge.perf;

import io.hedge.client.FabricStatus;
import io.hedge.client.HedgeSession;
import io.hedge.client.ResponseListener;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ResponseStatus;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Drives one or more sessions at a fixed total rate, open loop: request i is due at {@code start + i / rate},
 * whether or not earlier ones were answered, and its latency runs from that due time, so a stall is charged to
 * every request it delayed (no coordinated omission). Requests go to the sessions in turn. One thread sends and
 * receives, so plain histograms suffice; nothing is allocated per request.
 *
 * <p>Connect each session with {@link #listener(int)} of its index (the generator itself is the listener of
 * session 0).
 */
public final class LoadGenerator implements ResponseListener
{
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);

    private final long[][] dueTimes;
    private final long[] firstMeasuredCorrelationIds;
    private final SessionListener[] listeners;
    private final int mask;
    private IntervalReporter reporter;
    private final Histogram measured = new Histogram(MAX_LATENCY_NS, 3);
    private final int[] winsByReplica = new int[64];
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[64 * 1024]);
    private HedgeSession statusSession;
    private long answered;
    private long notOk;
    private long timedOut;
    private long lastNotOkCorrelation;
    private ResponseStatus lastNotOkStatus;
    private FabricStatus lastStatus;

    /**
     * A generator for one session.
     *
     * @param maxInFlight at least the session's max in flight; a power of two.
     */
    public LoadGenerator(final int maxInFlight)
    {
        this(maxInFlight, 1);
    }

    /**
     * @param maxInFlight at least each session's max in flight; a power of two.
     * @param sessions    how many sessions will share the load.
     */
    public LoadGenerator(final int maxInFlight, final int sessions)
    {
        if (sessions < 1)
        {
            throw new IllegalArgumentException("at least one session, got " + sessions);
        }
        dueTimes = new long[sessions][maxInFlight];
        firstMeasuredCorrelationIds = new long[sessions];
        listeners = new SessionListener[sessions];
        for (int i = 0; i < sessions; i++)
        {
            listeners[i] = new SessionListener(i);
        }
        mask = maxInFlight - 1;
    }

    /**
     * @param sessionIndex from 0.
     * @return the listener to connect that session with.
     */
    public ResponseListener listener(final int sessionIndex)
    {
        return listeners[sessionIndex];
    }

    /**
     * Run one session; see {@link #run(HedgeSession[], PayloadSource, int, long, long, long, PrintStream, PrintStream)}.
     */
    public LoadResult run(
        final HedgeSession session,
        final PayloadSource source,
        final int ratePerSec,
        final long warmupNs,
        final long durationNs,
        final long drainNs,
        final PrintStream intervalLog,
        final PrintStream progress)
    {
        return run(new HedgeSession[]{session}, source, ratePerSec, warmupNs, durationNs, drainNs, intervalLog, progress);
    }

    /**
     * Run: warm up, then measure, then wait for the last answers.
     *
     * @param sessions    connected sessions, each with {@link #listener(int)} of its index.
     * @param source      of request payloads.
     * @param ratePerSec  requests per second, over all sessions.
     * @param warmupNs    how long to send before measuring.
     * @param durationNs  how long to measure.
     * @param drainNs     how long to wait for outstanding answers after the last send.
     * @param intervalLog where to write one histogram interval per second, or null.
     * @param progress    where to print one line per second, or null.
     * @return what was measured.
     */
    public LoadResult run(
        final HedgeSession[] sessions,
        final PayloadSource source,
        final int ratePerSec,
        final long warmupNs,
        final long durationNs,
        final long drainNs,
        final PrintStream intervalLog,
        final PrintStream progress)
    {
        if (ratePerSec <= 0)
        {
            throw new IllegalArgumentException("rate must be positive, got " + ratePerSec);
        }
        if (sessions.length != listeners.length)
        {
            throw new IllegalArgumentException("generator made for " + listeners.length + " sessions, given " +
                sessions.length);
        }
        reset();
        statusSession = sessions[0];
        final double intervalNs = 1e9 / ratePerSec;
        final long totalRequests = (long)((warmupNs + durationNs) / intervalNs);
        final long warmupRequests = (long)(warmupNs / intervalNs);
        final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        reporter = new IntervalReporter(intervalLog, progress, startNs);
        long sent = 0;
        long measureStartNs = startNs;
        java.util.Arrays.fill(firstMeasuredCorrelationIds, warmupRequests == 0 ? 0 : Long.MAX_VALUE);

        for (long i = 0; i < totalRequests; i++)
        {
            final long dueNs = startNs + (long)(i * intervalNs);
            final int s = (int)(i % sessions.length);
            final HedgeSession session = sessions[s];
            if (i == warmupRequests)
            {
                measureStartNs = dueNs;
            }
            long nowNs;
            while ((nowNs = System.nanoTime()) < dueNs)
            {
                if (pollAll(sessions) == 0)
                {
                    DueTimeIdle.idle(dueNs, nowNs);
                }
            }

            final int length = source.next(payload, 0);
            long correlationId;
            while ((correlationId = session.offer(payload, 0, length)) == HedgeSession.BACK_PRESSURED ||
                correlationId == HedgeSession.IN_FLIGHT_LIMIT || correlationId == HedgeSession.STORE_FULL)
            {
                pollAll(sessions);
                Thread.onSpinWait();
            }
            if (correlationId < 0)
            {
                throw new IllegalStateException("request could not be sent: result " + correlationId);
            }
            if (i >= warmupRequests && firstMeasuredCorrelationIds[s] == Long.MAX_VALUE)
            {
                firstMeasuredCorrelationIds[s] = correlationId;
            }
            dueTimes[s][(int)correlationId & mask] = dueNs;
            sent++;

            reporter.poll(nowNs, i < warmupRequests, sent, answered);
        }

        final long drainDeadlineNs = System.nanoTime() + drainNs;
        while (inFlight(sessions) > 0 && System.nanoTime() - drainDeadlineNs < 0)
        {
            if (pollAll(sessions) == 0)
            {
                LockSupport.parkNanos(50_000);
            }
        }
        final long inFlightAtEnd = inFlight(sessions);
        reporter.finish();

        final Map<Integer, Long> wins = new HashMap<>();
        for (int r = 0; r < winsByReplica.length; r++)
        {
            if (winsByReplica[r] > 0)
            {
                wins.put(r, (long)winsByReplica[r]);
            }
        }
        return new LoadResult(sent, answered, notOk, timedOut + inFlightAtEnd, measured.copy(), wins,
            System.nanoTime() - measureStartNs);
    }

    private void reset()
    {
        measured.reset();
        java.util.Arrays.fill(winsByReplica, 0);
        answered = 0;
        notOk = 0;
        timedOut = 0;
        lastNotOkStatus = null;
    }

    private static int pollAll(final HedgeSession[] sessions)
    {
        int work = 0;
        for (final HedgeSession session : sessions)
        {
            work += session.poll();
        }
        return work;
    }

    private static long inFlight(final HedgeSession[] sessions)
    {
        long inFlight = 0;
        for (final HedgeSession session : sessions)
        {
            inFlight += session.inFlight();
        }
        return inFlight;
    }

    @Override
    public void onResponse(
        final long correlationId,
        final long seq,
        final ResponseStatus status,
        final int replicaId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        listeners[0].onResponse(correlationId, seq, status, replicaId, buffer, offset, length);
    }

    @Override
    public void onTimeout(final long correlationId)
    {
        listeners[0].onTimeout(correlationId);
    }

    @Override
    public void onFabricStatus(final FabricStatusDecoder status)
    {
        lastStatus = FabricStatus.from(status);
    }

    /**
     * Ask the gateway until the expected number of replicas report that they are live on the sequenced stream.
     *
     * @param session   a connected session whose listener is this generator or one of its {@link #listener}s.
     * @param replicas  how many replicas must be live.
     * @param timeoutNs how long to keep asking.
     * @return the last status received; check it.
     */
    public FabricStatus awaitReplicasLive(final HedgeSession session, final int replicas, final long timeoutNs)
    {
        statusSession = session;
        return pollStatus(timeoutNs, s -> s.replicas().size() >= replicas &&
            s.replicas().stream().allMatch(r -> r.state() == ReplicaState.LIVE));
    }

    /**
     * Ask the gateway until every replica has applied all that was sequenced and their hashes agree.
     *
     * @param timeoutNs how long to keep asking.
     * @return the last status received, converged or not; null if the gateway never answered.
     */
    public FabricStatus awaitConvergence(final long timeoutNs)
    {
        return pollStatus(timeoutNs, FabricStatus::converged);
    }

    private FabricStatus pollStatus(final long timeoutNs, final Predicate<FabricStatus> done)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        lastStatus = null;
        while (System.nanoTime() - deadlineNs < 0)
        {
            final FabricStatus before = lastStatus;
            statusSession.queryStatus();
            final long answerDeadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (lastStatus == before && System.nanoTime() - answerDeadlineNs < 0)
            {
                if (statusSession.poll() == 0)
                {
                    LockSupport.parkNanos(100_000);
                }
            }
            if (null != lastStatus && done.test(lastStatus))
            {
                return lastStatus;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return lastStatus;
    }

    /**
     * @return a description of the last response that was not OK, for error messages.
     */
    public String lastNotOk()
    {
        return null == lastNotOkStatus ? "none" : "request " + lastNotOkCorrelation + ": " + lastNotOkStatus;
    }

    /**
     * Receives one session's answers and charges each to the time it was due.
     */
    private final class SessionListener implements ResponseListener
    {
        private final int index;

        SessionListener(final int index)
        {
            this.index = index;
        }

        @Override
        public void onResponse(
            final long correlationId,
            final long seq,
            final ResponseStatus status,
            final int replicaId,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            answered++;
            if (status != ResponseStatus.OK)
            {
                notOk++;
                lastNotOkCorrelation = correlationId;
                lastNotOkStatus = status;
            }
            if (replicaId > 0 && replicaId < winsByReplica.length)
            {
                winsByReplica[replicaId]++;
            }
            final long latencyNs = Math.min(System.nanoTime() - dueTimes[index][(int)correlationId & mask], MAX_LATENCY_NS);
            reporter.record(latencyNs);
            if (correlationId >= firstMeasuredCorrelationIds[index])
            {
                measured.recordValue(latencyNs);
            }
        }

        @Override
        public void onTimeout(final long correlationId)
        {
            timedOut++;
        }

        @Override
        public void onFabricStatus(final FabricStatusDecoder status)
        {
            lastStatus = FabricStatus.from(status);
        }
    }
}
