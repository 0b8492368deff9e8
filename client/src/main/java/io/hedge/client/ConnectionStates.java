package io.hedge.client;

/**
 * Derives a session's public {@link ConnectionState} from its {@link SessionState} and from whether any gateway
 * answers while it fails over, and tells the {@link ConnectionStateListener} of each change. Until the first poll
 * ({@link #start}) changes are only recorded: the handshake runs on the thread that connects, the listener is called
 * on the polling thread.
 */
final class ConnectionStates
{
    private final ConnectionStateListener listener;
    private final long unreachableAfterNs;
    private ConnectionState state = ConnectionState.CONNECTING;
    private ConnectionState reported = ConnectionState.CONNECTING;
    private String reason = "";
    private boolean started;
    /** Failing over (probing, or the active stepped down): when it began, and when any gateway last answered. */
    private boolean looking;
    private long lookingSinceNs;
    private long lastHeardNs;

    /**
     * @param listener           told of every change; null for none.
     * @param unreachableAfterNs silence of every gateway, while failing over, after which the fabric is unreachable.
     */
    ConnectionStates(final ConnectionStateListener listener, final long unreachableAfterNs)
    {
        this.listener = listener;
        this.unreachableAfterNs = unreachableAfterNs;
    }

    /**
     * The session changed state.
     */
    void onSessionState(final SessionState next, final long nowNs, final String why)
    {
        switch (next)
        {
            case CONNECTED:
                looking = false;
                change(ConnectionState.CONNECTED, why);
                break;

            case PROBING:
            case FAILING_OVER:
                if (!looking)
                {
                    looking = true;
                    lookingSinceNs = nowNs;
                    lastHeardNs = nowNs;
                }
                if (state != ConnectionState.UNREACHABLE)
                {
                    change(ConnectionState.FAILING_OVER, why);
                }
                break;

            case SUPERSEDED:
                looking = false;
                change(ConnectionState.SUPERSEDED, why);
                break;

            case AUTHENTICATION_FAILED:
                looking = false;
                change(ConnectionState.AUTHENTICATION_FAILED, why);
                break;

            case CLIENT_ID_TAKEN:
                looking = false;
                change(ConnectionState.CLIENT_ID_TAKEN, why);
                break;

            case CLOSED:
                looking = false;
                change(ConnectionState.CLOSED, why);
                break;

            default:
                break;
        }
    }

    /**
     * A configured gateway answered a connect (OK or not): while failing over, the fabric is reachable.
     */
    void onGatewayHeard(final long nowNs)
    {
        lastHeardNs = nowNs;
        if (looking && state == ConnectionState.UNREACHABLE)
        {
            change(ConnectionState.FAILING_OVER, "a gateway answers again, none active yet");
        }
    }

    /**
     * While failing over: unreachable once no gateway has answered for the whole of {@code unreachableAfterNs}.
     */
    void check(final long nowNs)
    {
        if (looking && state == ConnectionState.FAILING_OVER &&
            nowNs - Math.max(lookingSinceNs, lastHeardNs) > unreachableAfterNs)
        {
            change(ConnectionState.UNREACHABLE, "no gateway answered while failing over");
        }
    }

    /**
     * Called by every poll: the first one tells the listener what the handshake did.
     */
    void start()
    {
        if (!started)
        {
            started = true;
            report();
        }
    }

    ConnectionState state()
    {
        return state;
    }

    private void change(final ConnectionState next, final String why)
    {
        if (next != state && state != ConnectionState.CLOSED &&
            (!isEnded(state) || next == ConnectionState.CLOSED))
        {
            state = next;
            reason = why;
            if (started)
            {
                report();
            }
        }
    }

    /**
     * @return true for the final states a gateway puts a session in: only closing follows.
     */
    private static boolean isEnded(final ConnectionState state)
    {
        return state == ConnectionState.SUPERSEDED || state == ConnectionState.AUTHENTICATION_FAILED ||
            state == ConnectionState.CLIENT_ID_TAKEN;
    }

    private void report()
    {
        if (reported != state)
        {
            final ConnectionState previous = reported;
            reported = state;
            if (null != listener)
            {
                listener.onConnectionStateChange(previous, state, reason);
            }
        }
    }
}
