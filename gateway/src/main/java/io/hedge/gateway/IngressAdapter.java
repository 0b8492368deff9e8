package io.hedge.gateway;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessageCheck;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.ChallengeResponseDecoder;
import io.hedge.codecs.fabric.ClientConnectDecoder;
import io.hedge.codecs.fabric.ClientRequestDecoder;
import io.hedge.codecs.fabric.ClientQueryDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.StatusQueryDecoder;
import io.hedge.transport.InboundCheck;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes what clients send to the gateway and hands it to the listener. A request the agent cannot take yet
 * (the sequencer is pushed back, too many are unanswered, or the client's session is not yet established) is
 * aborted, so Aeron delivers it again: each client has an image of its own, so only that client waits.
 */
final class IngressAdapter implements ControlledFragmentHandler, AutoCloseable
{
    /** Longest response channel a ClientConnect may name, bytes. */
    static final int MAX_CHANNEL_LENGTH = 4096;
    private static final String UNKNOWN_SOURCE = "unknown";
    /** Longest credentials (or answer to a challenge) a client may send, bytes. */
    static final int MAX_CREDENTIALS_LENGTH = 1024;

    private final Subscription subscription;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private final IngressListener listener;
    private final InboundCheck inbound;
    private final SourceLimits limits;
    private long nowNs;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientRequestDecoder requestDecoder = new ClientRequestDecoder();
    private final ClientConnectDecoder connectDecoder = new ClientConnectDecoder();
    private final StatusQueryDecoder statusQueryDecoder = new StatusQueryDecoder();
    private final ClientQueryDecoder queryDecoder = new ClientQueryDecoder();
    private final ChallengeResponseDecoder challengeResponseDecoder = new ChallengeResponseDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final io.hedge.codecs.fabric.OutcomeQueryDecoder outcomeDecoder =
        new io.hedge.codecs.fabric.OutcomeQueryDecoder();

    IngressAdapter(final Subscription subscription, final IngressListener listener)
    {
        this(subscription, listener, new InboundCheck("gateway ingress", null));
    }

    /**
     * @param inbound refuses (and counts) a message whose lengths do not fit what arrived, before it is decoded.
     */
    IngressAdapter(final Subscription subscription, final IngressListener listener, final InboundCheck inbound)
    {
        this(subscription, listener, inbound, null);
    }

    /**
     * @param limits each source's share of connects and requests; null for none.
     */
    IngressAdapter(
        final Subscription subscription,
        final IngressListener listener,
        final InboundCheck inbound,
        final SourceLimits limits)
    {
        this.subscription = subscription;
        this.listener = listener;
        this.inbound = inbound;
        this.limits = limits;
    }

    /**
     * The time the source limits are measured against; each poll sets it (tests that feed fragments set it here).
     */
    void nowNs(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    /**
     * @return who sent the message: its image's source identity (address and port), or, without an image (tests),
     * a String the header's context holds.
     */
    private static String source(final Header header)
    {
        final Object context = null == header ? null : header.context();
        if (context instanceof Image)
        {
            return ((Image)context).sourceIdentity();
        }
        return context instanceof String ? (String)context : UNKNOWN_SOURCE;
    }

    /**
     * A message aborted (pushed back) is delivered again: it is charged to its source's share once, not each time.
     */
    private Action charged(final Header header, final Action action)
    {
        if (Action.ABORT == action && null != limits)
        {
            limits.refundRequest(source(header));
        }
        return action;
    }

    /**
     * @return the Aeron session id of the ingress publication the message came over (0 without a header or a header without a frame, in tests).
     */
    private static int imageSessionId(final Header header)
    {
        return null == header || null == header.buffer() ? 0 : header.sessionId();
    }

    private boolean overShare(final Header header, final boolean connect)
    {
        if (null == limits)
        {
            return false;
        }
        final String source = source(header);
        return connect ? !limits.allowConnect(source, nowNs) : !limits.allowRequest(source, nowNs);
    }

    /**
     * Aeron's subscription starts each poll at the next image in turn, so an image with a backlog (a flooding client)
     * takes at most one poll's fragments before each other image's turn: it cannot starve them.
     */
    int poll(final int fragmentLimit)
    {
        nowNs = System.nanoTime();
        return subscription.controlledPoll(assembler, fragmentLimit);
    }

    @Override
    public void close()
    {
        CloseHelper.close(subscription);
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!inbound.accept(buffer, offset, length, headerDecoder))
        {
            if (FabricMessageCheck.VAR_DATA_PAST_END == inbound.lastReason() &&
                ClientRequestDecoder.TEMPLATE_ID == headerDecoder.templateId() && !overShare(header, false))
            {
                // its block is whole: the client is told its request was refused (REJECTED_MALFORMED), as before
                requestDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                    headerDecoder.version());
                listener.onMalformedRequest(requestDecoder.clientId(), imageSessionId(header),
                    requestDecoder.correlationId());
                return Action.CONTINUE;
            }
            listener.onUnreadableIngress();
            return Action.CONTINUE;
        }
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;
        final int imageSessionId = imageSessionId(header);

        switch (headerDecoder.templateId())
        {
            case ClientRequestDecoder.TEMPLATE_ID:
            {
                if (overShare(header, false))
                {
                    return Action.CONTINUE;
                }
                requestDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final long clientId = requestDecoder.clientId();
                final long correlationId = requestDecoder.correlationId();
                final int payloadOffset = bodyOffset + blockLength;
                final int payloadLength = FabricMessages.varFieldLength(buffer, payloadOffset, end);
                if (payloadLength < 0)
                {
                    listener.onMalformedRequest(clientId, imageSessionId, correlationId);
                    return Action.CONTINUE;
                }
                payload.wrap(buffer, payloadOffset + Integer.BYTES, payloadLength);
                return charged(header, listener.onRequest(clientId, imageSessionId, correlationId, payload, 0,
                    payloadLength));
            }

            case ClientQueryDecoder.TEMPLATE_ID:
            {
                if (overShare(header, false))
                {
                    return Action.CONTINUE;
                }
                queryDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int payloadOffset = bodyOffset + blockLength;
                final int payloadLength = FabricMessages.varFieldLength(buffer, payloadOffset, end);
                if (payloadLength < 0)
                {
                    listener.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                payload.wrap(buffer, payloadOffset + Integer.BYTES, payloadLength);
                return charged(header, listener.onQuery(queryDecoder.clientId(), imageSessionId,
                    queryDecoder.queryId(), queryDecoder.minSeq(), payload, 0, payloadLength));
            }

            case ClientConnectDecoder.TEMPLATE_ID:
            {
                if (overShare(header, true))
                {
                    return Action.CONTINUE;
                }
                connectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final long clientId = connectDecoder.clientId();
                final int streamId = connectDecoder.responseStreamId();
                final int channelField = bodyOffset + blockLength;
                final int channelLength = FabricMessages.varFieldLength(buffer, channelField, end);
                if (channelLength <= 0 || channelLength > MAX_CHANNEL_LENGTH)
                {
                    listener.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                // credentials (schema version 4) follow the channel; a client of an older schema sends none
                final int credentialsField = channelField + Integer.BYTES + channelLength;
                final int credentialsLength = credentialsField < end ?
                    FabricMessages.varFieldLength(buffer, credentialsField, end) : 0;
                if (credentialsLength < 0 || credentialsLength > MAX_CREDENTIALS_LENGTH)
                {
                    listener.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                // no credentials field (an older client): an empty range at the message's end, not past it
                final int credentialsOffset = credentialsField < end ? credentialsField + Integer.BYTES : end;
                listener.onConnect(clientId, imageSessionId, buffer, channelField + Integer.BYTES, channelLength,
                    streamId, credentialsOffset, credentialsLength);
                return Action.CONTINUE;
            }

            case ChallengeResponseDecoder.TEMPLATE_ID:
            {
                if (overShare(header, true)) // a logon step: charged to the source's connects, as a connect is
                {
                    return Action.CONTINUE;
                }
                challengeResponseDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int responseField = bodyOffset + blockLength;
                final int responseLength = FabricMessages.varFieldLength(buffer, responseField, end);
                if (responseLength < 0 || responseLength > MAX_CREDENTIALS_LENGTH)
                {
                    listener.onUnreadableIngress();
                    return Action.CONTINUE;
                }
                listener.onChallengeResponse(challengeResponseDecoder.clientId(), imageSessionId, buffer,
                    responseField + Integer.BYTES, responseLength);
                return Action.CONTINUE;
            }

            case io.hedge.codecs.fabric.OutcomeQueryDecoder.TEMPLATE_ID:
                if (overShare(header, false))
                {
                    return Action.CONTINUE;
                }
                outcomeDecoder.wrap(buffer, bodyOffset, blockLength, version);
                return charged(header, listener.onOutcomeQuery(
                    outcomeDecoder.clientId(), imageSessionId, outcomeDecoder.correlationId()));

            case StatusQueryDecoder.TEMPLATE_ID:
                if (overShare(header, false))
                {
                    return Action.CONTINUE;
                }
                statusQueryDecoder.wrap(buffer, bodyOffset, blockLength, version);
                return charged(header, listener.onStatusQuery(statusQueryDecoder.clientId(), imageSessionId,
                    statusQueryDecoder.correlationId()));

            default:
                listener.onUnreadableIngress();
                return Action.CONTINUE;
        }
    }
}
