package io.hedge.client;

import io.hedge.codecs.fabric.ChallengeResponseEncoder;
import io.hedge.codecs.fabric.ClientConnectEncoder;
import io.hedge.codecs.fabric.ClientQueryEncoder;
import io.hedge.codecs.fabric.ClientRequestEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.OutcomeQueryEncoder;
import io.hedge.codecs.fabric.StatusQueryEncoder;
import io.hedge.transport.ClientCredentials;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Encodes what a client sends one gateway (ClientConnect, ClientRequest, OutcomeQuery, StatusQuery) over the
 * publication to its ingress. The client's half of the gateway's IngressAdapter. Each send returns the publication's
 * result: a new position when sent, otherwise why not.
 */
final class IngressPublisher implements AutoCloseable
{
    private final IngressPublication publication;
    private final long clientId;
    private final byte[] credentials;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ClientRequestEncoder requestEncoder = new ClientRequestEncoder();
    private final OutcomeQueryEncoder outcomeQueryEncoder = new OutcomeQueryEncoder();
    private final StatusQueryEncoder statusQueryEncoder = new StatusQueryEncoder();
    private final ClientQueryEncoder queryEncoder = new ClientQueryEncoder();
    private final ChallengeResponseEncoder challengeResponseEncoder = new ChallengeResponseEncoder();
    private final UnsafeBuffer requestHeader = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer connectBuffer = new UnsafeBuffer(new byte[8192]);
    private int connectLength;

    IngressPublisher(final IngressPublication publication, final long clientId)
    {
        this(publication, clientId, ClientCredentials.NONE);
    }

    /**
     * @param credentials whose name every ClientConnect carries (empty for none).
     */
    IngressPublisher(final IngressPublication publication, final long clientId, final ClientCredentials credentials)
    {
        this.publication = publication;
        this.clientId = clientId;
        this.credentials = credentials.name();
    }

    boolean isConnected()
    {
        return publication.isConnected();
    }

    /**
     * Encode the ClientConnect once, for every {@link #sendConnect()} after it.
     *
     * @param responseChannel the client's response channel with the port the media driver picked.
     */
    void encodeConnect(final int responseStreamId, final String responseChannel)
    {
        final ClientConnectEncoder encoder = new ClientConnectEncoder()
            .wrapAndApplyHeader(connectBuffer, 0, headerEncoder)
            .clientId(clientId)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel)
            .putCredentials(credentials, 0, credentials.length);
        connectLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    long sendConnect()
    {
        return publication.offer(connectBuffer, 0, connectLength);
    }

    /**
     * A request, its payload offered as it lies in the buffer (no copy before the publication's).
     */
    long sendRequest(final long correlationId, final DirectBuffer payload, final int offset, final int length)
    {
        requestEncoder.wrapAndApplyHeader(requestHeader, 0, headerEncoder)
            .clientId(clientId)
            .correlationId(correlationId);
        final int lengthOffset = requestEncoder.limit();
        requestHeader.putInt(lengthOffset, length, ByteOrder.LITTLE_ENDIAN);
        return publication.offer(requestHeader, 0, lengthOffset + Integer.BYTES, payload, offset, length);
    }

    /**
     * A read-only query, its payload offered as it lies in the buffer.
     */
    long sendQuery(final long queryId, final long minSeq, final DirectBuffer payload, final int offset, final int length)
    {
        queryEncoder.wrapAndApplyHeader(requestHeader, 0, headerEncoder)
            .clientId(clientId)
            .queryId(queryId)
            .minSeq(minSeq);
        final int lengthOffset = queryEncoder.limit();
        requestHeader.putInt(lengthOffset, length, ByteOrder.LITTLE_ENDIAN);
        return publication.offer(requestHeader, 0, lengthOffset + Integer.BYTES, payload, offset, length);
    }

    /**
     * The answer to this gateway's ConnectChallenge.
     */
    long sendChallengeResponse(final byte[] response)
    {
        challengeResponseEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .clientId(clientId)
            .putResponse(response, 0, response.length);
        return publication.offer(
            controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + challengeResponseEncoder.encodedLength());
    }

    long sendOutcomeQuery(final long correlationId)
    {
        outcomeQueryEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .clientId(clientId)
            .correlationId(correlationId);
        return publication.offer(
            controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + outcomeQueryEncoder.encodedLength());
    }

    long sendStatusQuery(final long queryId)
    {
        statusQueryEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .clientId(clientId)
            .correlationId(queryId);
        return publication.offer(
            controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + statusQueryEncoder.encodedLength());
    }

    @Override
    public void close()
    {
        publication.close();
    }
}
