package io.hedge.client;

import io.aeron.Publication;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * The requests and outcome queries of a session, from offer to their one completion: kept with their bytes, sent
 * to the active gateway, resent (same correlation id, same bytes, in id order) when the {@link GatewayFailover}
 * names a new active or the silent one answers again, expired at their deadline, and matched with the answers the
 * {@link EgressAdapter} decodes. Every method takes the time from its caller, so that it runs on a test's clock.
 */
final class RequestFlow implements EgressListener, GatewayFailover.Unanswered
{
    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int SEND_BATCH_LIMIT = 1024;

    private final ResponseListener listener;
    private final GatewayFailover failover;
    private final long requestTimeoutNs;
    private final InFlightRequests requests;
    private final OutcomeQueries queries = new OutcomeQueries(HedgeSession.MAX_PENDING_OUTCOME_QUERIES);
    /** Read-only queries sent and not yet answered: their ids and deadlines (each is sent once, never resent). */
    private final OutcomeQueries readQueries = new OutcomeQueries(HedgeSession.MAX_PENDING_QUERIES);
    private final SessionMessages sessionMessages;

    private long nowNs;
    private long nextHousekeepingNs;
    private long nextStatusQueryId = 1;
    private long nextQueryId = 1;
    private long lastAnsweredSeq;
    private long lateQueryAnswers;
    private int maxPayloadLength;
    /** Lowest correlation id not yet sent to the current active gateway. */
    private long sendCursor;
    private long lateResponses;
    private long resentRequests;
    private final ClientMetricsRecorder metrics = new ClientMetricsRecorder();

    RequestFlow(
        final ResponseListener listener,
        final GatewayFailover failover,
        final long requestTimeoutNs,
        final int maxInFlight,
        final int requestStoreCapacity)
    {
        this(listener, failover, requestTimeoutNs, maxInFlight, requestStoreCapacity, null);
    }

    /**
     * @param sessionMessageListener gets the messages state machines send this session, or null.
     */
    RequestFlow(
        final ResponseListener listener,
        final GatewayFailover failover,
        final long requestTimeoutNs,
        final int maxInFlight,
        final int requestStoreCapacity,
        final SessionMessageListener sessionMessageListener)
    {
        this.sessionMessages = new SessionMessages(sessionMessageListener);
        this.listener = listener;
        this.failover = failover;
        this.requestTimeoutNs = requestTimeoutNs;
        this.requests = new InFlightRequests(maxInFlight, requestStoreCapacity);
    }

    /**
     * The time the answers decoded next are seen at.
     */
    void nowNs(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    /**
     * @return as {@link HedgeSession#offer(DirectBuffer, int, int, long)}.
     */
    long offer(final DirectBuffer buffer, final int offset, final int length, final long timeoutNs, final long nowNs)
    {
        if (length > maxPayloadLength || length > requests.capacity())
        {
            return HedgeSession.PAYLOAD_TOO_LARGE;
        }
        if (requests.isFull())
        {
            return HedgeSession.IN_FLIGHT_LIMIT;
        }
        final long position = requests.reserve(length);
        if (position < 0)
        {
            return HedgeSession.STORE_FULL;
        }
        requests.bytes().putBytes(requests.index(position), buffer, offset, length);
        final long correlationId = requests.nextId();
        final IngressPublisher active = failover.active();
        boolean sent = false;
        if (null != active && sendCursor == correlationId)
        {
            final long result = active.sendRequest(correlationId, requests.bytes(), requests.index(position), length);
            if (result > 0)
            {
                sent = true;
            }
            else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                return HedgeSession.BACK_PRESSURED;
            }
            // otherwise the active gateway cannot be reached: keep the request for whichever gateway is active next
        }
        requests.commit(position, length, nowNs + timeoutNs, sent, nowNs);
        metrics.onOffered();
        if (sent)
        {
            sendCursor = correlationId + 1;
            metrics.onFirstSend();
        }
        return correlationId;
    }

