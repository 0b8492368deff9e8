package io.hedge.client;

/**
 * Where a client stands with the fabric, as its {@link ConnectionStateListener} hears it. Derived from what the
 * session already knows: the gateways' ClientConnected answers, its failover (silence past the failover timeout, a
 * step-down) and its keep-alive.
 * <pre>
 *   CONNECTING   --a gateway answers OK---------------------------------------------> CONNECTED
 *   CONNECTED    --the active falls silent, becomes unreachable or steps down-------> FAILING_OVER
 *   FAILING_OVER --no gateway answered for the failover timeout + the longest backoff---> UNREACHABLE
 *   UNREACHABLE  --some gateway answers, none active yet-----------------------------> FAILING_OVER
 *   FAILING_OVER, UNREACHABLE --a gateway answers OK---------------------------------> CONNECTED
 *   any but CLOSED --another session connected with this client id------------------> SUPERSEDED
 *   any but CLOSED --a gateway refused the credentials------------------------------> AUTHENTICATION_FAILED
 *   any but CLOSED --a gateway said the client id is another principal's-------------> CLIENT_ID_TAKEN
 *   any          --close------------------------------------------------------------> CLOSED
 * </pre>
 */
public enum ConnectionState
{
    /** The connect handshake has not finished; a listener never hears of a change into this state. */
    CONNECTING,
    /** A gateway is active for this client: requests go to it. */
    CONNECTED,
    /**
     * The active gateway fell silent, became unreachable or stepped down: the client asks every gateway which one is
     * active, keeps what waits for an answer and resends it to the next active gateway.
     */
    FAILING_OVER,
    /**
     * Failing over, and no configured gateway has answered anything for the failover timeout plus the longest connect
     * backoff: none seems to be running or reachable. The client goes on asking (with its connect backoff); requests wait until their deadline.
     */
    UNREACHABLE,
    /**
     * Another session connected with this client id from another response channel, and a gateway told this one that
     * it replaced it. Final: the session sends nothing more; what waited for answers failed with
     * {@link HedgeException.Reason#SUPERSEDED}. Close the client.
     */
    SUPERSEDED,
    /**
     * A gateway refused the client's credentials (client.principal, client.secret.file) or its answer to the
     * challenge. Final, like {@link #SUPERSEDED}: nothing is sent any more; what waited failed with
     * {@link HedgeException.Reason#AUTHENTICATION_FAILED}. Fix the credentials and connect a new client.
     */
    AUTHENTICATION_FAILED,
    /**
     * A gateway said this client id belongs to another principal. Final, like {@link #SUPERSEDED}; what waited failed
     * with {@link HedgeException.Reason#CLIENT_ID_TAKEN}. Connect with a client id of your own.
     */
    CLIENT_ID_TAKEN,
    /** Closed by the application. Final. */
    CLOSED
}
