package io.hedge.gateway.auth;

import org.agrona.DirectBuffer;

/**
 * Decides who a connecting client is, in the shape of Aeron Cluster's {@code Authenticator}: the credentials of a
 * ClientConnect, optionally a challenge and the client's answer to it, then a {@link Principal} or a refusal.
 * Selected by {@code gateway.authenticator}: {@code none} ({@link NoneAuthenticator}), {@code file}
 * ({@link FileAuthenticator}), or the fully qualified name of a class of yours with a public no-argument constructor.
 *
 * <p>Called on the gateway's duty-cycle thread, once per connect attempt and once per answer (never per request), so
 * it must not block: read files and prepare keys in the constructor, never here. A keep-alive (the same client
 * connecting again over the same connection) does not come here again.
 */
public interface Authenticator
{
    /**
     * A ClientConnect: call one of {@link LogonSession#challenge}, {@link LogonSession#accept} or
     * {@link LogonSession#reject}.
     *
     * @param credentials as the client sent them (empty when it sent none); valid only during the call.
     */
    void onConnect(LogonSession session, DirectBuffer credentials, int offset, int length);

    /**
     * The client's answer to the challenge the session was sent: call {@link LogonSession#accept} or
     * {@link LogonSession#reject}.
     *
     * @param response valid only during the call.
     */
    void onChallengeResponse(LogonSession session, DirectBuffer response, int offset, int length);

    /**
     * @return one line for the gateway's start log: what this authenticator admits.
     */
    String describe();
}
