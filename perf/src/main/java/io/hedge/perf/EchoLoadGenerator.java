package io.hedge.perf;

import io.aeron.Publication;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives an echo (an Aeron Cluster echo service, or the raw Aeron round trip of the floor) the way
 * {@link LoadGenerator} drives Hedge: open loop,
 * message i due at {@code start + i / rate} whatever happened to earlier ones, its latency timed from that due
 * time (no coordinated omission), one thread that sends and polls for echoes, nothing allocated per message.
 * <p>
 * Every message is {@link #MESSAGE_LENGTH} bytes: a correlation id in the first 8, then 7 words derived from it.
 * An echo counts as answered once; one whose length or words are not those sent is counted as not OK, one for a
 * correlation id that is not outstanding (a duplicate) as unexpected, which also makes the run fail.
 */
public final class EchoLoadGenerator
{
    /**
     * Bytes per message, as Hedge's NewOrder requests.
     */
    public static final int MESSAGE_LENGTH = 64;

    /**
     * Where the messages go and the echoes come from.
     */
    public interface Endpoint
    {
        /**
         * Poll for echoes, handing each to {@link EchoLoadGenerator#onEcho}.
         *
         * @return the work done; 0 if nothing came in.
         */
        int poll();

        /**
         * @return as Aeron's {@code Publication.offer}: the new position, or a negative code.
         */
        long offer(DirectBuffer buffer, int offset, int length);

        /**
         * @return what it sends to, for errors: e.g. "the cluster ingress".
         */
        String name();

        /**
         * @return the key of the answers in the result's wins: e.g. the leader's member id.
         */
        int answererId();
    }

    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long STUCK_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private final long[] dueTimes;
    private final long[] outstanding;
    private final int mask;
    private IntervalReporter reporter;
    private final Histogram measured = new Histogram(MAX_LATENCY_NS, 3);
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
    private long nextCorrelationId = 1;
    private long firstMeasuredCorrelationId = Long.MAX_VALUE;
    private long sent;
    private long answered;
    private long notOk;
    private long unexpected;

    /**
     * @param maxInFlight messages sent and not yet echoed before the sender waits; a power of two.
     */
    public EchoLoadGenerator(final int maxInFlight)
    {
        if (Integer.bitCount(maxInFlight) != 1)
        {
            throw new IllegalArgumentException("maxInFlight must be a power of two, got " + maxInFlight);
        }
        dueTimes = new long[maxInFlight];
        outstanding = new long[maxInFlight];
        java.util.Arrays.fill(outstanding, -1);
        mask = maxInFlight - 1;
    }

    /**
     * Run: warm up, then measure, then wait for the last echoes.
     *
     * @param endpoint    connected; it hands every echo to this generator.
     * @param ratePerSec  messages per second.
     * @param warmupNs    how long to send before measuring.
     * @param durationNs  how long to measure.
     * @param drainNs     how long to wait for outstanding echoes after the last send.
     * @param intervalLog where to write one histogram interval per second, or null.
     * @param progress    where to print one line per second, or null.
     * @return what was measured; its wins are the answers, keyed by the endpoint's answerer id.
     */
    public LoadResult run(
        final Endpoint endpoint,
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
        sent = 0;
        answered = 0;
        notOk = 0;
        unexpected = 0;
        measured.reset();
        firstMeasuredCorrelationId = Long.MAX_VALUE;

        final double intervalNs = 1e9 / ratePerSec;
        final long totalMessages = (long)((warmupNs + durationNs) / intervalNs);
        final long warmupMessages = (long)(warmupNs / intervalNs);
        final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        reporter = new IntervalReporter(intervalLog, progress, startNs);
        long measureStartNs = 0;
        String abort = null;

        for (long i = 0; i < totalMessages && null == abort; i++)
        {
            final long dueNs = startNs + (long)(i * intervalNs);
            if (i == warmupMessages)
            {
                measureStartNs = dueNs;
            }
            long nowNs;
            while ((nowNs = System.nanoTime()) < dueNs)
            {
                if (endpoint.poll() == 0)
                {
                    DueTimeIdle.idle(dueNs, nowNs);
                }
            }

            final long correlationId = nextCorrelationId;
            final int slot = (int)correlationId & mask;
            final long waitStartNs = nowNs;
            while (outstanding[slot] != -1)
            {
                // as many in flight as the ring holds: wait for the oldest, its latency keeps counting
                if (endpoint.poll() == 0)
                {
                    Thread.onSpinWait();
                }
                if (System.nanoTime() - waitStartNs > STUCK_TIMEOUT_NS)
                {
                    abort = "no echo for message " + outstanding[slot] + " in " +
                        TimeUnit.NANOSECONDS.toSeconds(STUCK_TIMEOUT_NS) + " s";
                    break;
                }
            }
            if (null != abort)
            {
                break;
            }
            encode(correlationId);
            final String failure = offer(endpoint);
            if (null != failure)
            {
                abort = failure;
                break;
            }
            nextCorrelationId++;
            if (i == warmupMessages)
            {
                firstMeasuredCorrelationId = correlationId;
            }
            dueTimes[slot] = dueNs;
            outstanding[slot] = correlationId;
            sent++;

            reporter.poll(nowNs, i < warmupMessages, sent, answered);
        }

        final long drainDeadlineNs = System.nanoTime() + drainNs;
        while (sent > answered && System.nanoTime() - drainDeadlineNs < 0)
        {
            if (endpoint.poll() == 0)
            {
                LockSupport.parkNanos(50_000);
            }
        }
        reporter.finish();
        if (null != abort && null != progress)
        {
            progress.println("  stopped early: " + abort);
        }
        // whatever is still outstanding is unanswered; forget it so that a later run starts clean
        java.util.Arrays.fill(outstanding, -1);
        return new LoadResult(sent, answered, notOk + unexpected, sent - answered, measured.copy(),
            Map.of(endpoint.answererId(), answered), System.nanoTime() - Math.max(measureStartNs, startNs));
    }

    /**
     * @return echoes for correlation ids that were not outstanding (duplicates or strays) in the last run.
     */
    public long unexpected()
    {
        return unexpected;
    }

    private void encode(final long correlationId)
    {
        message.putLong(0, correlationId);
        for (int i = 1; i < MESSAGE_LENGTH / Long.BYTES; i++)
        {
            message.putLong(i * Long.BYTES, word(correlationId, i));
        }
    }

    private static long word(final long correlationId, final int index)
    {
        return (correlationId + index) * MIX;
    }

    private String offer(final Endpoint endpoint)
    {
        final long startNs = System.nanoTime();
        while (true)
        {
            final long result = endpoint.offer(message, 0, MESSAGE_LENGTH);
            if (result > 0)
            {
                return null;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                return endpoint.name() + " is closed (offer returned " + result + ")";
            }
            // back pressured, an admin action or briefly not connected (a new leader): retry, polling for echoes
            if (System.nanoTime() - startNs > STUCK_TIMEOUT_NS)
            {
                return endpoint.name() + " did not take a message for " +
                    TimeUnit.NANOSECONDS.toSeconds(STUCK_TIMEOUT_NS) + " s (offer returned " + result + ")";
            }
            endpoint.poll();
            Thread.onSpinWait();
        }
    }

    /**
     * Take one echo: count it, check it against what was sent, record its latency.
     */
    public void onEcho(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < Long.BYTES)
        {
            unexpected++;
            return;
        }
        final long correlationId = buffer.getLong(offset);
        final int slot = (int)correlationId & mask;
        if (correlationId <= 0 || outstanding[slot] != correlationId)
        {
            unexpected++;
            return;
        }
        outstanding[slot] = -1;
        answered++;
        boolean same = length == MESSAGE_LENGTH;
        for (int i = 1; same && i < MESSAGE_LENGTH / Long.BYTES; i++)
        {
            same = buffer.getLong(offset + i * Long.BYTES) == word(correlationId, i);
        }
        if (!same)
        {
            notOk++;
        }
        final long latencyNs = Math.min(System.nanoTime() - dueTimes[slot], MAX_LATENCY_NS);
        reporter.record(latencyNs);
        if (correlationId >= firstMeasuredCorrelationId)
        {
            measured.recordValue(latencyNs);
        }
    }
}
