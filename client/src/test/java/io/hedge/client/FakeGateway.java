package io.hedge.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.fabric.ClientConnectDecoder;
import io.hedge.codecs.fabric.ClientConnectedEncoder;
import io.hedge.codecs.fabric.ClientRequestDecoder;
import io.hedge.codecs.fabric.ClientResponseEncoder;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.OutcomeQueryDecoder;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a gateway, made of real Aeron: it subscribes to its ingress channel, decodes what a client sends
 * with the generated codecs, records it, and answers as the test tells it to on the client's response channel.
 * Polled by the {@link FakeFabric}'s thread; every method is synchronized so that the test thread can use it too.
 */
final class FakeGateway implements AutoCloseable
{
    static final int INGRESS_STREAM_ID = HedgeClientContext.DEFAULT_INGRESS_STREAM_ID;

    record Request(long clientId, long correlationId, byte[] payload)
    {
    }

    final int gatewayId;
    final String ingressChannel;
    private final Aeron aeron;
    private final Subscription ingress;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ClientConnectDecoder connectDecoder = new ClientConnectDecoder();
    private final ClientRequestDecoder requestDecoder = new ClientRequestDecoder();
    private final OutcomeQueryDecoder outcomeQueryDecoder = new OutcomeQueryDecoder();
    private final ClientConnectedEncoder connectedEncoder = new ClientConnectedEncoder();
    private final ClientResponseEncoder responseEncoder = new ClientResponseEncoder();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(4096);

    private ExclusivePublication egress;
    private String egressChannel;
    private int egressStreamId;
    private long clientId;

    private ConnectStatus connectAnswer;
    private long epoch;
    private int activeHint;
    private long lastCorrelationId;
    private String rejectDetail = "";
    private boolean connectAnswerDue;
    private boolean answerRequests;
    private long nextSeq = 1;
    private final Map<Long, byte[]> answered = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<Long> outcomeQueries = new ArrayList<>();
    private final List<Long> connectTimesNs = new ArrayList<>();

    FakeGateway(final Aeron aeron, final int gatewayId, final int port)
    {
        this.aeron = aeron;
        this.gatewayId = gatewayId;
        this.ingressChannel = "aeron:udp?endpoint=localhost:" + port;
        this.ingress = aeron.addSubscription(ingressChannel, INGRESS_STREAM_ID);
    }

    /**
     * Answer every ClientConnect from now on with this status (OK is also what it uses for its responses' epoch).
     */
    synchronized FakeGateway answerConnect(final ConnectStatus status, final long epoch, final int activeHint)
    {
        this.connectAnswer = status;
        this.epoch = epoch;
        this.activeHint = activeHint;
        return this;
    }

    synchronized FakeGateway rejectConnect(final String detail)
    {
        this.connectAnswer = ConnectStatus.REJECTED;
        this.rejectDetail = detail;
        return this;
    }

    /**
     * Tell the client that connected last that another session of its client id replaced it.
     */
    synchronized void supersede(final String detail)
    {
        this.rejectDetail = detail;
        sendConnected(ConnectStatus.SUPERSEDED, epoch, 0, 0);
    }

    /** Answer no ClientConnect from now on. */
    synchronized FakeGateway ignoreConnect()
    {
        this.connectAnswer = null;
        return this;
    }

    synchronized FakeGateway lastCorrelationId(final long lastCorrelationId)
    {
        this.lastCorrelationId = lastCorrelationId;
        return this;
    }

    /**
     * @param answer true: answer each request at once with {@link #answerPayload}, a duplicate from its cache.
     */
    synchronized FakeGateway answerRequests(final boolean answer)
    {
        this.answerRequests = answer;
        return this;
    }

    synchronized long epoch()
    {
        return epoch;
    }

