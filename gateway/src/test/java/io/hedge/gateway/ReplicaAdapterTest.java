package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replica adapter's response and status path, fed encoded messages directly (no media driver): the status's
 * journaled seq and matched epoch reach the agent (commit evidence, rule 1), the whole response message goes on with
 * its payload located in it, and a replica id that is not configured goes no further (rule 6).
 */
class ReplicaAdapterTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final List<long[]> statuses = new ArrayList<>();
    private final List<long[]> responses = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private final int[] unconfigured = {0};

    private final ReplicaAdapter adapter = new ReplicaAdapter(null, new ReplicaListener()
    {
        @Override
        public void onEpochVote(final int replicaId, final int candidateId, final long voteEpoch, final boolean granted,
            final long journaledSeq, final long lastEntryEpoch, final boolean preVote, final long[] historyEpochs,
            final long[] historyStarts, final int historyCount)
        {
        }

        @Override
        public Action onFetchedSequenced(final DirectBuffer buffer, final int offset, final int length,
            final long entryEpoch, final long seq, final long clientId, final long correlationId)
        {
            return Action.CONTINUE;
        }

        @Override
        public void onResponseReplay(final int replicaId, final long seq, final boolean complete,
            final long firstAvailableSeq, final long responseEpoch, final long stateHash, final int outcome,
            final DirectBuffer buffer,
            final int messageOffset, final int messageLength, final int payloadOffset, final int payloadLength)
        {
        }

        @Override
        public void onUnreadableReplicaMessage()
        {
        }

        @Override
        public void onUnconfiguredReplica(final int replicaId)
        {
            unconfigured[0]++;
        }
    }, new LeadershipListener()
    {
        @Override
        public void onPeerHeartbeat(final int peerId, final long peerEpoch, final long lastSeq, final long epochStartSeq,
            final long[] historyEpochs, final long[] historyStarts, final int historyCount)
        {
        }

        @Override
        public void onJoinAccepted(final int peerId, final int targetId, final long acceptedEpoch, final long validSeq)
        {
        }

        @Override
        public void onReplicaStatus(final int replicaId, final long epoch, final ReplicaState state,
            final long appliedSeq, final long journaledSeq, final long matchedEpoch, final long stateHash)
        {
            statuses.add(new long[]{replicaId, epoch, appliedSeq, journaledSeq, matchedEpoch});
        }
    }, new TermListener()
    {
        @Override
        public void onReplicaResponse(final long responseEpoch, final long seq, final int replicaId,
            final long stateHash, final int outcome, final DirectBuffer buffer, final int messageOffset,
            final int messageLength,
            final int payloadOffset, final int payloadLength)
        {
            responses.add(new long[]{responseEpoch, seq, replicaId, messageOffset, messageLength});
            final byte[] payload = new byte[payloadLength];
            buffer.getBytes(payloadOffset, payload);
            payloads.add(payload);
        }

        @Override
        public void onJoinRequest(final int standbyId, final long standbyLastSeq, final long standbyLastEpoch)
        {
        }

        @Override
        public void onRetransmitRequest(final int requesterId, final long fromSeq, final long toSeq)
        {
        }

        @Override
        public void onSnapshotRequest(final int requesterId, final long requestEpoch)
        {
        }

        @Override
        public Action onSnapshotChunk(final DirectBuffer buffer, final int offset, final int length,
            final int donorId, final int requesterId, final long seq, final int totalLength, final int chunkOffset,
            final int dataLength)
        {
            return Action.CONTINUE;
        }

        @Override
        public void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
        {
        }

        @Override
        public void onEffectsReplay(final int replicaId, final long seq, final boolean complete,
            final long firstAvailableSeq, final DirectBuffer effects, final int offset, final int length)
        {
        }
    }, 3);

    @Test
    @DisplayName("a status carries its journaled seq and matched epoch to the agent: the commit evidence")
    void statusCarriesJournaledSeqAndMatchedEpoch()
    {
        final int length = status(2, 9, 40, 42, 9);
        adapter.onFragment(buffer, 16, length, null);
        assertEquals(1, statuses.size());
        assertArrayEquals(new long[]{2, 9, 40, 42, 9}, statuses.get(0));
    }

    @Test
    @DisplayName("the whole response message goes on, its payload located inside it")
    void responseGoesOnWhole()
    {
        final int length = response(3, 11);
        adapter.onFragment(buffer, 16, length, null);
        assertEquals(1, responses.size());
        assertArrayEquals(new long[]{4, 11, 3, 16, length}, responses.get(0));
        assertArrayEquals(new byte[]{7, 8, 9}, payloads.get(0));
    }

    @Test
    @DisplayName("rule 6: responses and statuses of unconfigured replica ids are ignored and counted")
    void unconfiguredReplicaIdsGoNoFurther()
    {
        adapter.onFragment(buffer, 16, status(4, 9, 1, 1, 9), null);
        adapter.onFragment(buffer, 16, status(0, 9, 1, 1, 9), null);
        adapter.onFragment(buffer, 16, response(4, 1), null);
        adapter.onFragment(buffer, 16, response(63, 1), null);
        assertTrue(statuses.isEmpty(), "a status of replica 4 of 3 could otherwise depose or commit");
        assertTrue(responses.isEmpty());
        assertEquals(4, unconfigured[0]);
    }

    private int status(final int replicaId, final long epoch, final long appliedSeq, final long journaledSeq,
        final long matchedEpoch)
    {
        final ReplicaStatusEncoder encoder = new ReplicaStatusEncoder().wrapAndApplyHeader(buffer, 16, header)
            .replicaId(replicaId).epoch(epoch).appliedSeq(appliedSeq).journaledSeq(journaledSeq).stateHash(1)
            .state(ReplicaState.LIVE).heldSeq(0).matchedEpoch(matchedEpoch).lastEntryEpoch(epoch);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int response(final int replicaId, final long seq)
    {
        final ReplicaResponseEncoder encoder = new ReplicaResponseEncoder().wrapAndApplyHeader(buffer, 16, header)
            .epoch(4).seq(seq).replicaId(replicaId).stateHash(5).clientId(6).correlationId(7).outcome((short)0)
            .putPayload(new byte[]{7, 8, 9}, 0, 3)
            .putEffects(new byte[]{3, 0, 0, 0, 1, 2, 3}, 0, 7)
            .putMessages(new byte[0], 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
