package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.gateway.auth.Permission;
import io.hedge.transport.SecurityCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Hears client ingress: connects open sessions, and each message of a connected client goes to the {@link ClientDesk}
 * of the gateway's current phase, which the agent sets at every change of state. Messages of unknown clients and
 * malformed requests are answered here, the same in every phase. A message of a client whose session is not yet
 * established (its response publication is still being added, or not yet connected) is held on its ingress image
 * (ABORT) and taken once the session is established, so that nothing it sent before is lost.
 * <p>
 * A client id speaks only over the ingress publication its session logged on with, and only for what its principal
 * may do: a message from another publication, or one its principal lacks the permission for, is counted
 * ({@link SecurityCounters#requestsUnauthorized()}) and refused, never sequenced, never logged one by one. A request
 * or outcome query without {@link Permission#SUBMIT} is answered UNAUTHORIZED; a read-only query without
 * {@link Permission#QUERY} NOT_SUPPORTED (QueryAnswer has no refusal closer); a status query without
 * {@link Permission#STATUS} is not answered (FabricStatus has no refusal at all), so the client's query times out.
 */
final class ClientRouter implements IngressListener, ClientSessions.ConnectedNotifier, AutoCloseable
{
    private final ClientSessions sessions;
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private final NanoClock nanoClock;
    private final int gatewayId;
    private final SecurityCounters securityCounters;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
    private ClientDesk desk;
    /** The time of the current duty cycle: when a client was last heard from need not be more precise. */
    private long cycleNs;
    private long heldMessages;

    ClientRouter(final ClientSessions sessions, final EgressPublisher egress, final GatewayCounters counters,
        final NanoClock nanoClock, final ClientDesk desk, final int gatewayId)
    {
        this(sessions, egress, counters, nanoClock, desk, gatewayId, SecurityCounters.inMemory("gateway " + gatewayId));
    }

    ClientRouter(final ClientSessions sessions, final EgressPublisher egress, final GatewayCounters counters,
        final NanoClock nanoClock, final ClientDesk desk, final int gatewayId, final SecurityCounters securityCounters)
    {
        this.securityCounters = securityCounters;
        this.sessions = sessions;
        this.egress = egress;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.desk = desk;
        this.gatewayId = gatewayId;
        this.cycleNs = nanoClock.nanoTime();
    }

    /**
     * From now on clients are answered by this desk.
     */
    void desk(final ClientDesk desk)
    {
        this.desk = desk;
    }

    /**
     * Tell every connected client what the desk says of this gateway now (it began or ended a term); what cannot be
     * sent at once is sent by a later {@link #poll}.
     */
    void announce()
    {
        sessions.announceAll(nanoClock.nanoTime());
    }

    int poll(final long nowNs)
    {
        cycleNs = nowNs;
        return sessions.poll(nowNs, this);
    }

    @Override
    public boolean onEstablished(final ClientSession session)
    {
        return desk.onEstablished(session);
    }

    @Override
    public boolean onChallenge(final ClientSession session, final byte[] challenge)
    {
        return egress.sendChallenge(session.publication, session.clientId, gatewayId, challenge);
    }

    @Override
    public boolean onEnd(
        final ClientPublication publication, final long clientId, final ConnectStatus status, final String detail)
    {
        return egress.sendEnd(publication, clientId, gatewayId, status, detail);
    }

    @Override
    public Action onRequest(final long clientId, final int imageSessionId, final long correlationId,
        final DirectBuffer payload, final int offset, final int length)
    {
        final ClientSession session = sessions.session(clientId);
        final Action refused = refusal(session, imageSessionId);
        if (null != refused)
        {
            return refused;
        }
        if (!session.may(Permission.SUBMIT))
        {
            securityCounters.requestsUnauthorized().increment();
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.UNAUTHORIZED, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        return desk.onRequest(session, clientId, correlationId, payload, offset, length);
    }

    @Override
    public Action onOutcomeQuery(final long clientId, final int imageSessionId, final long correlationId)
    {
        final ClientSession session = sessions.session(clientId);
        final Action refused = refusal(session, imageSessionId);
        if (null != refused)
        {
            return refused;
        }
        if (!session.may(Permission.SUBMIT))
        {
            securityCounters.requestsUnauthorized().increment();
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.UNAUTHORIZED, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        desk.onOutcomeQuery(session, clientId, correlationId);
        return Action.CONTINUE;
    }

    @Override
    public Action onStatusQuery(final long clientId, final int imageSessionId, final long correlationId)
    {
        final ClientSession session = sessions.session(clientId);
        final Action refused = refusal(session, imageSessionId);
        if (null != refused)
        {
            return refused;
        }
        if (!session.may(Permission.STATUS))
        {
            securityCounters.requestsUnauthorized().increment();
            return Action.CONTINUE; // FabricStatus has no refusal: the client's status query times out
        }
        desk.onStatusQuery(session, correlationId, nanoClock.nanoTime());
        return Action.CONTINUE;
    }

    @Override
    public Action onQuery(final long clientId, final int imageSessionId, final long queryId, final long minSeq,
        final DirectBuffer payload, final int offset, final int length)
    {
        final ClientSession session = sessions.session(clientId);
        final Action refused = refusal(session, imageSessionId);
        if (null != refused)
        {
            return refused;
        }
        if (!session.may(Permission.QUERY))
        {
            securityCounters.requestsUnauthorized().increment();
            egress.sendQueryAnswer(session.publication, queryId, 0, QueryStatus.NOT_SUPPORTED, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        desk.onQuery(session, clientId, queryId, minSeq, payload, offset, length, cycleNs);
        return Action.CONTINUE;
    }

    /**
     * What every client message meets first: an unknown client is counted and the message dropped, and so is one
     * that comes over another ingress publication than the session's (someone else using the client id); one whose
     * session is not established yet waits on its image (ABORT); otherwise the session is touched and served.
     *
     * @return the action to take instead of serving the message, or null to serve it.
     */
    private Action refusal(final ClientSession session, final int imageSessionId)
    {
        if (null == session)
        {
            counters.onUnknownClient();
            return Action.CONTINUE;
        }
        if (session.imageSessionId != imageSessionId)
        {
            securityCounters.requestsUnauthorized().increment();
            return Action.CONTINUE;
        }
        if (!session.established)
        {
            heldMessages++;
            return Action.ABORT;
        }
        sessions.touch(session, cycleNs);
        return null;
    }

    @Override
    public void onMalformedRequest(final long clientId, final int imageSessionId, final long correlationId)
    {
        counters.onRejected(ResponseStatus.REJECTED_MALFORMED);
        final ClientSession session = sessions.established(clientId);
        if (null != session && session.imageSessionId == imageSessionId)
        {
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.REJECTED_MALFORMED, 0, empty, 0, 0);
        }
    }

    @Override
    public void onConnect(
        final long clientId,
        final int imageSessionId,
        final DirectBuffer buffer,
        final int channelOffset,
        final int channelLength,
        final int responseStreamId,
        final int credentialsOffset,
        final int credentialsLength)
    {
        sessions.onConnect(clientId, imageSessionId, buffer, channelOffset, channelLength, responseStreamId,
            credentialsOffset, credentialsLength, nanoClock.nanoTime());
    }

    @Override
    public void onChallengeResponse(
        final long clientId, final int imageSessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        sessions.onChallengeResponse(clientId, imageSessionId, buffer, offset, length, nanoClock.nanoTime());
    }

    @Override
    public void onUnreadableIngress()
    {
        counters.onUnreadable();
    }

    /**
     * @return deliveries of a message held because its client's session was not yet established.
     */
    long heldMessages()
    {
        return heldMessages;
    }

    ClientSessions sessions()
    {
        return sessions;
    }

    @Override
    public void close()
    {
        sessions.close();
    }
}
