package io.hedge.replicas;

import io.aeron.Publication;
import io.hedge.codecs.fabric.EpochVoteEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a replica tells gateways beyond its responses: its status, to every gateway (so that standbys know which
 * replicas are live, and a stale active gateway learns of a newer epoch), and its votes, to a candidate.
 */
final class TakeoverReplies
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ReplicaStatusEncoder status = new ReplicaStatusEncoder();
    private final EpochVoteEncoder vote = new EpochVoteEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    void sendStatus(
        final GatewayLinks links,
        final int replicaId,
        final long epoch,
        final long appliedSeq,
        final long journaledSeq,
        final long stateHash,
        final ReplicaState state,
        final long heldSeq)
    {
        status.wrapAndApplyHeader(buffer, 0, header)
            .replicaId(replicaId)
            .epoch(epoch)
            .appliedSeq(appliedSeq)
            .journaledSeq(journaledSeq)
            .stateHash(stateHash)
            .state(state)
            .heldSeq(heldSeq);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength();
        for (int i = 0; i < links.size(); i++)
        {
            // a status lost to back pressure is replaced by the next one
            links.publicationAt(i).offer(buffer, 0, length);
        }
    }

    boolean sendVote(
        final Publication publication,
        final int replicaId,
        final int candidateId,
        final long epoch,
        final boolean granted,
        final long journaledSeq,
        final long lastEntryEpoch)
    {
        vote.wrapAndApplyHeader(buffer, 0, header)
            .replicaId(replicaId)
            .candidateId(candidateId)
            .epoch(epoch)
            .granted((short)(granted ? 1 : 0))
            .journaledSeq(journaledSeq)
            .lastEntryEpoch(lastEntryEpoch);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + vote.encodedLength()) > 0;
    }
}
