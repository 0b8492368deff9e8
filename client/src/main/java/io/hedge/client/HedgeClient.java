package io.hedge.client;

import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The easy way to talk to Hedge: {@link #submit} from any thread, get a {@link CompletableFuture} of the response.
 * A thread of the client's own runs a {@link HedgeSession}; correlation ids, timeouts, the handshake and failover
 * between gateways (requests resent to a new active gateway, each future completed once) are handled there.
 * For a hot path that must not allocate, use {@link HedgeSession} directly.
 */
public final class HedgeClient implements AutoCloseable
{
    private final HedgeClientContext ctx;
    private final ManyToOneConcurrentArrayQueue<Object> commands;
    private final AgentRunner runner;
    private final HedgeSession session;
    private final ClientAgent agent;
    private volatile boolean closed;

    private HedgeClient(final HedgeClientContext ctx, final HedgeSession session, final ClientAgent agent)
    {
        this.ctx = ctx;
        this.session = session;
        this.agent = agent;
        this.commands = agent.commands;
        this.runner = new AgentRunner(ctx.idleStrategySupplier().get(), Throwable::printStackTrace, null, agent);
    }

    /**
     * Connect to the fabric's gateways; blocks until the active one has answered.
     *
     * @param ctx the client's settings.
     * @return a connected client.
     * @throws HedgeException with {@link HedgeException.Reason#GATEWAY_UNREACHABLE} if no gateway answers in time,
     *                        or {@link HedgeException.Reason#CONNECT_REJECTED} if a gateway refuses the client.
     */
    public static HedgeClient connect(final HedgeClientContext ctx)
    {
        final ClientAgent agent = new ClientAgent();
        final HedgeSession session = HedgeSession.connect(ctx, agent);
        agent.session = session;
        agent.requestTimeoutNs = ctx.requestTimeoutNs();
        agent.publishState();
        final HedgeClient client = new HedgeClient(ctx, session, agent);
        AgentRunner.startOnThread(client.runner);
        return client;
    }

    /**
     * Submit a request with the default timeout.
     *
     * @param payload the request bytes (copied; the array may be reused once this returns).
     * @return the response, or an exceptional completion with a {@link HedgeException}: when the deadline passes,
     * {@link HedgeException.Reason#OUTCOME_UNKNOWN} with the request's correlation id, for {@link #queryOutcome}.
     */
    public CompletableFuture<Response> submit(final byte[] payload)
    {
        return submit(payload, 0, payload.length, ctx.requestTimeoutNs(), TimeUnit.NANOSECONDS);
    }

    /**
     * Submit a request.
     *
     * @param payload the request bytes (copied).
     * @param offset  of the request in the array.
     * @param length  of the request.
     * @param timeout how long to wait for the answer.
     * @param unit    of the timeout.
     * @return the response, or an exceptional completion with a {@link HedgeException}.
     */
    public CompletableFuture<Response> submit(
        final byte[] payload, final int offset, final int length, final long timeout, final TimeUnit unit)
    {
        final byte[] copy = new byte[length];
        System.arraycopy(payload, offset, copy, 0, length);
        final Submission submission = new Submission(copy, unit.toNanos(timeout));
        enqueue(submission, submission.future);
        return submission.future;
    }

    /**
     * Submit a request held in a buffer, with the default timeout.
     *
     * @return the response, or an exceptional completion with a {@link HedgeException}.
     */
    public CompletableFuture<Response> submit(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final Submission submission = new Submission(copy, ctx.requestTimeoutNs());
        enqueue(submission, submission.future);
        return submission.future;
    }

    /**
     * Ask the active gateway what became of a request that is no longer waiting for its answer (typically one that
     * failed with {@link HedgeException.Reason#OUTCOME_UNKNOWN}). If the request still waits, the answer is its
     * response once it comes; if its deadline passes first, the gateway is asked then.
     *
     * @param correlationId of the request ({@link Response#correlationId()}, {@link HedgeException#correlationId()}).
     * @return a response with {@link ResponseStatus#OK} (executed; the original response payload),
     * {@link ResponseStatus#DUPLICATE_NOT_CACHED} (executed; the response is gone) or {@link ResponseStatus#NOT_EXECUTED}
     * (never sequenced, and the gateway now refuses it for good); see {@link Response#executed()}. Completes
     * exceptionally with {@link HedgeException.Reason#TIMED_OUT} if the gateway does not answer within the request
     * timeout, or with an {@link IllegalArgumentException} for a correlation id this client has not used.
     */
    public CompletableFuture<Response> queryOutcome(final long correlationId)
    {
        final OutcomeRequest request = new OutcomeRequest(correlationId);
        enqueue(request, request.future);
        return request.future;
    }

    /**
     * @return the fabric as the gateway sees it.
     */
    public CompletableFuture<FabricStatus> fabricStatus()
    {
        final StatusRequest request = new StatusRequest();
        enqueue(request, request.future);
        return request.future;
    }

    private void enqueue(final Object command, final CompletableFuture<?> future)
    {
        if (closed)
        {
            future.completeExceptionally(new HedgeException(HedgeException.Reason.NOT_CONNECTED, "client is closed"));
        }
        else if (!commands.offer(command))
        {
            future.completeExceptionally(new HedgeException(HedgeException.Reason.BACK_PRESSURED,
                "client queue is full (" + commands.capacity() + " submissions waiting): slow down"));
        }
    }

    /**
     * @return this client's id.
     */
    public long clientId()
    {
        return session.clientId();
    }

    /**
     * @return times the active gateway changed since the client connected.
     */
    public long failovers()
    {
        return agent.failovers;
    }

    /**
     * @return requests resent (same correlation id and bytes) to a new active gateway, or after a probe.
     */
    public long resentRequests()
    {
        return agent.resentRequests;
    }

    /**
     * @return the id of the active gateway, as of the client thread's last poll.
     */
    public int gatewayId()
    {
        return agent.gatewayId;
    }

    /**
     * @return the epoch of the active gateway, as of the client thread's last poll.
     */
    public long epoch()
    {
        return agent.epoch;
    }

    @Override
    public void close()
    {
        closed = true;
        CloseHelper.quietClose(runner);
    }

    private static final class Submission
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

    private static final class OutcomeRequest
    {
        final long correlationId;
        final CompletableFuture<Response> future = new CompletableFuture<>();

        OutcomeRequest(final long correlationId)
        {
            this.correlationId = correlationId;
        }
    }

    private static final class StatusRequest
    {
        final CompletableFuture<FabricStatus> future = new CompletableFuture<>();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    }

    /**
     * Owns the session: sends what the user threads queued, completes futures from what comes back.
     */
    private static final class ClientAgent implements Agent, ResponseListener
    {
        final ManyToOneConcurrentArrayQueue<Object> commands = new ManyToOneConcurrentArrayQueue<>(64 * 1024);
        final Long2ObjectHashMap<CompletableFuture<Response>> pending = new Long2ObjectHashMap<>();
        /** Outcome queries: sent to the gateway, or waiting for a request still in flight to complete. */
        final Long2ObjectHashMap<CompletableFuture<Response>> outcomes = new Long2ObjectHashMap<>();
        final List<StatusRequest> statusRequests = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        final java.util.function.Consumer<Object> executor = this::execute;
        HedgeSession session;
        long requestTimeoutNs;
        volatile long failovers;
        volatile long resentRequests;
        volatile int gatewayId;
        volatile long epoch;

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
            if (work > 0)
            {
                publishState();
            }
            if (!statusRequests.isEmpty() && System.nanoTime() - statusRequests.get(0).deadlineNs > 0)
            {
                statusRequests.remove(0).future.completeExceptionally(
                    new HedgeException(HedgeException.Reason.TIMED_OUT, "gateway did not answer a status query in 5 s"));
            }
            return work;
        }

        private void publishState()
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
            else if (command instanceof StatusRequest)
            {
                final StatusRequest request = (StatusRequest)command;
                if (session.queryStatus())
                {
                    statusRequests.add(request);
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
            if (null != future)
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
            if (null != outcome)
            {
                outcome.completeExceptionally(new HedgeException(HedgeException.Reason.TIMED_OUT,
                    "no answer to the outcome query for request " + correlationId + " within " +
                    TimeUnit.NANOSECONDS.toMillis(requestTimeoutNs) + " ms; ask again", correlationId));
            }
        }

        @Override
        public void onFabricStatus(final FabricStatusDecoder status)
        {
            if (statusRequests.isEmpty())
            {
                return;
            }
            statusRequests.remove(0).future.complete(FabricStatus.from(status));
        }

        @Override
        public void onClose()
        {
            final HedgeException closedEx = new HedgeException(HedgeException.Reason.NOT_CONNECTED, "client closed");
            pending.values().forEach(f -> f.completeExceptionally(closedEx));
            pending.clear();
            outcomes.values().forEach(f -> f.completeExceptionally(closedEx));
            outcomes.clear();
            statusRequests.forEach(r -> r.future.completeExceptionally(closedEx));
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
                else
                {
                    ((StatusRequest)c).future.completeExceptionally(closedEx);
                }
            });
            session.close();
        }

        @Override
        public String roleName()
        {
            return "hedge-client";
        }
    }
}
