package io.hedge.client;

import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The thread of a {@link HedgeClient}: owns its session, sends what the user threads queued, completes futures from
 * what comes back.
 */
final class ClientAgent implements Agent, ResponseListener
{
    final ManyToOneConcurrentArrayQueue<Object> commands = new ManyToOneConcurrentArrayQueue<>(64 * 1024);
    final Long2ObjectHashMap<CompletableFuture<Response>> pending = new Long2ObjectHashMap<>();
    /** Outcome queries: sent to the gateway, or waiting for a request still in flight to complete. */
    final Long2ObjectHashMap<CompletableFuture<Response>> outcomes = new Long2ObjectHashMap<>();
    /** Status queries sent, by their correlation id: an answer completes the query it names, or nothing. */
    final Long2ObjectHashMap<StatusRequest> statusRequests = new Long2ObjectHashMap<>();
    /** Read-only queries sent, by their query id. */
    final Long2ObjectHashMap<CompletableFuture<QueryAnswer>> queries = new Long2ObjectHashMap<>();
    final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    final java.util.function.Consumer<Object> executor = this::execute;
    HedgeSession session;
    long requestTimeoutNs;
    volatile long failovers;
    volatile long resentRequests;
    volatile int gatewayId;
    volatile long epoch;
    volatile ConnectionState connectionState = ConnectionState.CONNECTING;
    /** The metrics as the client closed: what {@link HedgeClient#metrics()} answers from then on. */
    volatile ClientMetrics finalMetrics;
    /** What the gateway said when another session of the client id replaced this one; null until then. */
    String supersededDetail;
    /** Why the session ended (SUPERSEDED, AUTHENTICATION_FAILED, CLIENT_ID_TAKEN), once it did. */
    HedgeException.Reason endReason = HedgeException.Reason.SUPERSEDED;
    volatile long lastAnsweredSeq;

    @Override
    public void onStart()
    {
        publishState();
    }

    @Override
    public int doWork()
    {
        int work = commands.drain(executor, 256);
        work += session.poll();
        if (work > 0 || connectionState != session.connectionState())
        {
            publishState();
        }
        if (!statusRequests.isEmpty())
        {
            expireStatusRequests(System.nanoTime());
        }
        return work;
    }

    private void expireStatusRequests(final long nowNs)
    {
        final Long2ObjectHashMap<StatusRequest>.ValueIterator it = statusRequests.values().iterator();
        while (it.hasNext())
        {
            final StatusRequest request = it.next();
            if (nowNs - request.deadlineNs > 0)
            {
                it.remove();
                request.future.completeExceptionally(new HedgeException(
                    HedgeException.Reason.TIMED_OUT, "gateway did not answer a status query in 5 s"));
            }
        }
    }

    void publishState()
    {
        if (failovers != session.failovers())
        {
            failovers = session.failovers();
        }
        if (resentRequests != session.resentRequests())
        {
            resentRequests = session.resentRequests();
        }
        if (gatewayId != session.gatewayId())
        {
            gatewayId = session.gatewayId();
        }
        if (epoch != session.epoch())
        {
            epoch = session.epoch();
        }
        if (connectionState != session.connectionState())
        {
            connectionState = session.connectionState();
        }
        if (lastAnsweredSeq != session.lastAnsweredSeq())
        {
            lastAnsweredSeq = session.lastAnsweredSeq();
        }
    }

