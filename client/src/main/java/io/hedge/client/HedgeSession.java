package io.hedge.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.ClientConnectEncoder;
import io.hedge.codecs.fabric.ClientConnectedDecoder;
import io.hedge.codecs.fabric.ClientRequestEncoder;
import io.hedge.codecs.fabric.ClientResponseDecoder;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.OutcomeQueryEncoder;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.fabric.StatusQueryEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.List;
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

    /** Outcome queries that may wait for their answers at once. */
    public static final int MAX_PENDING_OUTCOME_QUERIES = 64;

    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int FRAGMENT_LIMIT = 64;
    private static final int SEND_BATCH_LIMIT = 1024;
    private static final byte CONNECT_OK = 0;
    private static final byte CONNECT_REJECTED = 1;
    private static final byte CONNECT_NOT_ACTIVE = 2;
    private static final byte NOT_HEARD = -1;

    private final HedgeClientContext ctx;
    private final ResponseListener listener;
    private final Aeron ownedAeron;
    private final Subscription subscription;
    private final ExclusivePublication[] publications;
    private final List<String> channels;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientRequestEncoder requestEncoder = new ClientRequestEncoder();
    private final OutcomeQueryEncoder outcomeQueryEncoder = new OutcomeQueryEncoder();
    private final StatusQueryEncoder statusQueryEncoder = new StatusQueryEncoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();
    private final ClientConnectedDecoder connectedDecoder = new ClientConnectedDecoder();
    private final FabricStatusDecoder statusDecoder = new FabricStatusDecoder();
    private final UnsafeBuffer requestHeader = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer connectBuffer = new UnsafeBuffer(new byte[8192]);
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final InFlightRequests requests;
    private final OutcomeQueries queries = new OutcomeQueries(MAX_PENDING_OUTCOME_QUERIES);

    // what each gateway last said, for failover and for a useful error at connect
    private final byte[] gatewayStatus;
    private final long[] gatewayEpoch;
    private final int[] gatewayActiveHint;
    private final long[] nextConnectNs;

    private String resolvedResponseChannel;
    private int connectLength;
    private long nowNs;
    private long nextHousekeepingNs;
    private long nextStatusQueryId = 1;
    /** Epoch of the newest ClientConnected(OK): that of the active gateway. */
    private long epoch;
    /** Answers from below this epoch are dropped: the newest OK's epoch, or a higher one the active stepped down for. */
    private long fenceEpoch;
    private int activeIndex = -1;
    private int gatewayId;
    private int maxPayloadLength;
    /** Lowest correlation id not yet sent to the current active gateway. */
    private long sendCursor;
    private long lastActiveActivityNs;
    private boolean probing;
    private long nextProbeNs;
    private boolean connected;
    private boolean closed;
    private int rejectedGatewayId;
    private String rejectedDetail;

    private long lateResponses;
    private long fencedMessages;
    private long failovers;
    private long resentRequests;
    private long probes;
    private long connectRejections;

    private HedgeSession(final HedgeClientContext ctx, final ResponseListener listener)
    {
        this.ctx = ctx;
        this.listener = listener;
        this.channels = ctx.gatewayIngressChannels();
        final int gateways = channels.size();
        this.requests = new InFlightRequests(ctx.maxInFlight(), ctx.requestStoreCapacity());
        this.gatewayStatus = new byte[gateways];
        this.gatewayEpoch = new long[gateways];
        this.gatewayActiveHint = new int[gateways];
        this.nextConnectNs = new long[gateways];
        java.util.Arrays.fill(gatewayStatus, NOT_HEARD);
        this.publications = new ExclusivePublication[gateways];
        this.ownedAeron = null == ctx.aeron() ?
            Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())) : null;
        final Aeron aeron = null == ownedAeron ? ctx.aeron() : ownedAeron;
        Subscription sub = null;
        try
        {
            sub = aeron.addSubscription(ctx.responseChannel(), ctx.responseStreamId());
            for (int i = 0; i < gateways; i++)
            {
                publications[i] = aeron.addExclusivePublication(channels.get(i), ctx.ingressStreamId());
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(publications);
            CloseHelper.quietCloseAll(sub, ownedAeron);
            throw ex;
        }
        subscription = sub;
    }

    /**
     * Connect to the fabric: sends ClientConnect to every gateway and blocks until the active one has answered OK.
     *
     * @param ctx      the client's settings; checked here.
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
            session.close();
            throw ex;
        }
    }

    private void handshake()
    {
        final IdleStrategy idle = ctx.idleStrategySupplier().get();
        final long deadlineNs = System.nanoTime() + ctx.connectTimeoutNs();
        while (!connected)
        {
            nowNs = System.nanoTime();
            if (0 != rejectedGatewayId)
            {
                throw new HedgeException(HedgeException.Reason.CONNECT_REJECTED, "gateway " + rejectedGatewayId +
                    " at '" + channels.get(rejectedGatewayId - 1) + "' refused client " + ctx.clientId() + ": " +
                    (null == rejectedDetail || rejectedDetail.isEmpty() ? "(no detail given)" : rejectedDetail));
            }
            if (nowNs - deadlineNs > 0)
            {
                throw new HedgeException(HedgeException.Reason.GATEWAY_UNREACHABLE, "no active gateway answered within " +
                    TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms on stream " + ctx.ingressStreamId() +
                    ": " + describeGateways());
            }
            if (null == resolvedResponseChannel)
            {
                resolvedResponseChannel = subscription.tryResolveChannelEndpointPort();
                if (null != resolvedResponseChannel)
                {
                    encodeConnect(resolvedResponseChannel);
                }
            }
            else
            {
                for (int i = 0; i < publications.length; i++)
                {
                    if (publications[i].isConnected() && nowNs - nextConnectNs[i] >= 0)
                    {
                        sendConnect(i);
                        nextConnectNs[i] = nowNs + ctx.connectRetryIntervalNs();
                    }
                }
            }
            idle.idle(subscription.poll(assembler, FRAGMENT_LIMIT));
        }
    }

    private String describeGateways()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < publications.length; i++)
        {
            sb.append(i == 0 ? "" : "; ").append("gateway ").append(i + 1).append(" at '").append(channels.get(i))
                .append("' ");
            if (gatewayStatus[i] == CONNECT_NOT_ACTIVE)
            {
                final int hint = gatewayActiveHint[i];
                sb.append("is standing by (epoch ").append(gatewayEpoch[i]).append(", active gateway ")
                    .append(hint <= 0 ? "unknown" : Integer.toString(hint))
                    .append(hint > publications.length ? ", which is not among the configured gateway ingress channels" : "")
                    .append(')');
            }
            else if (publications[i].isConnected())
            {
                sb.append("is reachable but did not answer (can it reach back to '")
                    .append(resolvedResponseChannel).append("'?)");
            }
            else
            {
                sb.append("is not reachable (is it running, and is that its ingress channel?)");
            }
        }
        return sb.toString();
    }

    private void encodeConnect(final String responseChannel)
    {
        final ClientConnectEncoder encoder = new ClientConnectEncoder()
            .wrapAndApplyHeader(connectBuffer, 0, headerEncoder)
            .clientId(ctx.clientId())
            .responseStreamId(ctx.responseStreamId())
            .responseChannel(responseChannel);
        connectLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void sendConnect(final int gatewayIndex)
    {
        publications[gatewayIndex].offer(connectBuffer, 0, connectLength);
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
        if (closed)
        {
            return CLOSED;
        }
        if (length > maxPayloadLength || length > requests.capacity())
        {
            return PAYLOAD_TOO_LARGE;
        }
        if (requests.isFull())
        {
            return IN_FLIGHT_LIMIT;
        }
        final long position = requests.reserve(length);
        if (position < 0)
        {
            return STORE_FULL;
        }
        requests.bytes().putBytes(requests.index(position), buffer, offset, length);
        final long correlationId = requests.nextId();
        boolean sent = false;
        if (activeIndex >= 0 && sendCursor == correlationId)
        {
            final long result = sendRequest(publications[activeIndex], correlationId, position, length);
            if (result > 0)
            {
                sent = true;
            }
            else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                return BACK_PRESSURED;
            }
            // otherwise the active gateway cannot be reached: keep the request for whichever gateway is active next
        }
        final long now = System.nanoTime();
        requests.commit(position, length, now + timeoutNs, sent, now);
        if (sent)
        {
            sendCursor = correlationId + 1;
        }
        return correlationId;
    }

    private long sendRequest(
        final ExclusivePublication publication, final long correlationId, final long position, final int length)
    {
        requestEncoder.wrapAndApplyHeader(requestHeader, 0, headerEncoder)
            .clientId(ctx.clientId())
            .correlationId(correlationId);
        final int lengthOffset = requestEncoder.limit();
        requestHeader.putInt(lengthOffset, length, ByteOrder.LITTLE_ENDIAN);
        return publication.offer(
            requestHeader, 0, lengthOffset + Integer.BYTES, requests.bytes(), requests.index(position), length);
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
        if (closed)
        {
            return CLOSED;
        }
        if (correlationId <= 0 || correlationId >= requests.nextId())
        {
            return UNKNOWN_CORRELATION_ID;
        }
        if (requests.contains(correlationId))
        {
            return STILL_IN_FLIGHT;
        }
        int index = queries.indexOf(correlationId);
        if (index >= 0)
        {
            queries.markUnsent(index);
        }
        else
        {
            index = queries.add(correlationId, System.nanoTime() + ctx.requestTimeoutNs());
            if (index < 0)
            {
                return OUTCOME_QUERY_LIMIT;
            }
        }
        if (activeIndex >= 0)
        {
            nowNs = System.nanoTime();
            sendQueries(publications[activeIndex]);
        }
        return correlationId;
    }

    /**
     * Ask the active gateway for the state of the fabric; the answer comes to {@link ResponseListener#onFabricStatus}.
     *
     * @return true if the query was sent.
     */
    public boolean queryStatus()
    {
        if (closed || activeIndex < 0)
        {
            return false;
        }
        statusQueryEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .clientId(ctx.clientId())
            .correlationId(nextStatusQueryId++);
        return publications[activeIndex].offer(
            controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + statusQueryEncoder.encodedLength()) > 0;
    }

    /**
     * Deliver responses that have arrived and timeouts that have passed; send what waits to be sent (resent
     * requests after a failover); look for the active gateway when it seems gone.
     *
     * @return the work done; 0 when there was nothing.
     */
    public int poll()
    {
        if (closed)
        {
            return 0;
        }
        nowNs = System.nanoTime();
        int work = subscription.poll(assembler, FRAGMENT_LIMIT);
        if (activeIndex >= 0 && (sendCursor < requests.nextId() || queries.unsent() > 0))
        {
            work += sendPending(publications[activeIndex]);
        }
        if (nowNs - nextHousekeepingNs >= 0)
        {
            work += housekeeping();
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
        }
        return work;
    }

    private int sendPending(final ExclusivePublication publication)
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
                if (sendRequest(publication, id, requests.position(id), requests.length(id)) < 0)
                {
                    return sent;
                }
                if (requests.wasSent(id))
                {
                    resentRequests++;
                }
                requests.markSent(id, nowNs);
                sent++;
            }
            sendCursor++;
        }
        if (queries.unsent() > 0)
        {
            sent += sendQueries(publication);
        }
        return sent;
    }

    private int sendQueries(final ExclusivePublication publication)
    {
        int sent = 0;
        for (int i = 0, n = queries.capacity(); i < n && queries.unsent() > 0; i++)
        {
            final long id = queries.id(i);
            if (id != 0 && !queries.isSent(i))
            {
                outcomeQueryEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
                    .clientId(ctx.clientId())
                    .correlationId(id);
                if (publication.offer(
                    controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + outcomeQueryEncoder.encodedLength()) < 0)
                {
                    break;
                }
                queries.markSent(i, nowNs);
                sent++;
            }
        }
        return sent;
    }

    private int housekeeping()
    {
        int work = 0;
        if (requests.count() > 0)
        {
            work += expireRequests();
        }
        if (queries.count() > 0)
        {
            work += expireQueries();
        }
        if (!probing && activeLooksGone())
        {
            probing = true;
            nextProbeNs = nowNs;
        }
        if (probing)
        {
            if (nowNs - nextProbeNs >= 0)
            {
                for (int i = 0; i < publications.length; i++)
                {
                    sendConnect(i);
                }
                probes++;
                nextProbeNs = nowNs + ctx.connectRetryIntervalNs();
                work++;
            }
        }
        else
        {
            work += connectToSilentGateways();
        }
        return work;
    }

    private boolean activeLooksGone()
    {
        if (activeIndex < 0 || !publications[activeIndex].isConnected())
        {
            return true;
        }
        final long failoverTimeoutNs = ctx.failoverTimeoutNs();
        if (nowNs - lastActiveActivityNs <= failoverTimeoutNs)
        {
            return false;
        }
        if (requests.count() > 0 && nowNs - requests.sentNs(requests.oldestId()) > failoverTimeoutNs)
        {
            return true;
        }
        if (queries.count() > 0)
        {
            for (int i = 0, n = queries.capacity(); i < n; i++)
            {
                if (queries.id(i) != 0 && queries.isSent(i) && nowNs - queries.sentNs(i) > failoverTimeoutNs)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A gateway that has never answered (not running at connect, say) is told about the client once it is
     * reachable, so that it can tell the client when it becomes active.
     */
    private int connectToSilentGateways()
    {
        int work = 0;
        for (int i = 0; i < publications.length; i++)
        {
            if (gatewayStatus[i] == NOT_HEARD && i != activeIndex && nowNs - nextConnectNs[i] >= 0 &&
                publications[i].isConnected())
            {
                sendConnect(i);
                nextConnectNs[i] = nowNs + ctx.connectRetryIntervalNs();
                work++;
            }
        }
        return work;
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

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!FabricMessages.hasBlock(buffer, offset, length, headerDecoder))
        {
            return;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (headerDecoder.templateId())
        {
            case ClientResponseDecoder.TEMPLATE_ID:
                responseDecoder.wrap(buffer, bodyOffset, blockLength, version);
                onResponse(buffer, bodyOffset + blockLength, offset + length);
                break;

            case ClientConnectedDecoder.TEMPLATE_ID:
                connectedDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (connectedDecoder.clientId() == ctx.clientId())
                {
                    onConnected(FabricMessages.varFieldLength(buffer, bodyOffset + blockLength, offset + length) >= 0);
                }
                break;

            case FabricStatusDecoder.TEMPLATE_ID:
                statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (statusDecoder.gatewayId() == gatewayId && statusDecoder.epoch() == epoch)
                {
                    lastActiveActivityNs = nowNs;
                }
                listener.onFabricStatus(statusDecoder);
                break;

            default:
                break;
        }
    }

    private void onResponse(final DirectBuffer buffer, final int payloadFieldOffset, final int messageEnd)
    {
        final int payloadLength = FabricMessages.varFieldLength(buffer, payloadFieldOffset, messageEnd);
        if (payloadLength < 0)
        {
            return;
        }
        final long responseEpoch = responseDecoder.epoch(); // null value from a version 0 gateway: not fenced
        if (responseEpoch != ClientResponseDecoder.epochNullValue() && responseEpoch < fenceEpoch)
        {
            fencedMessages++; // from a gateway that is no longer active
            return;
        }
        lastActiveActivityNs = nowNs; // requests go only to the active gateway: an answer is a sign of it
        final long correlationId = responseDecoder.correlationId();
        final ResponseStatus status = responseStatus(responseDecoder.statusRaw());
        payload.wrap(buffer, payloadFieldOffset + Integer.BYTES, payloadLength);
        if (requests.remove(correlationId))
        {
            listener.onResponse(correlationId, responseDecoder.seq(), status, responseDecoder.replicaId(),
                payload, 0, payloadLength);
            return;
        }
        final int query = correlationId > 0 ? queries.indexOf(correlationId) : -1;
        if (query >= 0)
        {
            queries.remove(query);
            listener.onOutcome(correlationId, responseDecoder.seq(), status, responseDecoder.replicaId(),
                payload, 0, payloadLength);
            return;
        }
        // answered already (a resent request's second answer), timed out, or not ours: one completion per request
        lateResponses++;
    }

    private static ResponseStatus responseStatus(final short raw)
    {
        for (final ResponseStatus status : RESPONSE_STATUSES)
        {
            if (status.value() == raw)
            {
                return status;
            }
        }
        return ResponseStatus.NULL_VAL;
    }

    private static final ResponseStatus[] RESPONSE_STATUSES = ResponseStatus.values();

    private void onConnected(final boolean detailReadable)
    {
        final int index = connectedDecoder.gatewayId() - 1;
        if (index < 0 || index >= publications.length)
        {
            return; // a gateway the client was not configured with: it cannot send to it
        }
        final long connectedEpoch = connectedDecoder.epoch();
        final short status = connectedDecoder.statusRaw();
        final int activeHint = connectedDecoder.activeGatewayId();
        if (status == CONNECT_OK)
        {
            gatewayStatus[index] = CONNECT_OK;
            gatewayEpoch[index] = connectedEpoch;
            onConnectedOk(index, connectedEpoch);
        }
        else if (status == CONNECT_NOT_ACTIVE)
        {
            gatewayStatus[index] = CONNECT_NOT_ACTIVE;
            gatewayEpoch[index] = connectedEpoch;
            gatewayActiveHint[index] = activeHint == ClientConnectedDecoder.activeGatewayIdNullValue() ? 0 : activeHint;
            if (index == activeIndex)
            {
                lastActiveActivityNs = nowNs;
                if (connectedEpoch >= epoch)
                {
                    // the active gateway stepped down: nothing goes to it now, and its epoch is over
                    activeIndex = -1;
                    fenceEpoch = Math.max(fenceEpoch, connectedEpoch);
                    probing = true;
                    nextProbeNs = nowNs;
                }
            }
        }
        else if (status == CONNECT_REJECTED)
        {
            gatewayStatus[index] = CONNECT_REJECTED;
            final String detail = detailReadable ? connectedDecoder.detail() : "";
            connectRejections++;
            if (!connected)
            {
                rejectedGatewayId = index + 1;
                rejectedDetail = detail;
            }
            else
            {
                listener.onConnectRejected(index + 1, detail);
            }
        }
    }

    private void onConnectedOk(final int index, final long connectedEpoch)
    {
        if (connected && connectedEpoch < fenceEpoch)
        {
            fencedMessages++;
            return;
        }
        if (connected && connectedEpoch == epoch && activeIndex >= 0)
        {
            if (index == activeIndex)
            {
                lastActiveActivityNs = nowNs;
                if (probing)
                {
                    // the same gateway in the same epoch: resend what waits, the gateway drops what it already has
                    probing = false;
                    resendAll();
                }
            }
            return; // another gateway claiming the same epoch is ignored: the first claim stands
        }
        // a new active gateway (or the first one)
        final boolean failover = connected;
        activeIndex = index;
        gatewayId = index + 1;
        epoch = connectedEpoch;
        fenceEpoch = Math.max(fenceEpoch, connectedEpoch);
        maxPayloadLength = connectedDecoder.maxPayloadLength();
        lastActiveActivityNs = nowNs;
        probing = false;
        final long lastCorrelationId = connectedDecoder.lastCorrelationId();
        if (requests.count() == 0 && lastCorrelationId >= requests.nextId())
        {
            // continue after the last id the gateway saw from this client id, so none is reused
            requests.startAt(lastCorrelationId + 1);
            sendCursor = requests.nextId();
        }
        if (failover)
        {
            failovers++;
        }
        resendAll();
        connected = true;
    }

    private void resendAll()
    {
        sendCursor = requests.oldestId();
        queries.markAllUnsent();
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
        return epoch;
    }

    /**
     * @return the id of the active gateway (or of the last one, while none is active).
     */
    public int gatewayId()
    {
        return gatewayId;
    }

    /**
     * @return the number of gateways the session knows.
     */
    public int gatewayCount()
    {
        return publications.length;
    }

    /**
     * @return true while the session looks for the active gateway (it stepped down, or fell silent).
     */
    public boolean isFailingOver()
    {
        return probing || activeIndex < 0;
    }

    public int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    /**
     * @return requests sent and not yet answered or timed out.
     */
    public int inFlight()
    {
        return requests.count();
    }

    /**
     * @return answers that came after their request had already completed: the second answer to a resent request
     * (from the new gateway, or from the old one in the same epoch), or an answer after the deadline.
     */
    public long lateResponses()
    {
        return lateResponses;
    }

    /**
     * @return ClientResponse and ClientConnected(OK) messages dropped because their epoch was below the session's.
     */
    public long fencedMessages()
    {
        return fencedMessages;
    }

    /**
     * @return times the active gateway changed (an OK with a higher epoch) after the session was established.
     */
    public long failovers()
    {
        return failovers;
    }

    /**
     * @return requests sent again (same correlation id, same bytes) after a failover or a probe.
     */
    public long resentRequests()
    {
        return resentRequests;
    }

    /**
     * @return rounds of ClientConnect sent to every gateway to find the active one after it fell silent or stepped down.
     */
    public long probes()
    {
        return probes;
    }

    /**
     * @return ClientConnected(REJECTED) answers received.
     */
    public long connectRejections()
    {
        return connectRejections;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.quietCloseAll(publications);
            CloseHelper.quietCloseAll(subscription, ownedAeron);
        }
    }
}
