package io.hedge.chaos;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.hedge.codecs.fabric.ClientConnectEncoder;
import io.hedge.codecs.fabric.ClientConnectedDecoder;
import io.hedge.codecs.fabric.ClientRequestEncoder;
import io.hedge.codecs.fabric.ClientResponseDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client that speaks the wire protocol by hand, so a test can send what the SDK never would: a repeated
 * correlation id, an oversized payload, a message whose length field lies.
 */
final class RawClient implements AutoCloseable
{
    record Answer(long correlationId, long seq, io.hedge.codecs.fabric.ResponseStatus status, int replicaId, byte[] payload)
    {
    }

    final long clientId;
    final Subscription subscription;
    final ExclusivePublication publication;
    final List<Answer> answers = new ArrayList<>();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private boolean connected;

    RawClient(final Aeron aeron, final String ingressChannel, final long clientId)
    {
        this.clientId = clientId;
        subscription = aeron.addSubscription("aeron:udp?endpoint=localhost:0", 11);
        publication = aeron.addExclusivePublication(ingressChannel, 10);
        TestFabric.awaitTrue("response channel resolved", 10, () -> null != subscription.tryResolveChannelEndpointPort());
        TestFabric.awaitTrue("ingress connected", 10, publication::isConnected);
        final ClientConnectEncoder connect = new ClientConnectEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(clientId)
            .responseStreamId(11)
            .responseChannel(subscription.tryResolveChannelEndpointPort())
            .putCredentials(new byte[0], 0, 0);
        offer(buffer, MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
        TestFabric.awaitTrue("gateway accepted the connect", 20, () ->
        {
            subscription.poll(assembler, 10);
            return connected;
        });
    }

    void request(final long correlationId, final byte[] payload)
    {
        final ClientRequestEncoder encoder = new ClientRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientId(clientId)
            .correlationId(correlationId)
            .putPayload(payload, 0, payload.length);
        offer(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void offer(final DirectBuffer message, final int length)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (publication.offer(message, 0, length) < 0)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("ingress did not take a message in 5 s");
            }
            Thread.onSpinWait();
        }
    }

    Answer awaitAnswer(final long correlationId)
    {
        final Answer[] found = new Answer[1];
        TestFabric.awaitTrue("an answer to correlation id " + correlationId, 10, () ->
        {
            subscription.poll(assembler, 10);
            for (final Answer a : answers)
            {
                if (a.correlationId() == correlationId)
                {
                    found[0] = a;
                    answers.remove(a);
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /**
     * Poll for a while and return everything that came.
     */
    List<Answer> drain(final long millis)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - deadlineNs < 0)
        {
            subscription.poll(assembler, 10);
            Thread.onSpinWait();
        }
        final List<Answer> result = new ArrayList<>(answers);
        answers.clear();
        return result;
    }

    private void onFragment(final DirectBuffer b, final int offset, final int length, final io.aeron.logbuffer.Header h)
    {
        headerDecoder.wrap(b, offset);
        if (headerDecoder.templateId() == ClientConnectedDecoder.TEMPLATE_ID)
        {
            // a gateway not yet elected answers NOT_ACTIVE, then OK once it is
            connected |= new ClientConnectedDecoder().wrapAndApplyHeader(b, offset, headerDecoder).status() ==
                io.hedge.codecs.fabric.ConnectStatus.OK;
        }
        else if (headerDecoder.templateId() == ClientResponseDecoder.TEMPLATE_ID)
        {
            final ClientResponseDecoder d = new ClientResponseDecoder().wrapAndApplyHeader(b, offset, headerDecoder);
            final long correlationId = d.correlationId();
            final long seq = d.seq();
            final var status = d.status();
            final int replicaId = d.replicaId();
            final byte[] payload = new byte[d.payloadLength()];
            d.getPayload(new UnsafeBuffer(payload), 0, payload.length);
            answers.add(new Answer(correlationId, seq, status, replicaId, payload));
        }
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(publication, subscription);
    }
}
