package io.hedge.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Seals a message between members of the fabric (gateways, replicas, the effects sink) with the cluster key, and
 * checks a received one: a trailer of {@link #SEAL_LENGTH} bytes, HMAC-SHA256 (RFC 2104) of the message truncated to
 * 128 bits. Only a process holding the key can produce a message a member accepts.
 *
 * <p>HMAC is built here on a {@link MessageDigest} rather than taken from {@code javax.crypto.Mac} because
 * {@code Mac.doFinal} returns a new array per message, and this runs once per message on the hot path: with a digest
 * and buffers owned by the seal, sealing and checking allocate nothing. One instance per thread: it is not thread-safe.
 */
public final class MemberSeal
{
    public static final int SEAL_LENGTH = 16;
    /** Keys shorter than this are refused: 128 bits, the strength of the truncated tag. */
    public static final int MIN_KEY_LENGTH = 16;

    private static final int BLOCK_LENGTH = 64;
    private static final int DIGEST_LENGTH = 32;
    private static final int CHUNK_LENGTH = 1024;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final MessageDigest digest;
    private final byte[] innerPad = new byte[BLOCK_LENGTH];
    private final byte[] outerPad = new byte[BLOCK_LENGTH];
    private final byte[] innerHash = new byte[DIGEST_LENGTH];
    private final byte[] tag = new byte[DIGEST_LENGTH];
    private final byte[] chunk = new byte[CHUNK_LENGTH];

    /**
     * @param key the cluster key, at least {@link #MIN_KEY_LENGTH} bytes; copied, the caller may wipe its array.
     */
    public MemberSeal(final byte[] key)
    {
        if (key.length < MIN_KEY_LENGTH)
        {
            throw new IllegalArgumentException(
                "member key must be at least " + MIN_KEY_LENGTH + " bytes, was " + key.length);
        }
        digest = sha256();
        final byte[] blockKey = key.length > BLOCK_LENGTH ? digest.digest(key) : key;
        for (int i = 0; i < BLOCK_LENGTH; i++)
        {
            final byte k = i < blockKey.length ? blockKey[i] : 0;
            innerPad[i] = (byte)(k ^ IPAD);
            outerPad[i] = (byte)(k ^ OPAD);
        }
        if (blockKey != key)
        {
            Arrays.fill(blockKey, (byte)0);
        }
    }

    /**
     * Write the seal of {@code buffer[offset, offset + length)} right after it.
     *
     * @return the sealed length, {@code length + SEAL_LENGTH}: what to offer.
     */
    public int seal(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        computeTag(buffer, offset, length);
        buffer.putBytes(offset + length, tag, 0, SEAL_LENGTH);
        return length + SEAL_LENGTH;
    }

    /**
     * Write the seal of {@code buffer[offset, offset + length)} into {@code into[intoOffset, intoOffset + SEAL_LENGTH)}:
     * for a message the sender does not own (a record read from a journal, a message being relayed), which it offers
     * with its seal as a second part ({@code Publication.offer(buffer, offset, length, into, intoOffset, SEAL_LENGTH)})
     * without copying it.
     */
    public void sealTo(
        final DirectBuffer buffer, final int offset, final int length, final MutableDirectBuffer into, final int intoOffset)
    {
        computeTag(buffer, offset, length);
        into.putBytes(intoOffset, tag, 0, SEAL_LENGTH);
    }

    /**
     * @param length of the sealed message, seal included.
     * @return true if the last {@link #SEAL_LENGTH} bytes are the seal of what precedes them under this key.
     */
    public boolean verify(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < SEAL_LENGTH)
        {
            return false;
        }
        final int messageLength = length - SEAL_LENGTH;
        computeTag(buffer, offset, messageLength);
        // every byte is compared whatever the first difference, so the time taken says nothing about where it was
        int difference = 0;
        for (int i = 0; i < SEAL_LENGTH; i++)
        {
            difference |= tag[i] ^ buffer.getByte(offset + messageLength + i);
        }
        return 0 == difference;
    }

    private void computeTag(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            digest.reset();
            digest.update(innerPad, 0, BLOCK_LENGTH);
            final byte[] array = buffer.byteArray();
            if (null != array)
            {
                digest.update(array, buffer.wrapAdjustment() + offset, length);
            }
            else
            {
                for (int done = 0; done < length; )
                {
                    final int n = Math.min(CHUNK_LENGTH, length - done);
                    buffer.getBytes(offset + done, chunk, 0, n);
                    digest.update(chunk, 0, n);
                    done += n;
                }
            }
            digest.digest(innerHash, 0, DIGEST_LENGTH);
            digest.update(outerPad, 0, BLOCK_LENGTH);
            digest.update(innerHash, 0, DIGEST_LENGTH);
            digest.digest(tag, 0, DIGEST_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException("SHA-256 digest failed", ex);
        }
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256", ex);
        }
    }
}