    private void execute(final Object command)
    {
        if (command instanceof Submission)
        {
            final Submission submission = (Submission)command;
            buffer.wrap(submission.payload);
            final long result = session.offer(buffer, 0, submission.payload.length, submission.timeoutNs);
            if (result > 0)
            {
                pending.put(result, submission.future);
            }
            else
            {
                submission.future.completeExceptionally(offerFailure(result, submission.payload.length));
            }
        }
        else if (command instanceof OutcomeRequest)
        {
            final OutcomeRequest request = (OutcomeRequest)command;
            final CompletableFuture<Response> existing = outcomes.get(request.correlationId);
            if (null != existing)
            {
                existing.whenComplete((response, ex) ->
                {
                    if (null != ex)
                    {
                        request.future.completeExceptionally(ex);
                    }
                    else
                    {
                        request.future.complete(response);
                    }
                });
            }
            else if (pending.containsKey(request.correlationId))
            {
                outcomes.put(request.correlationId, request.future); // answered by the request's own response
            }
            else
            {
                sendOutcomeQuery(request.correlationId, request.future);
            }
        }
        else if (command instanceof MetricsRequest)
        {
            ((MetricsRequest)command).future.complete(session.metrics());
        }
        else if (command instanceof Query)
        {
            final Query query = (Query)command;
            buffer.wrap(query.payload);
            final long result = session.query(buffer, 0, query.payload.length, query.minSeq, query.timeoutNs);
            if (result > 0)
            {
                queries.put(result, query.future);
            }
            else
            {
                query.future.completeExceptionally(result == HedgeSession.QUERY_LIMIT ?
                    new HedgeException(HedgeException.Reason.IN_FLIGHT_LIMIT, HedgeSession.MAX_PENDING_QUERIES +
                        " queries wait for answers already; not sent") : offerFailure(result, query.payload.length));
            }
        }
        else if (command instanceof StatusRequest)
        {
            final StatusRequest request = (StatusRequest)command;
            final long queryId = session.sendStatusQuery();
            if (queryId > 0)
            {
                statusRequests.put(queryId, request);
            }
            else
            {
                request.future.completeExceptionally(new HedgeException(
                    HedgeException.Reason.BACK_PRESSURED, "status query could not be sent to the gateway"));
            }
        }
    }

    private void sendOutcomeQuery(final long correlationId, final CompletableFuture<Response> future)
    {
        final long result = session.queryOutcome(correlationId);
        if (result > 0)
        {
            outcomes.put(correlationId, future);
        }
        else if (result == HedgeSession.UNKNOWN_CORRELATION_ID)
        {
            future.completeExceptionally(new IllegalArgumentException(
                "correlation id " + correlationId + " has not been used by client " + session.clientId()));
        }
        else if (result == HedgeSession.SUPERSEDED || result == HedgeSession.REFUSED)
        {
            future.completeExceptionally(supersededFailure("the outcome query for request " + correlationId +
                " was not sent", correlationId));
        }
        else if (result == HedgeSession.OUTCOME_QUERY_LIMIT)
        {
            future.completeExceptionally(new HedgeException(HedgeException.Reason.IN_FLIGHT_LIMIT,
                HedgeSession.MAX_PENDING_OUTCOME_QUERIES + " outcome queries wait for answers already; not sent",
                correlationId));
        }
        else
        {
            future.completeExceptionally(new HedgeException(HedgeException.Reason.NOT_CONNECTED,
                "outcome query for request " + correlationId + " could not be sent (result " + result + ")",
                correlationId));
        }
    }

    private HedgeException offerFailure(final long result, final int length)
    {
        if (result == HedgeSession.SUPERSEDED || result == HedgeSession.REFUSED)
        {
            return supersededFailure("not sent", 0);
        }
        if (result == HedgeSession.PAYLOAD_TOO_LARGE)
        {
            return new HedgeException(HedgeException.Reason.PAYLOAD_TOO_LARGE, "payload of " + length +
                " bytes is larger than the gateway's limit of " + session.maxPayloadLength() + " bytes; not sent");
        }
        if (result == HedgeSession.IN_FLIGHT_LIMIT)
        {
            return new HedgeException(HedgeException.Reason.IN_FLIGHT_LIMIT,
                "too many requests waiting for answers; not sent");
        }
        if (result == HedgeSession.STORE_FULL)
        {
            return new HedgeException(HedgeException.Reason.IN_FLIGHT_LIMIT, "the request store is full (" +
                length + " more bytes do not fit beside those of the requests waiting for answers; see " +
                "HedgeClientContext.requestStoreCapacity); not sent");
        }
        if (result == HedgeSession.BACK_PRESSURED)
        {
            return new HedgeException(HedgeException.Reason.BACK_PRESSURED,
                "the gateway's ingress pushed back; not sent, submit again later");
        }
        return new HedgeException(HedgeException.Reason.NOT_CONNECTED, "no gateway is connected; not sent");
    }

