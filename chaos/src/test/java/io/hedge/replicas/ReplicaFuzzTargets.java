package io.hedge.replicas;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.chaos.fuzz.FuzzTarget;
import io.hedge.transport.InboundCheck;
import org.agrona.DirectBuffer;

/**
 * The replica's adapter of what a gateway sends (sequenced and replay streams), for the fuzz test (issue 14), with
 * a listener that only records what reaches it.
 */
public final class ReplicaFuzzTargets
{
    private ReplicaFuzzTargets()
    {
    }

    public static FuzzTarget gatewayAdapter()
    {
        final Recorder recorder = new Recorder();
        final InboundCheck inbound = new InboundCheck("fuzz replica from gateway 1", null);
        final GatewayAdapter adapter = new GatewayAdapter(1, recorder, inbound);
        return new FuzzTarget("replica gateway adapter", adapter::onFragment, recorder, inbound);
    }

    private static final class Recorder implements FuzzTarget.Record, GatewayListener
    {
        long applied;
        long badRanges;

        public long applied()
        {
            return applied;
        }

        public long badRanges()
        {
            return badRanges;
        }

        private void range(final DirectBuffer buffer, final int offset, final int length)
        {
            if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
            {
                badRanges++;
            }
        }

        public Action onSequenced(final int gatewayId, final DirectBuffer buffer, final int offset, final int length,
            final long epoch, final long seq, final long timestampNs, final long clientId, final long correlationId,
            final int payloadOffset, final int payloadLength)
        {
            applied++;
            range(buffer, offset, length);
            range(buffer, payloadOffset, payloadLength);
            return Action.CONTINUE;
        }

        public void onHeartbeat(final int gatewayId, final long epoch, final long lastSeq, final long epochStartSeq,
            final long[] historyEpochs, final long[] historyStarts, final int historyCount)
        {
            applied++;
            if (historyCount < 0 || historyCount > historyEpochs.length)
            {
                badRanges++;
            }
        }

        public void onRepairOrder(final int fromGatewayId, final int gatewayId, final int replicaId, final long epoch,
            final long seq, final long majorityHash)
        {
            applied++;
        }

        public void onVoteRequest(final int gatewayId, final int candidateId, final long epoch, final long lastSeq,
            final long lastEpoch, final boolean preVote)
        {
            applied++;
        }

        public void onJournalFetch(final int fromGatewayId, final int gatewayId, final int replicaId,
            final long fromSeq, final long toSeq)
        {
            applied++;
        }

        public void onResponseFetch(final int fromGatewayId, final int gatewayId, final int replicaId,
            final long fromSeq, final long toSeq)
        {
            applied++;
        }

        public void onEffectsFetch(final int fromGatewayId, final int gatewayId, final int replicaId,
            final long fromSeq, final long toSeq)
        {
            applied++;
        }

        public void onSnapshotRequest(final int gatewayId, final int requesterId, final long epoch, final int donorId)
        {
            applied++;
        }

        public Action onQuery(final int fromGatewayId, final int replicaId, final long token, final long minSeq,
            final DirectBuffer buffer, final int payloadOffset, final int payloadLength)
        {
            applied++;
            range(buffer, payloadOffset, payloadLength);
            return Action.CONTINUE;
        }

        public boolean wantsChunk(final int gatewayId, final int requesterId)
        {
            return true;
        }

        public void onSnapshotChunk(final int donorId, final long seq, final long epoch, final long rollingStateHash,
            final long fullStateHash, final int totalLength, final int chunkOffset, final DirectBuffer buffer,
            final int dataOffset, final int dataLength)
        {
            applied++;
            range(buffer, dataOffset, dataLength);
            if (chunkOffset < 0 || (long)chunkOffset + dataLength > totalLength)
            {
                badRanges++;
            }
        }

        public void onUnreadableMessage()
        {
        }
    }
}
