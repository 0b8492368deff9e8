package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 9 (poison requests), the gateway's side: a ReplicaResponse of outcome 1 (the state machine threw, every replica
 * rejected the request alike) reaches the client as REJECTED_BY_STATE_MACHINE, first time and from the cache, through
 * the real adapter, collector and status mapping (no media driver). Invariant: a client never takes a rejected
 * request's empty answer for a successful one.
 */
class RejectedByStateMachineTest
{
    private final List<String> told = new ArrayList<>();
    private final ResponseCollector collector = new ResponseCollector(16, 4096, Durability.quorum(2), 3, 1, 1,
        (clientId, correlationId, seq, replicaId, outcome, buffer, offset, length) ->
            told.add("seq " + seq + " to client " + clientId + ": " + EgressPublisher.statusOf(outcome) + ", " +
                length + " bytes"),
        (seq, replicaId, buffer, offset, length) -> { }, (replicaId, seq, majorityHash) -> true);
    private final ReplicaAdapter adapter = new ReplicaAdapter(null, null, null, new Term(), 3);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void aRejectedRequestIsAnsweredRejectedByStateMachine()
    {
        collector.onSequenced(1, 100, 7);
        collector.onSequenced(2, 200, 8);
        respond(1, 1, 0, 4);
        respond(1, 2, 0, 4);
        respond(2, 1, 1, 0);
        respond(2, 2, 1, 0);
        assertEquals(List.of("seq 1 to client 100: OK, 4 bytes",
            "seq 2 to client 200: REJECTED_BY_STATE_MACHINE, 0 bytes"), told);

        told.clear();
        assertTrue(collector.onDuplicate(2, 200, 8));
        assertTrue(collector.onDuplicate(1, 100, 7));
        assertEquals(List.of("seq 2 to client 200: REJECTED_BY_STATE_MACHINE, 0 bytes",
            "seq 1 to client 100: OK, 4 bytes"), told, "a retry is told the same, from the cache");
    }

    private void respond(final long seq, final int replicaId, final int outcome, final int payloadLength)
    {
        final ReplicaResponseEncoder encoder = new ReplicaResponseEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .epoch(1).seq(seq).replicaId(replicaId).stateHash(seq * 31).clientId(0).correlationId(0)
            .outcome((short)outcome);
        encoder.putPayload(new UnsafeBuffer(new byte[payloadLength]), 0, payloadLength);
        encoder.putEffects(new UnsafeBuffer(new byte[0]), 0, 0);
        encoder.putMessages(new UnsafeBuffer(new byte[0]), 0, 0);
        assertEquals(Action.CONTINUE,
            adapter.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), null));
    }

    /** The term's part this test needs: responses to the collector. */
    private final class Term implements TermListener
    {
        @Override
        public void onReplicaResponse(final long responseEpoch, final long seq, final int replicaId,
            final long stateHash, final int outcome, final DirectBuffer buffer, final int messageOffset,
            final int messageLength, final int payloadOffset, final int payloadLength)
        {
            collector.onResponse(
                seq, replicaId, stateHash, outcome, buffer, messageOffset, messageLength, payloadOffset, payloadLength);
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
    }
}
