package io.hedge.chaos;

import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeSession;
import io.hedge.client.ResponseListener;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.replicas.trading.TradingWorkload;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Sends sample trading requests through a real {@link HedgeSession} and keeps what came back: how many were
 * answered, by which replica, with which status, and how long each took.
 */
final class RequestDriver implements ResponseListener, AutoCloseable
{
    private final TestFabric fabric;
    HedgeSession session;
    final long[] winsByReplica = new long[8];
    final Histogram latencyNs = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    long answered;
    long notOk;
    long timedOut;
    long duplicateAnswers;
    /** How long a send may take, its answers included. */
    long deadlineSeconds = 120;
    private final long[] sentAt = new long[1 << 16];
    /** When each request was due to be sent (open loop): a stall is charged to every request it delayed. */
    private final long[] scheduledAt = new long[1 << 16];
    private final long[] answeredAt = new long[1 << 16];
    private final java.util.BitSet seen = new java.util.BitSet();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[4096]);

    RequestDriver(final TestFabric fabric)
    {
        // connects on first use: a test may start its replicas, and so have a gateway elected, after making this
        this.fabric = fabric;
    }

    private HedgeSession session()
    {
        if (null == session)
        {
            session = HedgeSession.connect(new HedgeClientContext()
                .aeron(fabric.aeron)
                .gatewayIngressChannels(fabric.ingressChannels())
                .connectTimeoutNs(TimeUnit.SECONDS.toNanos(20))
                .requestTimeoutNs(TimeUnit.SECONDS.toNanos(10))
                .idleStrategySupplier(TestFabric::idle), this);
        }
        return session;
    }

    /**
     * Send count requests, at most window unanswered at a time, one every intervalNs at the earliest;
     * wait for every answer.
     *
     * @param afterEach called with the number sent so far, after each send.
     */
    void send(final TradingWorkload workload, final int count, final int window, final long intervalNs,
        final LongConsumer afterEach)
    {
        final HedgeSession session = session();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        long nextSendNs = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            while (session.inFlight() >= window || System.nanoTime() < nextSendNs)
            {
                checkDeadline(deadlineNs);
                session.poll();
            }
            final int length = workload.next(payload, 0);
            long correlationId;
            while ((correlationId = session.offer(payload, 0, length)) < 0)
            {
                checkDeadline(deadlineNs);
                session.poll();
            }
            sentAt[(int)correlationId & (sentAt.length - 1)] = System.nanoTime();
            scheduledAt[(int)correlationId & (scheduledAt.length - 1)] = nextSendNs;
            nextSendNs += intervalNs;
            afterEach.accept(i + 1);
        }
        while (session.inFlight() > 0)
        {
            checkDeadline(deadlineNs);
            session.poll();
        }
    }

    private static void checkDeadline(final long deadlineNs)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            throw new AssertionError("requests not answered within the deadline");
        }
    }

    @Override
    public void onResponse(final long correlationId, final long seq, final ResponseStatus status, final int replicaId,
        final DirectBuffer buffer, final int offset, final int length)
    {
        final long nowNs = System.nanoTime();
        latencyNs.recordValue(nowNs - sentAt[(int)correlationId & (sentAt.length - 1)]);
        answeredAt[(int)correlationId & (answeredAt.length - 1)] = nowNs;
        if (seen.get((int)correlationId))
        {
            duplicateAnswers++;
        }
        seen.set((int)correlationId);
        answered++;
        if (status != ResponseStatus.OK)
        {
            notOk++;
        }
        winsByReplica[replicaId]++;
    }

    /**
     * The requests of the last send, by correlation id (the first 65,536): when each was due and when it was answered
     * (0 if not answered).
     *
     * @param visitor called with (scheduledNs, answeredNs) for correlation ids 1..count.
     */
    void forEachRequest(final int count, final RequestTimes visitor)
    {
        for (int id = 1; id <= Math.min(count, scheduledAt.length - 1); id++)
        {
            visitor.accept(scheduledAt[id], answeredAt[id]);
        }
    }

    /** A request's times, in System.nanoTime(). */
    interface RequestTimes
    {
        void accept(long scheduledNs, long answeredNs);
    }

    @Override
    public void onTimeout(final long correlationId)
    {
        timedOut++;
    }

    @Override
    public void close()
    {
        if (null != session)
        {
            session.close();
        }
    }
}
