package io.hedge.gateway;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One client a gateway knows: where its responses go, and when it was last heard from. A session waits until the
 * media driver has added its response publication (asynchronously) and that publication is connected; only then is it
 * established and told ClientConnected. Messages of a session not yet established are held on its ingress image.
 */
final class ClientSession
{
    final long clientId;
    /** The channel the gateway opened, checked: the endpoint the client asked for and nothing else. */
    final String responseChannel;
    final int responseStreamId;
    /** The channel as the client sent it: a repeated connect (a keep-alive) is recognised without decoding it. */
    private final byte[] requestedChannel;

    ClientPublication.Pending pending;
    ClientPublication publication;
    long connectDeadlineNs;
    long lastActivityNs;
    boolean established;
    /** A ClientConnected is due (the session is new, it connected again, or the gateway changed phase). */
    boolean answerDue;
    /** In {@link ClientSessions}' list of sessions with work to do. */
    boolean queued;
    /**
     * The authenticated principal's compact id (0: anonymous, the {@code none} authenticator), set once the session
     * is established; every request of the session is sequenced with it.
     */
    private int principalId;

    ClientSession(
        final long clientId,
        final String requestedChannel,
        final String responseChannel,
        final int responseStreamId,
        final ClientPublication.Pending pending,
        final long nowNs,
        final long connectDeadlineNs)
    {
        this.clientId = clientId;
        this.requestedChannel = requestedChannel.getBytes(StandardCharsets.UTF_8);
        this.responseChannel = responseChannel;
        this.responseStreamId = responseStreamId;
        this.pending = pending;
        this.lastActivityNs = nowNs;
        this.connectDeadlineNs = connectDeadlineNs;
        this.answerDue = true;
    }

    /**
     * A session over a publication already open, established: for tests that hand a desk a session directly.
     */
    ClientSession(
        final long clientId,
        final String responseChannel,
        final int responseStreamId,
        final ClientPublication publication,
        final long connectDeadlineNs)
    {
        this(clientId, responseChannel, responseChannel, responseStreamId, null, 0, connectDeadlineNs);
        this.publication = publication;
        this.established = true;
        this.answerDue = false;
    }

    int principalId()
    {
        return principalId;
    }

    void principalId(final int principalId)
    {
        this.principalId = principalId;
    }

    /**
     * @return true if a connect names the same response channel (as sent, UTF-8) and stream as this session's.
     */
    boolean sameEndpoint(final DirectBuffer buffer, final int offset, final int length, final int streamId)
    {
        if (streamId != responseStreamId || length != requestedChannel.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != requestedChannel[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true once the publication is added and connected: the client can be answered.
     */
    boolean isReachable()
    {
        return null != publication && publication.isConnected();
    }
}