    /**
     * @return as {@link HedgeSession#queryOutcome(long)}.
     */
    long queryOutcome(final long correlationId, final long nowNs)
    {
        if (correlationId <= 0 || correlationId >= requests.nextId())
        {
            return HedgeSession.UNKNOWN_CORRELATION_ID;
        }
        if (requests.contains(correlationId))
        {
            return HedgeSession.STILL_IN_FLIGHT;
        }
        int index = queries.indexOf(correlationId);
        if (index >= 0)
        {
            queries.markUnsent(index);
        }
        else
        {
            index = queries.add(correlationId, nowNs + requestTimeoutNs);
            if (index < 0)
            {
                return HedgeSession.OUTCOME_QUERY_LIMIT;
            }
        }
        final IngressPublisher active = failover.active();
        if (null != active)
        {
            this.nowNs = nowNs;
            sendQueries(active);
        }
        return correlationId;
    }

    /**
     * @return as {@link HedgeSession#query(DirectBuffer, int, int, long, long)}.
     */
    long query(final DirectBuffer buffer, final int offset, final int length, final long minSeq, final long timeoutNs,
        final long nowNs)
    {
        final IngressPublisher active = failover.active();
        if (null == active)
        {
            return HedgeSession.NOT_CONNECTED; // first: the payload limit is known only from an active gateway
        }
        if (length > maxPayloadLength)
        {
            return HedgeSession.PAYLOAD_TOO_LARGE;
        }
        if (readQueries.count() == readQueries.capacity())
        {
            return HedgeSession.QUERY_LIMIT;
        }
        final long queryId = nextQueryId;
        final long result = active.sendQuery(queryId, minSeq, buffer, offset, length);
        if (result < 0)
        {
            return result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION ?
                HedgeSession.BACK_PRESSURED : HedgeSession.NOT_CONNECTED;
        }
        nextQueryId++;
        readQueries.markSent(readQueries.add(queryId, nowNs + timeoutNs), nowNs);
        return queryId;
    }

    /**
     * @return the status query's correlation id (&gt; 0), which its FabricStatus answer carries, or 0 if it could not
     * be sent to the active gateway. Ids are never reused, so an unanswered query leaves no answer to the next one.
     */
    long queryStatus()
    {
        final IngressPublisher active = failover.active();
        if (null == active)
        {
            return 0;
        }
        final long id = nextStatusQueryId;
        if (active.sendStatusQuery(id) > 0)
        {
            nextStatusQueryId++;
            return id;
        }
        return 0;
    }

