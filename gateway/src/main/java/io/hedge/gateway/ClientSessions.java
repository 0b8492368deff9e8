package io.hedge.gateway;

import io.aeron.ExclusivePublication;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The clients this gateway answers, by client id. A connect opens a publication to the client's response
 * channel; the session is established, and the client told so, once that publication is connected.
 * A client that connects again (after a restart or from a new address) replaces its old session.
 */
final class ClientSessions implements AutoCloseable
{
    /** Tells a client its session is open. */
    interface ConnectedNotifier
    {
        boolean onEstablished(ClientSession session);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClientSessions.class);

    /** Opens the publication to a client's response channel: Aeron's {@code addExclusivePublication}. */
    @FunctionalInterface
    interface PublicationOpener
    {
        ExclusivePublication open(String channel, int streamId);
    }

    private final PublicationOpener opener;
    private final long connectTimeoutNs;
    private final Long2ObjectHashMap<ClientSession> sessions = new Long2ObjectHashMap<>();
    private final List<ClientSession> pending = new ArrayList<>();

    ClientSessions(final PublicationOpener opener, final long connectTimeoutNs)
    {
        this.opener = opener;
        this.connectTimeoutNs = connectTimeoutNs;
    }

    void onConnect(final long clientId, final String responseChannel, final int responseStreamId, final long nowNs)
    {
        final ClientSession existing = sessions.get(clientId);
        if (null != existing && existing.sameEndpoint(responseChannel, responseStreamId))
        {
            // a repeated connect (a client probing for the active gateway): answer it again, and keep taking its
            // requests meanwhile; dropping them would leave a hole the client's later ids run past
            if (!pending.contains(existing))
            {
                pending.add(existing);
            }
            return;
        }
        if (null != existing)
        {
            remove(existing);
        }

        final ExclusivePublication publication;
        try
        {
            publication = opener.open(responseChannel, responseStreamId);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("client {} asked for responses on '{}' stream {}, which cannot be opened: {}",
                clientId, responseChannel, responseStreamId, ex.getMessage());
            return;
        }
        final ClientSession session = new ClientSession(
            clientId, responseChannel, responseStreamId, publication, nowNs + connectTimeoutNs);
        sessions.put(clientId, session);
        pending.add(session);
    }

    /**
     * Establish the sessions whose publications are connected; give up on those past their deadline.
     *
     * @return the work done.
     */
    int poll(final long nowNs, final ConnectedNotifier notifier)
    {
        if (pending.isEmpty())
        {
            return 0;
        }
        int work = 0;
        for (int i = pending.size() - 1; i >= 0; i--)
        {
            final ClientSession session = pending.get(i);
            if (session.publication.isConnected() && notifier.onEstablished(session))
            {
                session.established = true;
                pending.remove(i);
                work++;
            }
            else if (nowNs - session.connectDeadlineNs > 0)
            {
                LOG.warn("client {} did not become reachable on '{}' stream {}; session dropped",
                    session.clientId, session.responseChannel, session.responseStreamId);
                pending.remove(i);
                remove(session);
                work++;
            }
        }
        return work;
    }

    /**
     * @return the established session of this client, or null.
     */
    ClientSession established(final long clientId)
    {
        final ClientSession session = sessions.get(clientId);
        return null != session && session.established ? session : null;
    }

    void forEachEstablished(final java.util.function.Consumer<ClientSession> consumer)
    {
        sessions.values().forEach(s ->
        {
            if (s.established)
            {
                consumer.accept(s);
            }
        });
    }

    int size()
    {
        return sessions.size();
    }

    private void remove(final ClientSession session)
    {
        sessions.remove(session.clientId);
        pending.remove(session);
        CloseHelper.quietClose(session.publication);
    }

    @Override
    public void close()
    {
        sessions.values().forEach(s -> CloseHelper.quietClose(s.publication));
        sessions.clear();
        pending.clear();
    }
}
