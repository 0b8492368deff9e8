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
        /**
         * No answer within the timeout of something that has no effect of its own (a status or outcome query).
         * A request whose deadline passes fails with {@link #OUTCOME_UNKNOWN} instead.
         */
        TIMED_OUT,
        /** The payload is larger than the gateway accepts; it was not sent. */
        PAYLOAD_TOO_LARGE,
        /** Too many requests (or request bytes) are waiting for answers; it was not sent. */
        IN_FLIGHT_LIMIT,
        /** The session is not connected to a gateway, or the client is closed. */
        NOT_CONNECTED,
        /**
         * The request's deadline passed without an answer. It may or may not have executed; the client no longer
         * resends it. Ask with {@link HedgeClient#queryOutcome(long)} using {@link HedgeException#correlationId()}.
         */
        OUTCOME_UNKNOWN,
        /** A gateway refused the connect request (ConnectStatus REJECTED); the detail says why. */
        CONNECT_REJECTED,
        /**
         * Another session connected with this client id (from another response channel) and replaced this one
         * (ConnectStatus SUPERSEDED). A request that waited for its answer when that happened may or may not have
         * executed, like {@link #OUTCOME_UNKNOWN}: the session that now holds the client id can ask with
         * {@link HedgeClient#queryOutcome(long)}. The client sends nothing more; close it.
         */
        SUPERSEDED,
        /**
         * A gateway refused the client's credentials or its answer to the challenge (ConnectStatus
         * AUTHENTICATION_FAILED): check client.principal and client.secret.file against the gateways' principals
         * file. Nothing of this client reached the sequencer after the refusal; the client sends nothing more.
         */
        AUTHENTICATION_FAILED,
        /**
         * The client id belongs to another principal (ConnectStatus CLIENT_ID_TAKEN): connect with an id of your own.
         */
        CLIENT_ID_TAKEN
    }

    private final Reason reason;
    private final long correlationId;

    public HedgeException(final Reason reason, final String message)
    {
        this(reason, message, 0);
    }

    public HedgeException(final Reason reason, final String message, final long correlationId)
    {
        super(message);
        this.reason = reason;
        this.correlationId = correlationId;
    }

    /**
     * @return why it failed.
     */
    public Reason reason()
    {
        return reason;
    }

    /**
     * @return the correlation id of the request this is about, 0 if it is about none (or was never sent).
     */
    public long correlationId()
    {
        return correlationId;
    }
}
