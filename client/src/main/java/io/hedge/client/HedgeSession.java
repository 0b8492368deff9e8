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
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.StatusQueryEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * A session with a gateway for one thread: {@link #offer} sends a request and returns its correlation id,
 * {@link #poll()} delivers responses and timeouts to the {@link ResponseListener}. Nothing is allocated per
 * request, nothing locks: this is the form for hot paths. Not thread-safe: offer and poll from one thread,
 * or use {@link HedgeClient}.
 */
public final class HedgeSession implements AutoCloseable
{
    /** {@link #offer} result: the gateway's stream pushed back; offer again later. */
    public static final long BACK_PRESSURED = -1;
    /** {@link #offer} result: no gateway is connected. */
    public static final long NOT_CONNECTED = -2;
    /** {@link #offer} result: as many requests as the context allows are waiting for answers. */
    public static final long IN_FLIGHT_LIMIT = -3;
    /** {@link #offer} result: the payload is larger than the gateway accepts. */
    public static final long PAYLOAD_TOO_LARGE = -4;
    /** {@link #offer} result: the session is closed. */
    public static final long CLOSED = -5;

    private static final long TIMEOUT_CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int FRAGMENT_LIMIT = 64;

    private final HedgeClientContext ctx;
    private final ResponseListener listener;
    private final Aeron ownedAeron;
    private final Subscription subscription;
    private final ExclusivePublication publication;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientRequestEncoder requestEncoder = new ClientRequestEncoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();
    private final ClientConnectedDecoder connectedDecoder = new ClientConnectedDecoder();
    private final FabricStatusDecoder statusDecoder = new FabricStatusDecoder();
    private final UnsafeBuffer requestHeader = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(new byte[8192]);
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final long[] slotCorrelationIds;
    private final long[] slotDeadlines;
    private final int slotMask;

    private long nextCorrelationId;
    private long oldestOutstanding;
    private int inFlight;
    private long nextTimeoutCheckNs;
    private long nextStatusQueryId = 1;
    private long epoch;
    private int gatewayId;
    private int maxPayloadLength;
    private boolean connected;
    private boolean closed;
    private long lateResponses;

    private HedgeSession(final HedgeClientContext ctx, final ResponseListener listener)
    {
        this.ctx = ctx;
        this.listener = listener;
        this.slotCorrelationIds = new long[ctx.maxInFlight()];
        this.slotDeadlines = new long[ctx.maxInFlight()];
        this.slotMask = ctx.maxInFlight() - 1;
        this.ownedAeron = null == ctx.aeron() ?
            Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())) : null;
        final Aeron aeron = null == ownedAeron ? ctx.aeron() : ownedAeron;
        Subscription sub = null;
        ExclusivePublication pub = null;
        try
        {
            sub = aeron.addSubscription(ctx.responseChannel(), ctx.responseStreamId());
            pub = aeron.addExclusivePublication(ctx.ingressChannel(), ctx.ingressStreamId());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(sub, pub, ownedAeron);
            throw ex;
        }
        subscription = sub;
        publication = pub;
    }

    /**
     * Connect to a gateway: blocks until the gateway has answered the handshake.
     *
     * @param ctx      the client's settings; checked here.
     * @param listener that receives responses on the polling thread.
     * @return a connected session.
     * @throws HedgeException with {@link HedgeException.Reason#GATEWAY_UNREACHABLE} if no gateway answers in time.
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
        String resolvedResponseChannel = null;
        long nextConnectNs = 0;
        while (!connected)
        {
            final long nowNs = System.nanoTime();
            if (nowNs - deadlineNs > 0)
            {
                throw new HedgeException(HedgeException.Reason.GATEWAY_UNREACHABLE, "no gateway answered at '" +
                    ctx.ingressChannel() + "' stream " + ctx.ingressStreamId() + " within " +
                    TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms" +
                    (publication.isConnected() ? " (a gateway is reachable but did not reach back to '" +
                    resolvedResponseChannel + "')" : ": is the gateway running, and is that its ingress channel?"));
            }
            if (null == resolvedResponseChannel)
            {
                resolvedResponseChannel = subscription.tryResolveChannelEndpointPort();
            }
            else if (publication.isConnected() && nowNs - nextConnectNs >= 0)
            {
                sendConnect(resolvedResponseChannel);
                nextConnectNs = nowNs + TimeUnit.MILLISECONDS.toNanos(200);
            }
            idle.idle(subscription.poll(assembler, FRAGMENT_LIMIT));
        }
    }

    private void sendConnect(final String responseChannel)
    {
        final ClientConnectEncoder encoder = new ClientConnectEncoder()
            .wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .clientId(ctx.clientId())
            .responseStreamId(ctx.responseStreamId())
            .responseChannel(responseChannel);
        publication.offer(controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * Send a request with the context's request timeout.
     *
     * @return its correlation id (&gt; 0), or a negative result: {@link #BACK_PRESSURED}, {@link #NOT_CONNECTED},
     * {@link #IN_FLIGHT_LIMIT}, {@link #PAYLOAD_TOO_LARGE}, {@link #CLOSED}.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return offer(buffer, offset, length, ctx.requestTimeoutNs());
    }

    /**
     * Send a request.
     *
     * @param timeoutNs how long to wait for its answer before {@link ResponseListener#onTimeout}.
     * @return its correlation id (&gt; 0), or a negative result as for {@link #offer(DirectBuffer, int, int)}.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length, final long timeoutNs)
    {
        if (closed)
        {
            return CLOSED;
        }
        if (length > maxPayloadLength)
        {
            return PAYLOAD_TOO_LARGE;
        }
        final long correlationId = nextCorrelationId;
        final int slot = (int)correlationId & slotMask;
        if (slotCorrelationIds[slot] != 0)
        {
            return IN_FLIGHT_LIMIT;
        }
        requestEncoder.wrapAndApplyHeader(requestHeader, 0, headerEncoder)
            .clientId(ctx.clientId())
            .correlationId(correlationId);
        final int lengthOffset = requestEncoder.limit();
        requestHeader.putInt(lengthOffset, length, ByteOrder.LITTLE_ENDIAN);
        final long result = publication.offer(requestHeader, 0, lengthOffset + Integer.BYTES, buffer, offset, length);
        if (result < 0)
        {
            if (result == Publication.NOT_CONNECTED)
            {
                return NOT_CONNECTED;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                return CLOSED;
            }
            return BACK_PRESSURED;
        }
        slotCorrelationIds[slot] = correlationId;
        slotDeadlines[slot] = System.nanoTime() + timeoutNs;
        nextCorrelationId++;
        inFlight++;
        return correlationId;
    }

    /**
     * Ask the gateway for the state of the fabric; the answer comes to {@link ResponseListener#onFabricStatus}.
     *
     * @return true if the query was sent.
     */
    public boolean queryStatus()
    {
        final StatusQueryEncoder encoder = new StatusQueryEncoder()
            .wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .clientId(ctx.clientId())
            .correlationId(nextStatusQueryId++);
        return publication.offer(controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()) > 0;
    }

    /**
     * Deliver responses that have arrived and timeouts that have passed.
     *
     * @return the work done; 0 when there was nothing.
     */
    public int poll()
    {
        if (closed)
        {
            return 0;
        }
        int work = subscription.poll(assembler, FRAGMENT_LIMIT);
        if (inFlight > 0)
        {
            final long nowNs = System.nanoTime();
            if (nowNs - nextTimeoutCheckNs >= 0)
            {
                work += expireTimedOut(nowNs);
                nextTimeoutCheckNs = nowNs + TIMEOUT_CHECK_INTERVAL_NS;
            }
        }
        return work;
    }

    private int expireTimedOut(final long nowNs)
    {
        int expired = 0;
        for (long id = oldestOutstanding; id < nextCorrelationId; id++)
        {
            final int slot = (int)id & slotMask;
            if (slotCorrelationIds[slot] == id && nowNs - slotDeadlines[slot] > 0)
            {
                slotCorrelationIds[slot] = 0;
                inFlight--;
                expired++;
                listener.onTimeout(id);
            }
        }
        advanceOldest();
        return expired;
    }

    private void advanceOldest()
    {
        while (oldestOutstanding < nextCorrelationId && slotCorrelationIds[(int)oldestOutstanding & slotMask] != oldestOutstanding)
        {
            oldestOutstanding++;
        }
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
            {
                responseDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int payloadLength = FabricMessages.varFieldLength(buffer, bodyOffset + blockLength, offset + length);
                if (payloadLength < 0)
                {
                    return;
                }
                final long correlationId = responseDecoder.correlationId();
                final int slot = (int)correlationId & slotMask;
                if (correlationId <= 0 || slotCorrelationIds[slot] != correlationId)
                {
                    // answered already, timed out, or not ours: each request gets one completion
                    lateResponses++;
                    return;
                }
                slotCorrelationIds[slot] = 0;
                inFlight--;
                if (correlationId == oldestOutstanding)
                {
                    advanceOldest();
                }
                payload.wrap(buffer, bodyOffset + blockLength + Integer.BYTES, payloadLength);
                listener.onResponse(correlationId, responseDecoder.seq(), responseDecoder.status(),
                    responseDecoder.replicaId(), payload, 0, payloadLength);
                break;
            }

            case ClientConnectedDecoder.TEMPLATE_ID:
                connectedDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (connectedDecoder.clientId() == ctx.clientId() && connectedDecoder.status() == ConnectStatus.OK)
                {
                    epoch = connectedDecoder.epoch();
                    gatewayId = connectedDecoder.gatewayId();
                    maxPayloadLength = connectedDecoder.maxPayloadLength();
                    if (!connected)
                    {
                        // continue after the last id the gateway saw from this client id, so none is reused
                        nextCorrelationId = Math.max(nextCorrelationId, connectedDecoder.lastCorrelationId() + 1);
                        oldestOutstanding = nextCorrelationId;
                        connected = true;
                    }
                }
                break;

            case FabricStatusDecoder.TEMPLATE_ID:
                statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                listener.onFabricStatus(statusDecoder);
                break;

            default:
                break;
        }
    }

    public long clientId()
    {
        return ctx.clientId();
    }

    public long epoch()
    {
        return epoch;
    }

    public int gatewayId()
    {
        return gatewayId;
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
        return inFlight;
    }

    /**
     * @return responses that came after their request had already completed (timed out).
     */
    public long lateResponses()
    {
        return lateResponses;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.quietCloseAll(publication, subscription, ownedAeron);
        }
    }
}
