package io.hedge.examples.kvledger;

import io.hedge.examples.kvledger.codecs.KvResultDecoder;
import io.hedge.examples.kvledger.codecs.KvStatus;
import io.hedge.examples.kvledger.codecs.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The ledger's answer to one request, decoded.
 *
 * @param status  what happened.
 * @param version OK: the key's version after the request (for a delete, the one removed); VERSION_MISMATCH: the
 *                key's current version, 0 if it is absent.
 * @param value   a Get's value; empty otherwise.
 */
public record KvResult(KvStatus status, long version, byte[] value)
{
    /**
     * @return whether the request did what it asked.
     */
    public boolean ok()
    {
        return KvStatus.OK == status;
    }

    /**
     * @return the value as UTF-8 text.
     */
    public String valueText()
    {
        return new String(value, StandardCharsets.UTF_8);
    }

    /**
     * @param payload a response of the ledger.
     * @return it decoded.
     * @throws IllegalArgumentException if the bytes are not a KvResult.
     */
    public static KvResult decode(final byte[] payload)
    {
        return decode(new UnsafeBuffer(payload), 0, payload.length);
    }

    public static KvResult decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("not a KvResult: " + length + " bytes");
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != KvResultDecoder.SCHEMA_ID || header.templateId() != KvResultDecoder.TEMPLATE_ID ||
            length < MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() + KvResultDecoder.valueHeaderLength())
        {
            throw new IllegalArgumentException("not a KvResult: schema " + header.schemaId() + " template " +
                header.templateId() + ", " + length + " bytes");
        }
        final KvResultDecoder result = new KvResultDecoder().wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
        final KvStatus status = result.status();
        final long version = result.version();
        final byte[] value = new byte[result.valueLength()];
        result.getValue(value, 0, value.length);
        return new KvResult(status, version, value);
    }

    @Override
    public String toString()
    {
        return status + " version " + version + (value.length > 0 ? " value " + valueText() : "");
    }
}
