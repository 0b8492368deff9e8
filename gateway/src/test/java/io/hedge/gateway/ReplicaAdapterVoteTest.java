package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.EpochVoteEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vote fields of protocol v2 reach the candidate: whether the answer is a pre-vote's, and the replica's history
 * tail, which the catch-up and the fill cut and check by. No media driver: the adapter is handed the fragment.
 */
class ReplicaAdapterVoteTest
{
    private long[] epochs;
    private long[] starts;
    private int count = -1;
    private boolean preVote;
    private long lastEntryEpoch;

    @Test
    void aVoteCarriesItsPreVoteFlagAndHistoryTail()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final EpochVoteEncoder vote = new EpochVoteEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .replicaId(2).candidateId(3).epoch(9).granted((short)0).journaledSeq(40).lastEntryEpoch(7)
            .preVote((short)1);
        vote.historyCount(3).next().epoch(2).startSeq(1).next().epoch(5).startSeq(11).next().epoch(7).startSeq(30);
        final ReplicaAdapter adapter = new ReplicaAdapter(null, new Recorder(), null, null);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + vote.encodedLength();

        adapter.onFragment(buffer, 0, length, null);
        assertTrue(preVote);
        assertEquals(7, lastEntryEpoch);
        assertEquals(3, count);
        assertArrayEquals(new long[] {2, 5, 7}, java.util.Arrays.copyOf(epochs, count));
        assertArrayEquals(new long[] {1, 11, 30}, java.util.Arrays.copyOf(starts, count));

        vote.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .replicaId(2).candidateId(3).epoch(9).granted((short)1).journaledSeq(40).lastEntryEpoch(7)
            .preVote((short)0).historyCount(0);
        adapter.onFragment(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + vote.encodedLength(), null);
        assertEquals(false, preVote);
        assertEquals(0, count, "an empty group is an empty tail");
    }

    private final class Recorder implements ReplicaListener
    {
        @Override
        public void onEpochVote(final int replicaId, final int candidateId, final long voteEpoch,
            final boolean granted, final long journaledSeq, final long lastEntry, final boolean isPreVote,
            final long[] historyEpochs, final long[] historyStarts, final int historyCount)
        {
            assertEquals(2, replicaId);
            assertEquals(3, candidateId);
            assertEquals(9, voteEpoch);
            assertEquals(40, journaledSeq);
            lastEntryEpoch = lastEntry;
            preVote = isPreVote;
            epochs = historyEpochs;
            starts = historyStarts;
            count = historyCount;
        }

        @Override
        public Action onFetchedSequenced(final DirectBuffer buffer, final int offset, final int length,
            final long entryEpoch, final long seq, final long clientId, final long correlationId)
        {
            return Action.CONTINUE;
        }

        @Override
        public void onResponseReplay(final int replicaId, final long seq, final boolean complete,
            final long firstAvailableSeq, final long responseEpoch, final long stateHash, final DirectBuffer payload,
            final int payloadOffset, final int payloadLength, final DirectBuffer effectBuffer, final int effectsOffset,
            final int effectsLength)
        {
        }

        @Override
        public void onUnreadableReplicaMessage()
        {
            throw new AssertionError("the vote is readable");
        }
    }
}
