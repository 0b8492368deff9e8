package io.hedge.examples.kvledger;

import io.hedge.examples.kvledger.codecs.CompareAndSetDecoder;
import io.hedge.examples.kvledger.codecs.DeleteDecoder;
import io.hedge.examples.kvledger.codecs.GetDecoder;
import io.hedge.examples.kvledger.codecs.KvResultEncoder;
import io.hedge.examples.kvledger.codecs.KvStatus;
import io.hedge.examples.kvledger.codecs.MessageHeaderDecoder;
import io.hedge.examples.kvledger.codecs.MessageHeaderEncoder;
import io.hedge.examples.kvledger.codecs.PutDecoder;
import io.hedge.replicas.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Properties;

/**
 * A replicated key-value ledger with compare-and-set: the example of a state machine of one's own (see
 * docs/STATE-MACHINES.md). Run it with {@code hedge replica --state-machine io.hedge.examples.kvledger.KvLedger
 * --state-machine-path examples/kv-ledger/target/classes}.
 *
 * <p>Rules, decided from the request bytes and the state only:
 * <ul>
 *     <li>A key's version is the seq of the request that last wrote it: unique and increasing across the whole
 *     ledger, so a key deleted and written again never repeats a version a client may still hold (no ABA). An absent
 *     key has version 0.</li>
 *     <li>{@code Put} writes whatever the version; {@code CompareAndSet} writes only if the key's version is the
 *     expected one (0: only if absent), else answers VERSION_MISMATCH with the current version; {@code Delete} removes
 *     a key (NOT_FOUND if absent); {@code Get} answers the value and version. A Get is sequenced like a write, so it
 *     sees every write before it in the total order.</li>
 *     <li>Keys are 1 to 64 bytes (INVALID_KEY), values up to {@code max.value.length} (VALUE_TOO_LONG); a new key
 *     when {@code max.keys} are held is refused FULL. Every check happens before anything changes, and no input bytes
 *     make {@link #apply} throw: what cannot be decoded is answered MALFORMED or UNKNOWN_REQUEST.</li>
 * </ul>
 *
 * <p>Configuration ({@code app.*} settings, passed without the prefix): {@code max.keys} (default 10000) and
 * {@code max.value.length} (default 256, at most 65535). Memory for all of it is taken at construction; {@link
 * #apply} allocates nothing.
 */
public final class KvLedger implements StateMachine
{
    public static final String MAX_KEYS = "max.keys";
    public static final String MAX_VALUE_LENGTH = "max.value.length";
    static final int DEFAULT_MAX_KEYS = 10_000;
    static final int DEFAULT_MAX_VALUE_LENGTH = 256;

    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int VAR_HEADER_LENGTH = 2;

    private final KvTable table;
    private final int maxResponseLength;
    private boolean applied;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PutDecoder put = new PutDecoder();
    private final GetDecoder get = new GetDecoder();
    private final CompareAndSetDecoder cas = new CompareAndSetDecoder();
    private final DeleteDecoder delete = new DeleteDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final KvResultEncoder result = new KvResultEncoder();
    /** The request alone, so that no decoder can read past its end into whatever follows it in the buffer. */
    private final UnsafeBuffer request = new UnsafeBuffer(0, 0);

    // the fields of the request being applied, found by the decode step
    private int keyOffset;
    private int keyLength;
    private int valueOffset;
    private int valueLength;

    /**
     * @param properties {@code max.keys} and {@code max.value.length}; both optional.
     * @throws IllegalArgumentException naming the key of a value that is not a positive whole number in range.
     */
    public KvLedger(final Properties properties)
    {
        this(intSetting(properties, MAX_KEYS, DEFAULT_MAX_KEYS, 1 << 24),
            intSetting(properties, MAX_VALUE_LENGTH, DEFAULT_MAX_VALUE_LENGTH, 0xFFFF));
    }

