package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.QueryStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The answer of a gateway that does not lead (a standby, a candidate, one that stepped down) to every client
 * message: not active, and the gateway it knows to lead, so that the client moves there.
 */
final class NotLeadingDesk implements ClientDesk
{
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private final int gatewayId;
    private final long epochToTell;
    private final int leaderIdToTell;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);

    /**
     * @param epochToTell    the epoch of the gateway known to lead (after a step-down: the epoch that unseated this
     *                       one), never a failed candidacy's: a client raises its fence to what it is told.
     * @param leaderIdToTell the gateway known to lead, 0 when none is.
     */
    NotLeadingDesk(final EgressPublisher egress, final GatewayCounters counters, final int gatewayId,
        final long epochToTell, final int leaderIdToTell)
    {
        this.egress = egress;
        this.counters = counters;
        this.gatewayId = gatewayId;
        this.epochToTell = epochToTell;
        this.leaderIdToTell = leaderIdToTell;
    }

    @Override
    public Action onRequest(final ClientSession session, final long clientId, final long correlationId,
        final DirectBuffer payload, final int offset, final int length)
    {
        counters.onRequestWhileNotActive();
        onEstablished(session);
        return Action.CONTINUE;
    }

    @Override
    public void onOutcomeQuery(final ClientSession session, final long clientId, final long correlationId)
    {
        onEstablished(session);
    }

    @Override
    public void onStatusQuery(final ClientSession session, final long correlationId, final long nowNs)
    {
        onEstablished(session);
    }

    /**
     * Answered NOT_ACTIVE at once, so that the client need not wait for its timeout, and told who leads.
     */
    @Override
    public void onQuery(final ClientSession session, final long clientId, final long queryId, final long minSeq,
        final DirectBuffer payload, final int offset, final int length, final long nowNs)
    {
        egress.sendQueryAnswer(session.publication, queryId, 0, QueryStatus.NOT_ACTIVE, 0, empty, 0, 0);
        onEstablished(session);
    }

    @Override
    public boolean onEstablished(final ClientSession session)
    {
        return egress.sendNotActive(session.publication, session.clientId, epochToTell, gatewayId, leaderIdToTell);
    }
}
