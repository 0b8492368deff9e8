package io.hedge.client;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.transport.ChannelCheck;
import io.hedge.transport.InboundCheck;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A session with the fabric's gateways for one thread: {@link #offer} sends a request and returns its correlation id,
 * {@link #poll()} delivers responses and timeouts to the {@link ResponseListener}. Nothing is allocated per
 * request, nothing locks: this is the form for hot paths. Not thread-safe: offer and poll from one thread,
 * or use {@link HedgeClient}.
 *
 * <h2>Failover</h2>
 * The session sends ClientConnect to every configured gateway; requests go only to the active one, the gateway whose
 * ClientConnected(OK) carries the highest epoch. Answers of every gateway come on the one response subscription.
 * Each request's payload is kept until the request completes. When another gateway becomes active (an OK with a
 * higher epoch, asked for or not), every request still waiting is resent to it, in correlation id order, with its
 * original id and bytes; the gateways de-duplicate by correlation id, so nothing executes twice. When the active
 * gateway falls silent (its publication disconnects, or the oldest waiting request has had no answer for the
 * failover timeout and nothing came from the gateway in that time) or steps down, the session asks every gateway
 * again every connect retry interval until one answers OK. Answers from an epoch below the session's are dropped.
 * While no gateway is active, {@link #offer} keeps the request and sends it once one is.
 * <p>
 * A client id is one session at a time: a gateway that hears a connect for this client id from another response
 * channel replaces this session with the new one and says so (ClientConnected SUPERSEDED); this session then ends
 * ({@link ResponseListener#onSuperseded}, every waiting request timed out, nothing sent any more). A
 * {@link ConnectionStateListener} given to the context hears every change of {@link ConnectionState}.
 * <p>
 * The session owns the Aeron resources and the duty cycle: an {@link EgressAdapter} decodes what the gateways send,
 * a {@link RequestFlow} keeps each request until its one completion, a {@link GatewayFailover} holds the
 * {@link SessionState} (published in a counter of type {@link SessionState#COUNTER_TYPE_ID}), and an
 * {@link IngressPublisher} per gateway encodes what goes to it.
 */
public final class HedgeSession implements AutoCloseable
{
    /** {@link #offer} result: the gateway's stream pushed back; offer again later. */
    public static final long BACK_PRESSURED = -1;
    /**
     * {@link #offer} result: no gateway is connected. Kept for compatibility: since requests are kept and resent
     * across failover, offer no longer returns it; {@link #queryStatus()} returns false instead.
     */
    public static final long NOT_CONNECTED = -2;
    /** {@link #offer} result: as many requests as the context allows are waiting for answers. */
    public static final long IN_FLIGHT_LIMIT = -3;
    /** {@link #offer} result: the payload is larger than the gateway accepts (or than the request store). */
    public static final long PAYLOAD_TOO_LARGE = -4;
    /** {@link #offer} and {@link #queryOutcome} result: the session is closed. */
    public static final long CLOSED = -5;
    /**
     * {@link #offer} result: the request store ({@link HedgeClientContext#requestStoreCapacity()}) has no room for
     * the payload until older requests complete; offer again later.
     */
    public static final long STORE_FULL = -6;
    /** {@link #queryOutcome} result: the request still waits for its answer, which comes to onResponse. */
    public static final long STILL_IN_FLIGHT = -7;
    /** {@link #queryOutcome} result: this client has not used that correlation id. */
    public static final long UNKNOWN_CORRELATION_ID = -8;
    /** {@link #queryOutcome} result: {@link #MAX_PENDING_OUTCOME_QUERIES} queries wait for answers already. */
    public static final long OUTCOME_QUERY_LIMIT = -9;
    /**
     * {@link #offer} and {@link #queryOutcome} result: another session connected with this client id and replaced
     * this one ({@link ResponseListener#onSuperseded}); nothing is sent any more.
     */
    public static final long SUPERSEDED = -10;
    /**
     * {@link #offer}, {@link #queryOutcome} and {@link #query} result: a gateway refused this client's credentials or
     * its client id ({@link ResponseListener#onRefused}, {@link #connectionState()}); nothing is sent any more.
     */
    public static final long REFUSED = -11;

    /** {@link #query} result: {@link #MAX_PENDING_QUERIES} read-only queries wait for answers already. */
    public static final long QUERY_LIMIT = -10;

    /** Outcome queries that may wait for their answers at once. */
    public static final int MAX_PENDING_OUTCOME_QUERIES = 64;
    /** Read-only queries that may wait for their answers at once. */
    public static final int MAX_PENDING_QUERIES = 256;

    private final HedgeClientContext ctx;
    private final Aeron ownedAeron;
    private final Counter stateCounter;
    private final IngressPublisher[] publishers;
    private final GatewayFailover failover;
    private final RequestFlow flow;
    private final EgressAdapter egress;
    private final ConnectionStates connectionStates;

    private HedgeSession(final HedgeClientContext ctx, final ResponseListener listener)
    {
        this.ctx = ctx;
        final List<String> channels = ctx.gatewayIngressChannels();
        final IngressPublisher[] publishers = new IngressPublisher[channels.size()];
        final Aeron ownedAeron = null == ctx.aeron() ?
            Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())) : null;
        final Aeron aeron = null == ownedAeron ? ctx.aeron() : ownedAeron;
        Subscription subscription = null;
        Counter counter = null;
        try
        {
            subscription = aeron.addSubscription(ctx.responseChannel(), ctx.responseStreamId());
            for (int i = 0; i < publishers.length; i++)
            {
                final ExclusivePublication publication = aeron.addExclusivePublication(channels.get(i), ctx.ingressStreamId());
                publishers[i] = new IngressPublisher(
                    IngressPublication.of(publication), ctx.clientId(), ctx.credentials());
            }
            counter = aeron.addCounter(SessionState.COUNTER_TYPE_ID, "hedge client " + ctx.clientId() + " session state");
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(publishers);
            CloseHelper.quietCloseAll(counter, subscription, ownedAeron);
            throw ex;
        }
        this.ownedAeron = ownedAeron;
        this.stateCounter = counter;
        this.publishers = publishers;
        // probe rounds are up to the longest backoff apart: silence is judged over more than one of them
        this.connectionStates = new ConnectionStates(
            ctx.connectionStateListener(), ctx.failoverTimeoutNs() + ctx.connectBackoffMaxNs());
        final ConnectBackoff backoff = new ConnectBackoff(ctx.connectRetryIntervalNs(), ctx.connectBackoffMaxNs(),
            ctx.connectBackoffJitter(), new Random());
        this.failover = new GatewayFailover(ctx.clientId(), publishers, ctx.failoverTimeoutNs(), backoff,
            connectionStates, counter, System.nanoTime());
        this.failover.credentials(ctx.credentials());
        this.flow = new RequestFlow(
            listener, failover, ctx.requestTimeoutNs(), ctx.maxInFlight(), ctx.requestStoreCapacity(),
            ctx.sessionMessageListener());
        this.egress = new EgressAdapter(subscription, ctx.clientId(), flow, ctx.fragmentLimit(), new InboundCheck(
            ctx.roleName() + " egress", ctx.securityCounters().malformedMessagesDropped()));
    }

    /**
     * Connect to the fabric: sends ClientConnect to every gateway and blocks until the active one has answered OK.
     *
     * @param ctx      the client's settings; concluded here, so a context serves one connect.
     * @param listener that receives responses on the polling thread.
     * @return a connected session.
     * @throws HedgeException with {@link HedgeException.Reason#GATEWAY_UNREACHABLE} if no gateway answers OK in time,
     *                        or {@link HedgeException.Reason#CONNECT_REJECTED} if a gateway refuses the client.
     */
    public static HedgeSession connect(final HedgeClientContext ctx, final ResponseListener listener)
    {
        ctx.conclude();
        final HedgeSession session = new HedgeSession(ctx, listener);
        try
        {
            session.handshake();
            return session;
        }
        catch (final RuntimeException ex)
        {
            session.close("the connect failed: " + ex.getMessage());
            throw ex;
        }
    }

    private void handshake()
    {
        final IdleStrategy idle = ctx.idleStrategySupplier().get();
        final long deadlineNs = System.nanoTime() + ctx.connectTimeoutNs();
        String responseChannel = null;
        while (failover.state() == SessionState.CONNECTING)
        {
            final long nowNs = System.nanoTime();
            flow.nowNs(nowNs);
            final int rejectedGatewayId = failover.rejectedGatewayId();
            // one gateway's refusal (e.g. a standby at its gateway.max.clients) need not stop another from answering OK
            if (0 != rejectedGatewayId && (failover.everyGatewayRefused() || nowNs - deadlineNs > 0))
            {
                final String detail = failover.rejectedDetail();
                throw new HedgeException(HedgeException.Reason.CONNECT_REJECTED, "gateway " + rejectedGatewayId +
                    " at '" + ctx.gatewayIngressChannels().get(rejectedGatewayId - 1) + "' refused client " +
                    ctx.clientId() + ": " + (null == detail || detail.isEmpty() ? "(no detail given)" : detail));
            }
            if (nowNs - deadlineNs > 0)
            {
                throw new HedgeException(HedgeException.Reason.GATEWAY_UNREACHABLE, "no active gateway answered within " +
                    TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms on stream " + ctx.ingressStreamId() +
                    ": " + failover.describe(ctx.gatewayIngressChannels(), responseChannel));
            }
            if (null == responseChannel)
            {
                responseChannel = egress.tryResolveResponseChannel();
                if (null != responseChannel)
                {
                    refuseUnsafeResponseChannel(responseChannel);
                    for (final IngressPublisher publisher : publishers)
                    {
                        publisher.encodeConnect(ctx.responseStreamId(), responseChannel);
                    }
                }
            }
            else
            {
                failover.doWork(nowNs, flow);
            }
            idle.idle(egress.poll());
        }
        if (failover.state() == SessionState.AUTHENTICATION_FAILED)
        {
            throw new HedgeException(HedgeException.Reason.AUTHENTICATION_FAILED, "client " + ctx.clientId() +
                " as principal " + ctx.credentials() + ": " + failover.supersededDetail());
        }
        if (failover.state() == SessionState.CLIENT_ID_TAKEN)
        {
            throw new HedgeException(HedgeException.Reason.CLIENT_ID_TAKEN, "client " + ctx.clientId() +
                " as principal " + ctx.credentials() + ": " + failover.supersededDetail());
        }
        if (failover.isSuperseded())
        {
            throw new HedgeException(HedgeException.Reason.SUPERSEDED, "client " + ctx.clientId() +
                " was replaced while connecting by another session with the same client id: " +
                failover.supersededDetail());
        }
    }

    /**
     * A gateway opens a publication only to a response channel its allow-list admits (ChannelCheck): say so now rather
     * than wait for the connect timeout.
     */
    private void refuseUnsafeResponseChannel(final String responseChannel)
    {
        try
        {
            ChannelCheck.clientResponseChannel(responseChannel);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new HedgeException(HedgeException.Reason.CONNECT_REJECTED, "the response channel '" +
                responseChannel + "' (" + ClientConfiguration.RESPONSE_CHANNEL.key() + ") would be refused by every " +
                "gateway: " + ex.getMessage());
        }
    }

    /**
     * Send a request with the context's request timeout.
     *
     * @return its correlation id (&gt; 0), or a negative result: {@link #BACK_PRESSURED}, {@link #IN_FLIGHT_LIMIT},
     * {@link #STORE_FULL}, {@link #PAYLOAD_TOO_LARGE}, {@link #CLOSED}.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return offer(buffer, offset, length, ctx.requestTimeoutNs());
    }

    /**
     * Send a request. Its payload is copied into the session's request store and kept until the request completes,
     * so that it can be resent to another gateway. While no gateway is active (or an earlier request still waits to
     * be resent) the request is kept and sent as soon as it can be.
     *
     * @param timeoutNs the request's deadline from now: if no answer comes by then, {@link ResponseListener#onTimeout}
     *                  (outcome unknown) and the request is no longer resent.
     * @return its correlation id (&gt; 0), or a negative result as for {@link #offer(DirectBuffer, int, int)}.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length, final long timeoutNs)
    {
        if (failover.isClosed())
        {
            return CLOSED;
        }
        if (failover.isSuperseded())
        {
            return SUPERSEDED;
        }
        if (failover.hasEnded())
        {
            return REFUSED;
        }
        return flow.offer(buffer, offset, length, timeoutNs, System.nanoTime());
    }

    /**
     * The correlation id the next successful {@link #offer} will return. A caller that must record which id a
     * request gets before the request can execute (the FIX front door persists ClOrdID to id first, so that a crash
     * between sending and recording cannot hide an executed order) reads it here, records it, then offers; an offer
     * that fails (a negative result) does not use the id up.
     *
     * @return the next correlation id (&gt; 0).
     */
    public long nextCorrelationId()
    {
        return flow.nextCorrelationId();
    }

    /**
     * Ask the active gateway what became of a request that is no longer in flight (typically one whose deadline
     * passed). The answer comes to {@link ResponseListener#onOutcome}: {@link ResponseStatus#OK} with the original
     * response, {@link ResponseStatus#DUPLICATE_NOT_CACHED} (executed, response gone) or
     * {@link ResponseStatus#NOT_EXECUTED} (never sequenced; the gateway now refuses it for good). With no answer
     * within the context's request timeout, {@link ResponseListener#onOutcomeTimeout}. The query is resent to a new
     * active gateway like a request.
     *
     * @param correlationId of the request.
     * @return the correlation id if the query is under way, or {@link #STILL_IN_FLIGHT}, {@link #UNKNOWN_CORRELATION_ID},
     * {@link #OUTCOME_QUERY_LIMIT}, {@link #CLOSED}.
     */
    public long queryOutcome(final long correlationId)
    {
        if (failover.isClosed())
        {
            return CLOSED;
        }
        if (failover.isSuperseded())
        {
            return SUPERSEDED;
        }
        if (failover.hasEnded())
        {
            return REFUSED;
        }
        return flow.queryOutcome(correlationId, System.nanoTime());
    }

    /**
     * Send a read-only query with the context's request timeout.
     *
     * @see #query(DirectBuffer, int, int, long, long)
     */
    public long query(final DirectBuffer buffer, final int offset, final int length, final long minSeq)
    {
        return query(buffer, offset, length, minSeq, ctx.requestTimeoutNs());
    }

    /**
     * Send a read-only query (docs/QUERIES.md): the active gateway hands it to ONE replica that has applied at least
     * {@code minSeq}, which answers from its state; it is never sequenced, so it costs the sequenced stream nothing.
     * To read your own writes pass the seq of your last answered request ({@link #lastAnsweredSeq()}, or a response's
     * seq). The answer comes to {@link ResponseListener#onQueryAnswer}, matched by the id returned; with none by the
     * deadline, {@link ResponseListener#onQueryTimeout}. Unlike a request, a query is sent once and never resent to
     * another gateway: it reads only, so ask again after a timeout. The payload is not kept.
     *
     * @param minSeq    the least seq the answering state must include; 0 for any.
     * @param timeoutNs the query's deadline from now.
     * @return the query's id (&gt; 0, never reused by this session), or {@link #NOT_CONNECTED} (no active gateway),
     * {@link #BACK_PRESSURED}, {@link #PAYLOAD_TOO_LARGE}, {@link #QUERY_LIMIT}, {@link #CLOSED}.
     */
    public long query(
        final DirectBuffer buffer, final int offset, final int length, final long minSeq, final long timeoutNs)
    {
        if (failover.isClosed())
        {
            return CLOSED;
        }
        if (failover.hasEnded())
        {
            return REFUSED;
        }
        return flow.query(buffer, offset, length, minSeq, timeoutNs, System.nanoTime());
    }

    /**
     * @return the highest seq among the responses to this session's requests so far (0 if none): a query with it as
     * minimum seq reads every write this session has seen answered.
     */
    public long lastAnsweredSeq()
    {
        return flow.lastAnsweredSeq();
    }

    /**
     * @return read-only queries sent and not yet answered or timed out.
     */
    public int pendingQueries()
    {
        return flow.pendingQueries();
    }

    /**
     * Ask the active gateway for the state of the fabric; the answer comes to {@link ResponseListener#onFabricStatus}.
     *
     * @return true if the query was sent.
     * @see #sendStatusQuery()
     */
    public boolean queryStatus()
    {
        return sendStatusQuery() > 0;
    }

    /**
     * Ask the active gateway for the state of the fabric. The answer comes to {@link ResponseListener#onFabricStatus}
     * carrying this query's id in {@code FabricStatusDecoder.correlationId()}: match answers by it, never by order,
     * since a query to a gateway that died is never answered.
     *
     * @return the query's id (&gt; 0, never reused by this session), or 0 if no gateway is active or it pushed back.
     */
    public long sendStatusQuery()
    {
        return failover.isClosed() || failover.hasEnded() ? 0 : flow.queryStatus();
    }

    /**
     * Deliver responses that have arrived and timeouts that have passed; send what waits to be sent (resent
     * requests after a failover); look for the active gateway when it seems gone.
     *
     * @return the work done; 0 when there was nothing.
     */
    public int poll()
    {
        if (failover.isClosed())
        {
            return 0;
        }
        connectionStates.start();
        final long nowNs = System.nanoTime();
        flow.nowNs(nowNs);
        final int work = egress.poll();
        return work + flow.doWork(nowNs);
    }

    public long clientId()
    {
        return ctx.clientId();
    }

    /**
     * @return the epoch of the active gateway (the highest seen in a ClientConnected OK).
     */
    public long epoch()
    {
        return failover.epoch();
    }

    /**
     * @return the id of the active gateway (or of the last one, while none is active).
     */
    public int gatewayId()
    {
        return failover.gatewayId();
    }

    /**
     * @return the number of gateways the session knows.
     */
    public int gatewayCount()
    {
        return failover.gatewayCount();
    }

    /**
     * @return true while the session looks for the active gateway (it stepped down, or fell silent).
     */
    public boolean isFailingOver()
    {
        return failover.isFailingOver();
    }

    public int maxPayloadLength()
    {
        return flow.maxPayloadLength();
    }

    /**
     * @return requests sent and not yet answered or timed out.
     */
    public int inFlight()
    {
        return flow.inFlight();
    }

    /**
     * @return answers that came after their request had already completed: the second answer to a resent request
     * (from the new gateway, or from the old one in the same epoch), or an answer after the deadline.
     */
    public long lateResponses()
    {
        return flow.lateResponses();
    }

    /**
     * @return session messages passed to the {@link HedgeClientContext#sessionMessageListener} (or taken for none).
     */
    public long sessionMessagesDelivered()
    {
        return flow.sessionMessages().delivered();
    }

    /**
     * @return session messages dropped as already delivered: sent again by a gateway that took over.
     */
    public long sessionMessagesDuplicate()
    {
        return flow.sessionMessages().duplicates();
    }

    /**
     * @return ClientResponse, ClientConnected(OK) and SessionMessage messages dropped because their epoch was below
     * the session's.
     */
    public long fencedMessages()
    {
        return failover.fencedMessages();
    }

    /**
     * @return times the active gateway changed (an OK with a higher epoch) after the session was established.
     */
    public long failovers()
    {
        return failover.failovers();
    }

    /**
     * @return requests sent again (same correlation id, same bytes) after a failover or a probe.
     */
    public long resentRequests()
    {
        return flow.resentRequests();
    }

    /**
     * @return rounds of ClientConnect sent to every gateway to find the active one after it fell silent or stepped down.
     */
    public long probes()
    {
        return failover.probes();
    }

    /**
     * @return ClientConnects sent to the active gateway because the session was idle and had heard nothing from it
     * for the keep-alive interval (half the failover timeout).
     */
    public long keepAlives()
    {
        return failover.keepAlives();
    }

    /**
     * @return ClientConnected(REJECTED) answers received.
     */
    public long connectRejections()
    {
        return failover.connectRejections();
    }

    /**
     * @return where the session stands with the gateways.
     */
    SessionState state()
    {
        return failover.state();
    }

    /**
     * @return where the client stands with the fabric, as the {@link ConnectionStateListener} hears it.
     */
    public ConnectionState connectionState()
    {
        return connectionStates.state();
    }

    /**
     * @return true if the request waits for its answer and was sent to a gateway at least once, so that it may have
     * executed; false if it never left the session (no gateway was active) or does not wait.
     */
    public boolean wasSent(final long correlationId)
    {
        return flow.wasSent(correlationId);
    }

    /**
     * The client's round trips (submit to answer, the hop CLIENT_ROUND_TRIP of docs/OPERATIONS.md) since the last
     * call, for an application that publishes its own latency once an interval (to its metrics, or an
     * {@code org.HdrHistogram.HistogramLogWriter}). Safe from any thread, concurrently with the polling thread's
     * recording: every round trip lands in exactly one interval.
     *
     * @param recycle the histogram the previous call returned, or null: reused, so that swapping allocates nothing
     *                after the first two calls.
     * @return the interval's histogram, nanoseconds.
     */
    public Histogram roundTripInterval(final Histogram recycle)
    {
        return flow.metrics().roundTripInterval(recycle);
    }

    /**
     * A snapshot of the session's counts and a copy of its round-trip latency histogram; on the polling thread.
     *
     * @return the counts since the session connected.
     */
    public ClientMetrics metrics()
    {
        return flow.metrics().snapshot(flow.resentRequests(), flow.lateResponses(), failover.failovers(),
            failover.probes(), failover.fencedMessages(), flow.inFlight());
    }

    /**
     * Close the session and its Aeron resources. The listener hears nothing more of the requests still waiting (ask
     * {@link #wasSent} before closing to tell which ones may have executed); a {@link ConnectionStateListener} hears
     * {@link ConnectionState#CLOSED}, on this thread.
     */
    @Override
    public void close()
    {
        close("closed by the application");
    }

    private void close(final String reason)
    {
        if (!failover.isClosed())
        {
            failover.state(SessionState.CLOSED, System.nanoTime(), reason);
            CloseHelper.quietCloseAll(publishers);
            CloseHelper.quietCloseAll(egress, stateCounter, ownedAeron);
        }
    }
}
