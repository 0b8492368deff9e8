package io.hedge.client;

import io.aeron.Publication;
import io.hedge.codecs.fabric.ClientConnectDecoder;
import io.hedge.codecs.fabric.ClientQueryDecoder;
import io.hedge.codecs.fabric.ClientRequestDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.OutcomeQueryDecoder;
import io.hedge.codecs.fabric.StatusQueryDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The ingress of one gateway as a session's {@link IngressPublisher} sees it, without a media driver: it decodes
 * what is offered with the generated codecs and keeps it. A test can make it unreachable or push back.
 */
final class FakeIngress implements IngressPublication
{
    record Request(long clientId, long correlationId, String payload)
    {
    }

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ClientConnectDecoder connectDecoder = new ClientConnectDecoder();
    private final ClientRequestDecoder requestDecoder = new ClientRequestDecoder();
    private final OutcomeQueryDecoder outcomeQueryDecoder = new OutcomeQueryDecoder();
    private final StatusQueryDecoder statusQueryDecoder = new StatusQueryDecoder();
    private final ClientQueryDecoder queryDecoder = new ClientQueryDecoder();
    private final UnsafeBuffer joined = new UnsafeBuffer(new byte[64 * 1024]);

    final List<String> connects = new ArrayList<>();
    final List<Request> requests = new ArrayList<>();
    final List<Long> outcomeQueries = new ArrayList<>();
    final List<Long> statusQueries = new ArrayList<>();
    /** Read-only queries: "client/queryId min minSeq 'payload'". */
    final List<String> queries = new ArrayList<>();
    boolean connected = true;
    boolean backPressured;
    boolean closed;
    private long position;

    @Override
    public boolean isConnected()
    {
        return connected;
    }

    @Override
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!connected)
        {
            return Publication.NOT_CONNECTED;
        }
        if (backPressured)
        {
            return Publication.BACK_PRESSURED;
        }
        decode(buffer, offset);
        position += length;
        return position;
    }

    @Override
    public long offer(
        final DirectBuffer bufferOne,
        final int offsetOne,
        final int lengthOne,
        final DirectBuffer bufferTwo,
        final int offsetTwo,
        final int lengthTwo)
    {
        joined.putBytes(0, bufferOne, offsetOne, lengthOne);
        joined.putBytes(lengthOne, bufferTwo, offsetTwo, lengthTwo);
        return offer(joined, 0, lengthOne + lengthTwo);
    }

    private void decode(final DirectBuffer buffer, final int offset)
    {
        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case ClientConnectDecoder.TEMPLATE_ID:
                connectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                connects.add(connectDecoder.clientId() + "@" + connectDecoder.responseStreamId() + ":" +
                    connectDecoder.responseChannel());
                break;

            case ClientRequestDecoder.TEMPLATE_ID:
            {
                requestDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final long clientId = requestDecoder.clientId();
                final long correlationId = requestDecoder.correlationId();
                final byte[] payload = new byte[requestDecoder.payloadLength()];
                requestDecoder.getPayload(payload, 0, payload.length);
                requests.add(new Request(clientId, correlationId, new String(payload)));
                break;
            }

            case OutcomeQueryDecoder.TEMPLATE_ID:
                outcomeQueryDecoder.wrap(buffer, bodyOffset, blockLength, version);
                outcomeQueries.add(outcomeQueryDecoder.correlationId());
                break;

            case StatusQueryDecoder.TEMPLATE_ID:
                statusQueryDecoder.wrap(buffer, bodyOffset, blockLength, version);
                statusQueries.add(statusQueryDecoder.correlationId());
                break;

            case ClientQueryDecoder.TEMPLATE_ID:
            {
                queryDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final String head = queryDecoder.clientId() + "/" + queryDecoder.queryId() + " min " +
                    queryDecoder.minSeq();
                final byte[] payload = new byte[queryDecoder.payloadLength()];
                queryDecoder.getPayload(payload, 0, payload.length);
                queries.add(head + " '" + new String(payload) + "'");
                break;
            }

            default:
                throw new AssertionError("unexpected template " + headerDecoder.templateId());
        }
    }

    List<Long> requestIds()
    {
        return requests.stream().map(Request::correlationId).toList();
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