    @Override
    public void onResponse(
        final long correlationId,
        final long seq,
        final ResponseStatus status,
        final int replicaId,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        // before the future completes, so that a thread woken by it reads this seq
        lastAnsweredSeq = session.lastAnsweredSeq();
        final CompletableFuture<Response> future = pending.remove(correlationId);
        final CompletableFuture<Response> outcome = outcomes.remove(correlationId);
        if (null != future || null != outcome)
        {
            final byte[] bytes = new byte[length];
            payload.getBytes(offset, bytes);
            final Response response = new Response(correlationId, seq, status, replicaId, bytes);
            if (null != future)
            {
                future.complete(response);
            }
            if (null != outcome)
            {
                outcome.complete(response);
            }
        }
    }

    @Override
    public void onTimeout(final long correlationId)
    {
        final CompletableFuture<Response> future = pending.remove(correlationId);
        if (null != future && null != supersededDetail)
        {
            future.completeExceptionally(supersededFailure("request " + correlationId + " was waiting for its answer: " +
                "its outcome is unknown, it may have executed", correlationId));
        }
        else if (null != future)
        {
            future.completeExceptionally(new HedgeException(HedgeException.Reason.OUTCOME_UNKNOWN,
                "no answer to request " + correlationId + " within " +
                TimeUnit.NANOSECONDS.toMillis(requestTimeoutNs) + " ms (or its own timeout): its outcome is " +
                "unknown, it may have executed; it is no longer resent. HedgeClient.queryOutcome(" + correlationId +
                ") asks the gateway", correlationId));
        }
        final CompletableFuture<Response> outcome = outcomes.remove(correlationId);
        if (null != outcome)
        {
            sendOutcomeQuery(correlationId, outcome); // a query was waiting for this request to complete
        }
    }

    @Override
    public void onSuperseded(final int gatewayId, final String detail)
    {
        supersededDetail = "gateway " + gatewayId + ": " + detail;
        statusRequests.values().forEach(r -> r.future.completeExceptionally(supersededFailure("status query", 0)));
        statusRequests.clear();
    }

    @Override
    public void onRefused(final int gatewayId, final ConnectStatus status, final String detail)
    {
        endReason = status == ConnectStatus.CLIENT_ID_TAKEN ?
            HedgeException.Reason.CLIENT_ID_TAKEN : HedgeException.Reason.AUTHENTICATION_FAILED;
        onSuperseded(gatewayId, detail);
    }

    private HedgeException supersededFailure(final String what, final long correlationId)
    {
        if (endReason != HedgeException.Reason.SUPERSEDED)
        {
            return new HedgeException(endReason, "client " + session.clientId() + " was refused (" +
                supersededDetail + "): " + what + "; the client sends nothing more. Close this client.", correlationId);
        }
        return new HedgeException(HedgeException.Reason.SUPERSEDED, "client " + session.clientId() +
            " was replaced by another session with the same client id (" + supersededDetail + "): " + what +
            "; the session that now holds the client id can ask with queryOutcome. Close this client.", correlationId);
    }

    @Override
    public void onOutcome(
        final long correlationId,
        final long seq,
        final ResponseStatus status,
        final int replicaId,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        final CompletableFuture<Response> outcome = outcomes.remove(correlationId);
        if (null != outcome)
        {
            final byte[] bytes = new byte[length];
            payload.getBytes(offset, bytes);
            outcome.complete(new Response(correlationId, seq, status, replicaId, bytes));
        }
    }

    @Override
    public void onOutcomeTimeout(final long correlationId)
    {
        final CompletableFuture<Response> outcome = outcomes.remove(correlationId);
        if (null != outcome && null != supersededDetail)
        {
            outcome.completeExceptionally(supersededFailure("the outcome query for request " + correlationId +
                " was not answered", correlationId));
        }
        else if (null != outcome)
        {
            outcome.completeExceptionally(new HedgeException(HedgeException.Reason.TIMED_OUT,
                "no answer to the outcome query for request " + correlationId + " within " +
                TimeUnit.NANOSECONDS.toMillis(requestTimeoutNs) + " ms; ask again", correlationId));
        }
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
        final CompletableFuture<QueryAnswer> future = queries.remove(queryId);
        if (null != future)
        {
            final byte[] bytes = new byte[length];
            payload.getBytes(offset, bytes);
            future.complete(new QueryAnswer(queryId, status, replicaId, appliedSeq, bytes));
        }
    }

