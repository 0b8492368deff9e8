package io.hedge.gateway;

import io.hedge.gateway.auth.Permission;
import io.hedge.gateway.auth.Principal;
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
    /**
     * The Aeron session id of the client's ingress publication that sent the connect: every later message of the
     * client id must come over that same publication, so that a process that merely knows the id cannot speak for it.
     */
    final int imageSessionId;
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
    /** What the principal may do: a mask of {@link Permission#bit()}s; every permission until one is set. */
    private int permissions = Permission.ALL;
    /** The authentication under way; null once the session is accepted (and in tests that build one directly). */
    Logon logon;
    /** Waits for its logon while an established session of the same client id serves on. */
    boolean contender;

    ClientSession(
        final long clientId,
        final String requestedChannel,
        final String responseChannel,
        final int responseStreamId,
        final ClientPublication.Pending pending,
        final long nowNs,
        final long connectDeadlineNs)
    {
        this(clientId, 0, requestedChannel, responseChannel, responseStreamId, pending, nowNs, connectDeadlineNs);
    }

    ClientSession(
        final long clientId,
        final int imageSessionId,
        final String requestedChannel,
        final String responseChannel,
        final int responseStreamId,
        final ClientPublication.Pending pending,
        final long nowNs,
        final long connectDeadlineNs)
    {
        this.clientId = clientId;
        this.imageSessionId = imageSessionId;
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
     * The session speaks for this principal from now on.
     */
    void principal(final Principal principal)
    {
        principalId(principal.id());
        permissions = principal.permissions();
    }

    boolean may(final Permission permission)
    {
        return 0 != (permissions & permission.bit());
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
     * @return true if the other session asked for responses on the same channel (as sent) and stream as this one.
     */
    boolean sameEndpoint(final ClientSession other)
    {
        return other.responseStreamId == responseStreamId &&
            java.util.Arrays.equals(other.requestedChannel, requestedChannel);
    }

    /**
     * @return true once the publication is added and connected: the client can be answered.
     */
    boolean isReachable()
    {
        return null != publication && publication.isConnected();
    }
}
