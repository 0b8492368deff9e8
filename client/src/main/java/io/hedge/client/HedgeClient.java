package io.hedge.client;

import io.hedge.codecs.fabric.ResponseStatus;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

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
     * @param ctx the client's settings; concluded here, so a context serves one connect.
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
     * A response whose status is {@link ResponseStatus#REJECTED_BUSY} ({@link Response#retryable()}) means the
     * gateway was at a capacity limit and did not sequence the request: submit it again after a short back-off. One
     * whose status is {@link ResponseStatus#SUSPENDED} ({@link Response#suspended()}) means an operator suspended the
     * fabric (hedge admin suspend): not sequenced, submit it again after hedge admin resume.
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
        final ClientAgent.Submission submission = new ClientAgent.Submission(copy, unit.toNanos(timeout));
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
        final ClientAgent.Submission submission = new ClientAgent.Submission(copy, ctx.requestTimeoutNs());
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
        final ClientAgent.OutcomeRequest request = new ClientAgent.OutcomeRequest(correlationId);
        enqueue(request, request.future);
        return request.future;
    }

    /**
     * The client's round trips since the last call, by interval: see {@link HedgeSession#roundTripInterval}. Read
     * directly, not through the client's thread, so an application can swap it on its own schedule.
     *
     * @param recycle the histogram the previous call returned, or null.
     * @return the interval's histogram, nanoseconds.
     */
    public Histogram roundTripInterval(final Histogram recycle)
    {
        return session.roundTripInterval(recycle);
    }

    /**
     * A snapshot of the client's counts (sent, answered by status, timeouts, failovers, ...) and a copy of its
     * round-trip latency histogram, taken on the client's thread. After {@link #close()}, the snapshot taken as it
     * closed.
     *
     * @return the snapshot.
     */
    public CompletableFuture<ClientMetrics> metrics()
    {
        final ClientMetrics last = agent.finalMetrics;
        if (closed && null != last)
        {
            return CompletableFuture.completedFuture(last);
        }
        final ClientAgent.MetricsRequest request = new ClientAgent.MetricsRequest();
        enqueue(request, request.future);
        return request.future;
    }

    /**
     * @return where the client stands with the fabric, as of the client thread's last poll; a
     * {@link HedgeClientContext#connectionStateListener} hears every change.
     */
    public ConnectionState connectionState()
    {
        return agent.connectionState;
    }

    /**
     * Ask a read-only query with the default timeout (docs/QUERIES.md): the active gateway hands it to ONE replica
     * that has applied at least {@code minSeq}, which answers from its state; never sequenced, never journaled.
     * {@code client.query(q, client.lastAnsweredSeq())} reads this client's own writes; {@code minSeq} 0 reads any
     * state.
     *
     * @param payload the query bytes (copied).
     * @param minSeq  the least seq the answering state must include, e.g. {@link Response#seq()} of a write.
     * @return the answer, whose {@link QueryAnswer#status()} says whether a replica answered; or an exceptional
     * completion with a {@link HedgeException} ({@link HedgeException.Reason#TIMED_OUT} when no answer came in time:
     * a query only reads, so ask again).
     */
    public CompletableFuture<QueryAnswer> query(final byte[] payload, final long minSeq)
    {
        return query(payload, 0, payload.length, minSeq, ctx.requestTimeoutNs(), TimeUnit.NANOSECONDS);
    }

    /**
     * Ask a read-only query.
     *
     * @see #query(byte[], long)
     */
    public CompletableFuture<QueryAnswer> query(
        final byte[] payload, final int offset, final int length, final long minSeq, final long timeout,
        final TimeUnit unit)
    {
        final byte[] copy = new byte[length];
        System.arraycopy(payload, offset, copy, 0, length);
        final ClientAgent.Query query = new ClientAgent.Query(copy, minSeq, unit.toNanos(timeout));
        enqueue(query, query.future);
        return query.future;
    }

    /**
     * Ask a read-only query held in a buffer, with the default timeout.
     *
     * @see #query(byte[], long)
     */
    public CompletableFuture<QueryAnswer> query(
        final DirectBuffer buffer, final int offset, final int length, final long minSeq)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final ClientAgent.Query query = new ClientAgent.Query(copy, minSeq, ctx.requestTimeoutNs());
        enqueue(query, query.future);
        return query.future;
    }

    /**
     * @return the highest seq among the responses this client has received (as of its thread's last poll), 0 if
     * none: a query with it as minimum seq reads every write of this client answered so far.
     */
    public long lastAnsweredSeq()
    {
        return agent.lastAnsweredSeq;
    }

    /**
     * @return the fabric as the gateway sees it.
     */
    public CompletableFuture<FabricStatus> fabricStatus()
    {
        final ClientAgent.StatusRequest request = new ClientAgent.StatusRequest();
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

    /**
     * Stop the client's thread and close its session. Futures still waiting complete exceptionally: a request that was
     * sent to a gateway and not yet answered with {@link HedgeException.Reason#OUTCOME_UNKNOWN} (it may have executed;
     * {@link HedgeException#correlationId()} names it for a later {@link #queryOutcome} by a session with the same
     * client id), a request never sent (no gateway was active, or it was still queued) with
     * {@link HedgeException.Reason#NOT_CONNECTED} (it did not execute), outcome and status queries with
     * {@link HedgeException.Reason#NOT_CONNECTED}. A {@link ConnectionStateListener} hears
     * {@link ConnectionState#CLOSED} on the client's thread.
     */
    @Override
    public void close()
    {
        closed = true;
        CloseHelper.quietClose(runner);
    }
}
