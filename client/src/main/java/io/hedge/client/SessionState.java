package io.hedge.client;

/**
 * Where a session stands with the fabric's gateways, in the manner of Aeron's {@code AsyncConnect.State}. Changed
 * only by {@link GatewayFailover#state}, which logs each change and writes the {@link #code()} into the session's
 * state counter (type {@link #COUNTER_TYPE_ID}).
 * <pre>
 *   CONNECTING --first OK--------------------------------------------> CONNECTED
 *   CONNECTED  --active silent past the failover timeout / unreachable-> PROBING
 *                (silent: a request, an outcome query or, when idle, a keep-alive unanswered)
 *   CONNECTED, PROBING --active says NOT_ACTIVE in its epoch or later-> FAILING_OVER
 *   PROBING    --the same active answers OK in its epoch---------------> CONNECTED (what waits is resent)
 *   CONNECTED, PROBING, FAILING_OVER --OK in a newer epoch------------> CONNECTED (another active; all resent)
 *   any but CLOSED --ClientConnected SUPERSEDED-------------------------> SUPERSEDED (nothing sent any more)
 *   any but CLOSED --ClientConnected AUTHENTICATION_FAILED / CLIENT_ID_TAKEN -> the same (nothing sent any more)
 *   any        --close------------------------------------------------> CLOSED
 * </pre>
 */
enum SessionState
{
    /** ClientConnect goes to every reachable gateway until one answers OK; nothing else is sent. */
    CONNECTING(0),
    /** A gateway is active: requests go to it, and the gateways never heard from are told of the client. */
    CONNECTED(1),
    /**
     * The active gateway fell silent (or became unreachable): every gateway is asked which one is active, every
     * connect retry interval, while requests still go to the silent one.
     */
    PROBING(2),
    /**
     * The active gateway stepped down: no gateway is active, nothing is sent, and every gateway is asked every
     * connect retry interval until one answers OK in the epoch it stepped down from or a newer one.
     */
    FAILING_OVER(3),
    /** Closed by the application, or a connect that failed. */
    CLOSED(4),
    /**
     * A gateway said another session connected with this client id from another response channel: this one gets no
     * answers any more, and sends nothing, lest it take the client id back.
     */
    SUPERSEDED(5),
    /** A gateway refused the client's credentials or its answer to the challenge: nothing is sent any more. */
    AUTHENTICATION_FAILED(6),
    /** A gateway said the client id belongs to another principal: nothing is sent any more. */
    CLIENT_ID_TAKEN(7);

    /** Type id of the counter that holds a session's state code (client counters are 3200-3299). */
    static final int COUNTER_TYPE_ID = 3200;

    private final int code;

    SessionState(final int code)
    {
        this.code = code;
    }

    /**
     * @return the value the state counter holds in this state.
     */
    int code()
    {
        return code;
    }
}
