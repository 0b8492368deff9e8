package io.hedge.gateway.ops;

import io.aeron.Publication;
import io.hedge.gateway.Logon;
import io.hedge.gateway.auth.Permission;
import io.hedge.gateway.auth.Principal;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * One tool's ops session at this gateway: its publication (stream 42 on the channel it named), how far its logon got,
 * what it may do, and the one message waiting for its publication to connect (the challenge, OpsConnected, or an
 * answer the publication did not take at once). Used on the ops agent's thread only.
 */
final class OpsSession
{
    enum State
    {
        /** Waiting for the authenticator, or for the answer to its challenge. */
        AUTHENTICATING,
        OPEN,
        /** Refused: its last message goes out, then it is closed. */
        CLOSING
    }

    private final long opsClientId;
    private final Publication publication;
    private final Logon logon;
    private final boolean subscribeAsked;
    private final long openedMs;
    private final ExpandableArrayBuffer pending = new ExpandableArrayBuffer(256);
    private int pendingLength;
    private State state = State.AUTHENTICATING;
    private boolean subscribed;
    private long lastHeardMs;

    OpsSession(final long opsClientId, final Publication publication, final Logon logon, final boolean subscribeAsked,
        final long nowMs)
    {
        this.opsClientId = opsClientId;
        this.publication = publication;
        this.logon = logon;
        this.subscribeAsked = subscribeAsked;
        this.openedMs = nowMs;
        this.lastHeardMs = nowMs;
    }

    long opsClientId()
    {
        return opsClientId;
    }

    Logon logon()
    {
        return logon;
    }

    State state()
    {
        return state;
    }

    void state(final State state)
    {
        this.state = state;
    }

    boolean subscribeAsked()
    {
        return subscribeAsked;
    }

    boolean subscribed()
    {
        return subscribed && state == State.OPEN;
    }

    void subscribed(final boolean subscribed)
    {
        this.subscribed = subscribed;
    }

    boolean may(final Permission permission)
    {
        final Principal principal = logon.principal();
        return state == State.OPEN && null != principal && principal.may(permission);
    }

    int permissions()
    {
        final Principal principal = logon.principal();
        return null == principal ? 0 : principal.permissions();
    }

    long openedMs()
    {
        return openedMs;
    }

    long lastHeardMs()
    {
        return lastHeardMs;
    }

    void heard(final long nowMs)
    {
        lastHeardMs = nowMs;
    }

    /**
     * Send a message now, or keep it to send once the publication takes it (one waits at most).
     *
     * @return false when it could not be sent and another already waits: it is dropped.
     */
    boolean send(final DirectBuffer buffer, final int offset, final int length)
    {
        if (0 == pendingLength && publication.offer(buffer, offset, length) > 0)
        {
            return true;
        }
        if (0 != pendingLength)
        {
            return false;
        }
        pending.putBytes(0, buffer, offset, length);
        pendingLength = length;
        return true;
    }

    /**
     * Send a message only if the publication takes it now (the relay: the next one is a second away).
     */
    boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return 0 == pendingLength && publication.offer(buffer, offset, length) > 0;
    }

    /**
     * @return true if the waiting message went out now.
     */
    boolean flush()
    {
        if (0 != pendingLength && publication.offer(pending, 0, pendingLength) > 0)
        {
            pendingLength = 0;
            return true;
        }
        return false;
    }

    /**
     * @return whether the tool receives what this session sends (its publication has a connected subscriber).
     */
    boolean isConnected()
    {
        return publication.isConnected();
    }

    boolean hasPending()
    {
        return 0 != pendingLength;
    }

    void close()
    {
        CloseHelper.quietClose(publication);
    }
}