    @Override
    public void onQueryTimeout(final long queryId)
    {
        final CompletableFuture<QueryAnswer> future = queries.remove(queryId);
        if (null != future)
        {
            future.completeExceptionally(new HedgeException(HedgeException.Reason.TIMED_OUT,
                "no answer to query " + queryId + " in time (its gateway may have failed); a query only reads: ask " +
                "again"));
        }
    }

    @Override
    public void onFabricStatus(final FabricStatusDecoder status)
    {
        final StatusRequest request = statusRequests.remove(status.correlationId());
        if (null != request)
        {
            request.future.complete(FabricStatus.from(status));
        }
    }

    /**
     * Requests sent and not yet answered may have executed: they fail with OUTCOME_UNKNOWN (and their correlation id,
     * for another session's queryOutcome). Requests that never left the client, and queries, fail NOT_CONNECTED.
     */
    @Override
    public void onClose()
    {
        finalMetrics = session.metrics();
        final HedgeException closedEx = new HedgeException(HedgeException.Reason.NOT_CONNECTED, "client closed");
        pending.forEach((correlationId, future) -> future.completeExceptionally(session.wasSent(correlationId) ?
            new HedgeException(HedgeException.Reason.OUTCOME_UNKNOWN, "the client was closed while request " +
            correlationId + " waited for its answer: it was sent, so it may have executed; a session with the same " +
            "client id can ask with queryOutcome(" + correlationId + ")", correlationId) :
            new HedgeException(HedgeException.Reason.NOT_CONNECTED, "the client was closed before request " +
            correlationId + " could be sent to a gateway: it did not execute", correlationId)));
        pending.clear();
        outcomes.values().forEach(f -> f.completeExceptionally(closedEx));
        outcomes.clear();
        statusRequests.values().forEach(r -> r.future.completeExceptionally(closedEx));
        statusRequests.clear();
        queries.values().forEach(f -> f.completeExceptionally(closedEx));
        queries.clear();
        commands.drain(c ->
        {
            if (c instanceof Submission)
            {
                ((Submission)c).future.completeExceptionally(closedEx);
            }
            else if (c instanceof OutcomeRequest)
            {
                ((OutcomeRequest)c).future.completeExceptionally(closedEx);
            }
            else if (c instanceof MetricsRequest)
            {
                ((MetricsRequest)c).future.complete(finalMetrics);
            }
            else if (c instanceof Query)
            {
                ((Query)c).future.completeExceptionally(closedEx);
            }
            else
            {
                ((StatusRequest)c).future.completeExceptionally(closedEx);
            }
        });
        session.close();
        publishState();
    }

    @Override
    public String roleName()
    {
        return "hedge-client";
    }

    static final class Submission
    {
        final byte[] payload;
        final long timeoutNs;
        final CompletableFuture<Response> future = new CompletableFuture<>();

        Submission(final byte[] payload, final long timeoutNs)
        {
            this.payload = payload;
            this.timeoutNs = timeoutNs;
        }
    }

    static final class OutcomeRequest
    {
        final long correlationId;
        final CompletableFuture<Response> future = new CompletableFuture<>();

        OutcomeRequest(final long correlationId)
        {
            this.correlationId = correlationId;
        }
    }

    static final class MetricsRequest
    {
        final CompletableFuture<ClientMetrics> future = new CompletableFuture<>();
    }

    static final class Query
    {
        final byte[] payload;
        final long minSeq;
        final long timeoutNs;
        final CompletableFuture<QueryAnswer> future = new CompletableFuture<>();

        Query(final byte[] payload, final long minSeq, final long timeoutNs)
        {
            this.payload = payload;
            this.minSeq = minSeq;
            this.timeoutNs = timeoutNs;
        }
    }

    static final class StatusRequest
    {
        final CompletableFuture<FabricStatus> future = new CompletableFuture<>();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    }
}
