package io.hedge.chaos.workload;

import io.hedge.client.HedgeClientContext;
import io.hedge.client.HedgeException;
import io.hedge.client.HedgeSession;
import io.hedge.client.ResponseListener;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A chaos client's run, on the calling thread: it connects through the SDK, offers its seeded operations open loop at
 * the rate, writes every submit and outcome to its history as it goes, asks {@code queryOutcome} for every request
 * whose deadline passes (again after each unanswered query) until it gets an answer or the run ends, and at the end
 * (the duration, or {@link #requestStop()}) stops offering and waits up to the drain bound for what is in flight and
 * unresolved.
 */
public final class ChaosClient implements ResponseListener
{
    private final ChaosClientSettings settings;
    private final Supplier<HedgeClientContext> contexts;
    private final HistoryWriter history;
    private final OperationGenerator generator;
    private final OperationWriter encoder = new OperationWriter();
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[OperationWriter.MAX_LENGTH]);
    /** This client's order number (NewOrder.clientOrderId) -> the engine's order id, learned from answers. */
    private final Long2LongHashMap orderIds = new Long2LongHashMap(0);
    private final long[] clientOrderId = new long[1];
    /** Requests whose outcome is unknown and not yet learned. */
    private final LongHashSet unresolved = new LongHashSet();
    /** Of those, the ones to ask about (again). */
    private final LongArrayList toQuery = new LongArrayList();

    private volatile boolean stopRequested;
    private long submitted;
    private long answered;
    private long rejected;
    private long unknown;
    private long resolved;

    /**
     * @param settings what to run.
     * @param contexts a fresh SDK context for each connect attempt, with the Aeron directory set.
     * @param history  where events go.
     */
    public ChaosClient(
        final ChaosClientSettings settings, final Supplier<HedgeClientContext> contexts, final HistoryWriter history)
    {
        this.settings = settings;
        this.contexts = contexts;
        this.history = history;
        this.generator = settings.generator();
    }

    /**
     * Stop offering and drain: from any thread (a SIGTERM hook).
     */
    public void requestStop()
    {
        stopRequested = true;
    }

    /**
     * Run to the end.
     *
     * @return a one-line summary of the counts.
     */
    public String run()
    {
        final long startNs = System.nanoTime();
        history.start(startNs, System.currentTimeMillis(), settings.describe());
        final long endNs = startNs + TimeUnit.SECONDS.toNanos(settings.durationS());
        final HedgeSession session = connect(endNs);
        if (null == session)
        {
            return finish("no gateway answered before the end");
        }
        try
        {
            offerUntil(session, startNs, endNs);
            drain(session);
        }
        finally
        {
            session.close();
        }
        return finish(null);
    }

    private HedgeSession connect(final long endNs)
    {
        while (!stopRequested && System.nanoTime() - endNs < 0)
        {
            try
            {
                return HedgeSession.connect(contexts.get(), this);
            }
            catch (final HedgeException ex)
            {
                // a fault may hold every gateway out of reach at the start: keep trying until the run's end
                System.out.println("chaos client " + settings.clientId() + ": connect failed, retrying: " +
                    ex.getMessage());
            }
        }
        return null;
    }

    private void offerUntil(final HedgeSession session, final long startNs, final long endNs)
    {
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / Math.max(1, settings.rate());
        long nextDueNs = startNs;
        Operation pending = null;
        while (!stopRequested && System.nanoTime() - endNs < 0)
        {
            int work = session.poll();
            work += queryOutcomes(session);
            final long nowNs = System.nanoTime();
            if (nowNs - nextDueNs >= 0)
            {
                if (null == pending)
                {
                    pending = generator.next();
                }
                final long orderId = pending.kind() == Operation.Kind.CANCEL ? orderIds.get(pending.id()) : 0;
                final int length = encoder.encode(pending, orderId, request, 0);
                final long wallMs = System.currentTimeMillis();
                final long correlationId = session.offer(request, 0, length);
                if (correlationId > 0)
                {
                    history.submit(nowNs, wallMs, correlationId, pending);
                    submitted++;
                    pending = null;
                    nextDueNs += intervalNs;
                    work++;
                }
                else if (correlationId == HedgeSession.CLOSED || correlationId == HedgeSession.PAYLOAD_TOO_LARGE)
                {
                    throw new IllegalStateException("the session refused a request for good: " + correlationId);
                }
                // back pressure or a full window: the same operation is offered again, the schedule waits for it
            }
            if (0 == work)
            {
                LockSupport.parkNanos(Math.max(1_000, Math.min(100_000, nextDueNs - System.nanoTime())));
            }
        }
    }

    private void drain(final HedgeSession session)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainS());
        while ((session.inFlight() > 0 || !unresolved.isEmpty()) && System.nanoTime() - deadlineNs < 0)
        {
            if (0 == session.poll() + queryOutcomes(session))
            {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    private int queryOutcomes(final HedgeSession session)
    {
        int work = 0;
        for (int i = toQuery.size() - 1; i >= 0; i--)
        {
            final long correlationId = toQuery.getLong(i);
            final long result = session.queryOutcome(correlationId);
            if (result == HedgeSession.OUTCOME_QUERY_LIMIT || result == HedgeSession.STILL_IN_FLIGHT)
            {
                continue; // ask again on a later turn
            }
            toQuery.fastUnorderedRemove(i);
            work++;
        }
        return work;
    }

    private String finish(final String problem)
    {
        final String summary = "submitted=" + submitted + " answered=" + answered + " rejected=" + rejected +
            " unknown=" + unknown + " resolved=" + resolved + " unresolved=" + unresolved.size() +
            (null == problem ? "" : " problem=" + problem.replace(' ', '_'));
        history.end(System.nanoTime(), System.currentTimeMillis(), summary);
        return summary;
    }

    @Override
    public void onResponse(
        final long correlationId, final long seq, final ResponseStatus status, final int replicaId,
        final DirectBuffer buffer, final int offset, final int length)
    {
        final long nowNs = System.nanoTime();
        final long wallMs = System.currentTimeMillis();
        if (status == ResponseStatus.OK || status == ResponseStatus.DUPLICATE_NOT_CACHED)
        {
            learnOrderId(buffer, offset, length);
            history.answer(nowNs, wallMs, correlationId, status.name(), seq, replicaId,
                encoder.describeReply(buffer, offset, length));
            answered++;
        }
        else
        {
            history.reject(nowNs, wallMs, correlationId, String.valueOf(status));
            rejected++;
        }
    }

    @Override
    public void onTimeout(final long correlationId)
    {
        history.unknown(System.nanoTime(), System.currentTimeMillis(), correlationId);
        unknown++;
        unresolved.add(correlationId);
        toQuery.addLong(correlationId);
    }

    @Override
    public void onOutcome(
        final long correlationId, final long seq, final ResponseStatus status, final int replicaId,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (!unresolved.remove(correlationId))
        {
            return; // a second answer to a query asked twice: the first one is the outcome
        }
        learnOrderId(buffer, offset, length);
        history.outcome(System.nanoTime(), System.currentTimeMillis(), correlationId, String.valueOf(status), seq,
            replicaId, encoder.describeReply(buffer, offset, length));
        resolved++;
    }

    @Override
    public void onOutcomeTimeout(final long correlationId)
    {
        if (unresolved.contains(correlationId))
        {
            history.outcomeTimeout(System.nanoTime(), System.currentTimeMillis(), correlationId);
            toQuery.addLong(correlationId);
        }
    }

    private void learnOrderId(final DirectBuffer buffer, final int offset, final int length)
    {
        final long orderId = encoder.orderIdOf(buffer, offset, length, clientOrderId);
        if (orderId > 0)
        {
            orderIds.put(clientOrderId[0], orderId);
        }
    }

    public long submitted()
    {
        return submitted;
    }
}