    /**
     * Send what waits to be sent to the active gateway; every millisecond, expire what passed its deadline and let
     * the failover look after the gateways.
     *
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = 0;
        final IngressPublisher active = failover.active();
        if (null != active && (sendCursor < requests.nextId() || queries.unsent() > 0))
        {
            work += sendPending(active);
        }
        if (nowNs - nextHousekeepingNs >= 0)
        {
            if (requests.count() > 0)
            {
                work += expireRequests();
            }
            if (queries.count() > 0)
            {
                work += expireQueries();
            }
            if (readQueries.count() > 0)
            {
                work += expireReadQueries();
            }
            work += failover.doWork(nowNs, this);
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
        }
        return work;
    }

    private int sendPending(final IngressPublisher active)
    {
        int sent = 0;
        if (sendCursor < requests.oldestId())
        {
            sendCursor = requests.oldestId();
        }
        final long nextId = requests.nextId();
        while (sendCursor < nextId && sent < SEND_BATCH_LIMIT)
        {
            final long id = sendCursor;
            if (requests.contains(id))
            {
                if (active.sendRequest(id, requests.bytes(), requests.index(requests.position(id)), requests.length(id)) < 0)
                {
                    return sent;
                }
                if (requests.wasSent(id))
                {
                    resentRequests++;
                }
                else
                {
                    metrics.onFirstSend();
                }
                requests.markSent(id, nowNs);
                sent++;
            }
            sendCursor++;
        }
        if (queries.unsent() > 0)
        {
            sent += sendQueries(active);
        }
        return sent;
    }

    private int sendQueries(final IngressPublisher active)
    {
        int sent = 0;
        for (int i = 0, n = queries.capacity(); i < n && queries.unsent() > 0; i++)
        {
            final long id = queries.id(i);
            if (id != 0 && !queries.isSent(i))
            {
                if (active.sendOutcomeQuery(id) < 0)
                {
                    break;
                }
                queries.markSent(i, nowNs);
                sent++;
            }
        }
        return sent;
    }

    private int expireRequests()
    {
        int expired = 0;
        for (long id = requests.oldestId(), next = requests.nextId(); id < next; id++)
        {
            if (requests.contains(id) && nowNs - requests.deadlineNs(id) > 0)
            {
                requests.remove(id);
                expired++;
                metrics.onTimeout();
                listener.onTimeout(id);
            }
        }
        return expired;
    }

    private int expireQueries()
    {
        int expired = 0;
        for (int i = 0, n = queries.capacity(); i < n; i++)
        {
            final long id = queries.id(i);
            if (id != 0 && nowNs - queries.deadlineNs(i) > 0)
            {
                queries.remove(i);
                expired++;
                listener.onOutcomeTimeout(id);
            }
        }
        return expired;
    }

    private int expireReadQueries()
    {
        int expired = 0;
        for (int i = 0, n = readQueries.capacity(); i < n; i++)
        {
            final long id = readQueries.id(i);
            if (id != 0 && nowNs - readQueries.deadlineNs(i) > 0)
            {
                readQueries.remove(i);
                expired++;
                listener.onQueryTimeout(id);
            }
        }
        return expired;
    }

    @Override
    public void onQueryAnswer(
        final long queryId,
        final QueryStatus status,
        final int replicaId,
        final long appliedSeq,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        final int index = queryId > 0 ? readQueries.indexOf(queryId) : -1;
        if (index < 0)
        {
            lateQueryAnswers++; // timed out already, or not ours
            return;
        }
        readQueries.remove(index);
        listener.onQueryAnswer(queryId, status, replicaId, appliedSeq, payload, offset, length);
    }

    @Override
    public boolean waitingLongerThan(final long nowNs, final long ageNs)
    {
        if (requests.count() > 0 && nowNs - requests.sentNs(requests.oldestId()) > ageNs)
        {
            return true;
        }
        if (queries.count() > 0)
        {
            for (int i = 0, n = queries.capacity(); i < n; i++)
            {
                if (queries.id(i) != 0 && queries.isSent(i) && nowNs - queries.sentNs(i) > ageNs)
                {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean awaitsAnswer()
    {
        return requests.count() > 0 || queries.count() > 0;
    }

    @Override
    public void onResponse(
        final long epoch,
        final long correlationId,
        final long seq,
        final ResponseStatus status,
        final int replicaId,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (!failover.acceptAnswer(epoch, nowNs))
        {
            return;
        }
        if (requests.contains(correlationId))
        {
            metrics.onAnswer(status, nowNs - requests.offeredNs(correlationId));
            requests.remove(correlationId);
            lastAnsweredSeq = Math.max(lastAnsweredSeq, seq);
            listener.onResponse(correlationId, seq, status, replicaId, payload, offset, length);
            return;
        }
        final int query = correlationId > 0 ? queries.indexOf(correlationId) : -1;
        if (query >= 0)
        {
            queries.remove(query);
            listener.onOutcome(correlationId, seq, status, replicaId, payload, offset, length);
            return;
        }
        // answered already (a resent request's second answer), timed out, or not ours: one completion per request
        lateResponses++;
    }

    @Override
    public void onSessionMessage(
        final long epoch, final long seq, final int index, final DirectBuffer payload, final int offset, final int length)
    {
        // fenced like an answer: a gateway below the session's epoch no longer speaks for the fabric
        if (failover.acceptAnswer(epoch, nowNs))
        {
            sessionMessages.onMessage(seq, index, payload, offset, length);
        }
    }

    SessionMessages sessionMessages()
    {
        return sessionMessages;
    }

    @Override
    public void onConnected(
        final int gatewayId,
        final ConnectStatus status,
        final long epoch,
        final int activeGatewayId,
        final long lastCorrelationId,
        final int maxPayloadLength,
        final String detail)
    {
        switch (failover.onConnected(gatewayId, status, epoch, activeGatewayId, detail, nowNs))
        {
            case NEW_ACTIVE:
                this.maxPayloadLength = maxPayloadLength;
                if (requests.count() == 0 && lastCorrelationId >= requests.nextId())
                {
                    // continue after the last id the gateway saw from this client id, so none is reused
                    requests.startAt(lastCorrelationId + 1);
                    sendCursor = requests.nextId();
                }
                resendAll();
                break;

            case SAME_ACTIVE:
                resendAll(); // the gateway drops what it already has
                break;

            case REJECTED:
                listener.onConnectRejected(gatewayId, detail);
                break;

            case SUPERSEDED:
                listener.onSuperseded(gatewayId, detail);
                abandonAll();
                break;

            case REFUSED:
                listener.onRefused(gatewayId, status, detail);
                abandonAll();
                break;

            default:
                break;
        }
    }

    /**
     * The session ended without answers: each request and query that waits gets its one completion now, as a timeout
     * (its outcome is unknown).
     */
    private void abandonAll()
    {
        for (long id = requests.oldestId(), next = requests.nextId(); id < next; id++)
        {
            if (requests.remove(id))
            {
                metrics.onTimeout();
                listener.onTimeout(id);
            }
        }
        for (int i = 0, n = queries.capacity(); i < n; i++)
        {
            final long id = queries.id(i);
            if (id != 0)
            {
                queries.remove(i);
                listener.onOutcomeTimeout(id);
            }
        }
    }