    static byte[] answerPayload(final int gatewayId, final byte[] request)
    {
        return ("gw" + gatewayId + ":" + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    synchronized int poll()
    {
        int work = ingress.poll(assembler, 16);
        if (connectAnswerDue && null != connectAnswer && null != egress && egress.isConnected())
        {
            connectAnswerDue = false;
            sendConnected(connectAnswer, epoch, activeHint, lastCorrelationId);
            work++;
        }
        return work;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (headerDecoder.templateId())
        {
            case ClientConnectDecoder.TEMPLATE_ID:
            {
                connectDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
                clientId = connectDecoder.clientId();
                final int streamId = connectDecoder.responseStreamId();
                final String channel = connectDecoder.responseChannel();
                connectTimesNs.add(System.nanoTime());
                if (null == egress || streamId != egressStreamId || !channel.equals(egressChannel))
                {
                    CloseHelper.quietClose(egress);
                    egress = aeron.addExclusivePublication(channel, streamId);
                    egressChannel = channel;
                    egressStreamId = streamId;
                }
                connectAnswerDue = true;
                break;
            }

            case ClientRequestDecoder.TEMPLATE_ID:
            {
                requestDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
                final long requestClientId = requestDecoder.clientId();
                final long correlationId = requestDecoder.correlationId();
                final byte[] payload = new byte[requestDecoder.payloadLength()];
                requestDecoder.getPayload(payload, 0, payload.length);
                requests.add(new Request(requestClientId, correlationId, payload));
                if (answerRequests)
                {
                    final byte[] cached = answered.get(correlationId);
                    final byte[] answer = null != cached ? cached : answerPayload(gatewayId, payload);
                    answered.put(correlationId, answer);
                    sendResponse(correlationId, nextSeq++, ResponseStatus.OK, epoch, answer);
                }
                break;
            }

            case OutcomeQueryDecoder.TEMPLATE_ID:
                outcomeQueryDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
                outcomeQueries.add(outcomeQueryDecoder.correlationId());
                break;

            default:
                break;
        }
    }

    /**
     * Send a ClientConnected to the client that connected last, asked for or not.
     */
    synchronized void sendConnected(
        final ConnectStatus status, final long epoch, final int activeGatewayId, final long lastCorrelationId)
    {
        connectedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .clientId(clientId)
            .epoch(epoch)
            .lastCorrelationId(lastCorrelationId)
            .gatewayId(gatewayId)
            .status(status)
            .maxPayloadLength(4096)
            .activeGatewayId(activeGatewayId)
            .detail(status == ConnectStatus.REJECTED || status == ConnectStatus.SUPERSEDED ? rejectDetail : "");
        offer(MessageHeaderEncoder.ENCODED_LENGTH + connectedEncoder.encodedLength());
    }

    synchronized void sendResponse(
        final long correlationId, final long seq, final ResponseStatus status, final long epoch, final byte[] payload)
    {
        responseEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .correlationId(correlationId)
            .seq(seq)
            .status(status)
            .replicaId(1)
            .epoch(epoch)
            .putPayload(payload, 0, payload.length);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + responseEncoder.encodedLength());
    }

    private void offer(final int length)
    {
        if (null == egress)
        {
            throw new AssertionError("gateway " + gatewayId + " has no client to answer: no ClientConnect came");
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (egress.offer(out, 0, length) < 0)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("gateway " + gatewayId + " could not send to the client within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    synchronized List<Request> requests()
    {
        return List.copyOf(requests);
    }

    synchronized List<Long> requestIds()
    {
        return requests.stream().map(Request::correlationId).toList();
    }

    synchronized long requestsFor(final long correlationId)
    {
        return requests.stream().filter(r -> r.correlationId() == correlationId).count();
    }

    synchronized List<Long> outcomeQueries()
    {
        return List.copyOf(outcomeQueries);
    }

    synchronized int connects()
    {
        return connectTimesNs.size();
    }

    synchronized List<Long> connectTimesNs()
    {
        return List.copyOf(connectTimesNs);
    }

    @Override
    public synchronized void close()
    {
        CloseHelper.quietCloseAll(egress, ingress);
    }
}
