package io.hedge.gateway.auth;

/**
 * A connect an {@link Authenticator} decides on (the gateway's side of Aeron Cluster's {@code SessionProxy}). During
 * {@link Authenticator#onConnect} it calls exactly one of {@link #challenge}, {@link #accept} or {@link #reject};
 * during {@link Authenticator#onChallengeResponse}, {@link #accept} or {@link #reject}. A session it leaves undecided
 * is refused once the gateway's connect timeout passes.
 */
public interface LogonSession
{
    long clientId();

    /**
     * @return the gateway deciding: an answer to a challenge binds it, so it is good at this gateway only.
     */
    int gatewayId();

    /**
     * Send the client this challenge; its answer comes to {@link Authenticator#onChallengeResponse}. The bytes are
     * kept and may be read back with {@link #challengeSent()}.
     */
    void challenge(byte[] challenge);

    /**
     * @return the last challenge this session was sent, or null.
     */
    byte[] challengeSent();

    /**
     * The client speaks for this principal: the session is established (if the client id is not another principal's).
     */
    void accept(Principal principal);

    /**
     * The client is told AUTHENTICATION_FAILED; nothing of it reaches the sequencer.
     */
    void reject();

    /**
     * What the authenticator keeps with the session between the connect and the answer (e.g. whom it claimed to be).
     */
    void attach(Object attachment);

    Object attachment();
}
