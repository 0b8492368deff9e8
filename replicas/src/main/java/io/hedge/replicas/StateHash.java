package io.hedge.replicas;

import org.agrona.DirectBuffer;

/**
 * The rolling state hash every replica keeps over {@code (seq, response bytes)}. Two replicas that applied
 * the same requests and produced the same responses hold the same value; the collector compares it per seq.
 * A 64-bit mix (the finaliser of MurmurHash3) rather than a cryptographic hash: it detects divergence,
 * it does not defend against an adversary.
 */
public final class StateHash
{
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final long MESSAGES_MARK = 0x5E55_10A1_3E55_A6E5L;

    private StateHash()
    {
    }

    /**
     * Fold one response into a rolling hash.
     *
     * @param hash   the hash after the previous seq (0 before the first).
     * @param seq    the seq of this response.
     * @param buffer holding the response.
     * @param offset of the response.
     * @param length of the response.
     * @return the hash after this seq.
     */
    /**
     * The rolling hash after one applied seq: its response, then its external effects when it has any. Live replicas
     * and journal replay both use this, so that they agree.
     *
     * @return the hash after this seq.
     */
    public static long afterApply(
        final long hash,
        final long seq,
        final DirectBuffer response,
        final int responseOffset,
        final int responseLength,
        final DirectBuffer effects,
        final int effectsOffset,
        final int effectsLength)
    {
        final long afterResponse = next(hash, seq, response, responseOffset, responseLength);
        return effectsLength > 0 ? next(afterResponse, seq, effects, effectsOffset, effectsLength) : afterResponse;
    }

    /**
     * The rolling hash after one applied seq: its response, its effects when it has any, then its session messages
     * when it has any. A seq without messages hashes as before messages existed.
     *
     * @return the hash after this seq.
     */
    public static long afterApply(
        final long hash,
        final long seq,
        final DirectBuffer response,
        final int responseOffset,
        final int responseLength,
        final DirectBuffer effects,
        final int effectsOffset,
        final int effectsLength,
        final DirectBuffer messages,
        final int messagesOffset,
        final int messagesLength)
    {
        final long afterEffects =
            afterApply(hash, seq, response, responseOffset, responseLength, effects, effectsOffset, effectsLength);
        // a mark between effects and messages, so that bytes moved from one to the other change the hash
        return messagesLength > 0 ?
            next(afterEffects ^ MESSAGES_MARK, seq, messages, messagesOffset, messagesLength) : afterEffects;
    }

    public static long next(final long hash, final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        long h = mix(hash ^ (seq * MULTIPLIER));
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = mix(h ^ buffer.getLong(offset + i, java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        long tail = length;
        for (; i < length; i++)
        {
            tail = (tail << 8) | (buffer.getByte(offset + i) & 0xFF);
        }
        return mix(h ^ tail);
    }

    /**
     * Mix a 64-bit value so that every input bit affects every output bit.
     *
     * @param value to mix.
     * @return the mixed value.
     */
    public static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB93FE1A85EC9L;
        return z ^ (z >>> 33);
    }
}
