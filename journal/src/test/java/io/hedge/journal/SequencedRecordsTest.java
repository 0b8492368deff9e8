package io.hedge.journal;

import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's record check across the principalId field (fabric schema version 4): records journaled before it
 * (version 3, a 40-byte block) stay valid, a version 4 record must hold the field.
 */
class SequencedRecordsTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    @Test
    void aVersion3RecordWithoutAPrincipalIsAccepted()
    {
        final int length = record(3, SequencedRecords.BLOCK_LENGTH_BEFORE_PRINCIPAL);
        assertNull(SequencedRecords.problem(buffer, 0, length));
        assertEquals(9, SequencedRecords.seq(buffer, 0));
        assertEquals(2, SequencedRecords.epoch(buffer, 0));
    }

    @Test
    void aVersion4RecordMustHoldThePrincipal()
    {
        assertNull(SequencedRecords.problem(buffer, 0, record(4, SequencedEncoder.BLOCK_LENGTH)));
        final String problem =
            SequencedRecords.problem(buffer, 0, record(4, SequencedRecords.BLOCK_LENGTH_BEFORE_PRINCIPAL));
        assertTrue(problem.contains("block length 40 is shorter than Sequenced's 44 (version 4)"), problem);
        final String shorter = SequencedRecords.problem(buffer, 0, record(3, 32));
        assertTrue(shorter.contains("block length 32 is shorter than Sequenced's 40 (version 3)"), shorter);
    }

    private int record(final int version, final int blockLength)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(blockLength).templateId(SequencedEncoder.TEMPLATE_ID)
            .schemaId(SequencedEncoder.SCHEMA_ID).version(version);
        buffer.putLong(HEADER + SequencedEncoder.epochEncodingOffset(), 2, SequencedEncoder.BYTE_ORDER);
        buffer.putLong(HEADER + SequencedEncoder.seqEncodingOffset(), 9, SequencedEncoder.BYTE_ORDER);
        buffer.putInt(HEADER + blockLength, 2, SequencedEncoder.BYTE_ORDER);
        return HEADER + blockLength + Integer.BYTES + 2;
    }
}
