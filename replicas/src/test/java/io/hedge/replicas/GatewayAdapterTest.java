package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.EpochVoteRequestEncoder;
import io.hedge.codecs.fabric.GatewayHeartbeatEncoder;
import io.hedge.codecs.fabric.JoinAcceptedEncoder;
import io.hedge.codecs.fabric.JournalFetchEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.RepairOrderEncoder;
import io.hedge.codecs.fabric.ReplicaQueryEncoder;
import io.hedge.codecs.fabric.EffectsFetchEncoder;
import io.hedge.codecs.fabric.ResponseFetchEncoder;
import io.hedge.codecs.fabric.RetransmitRequestEncoder;
import io.hedge.codecs.fabric.SnapshotChunkEncoder;
import io.hedge.codecs.fabric.SnapshotRequestEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one gateway's adapter hands its listener, for every message a gateway sends a replica.
 */
class GatewayAdapterTest
{
    private final List<String> heard = new ArrayList<>();
    private boolean wantsChunks = true;
    private final GatewayListener listener = new GatewayListener()
    {
        public Action onSequenced(
            final int gatewayId, final DirectBuffer buffer, final int offset, final int length, final long epoch,
            final long seq, final long timestampNs, final long clientId, final long correlationId,
            final int payloadOffset, final int payloadLength)
        {
            heard.add("sequenced g" + gatewayId + " e" + epoch + " s" + seq + " t" + timestampNs + " c" + clientId + "/" +
                correlationId + " payload " + buffer.getByte(payloadOffset) + "x" + payloadLength + " of " + length);
            return Action.ABORT;
        }

        public void onHeartbeat(
            final int gatewayId, final long epoch, final long lastSeq, final long epochStartSeq,
            final long[] historyEpochs, final long[] historyStarts, final int historyCount)
        {
            final StringBuilder history = new StringBuilder();
            for (int i = 0; i < historyCount; i++)
            {
                history.append(' ').append(historyEpochs[i]).append('@').append(historyStarts[i]);
            }
            heard.add("heartbeat g" + gatewayId + " e" + epoch + " last " + lastSeq + " start " + epochStartSeq +
                " history" + history);
        }

        public void onHandover(final int fromGatewayId, final long epoch, final int targetId)
        {
            heard.add("handover g" + fromGatewayId + " e" + epoch + " to " + targetId);
        }

        public void onRepairOrder(
            final int fromGatewayId, final int gatewayId, final int replicaId, final long epoch, final long seq,
            final long majorityHash)
        {
            heard.add("repair order g" + fromGatewayId + " from g" + gatewayId + " r" + replicaId + " e" + epoch + " s" +
                seq + " h" + majorityHash);
        }

        public void onVoteRequest(
            final int gatewayId,
            final int candidateId,
            final long epoch,
            final long lastSeq,
            final long lastEpoch,
            final boolean preVote)
        {
            heard.add((preVote ? "pre-" : "") + "vote request g" + gatewayId + " candidate " + candidateId + " e" +
                epoch + " last " + lastSeq + "/" + lastEpoch);
        }

        public void onJournalFetch(
            final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
        {
            heard.add("journal fetch g" + fromGatewayId + " for g" + gatewayId + " r" + replicaId + " " + fromSeq + ".." +
                toSeq);
        }

        public void onResponseFetch(
            final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
        {
            heard.add("response fetch g" + fromGatewayId + " for g" + gatewayId + " r" + replicaId + " " + fromSeq +
                ".." + toSeq);
        }

        public void onEffectsFetch(
            final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
        {
            heard.add("effects fetch g" + fromGatewayId + " for g" + gatewayId + " r" + replicaId + " " + fromSeq +
                ".." + toSeq);
        }

        public void onSnapshotRequest(final int gatewayId, final int requesterId, final long epoch, final int donorId)
        {
            heard.add("snapshot request g" + gatewayId + " r" + requesterId + " e" + epoch + " donor " + donorId);
        }

        public Action onQuery(final int fromGatewayId, final int replicaId, final long token, final long minSeq,
            final DirectBuffer buffer, final int payloadOffset, final int payloadLength)
        {
            heard.add("query g" + fromGatewayId + " r" + replicaId + " t" + token + " min " + minSeq + " payload " +
                buffer.getByte(payloadOffset) + "x" + payloadLength);
            return Action.ABORT;
        }

        public boolean wantsChunk(final int gatewayId, final int requesterId)
        {
            return wantsChunks;
        }

        public void onSnapshotChunk(
            final int donorId, final long seq, final long epoch, final long rollingStateHash, final long fullStateHash,
            final int totalLength, final int chunkOffset, final DirectBuffer buffer, final int dataOffset,
            final int dataLength)
        {
            heard.add("chunk d" + donorId + " s" + seq + " e" + epoch + " h" + rollingStateHash + "/" + fullStateHash +
                " " + chunkOffset + "+" + dataLength + "/" + totalLength + " first " + buffer.getByte(dataOffset));
        }

        public void onUnreadableMessage()
        {
            heard.add("unreadable");
        }
    };

    private final GatewayAdapter adapter = new GatewayAdapter(2, listener);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void everyMessageReachesTheListenerWithTheGatewayItCameFrom()
    {
        final SequencedFixture fixture = SequencedFixture.create();
        final int sequencedLength = fixture.encode(3, 9);
        assertEquals(Action.ABORT, adapter.onFragment(fixture.buffer, 0, sequencedLength, null),
            "the listener's answer is the adapter's");

        final GatewayHeartbeatEncoder heartbeat = new GatewayHeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).epoch(3).lastSeq(40).timestampNs(1).epochStartSeq(31);
        heartbeat.historyCount(0);
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength());
        final GatewayHeartbeatEncoder withHistory = new GatewayHeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).epoch(3).lastSeq(40).timestampNs(1).epochStartSeq(31);
        withHistory.historyCount(2).next().epoch(1).startSeq(1).next().epoch(3).startSeq(31);
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + withHistory.encodedLength());
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new RepairOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).replicaId(1).epoch(3).seq(17).majorityHash(99).encodedLength());
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new EpochVoteRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .candidateId(2).epoch(4).lastSeq(40).lastEpoch(3).preVote((short)1).encodedLength());
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new EpochVoteRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .candidateId(2).epoch(4).lastSeq(41).lastEpoch(3).preVote((short)0).encodedLength());
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new JournalFetchEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).replicaId(1).epoch(4).fromSeq(5).toSeq(8).encodedLength());
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new ResponseFetchEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).replicaId(1).fromSeq(6).toSeq(9).encodedLength());
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new EffectsFetchEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).replicaId(3).fromSeq(7).toSeq(20_000).encodedLength());
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new JoinAcceptedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(3).epoch(4).validSeq(40).encodedLength());
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new SnapshotRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .requesterId(1).epoch(4).donorId(3).encodedLength());
        final UnsafeBuffer data = new UnsafeBuffer(new byte[]{42, 43, 44});
        deliver(chunk(data));
        wantsChunks = false;
        deliver(chunk(data));

        assertEquals(List.of(
            "sequenced g2 e3 s9 t9000 c100/9 payload " + SequencedFixture.valueOf(9) + "x1 of " + sequencedLength,
            "heartbeat g2 e3 last 40 start 31 history",
            "heartbeat g2 e3 last 40 start 31 history 1@1 3@31",
            "repair order g2 from g2 r1 e3 s17 h99",
            "pre-vote request g2 candidate 2 e4 last 40/3",
            "vote request g2 candidate 2 e4 last 41/3",
            "journal fetch g2 for g2 r1 5..8",
            "response fetch g2 for g2 r1 6..9",
            "effects fetch g2 for g2 r3 7..20000",
            "snapshot request g2 r1 e4 donor 3",
            "chunk d3 s7 e4 h5/6 0+3/3 first 42"), heard, "a JoinAccepted is between gateways; a chunk for another " +
            "replica is not decoded");
    }

    @Test
    void aQueryReachesTheListenerWithItsPayloadAndItsAnswerIsTheAdapters()
    {
        final UnsafeBuffer query = new UnsafeBuffer(new byte[]{7, 8, 9});
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new ReplicaQueryEncoder()
            .wrapAndApplyHeader(buffer, 0, header).gatewayId(2).replicaId(3).token(65_537).minSeq(12)
            .putPayload(query, 0, 3).encodedLength();
        assertEquals(Action.ABORT, adapter.onFragment(buffer, 0, length, null), "held when the listener holds it");
        assertEquals(Action.CONTINUE, adapter.onFragment(buffer, 0, length - 1, null), "a truncated payload");
        assertEquals(List.of("query g2 r3 t65537 min 12 payload 7x3", "unreadable"), heard);
    }

    @Test
    void whatCannotBeReadIsCounted()
    {
        deliver(3);
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + new RetransmitRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .replicaId(1).fromSeq(1).toSeq(2).encodedLength());
        assertEquals(List.of("unreadable", "unreadable"), heard, "too short; a message no gateway sends a replica");
    }

    @Test
    void aHeartbeatWhoseHistoryOverrunsTheFragmentIsUnreadable()
    {
        final GatewayHeartbeatEncoder heartbeat = new GatewayHeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).epoch(3).lastSeq(40).timestampNs(1).epochStartSeq(31);
        heartbeat.historyCount(2).next().epoch(1).startSeq(1).next().epoch(3).startSeq(31);
        deliver(MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength() - 1);
        assertEquals(List.of("unreadable"), heard);
    }

    @Test
    void aLongerHistoryKeepsItsNewestRuns()
    {
        final UnsafeBuffer big = new UnsafeBuffer(new byte[2048]);
        final GatewayHeartbeatEncoder heartbeat = new GatewayHeartbeatEncoder().wrapAndApplyHeader(big, 0, header)
            .gatewayId(2).epoch(40).lastSeq(400).timestampNs(1).epochStartSeq(400);
        final GatewayHeartbeatEncoder.HistoryEncoder history = heartbeat.historyCount(40);
        for (int i = 1; i <= 40; i++)
        {
            history.next().epoch(i).startSeq(i * 10L);
        }
        adapter.onFragment(big, 0, MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength(), null);
        final String line = heard.get(0);
        assertTrue(line.endsWith(" 40@400") && line.contains("history 9@90 10@100"), line);
    }

    private int chunk(final UnsafeBuffer data)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new SnapshotChunkEncoder().wrapAndApplyHeader(buffer, 0, header)
            .donorId(3).requesterId(1).seq(7).epoch(4).rollingStateHash(5).fullStateHash(6).totalLength(3)
            .chunkOffset(0).putData(data, 0, 3).encodedLength();
    }

    /**
     * Issue 14 (hostile input): a chunk that would write outside the snapshot it announces, a heartbeat whose history
     * count runs past the fragment, and a block length short of its version are dropped before the listener hears
     * them, and counted as malformed.
     */
    @Test
    void malformedMessagesAreDroppedAndCountedBeforeTheListenerHearsThem()
    {
        final io.hedge.transport.SecurityCounters security = io.hedge.transport.SecurityCounters.inMemory("replica 1");
        final GatewayAdapter checked = new GatewayAdapter(2, listener,
            new io.hedge.transport.InboundCheck("replica 1 from gateway 2", security.malformedMessagesDropped()));
        final UnsafeBuffer data = new UnsafeBuffer(new byte[]{9, 8, 7});

        final int[][] offsetsAndTotals = {{1, 3}, {-1, 3}, {0, 2}, {0, -3}, {Integer.MAX_VALUE, Integer.MAX_VALUE}};
        for (final int[] bad : offsetsAndTotals)
        {
            final int length = chunk(data);
            new SnapshotChunkEncoder().wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH).chunkOffset(bad[0])
                .totalLength(bad[1]);
            assertEquals(Action.CONTINUE, checked.onFragment(buffer, 0, length, null));
        }
        assertEquals(5, security.malformedMessagesDropped().get(), "chunks outside their snapshot");

        final GatewayHeartbeatEncoder heartbeat = new GatewayHeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).epoch(3);
        heartbeat.historyCount(1).next().epoch(3).startSeq(1);
        final int heartbeatLength = MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength();
        buffer.putShort(MessageHeaderEncoder.ENCODED_LENGTH + GatewayHeartbeatEncoder.BLOCK_LENGTH + 2,
            (short)60_000, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(Action.CONTINUE, checked.onFragment(buffer, 0, heartbeatLength, null));

        final int chunkLength = chunk(data);
        buffer.putShort(0, (short)(SnapshotChunkEncoder.BLOCK_LENGTH - 4), java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(Action.CONTINUE, checked.onFragment(buffer, 0, chunkLength - 4, null));

        assertEquals(7, security.malformedMessagesDropped().get());
        assertTrue(heard.stream().noneMatch(h -> h.startsWith("chunk") || h.startsWith("heartbeat")), heard.toString());
    }

    @Test
    void aHandoverCountsOnlyFromTheGatewayWhoseStreamCarriesItAndForAConfiguredTarget()
    {
        final io.hedge.transport.SecurityCounters security = io.hedge.transport.SecurityCounters.inMemory("replica 1");
        final GatewayAdapter guarded = new GatewayAdapter(2, listener, security, new int[] {1, 2});
        final io.hedge.codecs.fabric.HandoverEncoder handover = new io.hedge.codecs.fabric.HandoverEncoder();
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + handover.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).epoch(3).targetGatewayId(1).lastSeq(40).encodedLength();
        guarded.onFragment(buffer, 0, length, null);
        handover.wrapAndApplyHeader(buffer, 0, header).gatewayId(1).epoch(3).targetGatewayId(2).lastSeq(40);
        guarded.onFragment(buffer, 0, length, null);
        handover.wrapAndApplyHeader(buffer, 0, header).gatewayId(2).epoch(3).targetGatewayId(5).lastSeq(40);
        guarded.onFragment(buffer, 0, length, null);
        assertEquals(List.of("handover g2 e3 to 1"), heard, "gateway 2 cannot hand over gateway 1's leadership, nor " +
            "to a gateway that is not configured");
    }

    @Test
    void epochsAboveTheCeilingAndGatewayIdsNotConfiguredGoNoFurtherAndAreCounted()
    {
        final io.hedge.transport.SecurityCounters security = io.hedge.transport.SecurityCounters.inMemory("replica 1");
        final GatewayAdapter guarded = new GatewayAdapter(2, listener, security, new int[] {1, 2});
        final long ceiling = io.hedge.transport.FabricLimits.MAX_EPOCH;

        final GatewayHeartbeatEncoder heartbeat = new GatewayHeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(2).epoch(ceiling + 1).lastSeq(40).timestampNs(1).epochStartSeq(31);
        heartbeat.historyCount(0);
        guarded.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength(), null);
        guarded.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + new EpochVoteRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, header).candidateId(2).epoch(Long.MAX_VALUE).lastSeq(40).lastEpoch(3)
            .preVote((short)1).encodedLength(), null);
        final SequencedFixture fixture = SequencedFixture.create();
        final int sequencedLength = fixture.encode(3, 9);
        fixture.buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, ceiling + 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        guarded.onFragment(fixture.buffer, 0, sequencedLength, null);
        assertEquals(List.of(), heard);
        assertEquals(3, security.epochJumpsRefused().get());

        guarded.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + new EpochVoteRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, header).candidateId(7).epoch(4).lastSeq(40).lastEpoch(3)
            .preVote((short)0).encodedLength(), null);
        guarded.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + new JournalFetchEncoder()
            .wrapAndApplyHeader(buffer, 0, header).gatewayId(7).replicaId(1).epoch(4).fromSeq(5).toSeq(8)
            .encodedLength(), null);
        guarded.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + new RepairOrderEncoder()
            .wrapAndApplyHeader(buffer, 0, header).gatewayId(0).replicaId(1).epoch(3).seq(17).majorityHash(99)
            .encodedLength(), null);
        assertEquals(List.of(), heard);
        assertEquals(3, security.unknownMemberMessages().get());

        heartbeat.wrapAndApplyHeader(buffer, 0, header).gatewayId(2).epoch(ceiling).lastSeq(40).timestampNs(1)
            .epochStartSeq(31).historyCount(0);
        guarded.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength(), null);
        assertEquals(List.of("heartbeat g2 e" + ceiling + " last 40 start 31 history"), heard, "the ceiling itself is allowed");
    }

    private void deliver(final int length)
    {
        assertEquals(Action.CONTINUE, adapter.onFragment(buffer, 0, length, null));
    }
}
