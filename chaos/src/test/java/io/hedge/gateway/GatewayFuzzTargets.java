package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.chaos.fuzz.FuzzTarget;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.transport.InboundCheck;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * The gateway's adapters for the fuzz test (issue 14), each with listeners that only record what reaches them: the
 * client ingress, the replicas' inbound stream and the peers' streams. Lives in the gateway's package, in the chaos
 * module's tests, because the adapters are package-private and the fuzz harness is shared by every role.
 */
public final class GatewayFuzzTargets
{
    private GatewayFuzzTargets()
    {
    }

    public static FuzzTarget ingress()
    {
        final Recorder recorder = new Recorder();
        final InboundCheck inbound = new InboundCheck("fuzz gateway ingress", null);
        final IngressAdapter adapter = new IngressAdapter(null, recorder, inbound,
            new SourceLimits(1_000_000_000L, 1_000_000_000L, 16, null));
        return new FuzzTarget("gateway ingress", (buffer, offset, length, header) ->
        {
            adapter.nowNs(System.nanoTime());
            adapter.onFragment(buffer, offset, length, header);
        }, recorder, inbound);
    }

    public static FuzzTarget replicaInbound()
    {
        final Recorder recorder = new Recorder();
        final InboundCheck inbound = new InboundCheck("fuzz gateway inbound", null);
        final ReplicaAdapter adapter = new ReplicaAdapter(null, recorder, recorder, recorder, 3, inbound);
        return new FuzzTarget("gateway replica adapter", adapter::onFragment, recorder, inbound);
    }

    public static FuzzTarget peers()
    {
        final Recorder recorder = new Recorder();
        final InboundCheck inbound = new InboundCheck("fuzz gateway peers", null);
        final PeerAdapter adapter = new PeerAdapter(null, List.of(), 1, 2, 3, recorder, recorder, inbound);
        return new FuzzTarget("gateway peer adapter", (buffer, offset, length, header) ->
            adapter.onFragment(2, buffer, offset, length), recorder, inbound);
    }

    /**
     * Every gateway listener at once: counts the calls that act on a message and checks each buffer range handed
     * over; allocates nothing.
     */
    private static final class Recorder implements FuzzTarget.Record, IngressListener, ReplicaListener,
        LeadershipListener, TermListener, PeerListener
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

        private void history(final long[] epochs, final long[] starts, final int count)
        {
            if (count < 0 || count > epochs.length || count > starts.length)
            {
                badRanges++;
            }
        }

        public Action onRequest(final long clientId, final int imageSessionId, final long correlationId, final DirectBuffer payload,
            final int offset, final int length)
        {
            applied++;
            range(payload, offset, length);
            return Action.CONTINUE;
        }

        public void onMalformedRequest(final long clientId, final int imageSessionId, final long correlationId)
        {
            applied++;
        }

        public void onConnect(final long clientId, final int imageSessionId, final DirectBuffer buffer,
            final int channelOffset, final int channelLength, final int responseStreamId, final int credentialsOffset,
            final int credentialsLength)
        {
            applied++;
            range(buffer, channelOffset, channelLength);
            range(buffer, credentialsOffset, credentialsLength);
        }

        public void onChallengeResponse(final long clientId, final int imageSessionId, final DirectBuffer buffer,
            final int offset, final int length)
        {
            applied++;
            range(buffer, offset, length);
        }

        public Action onOutcomeQuery(final long clientId, final int imageSessionId, final long correlationId)
        {
            applied++;
            return Action.CONTINUE;
        }

        public Action onStatusQuery(final long clientId, final int imageSessionId, final long correlationId)
        {
            applied++;
            return Action.CONTINUE;
        }

        public Action onQuery(final long clientId, final int imageSessionId, final long queryId, final long minSeq,
            final DirectBuffer payload, final int offset, final int length)
        {
            applied++;
            range(payload, offset, length);
            return Action.CONTINUE;
        }

        public void onUnreadableIngress()
        {
        }

