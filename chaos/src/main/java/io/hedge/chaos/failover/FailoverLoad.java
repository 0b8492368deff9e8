package io.hedge.chaos.failover;

import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeSession;
import io.hedge.client.ResponseListener;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingWorkload;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load through one {@link HedgeSession} on a thread of its own, while gateways are killed under it. It
 * counts every completion per correlation id (a second one is a failure of exactly-once), measures latency from each
 * request's intended send time (so an outage shows in full, not hidden by requests that were never sent), and notes
 * the first answer from a gateway of a higher epoch after a kill: the client-visible end of a failover.
 */
public final class FailoverLoad implements ResponseListener, AutoCloseable
{
    private final HedgeClientContext ctx;
    private final long intervalNs;
    private final TradingWorkload workload;
    private final int capacity;
    private final long[] intendedNs;
    private final BitSet completed = new BitSet();
    private final BitSet executed = new BitSet();
    private final Histogram latencyNs = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[TradingWorkload.MAX_REQUEST_LENGTH]);
    private final Thread thread;
    private HedgeSession session;

    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long offered;
    private volatile long completions;
    private volatile long duplicateCompletions;
    private volatile long timeouts;
    private volatile long notExecuted;
    private volatile int gatewayId;
    private volatile long epoch;
    private volatile long markEpoch = Long.MAX_VALUE;
    private volatile long firstAnswerAfterMarkNs;
    /** The largest latency of an answer since the last mark: a failover's or switchover's client impact. */
    private volatile long maxLatencySinceMarkNs;
    private volatile long lastCorrelationId;

    /**
     * @param ctx           the client's settings, with every gateway's ingress.
     * @param ratePerSecond requests per second, open loop.
     * @param trading       the engine's configuration, for the workload's ranges.
     * @param capacity      most requests the run may send.
     */
    FailoverLoad(final HedgeClientContext ctx, final int ratePerSecond, final TradingConfig trading, final int capacity)
    {
        this.ctx = ctx;
        this.intervalNs = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        // orders and transfers only: transfers move cash between accounts, so total cash must come out unchanged
        this.workload = new TradingWorkload(20_260_101, trading, 70, 0, 30);
        this.capacity = capacity;
        this.intendedNs = new long[capacity + 1];
        this.thread = new Thread(this::run, "hedge-failover-load");
        this.thread.setDaemon(true);
    }

    public void start()
    {
        thread.start();
    }

    private void run()
    {
        try
        {
            session = HedgeSession.connect(ctx, this);
            gatewayId = session.gatewayId();
            epoch = session.epoch();
            long nextDueNs = System.nanoTime();
            int pendingLength = 0;
            while (running)
            {
                int work = session.poll();
                gatewayId = session.gatewayId();
                epoch = session.epoch();
                final long nowNs = System.nanoTime();
                if (nowNs - nextDueNs >= 0 && offered < capacity)
                {
                    if (0 == pendingLength)
                    {
                        pendingLength = workload.next(request, 0);
                    }
                    final long correlationId = session.offer(request, 0, pendingLength);
                    if (correlationId > 0)
                    {
                        intendedNs[(int)correlationId] = nextDueNs;
                        lastCorrelationId = correlationId;
                        offered++;
                        pendingLength = 0;
                        nextDueNs += intervalNs;
                        work++;
                    }
                    // otherwise no gateway takes it yet: offer it again; its intended time stays, so the wait counts
                }
                if (0 == work)
                {
                    // like the backoff idle strategy of the roles: never longer than 100 µs, never past a due time
                    LockSupport.parkNanos(Math.max(1_000, Math.min(100_000, nextDueNs - System.nanoTime())));
                }
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (session.inFlight() > 0 && System.nanoTime() - deadlineNs < 0)
            {
                if (0 == session.poll())
                {
                    LockSupport.parkNanos(100_000);
                }
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
        finally
        {
            if (null != session)
            {
                session.close();
            }
        }
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
        final long nowNs = System.nanoTime();
        if (correlationId <= 0 || correlationId > capacity)
        {
            return;
        }
        final int id = (int)correlationId;
        if (completed.get(id))
        {
            duplicateCompletions++;
            return;
        }
        completed.set(id);
        completions++;
        if (status != ResponseStatus.OK && status != ResponseStatus.DUPLICATE_NOT_CACHED)
        {
            notExecuted++;
        }
        else
        {
            executed.set(id);
        }
        final long tookNs = Math.min(Math.max(nowNs - intendedNs[id], 0), latencyNs.getHighestTrackableValue());
        latencyNs.recordValue(tookNs);
        if (tookNs > maxLatencySinceMarkNs)
        {
            maxLatencySinceMarkNs = tookNs;
        }
        if (0 == firstAnswerAfterMarkNs && session.epoch() > markEpoch)
        {
            firstAnswerAfterMarkNs = nowNs;
        }
    }

    @Override
    public void onTimeout(final long correlationId)
    {
        if (correlationId > 0 && correlationId <= capacity && !completed.get((int)correlationId))
        {
            completed.set((int)correlationId);
            completions++;
            timeouts++;
        }
        else
        {
            duplicateCompletions++;
        }
    }

    /**
     * Start watching for the first answer from an epoch above this one (call just before killing its gateway).
     */
    public void markFailover(final long epochNow)
    {
        firstAnswerAfterMarkNs = 0;
        maxLatencySinceMarkNs = 0;
        markEpoch = epochNow;
    }

    /**
     * @return the largest latency (from the intended send time) of an answer since {@link #markFailover}.
     */
    public long maxLatencySinceMarkNs()
    {
        return maxLatencySinceMarkNs;
    }

    /**
     * @return when the first answer from a higher epoch arrived since {@link #markFailover}, 0 if not yet.
     */
    public long firstAnswerAfterMarkNs()
    {
        return firstAnswerAfterMarkNs;
    }

    public int gatewayId()
    {
        return gatewayId;
    }

    public long epoch()
    {
        return epoch;
    }

    public long offered()
    {
        return offered;
    }

    public long completions()
    {
        return completions;
    }

    public long duplicateCompletions()
    {
        return duplicateCompletions;
    }

    public long timeouts()
    {
        return timeouts;
    }

    public long notExecuted()
    {
        return notExecuted;
    }

    public long lastCorrelationId()
    {
        return lastCorrelationId;
    }

    public Throwable failure()
    {
        return failure;
    }

    /**
     * @return the latency histogram; read it only after {@link #close()}.
     */
    public Histogram latencyNs()
    {
        return latencyNs;
    }

    /**
     * @return the correlation ids answered as executed, read only after {@link #close()}.
     */
    public BitSet executed()
    {
        return executed;
    }

    /**
     * Stop offering, wait for every answer (up to 60 s), and close the session.
     */
    @Override
    public void close() throws InterruptedException
    {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(90));
    }
}
