package io.hedge.client;

/**
 * Something the client could not do, with a message that says what and what to check.
 */
public class HedgeException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why a request or a connect failed. */
    public enum Reason
    {
        /** No gateway answered the connect handshake in time. */
        GATEWAY_UNREACHABLE,
        /** The gateway's stream pushed back: the request was not sent. */
        BACK_PRESSURED,
        /** No answer within the request's timeout; it may or may not have executed. */
        TIMED_OUT,
        /** The payload is larger than the gateway accepts; it was not sent. */
        PAYLOAD_TOO_LARGE,
        /** Too many requests are waiting for answers; it was not sent. */
        IN_FLIGHT_LIMIT,
        /** The session is not connected to a gateway, or the client is closed. */
        NOT_CONNECTED
    }

    private final Reason reason;

    public HedgeException(final Reason reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    /**
     * @return why it failed.
     */
    public Reason reason()
    {
        return reason;
    }
}