        public void onEpochVote(final int replicaId, final int candidateId, final long voteEpoch, final boolean granted,
            final long journaledSeq, final long lastEntryEpoch, final boolean preVote, final long[] historyEpochs,
            final long[] historyStarts, final int historyCount)
        {
            applied++;
            history(historyEpochs, historyStarts, historyCount);
        }

        public Action onFetchedSequenced(final DirectBuffer buffer, final int offset, final int length,
            final long entryEpoch, final long seq, final long clientId, final long correlationId)
        {
            applied++;
            range(buffer, offset, length);
            return Action.CONTINUE;
        }

        public void onResponseReplay(final int replicaId, final long seq, final boolean complete,
            final long firstAvailableSeq, final long responseEpoch, final long stateHash, final int outcome,
            final DirectBuffer buffer, final int messageOffset, final int messageLength, final int payloadOffset,
            final int payloadLength)
        {
            applied++;
            range(buffer, messageOffset, messageLength);
            range(buffer, payloadOffset, payloadLength);
        }

        public void onUnreadableReplicaMessage()
        {
        }

        public void onUnconfiguredReplica(final int replicaId)
        {
        }

        public void onPeerHeartbeat(final int peerId, final long peerEpoch, final long lastSeq,
            final long epochStartSeq, final long[] historyEpochs, final long[] historyStarts, final int historyCount)
        {
            applied++;
            history(historyEpochs, historyStarts, historyCount);
        }

        public void onJoinAccepted(final int peerId, final int targetId, final long acceptedEpoch, final long validSeq)
        {
            applied++;
        }

        public void onReplicaStatus(final int replicaId, final long epoch, final ReplicaState state,
            final long appliedSeq, final long journaledSeq, final long matchedEpoch, final long stateHash)
        {
            applied++;
        }

        public void onReplicaResponse(final long responseEpoch, final long seq, final int replicaId,
            final long stateHash, final int outcome, final DirectBuffer buffer, final int messageOffset,
            final int messageLength, final int payloadOffset, final int payloadLength)
        {
            applied++;
            range(buffer, messageOffset, messageLength);
            range(buffer, payloadOffset, payloadLength);
        }

        public void onJoinRequest(final int standbyId, final long standbyLastSeq, final long standbyLastEpoch)
        {
            applied++;
        }

        public void onRetransmitRequest(final int requesterId, final long fromSeq, final long toSeq)
        {
            applied++;
        }

        public void onSnapshotRequest(final int requesterId, final long requestEpoch)
        {
            applied++;
        }

        public Action onSnapshotChunk(final DirectBuffer buffer, final int offset, final int length, final int donorId,
            final int requesterId, final long seq, final int totalLength, final int chunkOffset, final int dataLength)
        {
            applied++;
            range(buffer, offset, length);
            if (chunkOffset < 0 || dataLength < 0 || (long)chunkOffset + dataLength > totalLength)
            {
                badRanges++;
            }
            return Action.CONTINUE;
        }

        public void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
        {
            applied++;
        }

        public void onEffectsReplay(final int replicaId, final long seq, final boolean complete,
            final long firstAvailableSeq, final DirectBuffer effects, final int offset, final int length)
        {
            applied++;
            range(effects, offset, length);
        }

        public void onQueryAnswer(final long queryId, final int replicaId, final QueryStatus status,
            final long appliedSeq, final DirectBuffer payload, final int offset, final int length)
        {
            applied++;
            range(payload, offset, length);
        }

        public Action onPeerSequenced(final int peerId, final DirectBuffer buffer, final int offset, final int length,
            final long entryEpoch, final long seq, final long clientId, final long correlationId)
        {
            applied++;
            range(buffer, offset, length);
            return Action.CONTINUE;
        }

        public void onPeerVoteRequest(final int peerId, final long requestEpoch, final boolean preVote)
        {
            applied++;
        }

        public void onUnreadablePeerMessage()
        {
        }
    }
}
