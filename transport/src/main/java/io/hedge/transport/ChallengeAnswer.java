package io.hedge.transport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The answer to a gateway's ConnectChallenge (docs/SECURITY.md, "Client authentication and permissions"):
 * HMAC-SHA256 keyed with the principal's secret over the challenge, the client id (8 bytes, little-endian) and the
 * gateway id (4 bytes, little-endian). Binding both ids in means an answer is good for one client id at one gateway
 * and one challenge only: it cannot be replayed to another gateway, nor for another client id. The client computes
 * it, the gateway's file authenticator checks it; the secret itself never crosses the wire.
 */
public final class ChallengeAnswer
{
    /** Length of an answer, bytes. */
    public static final int LENGTH = 32;
    /** Length of a challenge the file authenticator sends, bytes. */
    public static final int CHALLENGE_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;

    public ChallengeAnswer()
    {
        try
        {
            mac = Mac.getInstance(ALGORITHM);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", ex);
        }
    }

    /**
     * @return the answer to this challenge by the holder of this secret.
     */
    public byte[] answer(final byte[] secret, final byte[] challenge, final long clientId, final int gatewayId)
    {
        try
        {
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        }
        catch (final GeneralSecurityException ex)
        {
            // the message names no part of the key
            throw new IllegalStateException("the secret cannot key " + ALGORITHM);
        }
        mac.update(challenge);
        final byte[] ids = new byte[Long.BYTES + Integer.BYTES];
        for (int i = 0; i < Long.BYTES; i++)
        {
            ids[i] = (byte)(clientId >>> (8 * i));
        }
        for (int i = 0; i < Integer.BYTES; i++)
        {
            ids[Long.BYTES + i] = (byte)(gatewayId >>> (8 * i));
        }
        mac.update(ids);
        return mac.doFinal();
    }

    /**
     * @return true if the given answer is the right one; compared in constant time, so the time taken says nothing
     * of how much of it was right.
     */
    public boolean check(
        final byte[] secret, final byte[] challenge, final long clientId, final int gatewayId, final byte[] given)
    {
        return MessageDigest.isEqual(answer(secret, challenge, clientId, gatewayId), given);
    }
}
