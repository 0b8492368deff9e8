package io.hedge.codecs;

import io.hedge.codecs.fabric.ClientConnectEncoder;
import io.hedge.codecs.fabric.ClientRequestEncoder;
import io.hedge.codecs.fabric.EpochVoteEncoder;
import io.hedge.codecs.fabric.GatewayHeartbeatEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.codecs.fabric.SnapshotChunkEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 (hostile input): the check every adapter runs before decoding, on crafted bad messages: block length short
 * and long, var length past the end, group count huge, wrong schema, unknown template; and it accepts what the
 * generated encoders write, of older versions too.
 */
class FabricMessageCheckTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FabricMessageCheck check = new FabricMessageCheck();

    private int request(final int payloadLength)
    {
        final ClientRequestEncoder encoder = new ClientRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(7).correlationId(8);
        encoder.putPayload(new byte[payloadLength], 0, payloadLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    @Test
    void everyTemplateOfTheSchemaIsKnownWithItsLayout()
    {
        final int[] ids = FabricMessageCheck.templateIds();
        assertTrue(ids.length >= 33, "templates: " + ids.length);
        for (final int id : ids)
        {
            assertNotNull(FabricMessageCheck.layout(id), "template " + id);
        }
        assertEquals(ClientConnectEncoder.BLOCK_LENGTH, FabricMessageCheck.layout(ClientConnectEncoder.TEMPLATE_ID)
            .minBlock(4));
        assertEquals(2, FabricMessageCheck.layout(ClientConnectEncoder.TEMPLATE_ID).varDataCount());
        assertEquals(4, FabricMessageCheck.layout(ClientConnectEncoder.TEMPLATE_ID).varSinceVersion(1));
        assertEquals(1, FabricMessageCheck.layout(GatewayHeartbeatEncoder.TEMPLATE_ID).groupCount());
        // epochStartSeq came with version 1 and commitSeq with 2: a version-0 heartbeat has a shorter block
        assertEquals(GatewayHeartbeatEncoder.epochStartSeqEncodingOffset(),
            FabricMessageCheck.layout(GatewayHeartbeatEncoder.TEMPLATE_ID).minBlock(0));
        assertEquals(GatewayHeartbeatEncoder.BLOCK_LENGTH,
            FabricMessageCheck.layout(GatewayHeartbeatEncoder.TEMPLATE_ID).minBlock(7));
    }

    @Test
    void wellFormedMessagesPassAndTheirEndIsKnown()
    {
        final int length = request(10);
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, length));
        assertEquals(length, check.limit());
        // bytes after the last field (a newer version's) are allowed
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, length + 5));

        final ReplicaResponseEncoder response = new ReplicaResponseEncoder().wrapAndApplyHeader(buffer, 0, header);
        response.putPayload(new byte[3], 0, 3).putEffects(new byte[0], 0, 0).putMessages(new byte[2], 0, 2);
        assertEquals(FabricMessageCheck.OK,
            check.check(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength()));
    }

    @Test
    void aShortOrForeignHeaderIsRefused()
    {
        final int length = request(0);
        assertEquals(FabricMessageCheck.TOO_SHORT, check.check(buffer, 0, 7));
        buffer.putShort(4, (short)7702, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.WRONG_SCHEMA, check.check(buffer, 0, length));
        request(0);
        buffer.putShort(2, (short)33, ByteOrder.LITTLE_ENDIAN); // no template 33 in the schema
        assertEquals(FabricMessageCheck.UNKNOWN_TEMPLATE, check.check(buffer, 0, length));
        buffer.putShort(2, (short)60_000, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.UNKNOWN_TEMPLATE, check.check(buffer, 0, length));
    }

    @Test
    void aBlockLengthShortOfItsVersionOrPastTheEndIsRefused()
    {
        final int length = request(0);
        buffer.putShort(0, (short)(ClientRequestEncoder.BLOCK_LENGTH - 1), ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.BLOCK_TOO_SHORT, check.check(buffer, 0, length));
        buffer.putShort(0, (short)0, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.BLOCK_TOO_SHORT, check.check(buffer, 0, length));
        buffer.putShort(0, (short)0xFFFF, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.BLOCK_PAST_END, check.check(buffer, 0, length));
        buffer.putShort(0, (short)(ClientRequestEncoder.BLOCK_LENGTH + 1), ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.BLOCK_PAST_END,
            check.check(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + ClientRequestEncoder.BLOCK_LENGTH));

        // a ReplicaStatus of version 1 has no matchedEpoch nor lastEntryEpoch: its shorter block is allowed
        final ReplicaStatusEncoder status = new ReplicaStatusEncoder().wrapAndApplyHeader(buffer, 0, header);
        final int statusLength = MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength();
        buffer.putShort(0, (short)ReplicaStatusEncoder.matchedEpochEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(6, (short)1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, statusLength - 16));
        // the same block claiming version 2 is short of matchedEpoch, which the decoder would read past it
        buffer.putShort(6, (short)2, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.BLOCK_TOO_SHORT, check.check(buffer, 0, statusLength - 16));

        // a ReplicaStatus of a version-4 replica has no lastSnapshotSeq: accepted, as peers of version 4 are
        new ReplicaStatusEncoder().wrapAndApplyHeader(buffer, 0, header);
        buffer.putShort(0, (short)ReplicaStatusEncoder.lastSnapshotSeqEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(6, (short)4, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, statusLength - 8));
        // the same block claiming version 5 is short of lastSnapshotSeq
        buffer.putShort(6, (short)5, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.BLOCK_TOO_SHORT, check.check(buffer, 0, statusLength - 8));
    }

    @Test
    void aVarLengthPastTheEndIsRefusedWhateverItsValue()
    {
        final int length = request(10);
        final int lengthField = MessageHeaderEncoder.ENCODED_LENGTH + ClientRequestEncoder.BLOCK_LENGTH;
        for (final int bad : new int[]{11, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFF_FFF0})
        {
            buffer.putInt(lengthField, bad, ByteOrder.LITTLE_ENDIAN);
            assertEquals(FabricMessageCheck.VAR_DATA_PAST_END, check.check(buffer, 0, length), "length " + bad);
        }
        buffer.putInt(lengthField, 10, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.VAR_DATA_PAST_END, check.check(buffer, 0, length - 1), "truncated");
        assertEquals(FabricMessageCheck.VAR_DATA_PAST_END, check.check(buffer, 0, lengthField + 3), "no length");

        // a ClientConnect of version 4 must carry its credentials' length after the channel
        final ClientConnectEncoder connect = new ClientConnectEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(1).responseStreamId(2).responseChannel("aeron:udp?endpoint=localhost:1");
        final int withoutCredentials = MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
        assertEquals(FabricMessageCheck.VAR_DATA_PAST_END, check.check(buffer, 0, withoutCredentials));
        buffer.putShort(6, (short)3, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, withoutCredentials), "version 3 has none");
    }

    @Test
    void aHugeGroupCountOrAnEntryShorterThanItsBlockIsRefused()
    {
        final GatewayHeartbeatEncoder heartbeat = new GatewayHeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header);
        heartbeat.historyCount(2).next().epoch(1).startSeq(1).next().epoch(2).startSeq(5);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength();
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, length));
        final int groupHeader = MessageHeaderEncoder.ENCODED_LENGTH + GatewayHeartbeatEncoder.BLOCK_LENGTH;
        buffer.putShort(groupHeader + 2, (short)0xFFFF, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.GROUP_PAST_END, check.check(buffer, 0, length));
        buffer.putShort(groupHeader + 2, (short)3, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.GROUP_PAST_END, check.check(buffer, 0, length));
        buffer.putShort(groupHeader + 2, (short)2, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(groupHeader, (short)8, ByteOrder.LITTLE_ENDIAN); // entries of 16 bytes claimed as 8
        assertEquals(FabricMessageCheck.GROUP_PAST_END, check.check(buffer, 0, length));
        buffer.putShort(groupHeader, (short)16, ByteOrder.LITTLE_ENDIAN);
        assertEquals(FabricMessageCheck.GROUP_PAST_END, check.check(buffer, 0, groupHeader + 2), "no dimensions");

        final EpochVoteEncoder vote = new EpochVoteEncoder().wrapAndApplyHeader(buffer, 0, header);
        vote.historyCount(0);
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH +
            vote.encodedLength()));
    }

    @Test
    void aChunkOutsideItsSnapshotIsOutOfBounds()
    {
        assertTrue(SnapshotChunkBounds.fit(100, 0, 100));
        assertTrue(SnapshotChunkBounds.fit(100, 60, 40));
        assertTrue(SnapshotChunkBounds.fit(0, 0, 0));
        assertFalse(SnapshotChunkBounds.fit(100, 61, 40), "runs past the body");
        assertFalse(SnapshotChunkBounds.fit(100, -1, 1), "negative offset");
        assertFalse(SnapshotChunkBounds.fit(-5, 0, 0), "negative total");
        assertFalse(SnapshotChunkBounds.fit(Integer.MAX_VALUE, Integer.MAX_VALUE, 1), "offset + length overflows");
        assertFalse(SnapshotChunkBounds.fit(Integer.MAX_VALUE, 0, SnapshotChunkBounds.MAX_CHUNK_LENGTH + 1),
            "longer than any chunk a replica sends");

        final SnapshotChunkEncoder chunk = new SnapshotChunkEncoder().wrapAndApplyHeader(buffer, 0, header)
            .totalLength(10).chunkOffset(0);
        chunk.putData(new byte[4], 0, 4);
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH +
            chunk.encodedLength()));
        final SequencedEncoder sequenced = new SequencedEncoder().wrapAndApplyHeader(buffer, 0, header);
        sequenced.putPayload(new byte[1], 0, 1);
        assertEquals(FabricMessageCheck.OK, check.check(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH +
            sequenced.encodedLength()));
    }
}
