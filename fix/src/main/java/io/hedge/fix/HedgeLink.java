package io.hedge.fix;

import io.hedge.client.HedgeSession;
import io.hedge.client.ResponseListener;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;

/**
 * One FIX counterparty's connection to the fabric: a {@link HedgeSession} under the session's stable client id. The
 * FIX side reserves each request's correlation id ({@link #reserveId}) and records it durably before the request is
 * queued here; the agent thread offers the queue in order, so each request gets the id recorded for it. A request
 * whose deadline passes is asked after ({@code queryOutcome}) until the gateway answers; one the gateway never ran
 * (NOT_EXECUTED, which the gateway makes final) is handed back to be resubmitted under a new id.
 * <p>
 * Threads: the {@link HedgeSession} is touched only by the agent thread; the queue and the id counter are guarded by
 * the store's monitor, which the FIX thread holds while it reserves and records.
 */
final class HedgeLink implements ResponseListener
{
    /** Handles what the gateway answers, on the agent thread. */
    interface Answers
    {
        void onAnswer(HedgeLink link, long correlationId, ResponseStatus status, DirectBuffer buffer, int offset,
            int length);

        void onNotExecuted(HedgeLink link, long correlationId);
    }

    final long clientId;
    final quickfix.SessionID fixSession;
    private final Object lock;
    private final Answers answers;
    private final ArrayDeque<FixOrder> toOffer = new ArrayDeque<>();
    private final ArrayDeque<Long> toQuery = new ArrayDeque<>();
    private final UnsafeBuffer offerBuffer = new UnsafeBuffer(0, 0);
    private HedgeSession session;
    private long nextId;
    private long firstUnseenId;
    private long remapped;

    HedgeLink(final long clientId, final quickfix.SessionID fixSession, final Object lock, final Answers answers)
    {
        this.clientId = clientId;
        this.fixSession = fixSession;
        this.lock = lock;
        this.answers = answers;
    }

    /**
     * Take the connected session; correlation ids continue from where the gateway says this client id got to.
     */
    void connected(final HedgeSession session)
    {
        synchronized (lock)
        {
            this.session = session;
            this.nextId = session.nextCorrelationId();
            this.firstUnseenId = nextId;
        }
    }

    /**
     * @return the lowest correlation id the gateway had not seen from this client id when the session connected:
     * a request recorded with this id or a higher one never reached it.
     */
    long firstUnseenId()
    {
        return firstUnseenId;
    }

    /**
     * @return the correlation id the next request queued will be offered with; call with the lock held, then
     * {@link #queue} the request.
     */
    long reserveId()
    {
        return nextId++;
    }

    /**
     * Queue a request whose id was reserved and recorded; with the lock held.
     */
    void queue(final FixOrder order)
    {
        toOffer.addLast(order);
    }

    /**
     * Ask the gateway what became of a request sent before (after a restart, or after its deadline); with the lock
     * held or on the agent thread.
     */
    void askOutcome(final long correlationId)
    {
        synchronized (lock)
        {
            toQuery.addLast(correlationId);
        }
    }

    /**
     * The agent's duty cycle for this link: offer what is queued, ask what waits to be asked, deliver answers.
     */
    int doWork(final ClOrdIdStore store)
    {
        int work = 0;
        synchronized (lock)
        {
            FixOrder order;
            while (null != (order = toOffer.peekFirst()))
            {
                offerBuffer.wrap(order.payload);
                final long id = session.offer(offerBuffer, 0, order.payload.length);
                if (id < 0)
                {
                    break; // pushed back or at a limit: the same request, with the same id, next time
                }
                toOffer.pollFirst();
                work++;
                if (id != order.correlationId)
                {
                    // the session skipped ids (another process used this client id): record the id it really has
                    remapped++;
                    store.recordSent(order.clientId, order.clOrdId, order.origClOrdId, order.kind, id,
                        order.hedgeClientOrderId, order.payload);
                    nextId = id + 1 + toOffer.size();
                }
            }
            Long id;
            while (null != (id = toQuery.peekFirst()))
            {
                final long result = session.queryOutcome(id);
                if (result == HedgeSession.UNKNOWN_CORRELATION_ID)
                {
                    toQuery.pollFirst();
                    answers.onNotExecuted(this, id); // never reached the gateway: the id was not used up
                }
                else if (result == HedgeSession.OUTCOME_QUERY_LIMIT)
                {
                    break;
                }
                else
                {
                    toQuery.pollFirst(); // asked, or still in flight (its response comes)
                }
                work++;
            }
        }
        return work + session.poll();
    }

    long remapped()
    {
        return remapped;
    }

    void close()
    {
        if (null != session)
        {
            session.close();
        }
    }

    @Override
    public void onResponse(
        final long correlationId, final long seq, final ResponseStatus status, final int replicaId,
        final DirectBuffer buffer, final int offset, final int length)
    {
        answers.onAnswer(this, correlationId, status, buffer, offset, length);
    }

    @Override
    public void onTimeout(final long correlationId)
    {
        askOutcome(correlationId); // outcome unknown: the gateway knows, ask until it answers
    }

    @Override
    public void onOutcome(
        final long correlationId, final long seq, final ResponseStatus status, final int replicaId,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (status == ResponseStatus.NOT_EXECUTED)
        {
            answers.onNotExecuted(this, correlationId);
        }
        else
        {
            answers.onAnswer(this, correlationId, status, buffer, offset, length);
        }
    }

    @Override
    public void onOutcomeTimeout(final long correlationId)
    {
        askOutcome(correlationId);
    }
}
