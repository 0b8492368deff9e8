package io.hedge.examples.kvledger;

import io.hedge.examples.kvledger.codecs.CompareAndSetEncoder;
import io.hedge.examples.kvledger.codecs.DeleteEncoder;
import io.hedge.examples.kvledger.codecs.GetEncoder;
import io.hedge.examples.kvledger.codecs.MessageHeaderEncoder;
import io.hedge.examples.kvledger.codecs.PutEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the ledger's requests. An instance keeps its encoders, so a caller that reuses it and its buffer allocates
 * nothing per request; it is not thread safe.
 */
public final class KvRequests
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PutEncoder put = new PutEncoder();
    private final GetEncoder get = new GetEncoder();
    private final CompareAndSetEncoder cas = new CompareAndSetEncoder();
    private final DeleteEncoder delete = new DeleteEncoder();

    /**
     * @return the bytes written at offset.
     */
    public int put(final MutableDirectBuffer buffer, final int offset, final byte[] key, final byte[] value)
    {
        put.wrapAndApplyHeader(buffer, offset, header).putKey(key, 0, key.length).putValue(value, 0, value.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + put.encodedLength();
    }

    public int get(final MutableDirectBuffer buffer, final int offset, final byte[] key)
    {
        get.wrapAndApplyHeader(buffer, offset, header).putKey(key, 0, key.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + get.encodedLength();
    }

    public int compareAndSet(
        final MutableDirectBuffer buffer, final int offset, final byte[] key, final long expectedVersion,
        final byte[] value)
    {
        cas.wrapAndApplyHeader(buffer, offset, header).expectedVersion(expectedVersion).putKey(key, 0, key.length)
            .putValue(value, 0, value.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + cas.encodedLength();
    }

    public int delete(final MutableDirectBuffer buffer, final int offset, final byte[] key)
    {
        delete.wrapAndApplyHeader(buffer, offset, header).putKey(key, 0, key.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + delete.encodedLength();
    }

    /**
     * @return room enough for any request with a key and value of these lengths.
     */
    public static int maxLength(final int keyLength, final int valueLength)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + CompareAndSetEncoder.BLOCK_LENGTH + 4 + keyLength + valueLength;
    }
}
