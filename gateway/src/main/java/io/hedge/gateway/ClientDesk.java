package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.DirectBuffer;

/**
 * Who answers a connected client in the gateway's current phase: a term of leadership (warming up, or serving), or,
 * in every other phase, the answer that this gateway is not active and who is. The {@link ClientRouter} hands each
 * client message to the desk the agent has put there.
 */
interface ClientDesk
{
    /**
     * @return ABORT when the request must wait and be delivered again.
     */
    Action onRequest(ClientSession session, long clientId, long correlationId, DirectBuffer payload, int offset,
        int length);

    void onOutcomeQuery(ClientSession session, long clientId, long correlationId);

    void onStatusQuery(ClientSession session, long correlationId, long nowNs);

    /**
     * A read-only query: answered by one replica, never sequenced (docs/QUERIES.md).
     */
    void onQuery(ClientSession session, long clientId, long queryId, long minSeq, DirectBuffer payload, int offset,
        int length, long nowNs);

    /**
     * Tell a client its session is open (or again, after a change of phase), and whether this gateway serves it.
     *
     * @return false when the message could not be sent: it is tried again.
     */
    boolean onEstablished(ClientSession session);
}
