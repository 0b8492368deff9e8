package io.hedge.replicas;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.journal.SequencedJournal;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Sequenced messages for the replica's tests, whose payload is one byte a {@link SumStateMachine} adds up, and what
 * a replica that applied them holds: the sum and the rolling state hash.
 */
final class SequencedFixture
{
    static final int PAYLOAD_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + SequencedEncoder.BLOCK_LENGTH + SequencedEncoder.payloadHeaderLength();

    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SequencedEncoder encoder = new SequencedEncoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[1]);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[Long.BYTES]);

    private SequencedFixture()
    {
    }

    static SequencedFixture create()
    {
        return new SequencedFixture();
    }

    /**
     * @return a fresh directory under the test directory, for one test.
     */
    static Path directory(final String name)
    {
        return Paths.get(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve(name + "-" + System.nanoTime());
    }

    /**
     * @return the one byte of payload of this seq.
     */
    static byte valueOf(final long seq)
    {
        return (byte)(seq % 7 + 1);
    }

    /**
     * Encode the message of this seq into {@link #buffer}.
     *
     * @return its length.
     */
    int encode(final long epoch, final long seq)
    {
        return encode(epoch, seq, 0);
    }

    /**
     * Encode the message of this seq, sent by a session of this principal, into {@link #buffer}.
     *
     * @return its length.
     */
    int encode(final long epoch, final long seq, final int principalId)
    {
        payload.putByte(0, valueOf(seq));
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .epoch(epoch)
            .seq(seq)
            .timestampNs(seq * 1_000)
            .clientId(100)
            .correlationId(seq)
            .principalId(principalId)
            .putPayload(payload, 0, 1);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /** Where the payload of a record {@link #encodeVersion3} wrote starts. */
    static final int VERSION_3_PAYLOAD_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + SequencedEncoder.principalIdEncodingOffset() + Integer.BYTES;

    /**
     * Encode the message of this seq as a gateway before fabric schema version 4 did: version 3, a block that ends where
     * principalId begins, so it has no principal.
     *
     * @return its length.
     */
    int encodeVersion3(final long epoch, final long seq)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0x55); // what the missing field would read, were it read
        header.wrap(buffer, 0)
            .blockLength(SequencedEncoder.principalIdEncodingOffset())
            .templateId(SequencedEncoder.TEMPLATE_ID)
            .schemaId(SequencedEncoder.SCHEMA_ID)
            .version(3);
        encoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH)
            .epoch(epoch)
            .seq(seq)
            .timestampNs(seq * 1_000)
            .clientId(100)
            .correlationId(seq);
        buffer.putInt(VERSION_3_PAYLOAD_OFFSET - Integer.BYTES, 1, SequencedEncoder.BYTE_ORDER);
        buffer.putByte(VERSION_3_PAYLOAD_OFFSET, valueOf(seq));
        return VERSION_3_PAYLOAD_OFFSET + 1;
    }

    /**
     * A term's first entry, as a new active gateway sequences it: client 0, correlation id the epoch, no payload.
     */
    int encodeTermStart(final long epoch, final long seq)
    {
        return encodeControl(epoch, seq, epoch);
    }

    /**
     * A gateway-made entry (client 0, no payload): a term marker when correlationId is the epoch, a control entry
     * (io.hedge.codecs.ControlEntry) when it is negative.
     */
    int encodeControl(final long epoch, final long seq, final long correlationId)
    {
        encoder.wrapAndApplyHeader(buffer, 0, header)
            .epoch(epoch)
            .seq(seq)
            .timestampNs(seq * 1_000)
            .clientId(StateMachine.TERM_START_CLIENT_ID)
            .correlationId(correlationId)
            .principalId(0)
            .putPayload(payload, 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * Journal seqs from..to, all of this epoch.
     */
    void journal(final SequencedJournal journal, final long epoch, final long fromSeq, final long toSeq)
    {
        for (long seq = fromSeq; seq <= toSeq; seq++)
        {
            journal.append(buffer, 0, encode(epoch, seq));
        }
    }

    /**
     * @return the sum a {@link SumStateMachine} holds after seqs 1..seq.
     */
    static long sumAfter(final long seq)
    {
        long sum = 0;
        for (long s = 1; s <= seq; s++)
        {
            sum += valueOf(s);
        }
        return sum;
    }

    /**
     * @return the rolling state hash of a replica after seqs 1..seq.
     */
    long stateHashAfter(final long seq)
    {
        long hash = 0;
        long sum = 0;
        for (long s = 1; s <= seq; s++)
        {
            sum += valueOf(s);
            response.putLong(0, sum);
            hash = StateHash.afterApply(hash, s, response, 0, Long.BYTES, response, 0, 0);
        }
        return hash;
    }
}
