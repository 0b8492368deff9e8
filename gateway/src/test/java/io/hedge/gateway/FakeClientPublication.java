package io.hedge.gateway;

import io.aeron.Publication;
import io.hedge.codecs.fabric.ClientConnectedDecoder;
import io.hedge.codecs.fabric.ClientResponseDecoder;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.QueryAnswerDecoder;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's response publication without a media driver: it decodes what the gateway offers and keeps it, and it is
 * connected when the test says. Its {@link #opener()} hands out publications the test completes when it wants, as the
 * media driver completes an asynchronous add.
 */
final class FakeClientPublication implements ClientPublication
{
    record Connected(long clientId, ConnectStatus status, long epoch, long lastCorrelationId, String detail)
    {
    }

    record Answer(long correlationId, ResponseStatus status)
    {
    }

    /** A SessionMessage, its payload as text. */
    record Message(long epoch, long seq, long clientId, int index, String payload)
    {
    }

    /** One asynchronous add, completed (or failed) by the test. */
    static final class Pending implements ClientPublication.Pending
    {
        final String channel;
        final int streamId;
        final FakeClientPublication publication = new FakeClientPublication();
        boolean added;
        RuntimeException failure;
        boolean cancelled;
        int polls;

        Pending(final String channel, final int streamId)
        {
            this.channel = channel;
            this.streamId = streamId;
        }

        @Override
        public ClientPublication poll()
        {
            polls++;
            if (null != failure)
            {
                throw failure;
            }
            return added ? publication : null;
        }

        @Override
        public void cancel()
        {
            cancelled = true;
        }

        /** The driver added it, and the client's subscription is there. */
        Pending add()
        {
            added = true;
            publication.connected = true;
            return this;
        }
    }

    /** Every add asked for, in order. */
    static final class Opener implements ClientPublication.Opener
    {
        final List<Pending> opened = new ArrayList<>();

        @Override
        public ClientPublication.Pending open(final String channel, final int streamId)
        {
            final Pending pending = new Pending(channel, streamId);
            opened.add(pending);
            return pending;
        }

        Pending last()
        {
            return opened.get(opened.size() - 1);
        }
    }

    final List<Connected> told = new ArrayList<>();
    final List<Answer> answers = new ArrayList<>();
    /** Query answers: "queryId STATUS rN applied S, L bytes". */
    final List<String> queryAnswers = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    /** ConnectChallenges: the challenge bytes of each. */
    final List<byte[]> challenges = new ArrayList<>();
    private final io.hedge.codecs.fabric.ConnectChallengeDecoder challengeDecoder =
        new io.hedge.codecs.fabric.ConnectChallengeDecoder();
    private final io.hedge.codecs.fabric.SessionMessageDecoder messageDecoder =
        new io.hedge.codecs.fabric.SessionMessageDecoder();
    boolean connected;
    boolean closed;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ClientConnectedDecoder connectedDecoder = new ClientConnectedDecoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();
    private final QueryAnswerDecoder queryAnswerDecoder = new QueryAnswerDecoder();

    @Override
    public boolean isConnected()
    {
        return connected && !closed;
    }

    @Override
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!isConnected())
        {
            return Publication.NOT_CONNECTED;
        }
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.templateId() == ClientConnectedDecoder.TEMPLATE_ID)
        {
            connectedDecoder.wrap(buffer, body, header.blockLength(), header.version());
            told.add(new Connected(connectedDecoder.clientId(), connectedDecoder.status(), connectedDecoder.epoch(),
                connectedDecoder.lastCorrelationId(), connectedDecoder.detail()));
        }
        else if (header.templateId() == io.hedge.codecs.fabric.ConnectChallengeDecoder.TEMPLATE_ID)
        {
            challengeDecoder.wrap(buffer, body, header.blockLength(), header.version());
            final byte[] challenge = new byte[challengeDecoder.challengeLength()];
            challengeDecoder.getChallenge(challenge, 0, challenge.length);
            challenges.add(challenge);
        }
        else if (header.templateId() == ClientResponseDecoder.TEMPLATE_ID)
        {
            responseDecoder.wrap(buffer, body, header.blockLength(), header.version());
            answers.add(new Answer(responseDecoder.correlationId(), responseDecoder.status()));
        }
        else if (header.templateId() == QueryAnswerDecoder.TEMPLATE_ID)
        {
            queryAnswerDecoder.wrap(buffer, body, header.blockLength(), header.version());
            queryAnswers.add(queryAnswerDecoder.queryId() + " " + queryAnswerDecoder.status() + " r" +
                queryAnswerDecoder.replicaId() + " applied " + queryAnswerDecoder.appliedSeq() + ", " +
                queryAnswerDecoder.payloadLength() + " bytes");
        }
        else if (header.templateId() == io.hedge.codecs.fabric.SessionMessageDecoder.TEMPLATE_ID)
        {
            messages.add(decodeMessage(messageDecoder, buffer, body, header.blockLength(), header.version()));
        }
        return 1;
    }

    static Message decodeMessage(final io.hedge.codecs.fabric.SessionMessageDecoder decoder, final DirectBuffer buffer,
        final int body, final int blockLength, final int version)
    {
        decoder.wrap(buffer, body, blockLength, version);
        final long epoch = decoder.epoch();
        final long seq = decoder.seq();
        final long clientId = decoder.clientId();
        final int index = decoder.index();
        final byte[] bytes = new byte[decoder.payloadLength()];
        decoder.getPayload(bytes, 0, bytes.length);
        return new Message(epoch, seq, clientId, index, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
