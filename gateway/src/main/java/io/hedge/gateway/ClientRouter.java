package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Consumer;

/**
 * Hears client ingress: connects open sessions, and each message of a connected client goes to the {@link ClientDesk}
 * of the gateway's current phase, which the agent sets at every change of state. Messages of unknown clients and
 * malformed requests are answered here, the same in every phase.
 */
final class ClientRouter implements IngressListener, ClientSessions.ConnectedNotifier, AutoCloseable
{
    private final ClientSessions sessions;
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private final NanoClock nanoClock;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
    private final Consumer<ClientSession> announcer = this::onEstablished;
    private ClientDesk desk;

    ClientRouter(final ClientSessions sessions, final EgressPublisher egress, final GatewayCounters counters,
        final NanoClock nanoClock, final ClientDesk desk)
    {
        this.sessions = sessions;
        this.egress = egress;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.desk = desk;
    }

    /**
     * From now on clients are answered by this desk.
     */
    void desk(final ClientDesk desk)
    {
        this.desk = desk;
    }

    /**
     * Tell every connected client what the desk says of this gateway now (it began or ended a term).
     */
    void announce()
    {
        sessions.forEachEstablished(announcer);
    }

    int poll(final long nowNs)
    {
        return sessions.poll(nowNs, this);
    }

    @Override
    public boolean onEstablished(final ClientSession session)
    {
        return desk.onEstablished(session);
    }

    @Override
    public Action onRequest(
        final long clientId, final long correlationId, final DirectBuffer payload, final int offset, final int length)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            counters.onUnknownClient();
            return Action.CONTINUE;
        }
        return desk.onRequest(session, clientId, correlationId, payload, offset, length);
    }

    @Override
    public void onOutcomeQuery(final long clientId, final long correlationId)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            counters.onUnknownClient();
            return;
        }
        desk.onOutcomeQuery(session, clientId, correlationId);
    }

    @Override
    public void onStatusQuery(final long clientId, final long correlationId)
    {
        final ClientSession session = sessions.established(clientId);
        if (null != session)
        {
            desk.onStatusQuery(session, correlationId, nanoClock.nanoTime());
        }
    }

    @Override
    public void onMalformedRequest(final long clientId, final long correlationId)
    {
        counters.onRejected();
        final ClientSession session = sessions.established(clientId);
        if (null != session)
        {
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.REJECTED_MALFORMED, 0, empty, 0, 0);
        }
    }

    @Override
    public void onConnect(final long clientId, final String responseChannel, final int responseStreamId)
    {
        sessions.onConnect(clientId, responseChannel, responseStreamId, nanoClock.nanoTime());
    }

    @Override
    public void onUnreadableIngress()
    {
        counters.onUnreadable();
    }

    @Override
    public void close()
    {
        sessions.close();
    }
}