    private void resendAll()
    {
        sendCursor = requests.oldestId();
        queries.markAllUnsent();
    }

    @Override
    public void onChallenge(final int gatewayId, final DirectBuffer challenge, final int offset, final int length)
    {
        final byte[] bytes = new byte[length]; // at connect only, never per request
        challenge.getBytes(offset, bytes);
        failover.onChallenge(gatewayId, bytes);
    }

    @Override
    public void onFabricStatus(final FabricStatusDecoder status)
    {
        failover.onFabricStatus(status.gatewayId(), status.epoch(), nowNs);
        listener.onFabricStatus(status);
    }

    long nextCorrelationId()
    {
        return requests.nextId();
    }

    int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    int inFlight()
    {
        return requests.count();
    }

    /**
     * @return the highest seq of a response to one of this session's requests: a query with it as minimum seq sees
     * every write of this session answered so far.
     */
    long lastAnsweredSeq()
    {
        return lastAnsweredSeq;
    }

    /**
     * @return query answers that came after their query had timed out.
     */
    long lateQueryAnswers()
    {
        return lateQueryAnswers;
    }

    /**
     * @return read-only queries sent and not yet answered or timed out.
     */
    int pendingQueries()
    {
        return readQueries.count();
    }

    long lateResponses()
    {
        return lateResponses;
    }

    long resentRequests()
    {
        return resentRequests;
    }

    /**
     * @return true if the request was sent to a gateway at least once (it may have executed); false if it never left
     * the session, or is not waiting.
     */
    boolean wasSent(final long correlationId)
    {
        return requests.contains(correlationId) && requests.wasSent(correlationId);
    }

    ClientMetricsRecorder metrics()
    {
        return metrics;
    }
}
