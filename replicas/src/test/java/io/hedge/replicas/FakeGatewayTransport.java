package io.hedge.replicas;

import io.hedge.codecs.fabric.EpochVoteDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.fabric.ReplicaStatusDecoder;
import io.hedge.codecs.fabric.RetransmitRequestDecoder;
import io.hedge.codecs.fabric.SnapshotChunkDecoder;
import io.hedge.codecs.fabric.SnapshotRequestDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Gateways 1..n as a replica's agent sees them, without a media driver: the test says whether the streams are
 * connected, and every message the replica offers is decoded into a line of {@link #sent} (statuses apart, as they
 * go every status interval).
 */
final class FakeGatewayTransport implements GatewayTransport
{
    final List<String> sent = new ArrayList<>();
    /** The history tail of the last vote sent: "epoch@startSeq", oldest first. */
    final List<String> voteHistory = new ArrayList<>();
    /** What the next offers return, in order; then 1024 (sent). */
    final Queue<Long> results = new ArrayDeque<>();
    int statuses;
    String lastStatus;
    boolean sequencedConnected;
    boolean replayConnected = true;
    boolean closed;
    private final int gateways;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RetransmitRequestDecoder retransmit = new RetransmitRequestDecoder();
    private final EpochVoteDecoder vote = new EpochVoteDecoder();
    private final ReplicaResponseDecoder response = new ReplicaResponseDecoder();
    private final SnapshotRequestDecoder snapshotRequest = new SnapshotRequestDecoder();
    private final ReplicaStatusDecoder status = new ReplicaStatusDecoder();

    FakeGatewayTransport(final int gateways)
    {
        this.gateways = gateways;
    }

    @Override
    public int poll(final int fragmentLimit)
    {
        return 0;
    }

    @Override
    public boolean anySequencedConnected()
    {
        return sequencedConnected;
    }

    @Override
    public boolean replayConnected(final int gatewayId)
    {
        return replayConnected;
    }

    @Override
    public int size()
    {
        return gateways;
    }

    @Override
    public int indexOf(final int gatewayId)
    {
        return gatewayId >= 1 && gatewayId <= gateways ? gatewayId - 1 : -1;
    }

    @Override
    public long offer(final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!results.isEmpty() && results.peek() < 0)
        {
            return results.remove();
        }
        results.poll();
        header.wrap(buffer, offset);
        final int gatewayId = index + 1;
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case ReplicaStatusDecoder.TEMPLATE_ID:
                statuses++;
                status.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                lastStatus = "status e" + status.epoch() + " journaled " + status.journaledSeq() + " matched " +
                    status.matchedEpoch() + " last entry epoch " + status.lastEntryEpoch() +
                    (0 == status.lastSnapshotSeq() ? "" : " snapshot " + status.lastSnapshotSeq());
                break;
            case ReplicaResponseDecoder.TEMPLATE_ID:
                response.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                sent.add("response " + response.seq() + " to " + gatewayId +
                    (1 == response.outcome() ? " rejected, " + response.payloadLength() + " bytes" : ""));
                break;
            case RetransmitRequestDecoder.TEMPLATE_ID:
                retransmit.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                sent.add("retransmit " + retransmit.fromSeq() + ".." + retransmit.toSeq() + " to " + gatewayId);
                break;
            case EpochVoteDecoder.TEMPLATE_ID:
                vote.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                sent.add((1 == vote.preVote() ? "pre-" : "") + (1 == vote.granted() ? "grant " : "refuse ") +
                    vote.candidateId() + "@" + vote.epoch() + " to " + gatewayId);
                voteHistory.clear();
                for (final EpochVoteDecoder.HistoryDecoder run : vote.history())
                {
                    voteHistory.add(run.epoch() + "@" + run.startSeq());
                }
                break;
            case SnapshotRequestDecoder.TEMPLATE_ID:
                snapshotRequest.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                sent.add("snapshot request of " + snapshotRequest.requesterId() + " to " + gatewayId);
                break;
            case SnapshotChunkDecoder.TEMPLATE_ID:
                sent.add("snapshot chunk to " + gatewayId);
                break;
            default:
                sent.add("template " + header.templateId() + " to " + gatewayId);
        }
        return 1024;
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
