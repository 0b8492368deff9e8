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
 * A thread of the client's own runs a {@link HedgeSession}; correlation ids, timeouts and the handshake are
 * handled here. For a hot path that must not allocate, use {@link HedgeSession} directly.
 */
public final class HedgeClient implements AutoCloseable
{
    private final HedgeClientContext ctx;
    private final ManyToOneConcurrentArrayQueue<Object> commands;
    private final AgentRunner runner;
    private final HedgeSession session;
    private volatile boolean closed;

    private HedgeClient(final HedgeClientContext ctx, final HedgeSession session, final ClientAgent agent)
    {
        this.ctx = ctx;
        this.session = session;
        this.commands = agent.commands;
        this.runner = new AgentRunner(ctx.idleStrategySupplier().get(), Throwable::printStackTrace, null, agent);
    }

    /**
     * Connect to a gateway; blocks until the handshake completes.
     *
     * @param ctx the client's settings.
     * @return a connected client.
     * @throws HedgeException with {@link HedgeException.Reason#GATEWAY_UNREACHABLE} if no gateway answers in time.
     */
    public static HedgeClient connect(final HedgeClientContext ctx)
    {
        final ClientAgent agent = new ClientAgent();
        final HedgeSession session = HedgeSession.connect(ctx, agent);
        agent.session = session;
        agent.requestTimeoutNs = ctx.requestTimeoutNs();
        final HedgeClient client = new HedgeClient(ctx, session, agent);
        AgentRunner.startOnThread(client.runner);
        return client;
    }

    /**
     * Submit a request with the default timeout.
     *
     * @param payload the request bytes (copied; the array may be reused once this returns).
     * @return the response, or an exceptional completion with a {@link HedgeException}.
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
        final List<StatusRequest> statusRequests = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        final java.util.function.Consumer<Object> executor = this::execute;
        HedgeSession session;
        long requestTimeoutNs;

        @Override
        public int doWork()
        {
            int work = commands.drain(executor, 256);
            work += session.poll();
            if (!statusRequests.isEmpty() && System.nanoTime() - statusRequests.get(0).deadlineNs > 0)
            {
                statusRequests.remove(0).future.completeExceptionally(
                    new HedgeException(HedgeException.Reason.TIMED_OUT, "gateway did not answer a status query in 5 s"));
            }
            return work;
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
            if (null != future)
            {
                final byte[] bytes = new byte[length];
                payload.getBytes(offset, bytes);
                future.complete(new Response(correlationId, seq, status, replicaId, bytes));
            }
        }

        @Override
        public void onTimeout(final long correlationId)
        {
            final CompletableFuture<Response> future = pending.remove(correlationId);
            if (null != future)
            {
                future.completeExceptionally(new HedgeException(HedgeException.Reason.TIMED_OUT,
                    "no answer to request " + correlationId + " within " +
                    TimeUnit.NANOSECONDS.toMillis(requestTimeoutNs) + " ms (or its own timeout); it may have executed"));
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
            statusRequests.forEach(r -> r.future.completeExceptionally(closedEx));
            commands.drain(c ->
            {
                if (c instanceof Submission)
                {
                    ((Submission)c).future.completeExceptionally(closedEx);
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