    /**
     * @param maxKeys        the most keys the ledger holds.
     * @param maxValueLength the longest value, in bytes.
     */
    public KvLedger(final int maxKeys, final int maxValueLength)
    {
        table = new KvTable(maxKeys, maxValueLength);
        maxResponseLength = HEADER_LENGTH + KvResultEncoder.BLOCK_LENGTH + VAR_HEADER_LENGTH + maxValueLength;
    }

    private static int intSetting(final Properties properties, final String key, final int defaultValue, final int max)
    {
        final String text = properties.getProperty(key);
        if (null == text)
        {
            return defaultValue;
        }
        try
        {
            final int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= max)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // answered below, with the range
        }
        throw new IllegalArgumentException("app." + key + " must be a whole number from 1 to " + max + ", got '" +
            text + "'");
    }

    @Override
    public int maxResponseLength()
    {
        return maxResponseLength;
    }

    /**
     * @return how many keys the ledger holds.
     */
    public int size()
    {
        return table.size();
    }

    @Override
    public int apply(
        final long seq,
        final long timestampNs,
        final long clientId,
        final int principalId,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final MutableDirectBuffer response,
        final int responseOffset)
    {
        applied = true;
        if (length < HEADER_LENGTH || offset < 0 || length > payload.capacity() - offset)
        {
            return answer(response, responseOffset, KvStatus.MALFORMED, 0, -1);
        }
        request.wrap(payload, offset, length);
        header.wrap(request, 0);
        if (header.schemaId() != PutDecoder.SCHEMA_ID)
        {
            return answer(response, responseOffset, KvStatus.UNKNOWN_REQUEST, 0, -1);
        }
        final int blockLength = header.blockLength();
        if (blockLength > length - HEADER_LENGTH)
        {
            return answer(response, responseOffset, KvStatus.MALFORMED, 0, -1);
        }
        switch (header.templateId())
        {
            case PutDecoder.TEMPLATE_ID:
                put.wrap(request, HEADER_LENGTH, blockLength, header.version());
                return decodeKeyAndValue(put.limit(), length) ?
                    write(seq, -1, response, responseOffset) : malformed(response, responseOffset);
            case CompareAndSetDecoder.TEMPLATE_ID:
                if (blockLength < CompareAndSetDecoder.BLOCK_LENGTH)
                {
                    return malformed(response, responseOffset);
                }
                cas.wrap(request, HEADER_LENGTH, blockLength, header.version());
                final long expectedVersion = cas.expectedVersion();
                return decodeKeyAndValue(cas.limit(), length) && expectedVersion >= 0 ?
                    write(seq, expectedVersion, response, responseOffset) : malformed(response, responseOffset);
            case GetDecoder.TEMPLATE_ID:
                get.wrap(request, HEADER_LENGTH, blockLength, header.version());
                return decodeKey(get.limit(), length) ? read(response, responseOffset) :
                    malformed(response, responseOffset);
            case DeleteDecoder.TEMPLATE_ID:
                delete.wrap(request, HEADER_LENGTH, blockLength, header.version());
                return decodeKey(delete.limit(), length) ? remove(response, responseOffset) :
                    malformed(response, responseOffset);
            default:
                return answer(response, responseOffset, KvStatus.UNKNOWN_REQUEST, 0, -1);
        }
    }

    /** Put when expectedVersion is -1, else compare-and-set. */
    private int write(final long seq, final long expectedVersion, final MutableDirectBuffer response, final int at)
    {
        if (keyLength < 1 || keyLength > KvTable.MAX_KEY_LENGTH)
        {
            return answer(response, at, KvStatus.INVALID_KEY, 0, -1);
        }
        if (valueLength > table.maxValueLength())
        {
            return answer(response, at, KvStatus.VALUE_TOO_LONG, 0, -1);
        }
        int slot = table.find(request, keyOffset, keyLength);
        final long current = slot < 0 ? 0 : table.version(slot);
        if (expectedVersion >= 0 && current != expectedVersion)
        {
            return answer(response, at, KvStatus.VERSION_MISMATCH, current, -1);
        }
        if (slot < 0)
        {
            if (table.isFull())
            {
                return answer(response, at, KvStatus.FULL, 0, -1);
            }
            slot = table.insert(request, keyOffset, keyLength);
        }
        table.write(slot, seq, request, valueOffset, valueLength);
        return answer(response, at, KvStatus.OK, seq, -1);
    }

    private int read(final MutableDirectBuffer response, final int at)
    {
        if (keyLength < 1 || keyLength > KvTable.MAX_KEY_LENGTH)
        {
            return answer(response, at, KvStatus.INVALID_KEY, 0, -1);
        }
        final int slot = table.find(request, keyOffset, keyLength);
        return slot < 0 ? answer(response, at, KvStatus.NOT_FOUND, 0, -1) :
            answer(response, at, KvStatus.OK, table.version(slot), slot);
    }

    private int remove(final MutableDirectBuffer response, final int at)
    {
        if (keyLength < 1 || keyLength > KvTable.MAX_KEY_LENGTH)
        {
            return answer(response, at, KvStatus.INVALID_KEY, 0, -1);
        }
        final int slot = table.find(request, keyOffset, keyLength);
        if (slot < 0)
        {
            return answer(response, at, KvStatus.NOT_FOUND, 0, -1);
        }
        final long version = table.version(slot);
        table.remove(slot);
        return answer(response, at, KvStatus.OK, version, -1);
    }

    private int malformed(final MutableDirectBuffer response, final int at)
    {
        return answer(response, at, KvStatus.MALFORMED, 0, -1);
    }

    /**
     * Find the key's bytes after the fixed block; false if they do not lie within the request.
     */
    private boolean decodeKey(final int limit, final int length)
    {
        if (limit + VAR_HEADER_LENGTH > length)
        {
            return false;
        }
        keyLength = request.getShort(limit, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        keyOffset = limit + VAR_HEADER_LENGTH;
        return keyOffset + keyLength <= length;
    }

    private boolean decodeKeyAndValue(final int limit, final int length)
    {
        if (!decodeKey(limit, length))
        {
            return false;
        }
        final int valueLimit = keyOffset + keyLength;
        if (valueLimit + VAR_HEADER_LENGTH > length)
        {
            return false;
        }
        valueLength = request.getShort(valueLimit, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        valueOffset = valueLimit + VAR_HEADER_LENGTH;
        return valueOffset + valueLength <= length;
    }

    /**
     * Write a KvResult, with the value of a slot, or none for -1.
     */
    private int answer(
        final MutableDirectBuffer response, final int at, final KvStatus status, final long version, final int slot)
    {
        result.wrapAndApplyHeader(response, at, headerEncoder).status(status).version(version);
        if (slot < 0)
        {
            result.putValue(request, 0, 0);
        }
        else
        {
            result.putValue(table.values(), table.valueOffset(slot), table.valueLength(slot));
        }
        return HEADER_LENGTH + result.encodedLength();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The sum of a mixed hash of each entry (key, version, value), plus the count: a sum does not depend on the
     * order the entries are visited in, so two ledgers with the same entries have the same hash whatever their
     * histories.
     */
    @Override
    public long fullStateHash()
    {
        long sum = KvTable.mix(table.size());
        for (int slot = 0; slot < table.capacity(); slot++)
        {
            if (table.isLive(slot))
            {
                long hash = KvTable.hash(table.keys(), table.keyOffset(slot), table.keyLength(slot));
                hash = KvTable.mix(hash * 31 + table.version(slot));
                hash = KvTable.mix(hash * 31 + KvTable.hash(table.values(), table.valueOffset(slot),
                    table.valueLength(slot)) + table.valueLength(slot));
                sum += hash;
            }
        }
        return sum;
    }

    @Override
    public int writeSnapshot(final ExpandableDirectByteBuffer buffer, final int offset)
    {
        return KvSnapshot.write(table, buffer, offset);
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        if (applied || table.size() > 0)
        {
            throw new IllegalStateException("a snapshot loads only into a fresh ledger");
        }
        KvSnapshot.load(table, buffer, offset, length);
    }
}
