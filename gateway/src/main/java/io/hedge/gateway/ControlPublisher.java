package io.hedge.gateway;

import io.hedge.codecs.fabric.EpochVoteRequestEncoder;
import io.hedge.codecs.fabric.JoinAcceptedEncoder;
import io.hedge.codecs.fabric.JoinRequestEncoder;
import io.hedge.codecs.fabric.JournalFetchEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ResponseFetchEncoder;
import io.hedge.codecs.fabric.RetransmitRequestEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the gateway's control messages of takeover and of following: vote requests and fetches to replicas,
 * joins and retransmit requests between gateways. None is on the per-request path; each is offered once and, when
 * it meets back pressure, sent again by the caller's own retry timer.
 */
final class ControlPublisher
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final EpochVoteRequestEncoder voteRequest = new EpochVoteRequestEncoder();
    private final JournalFetchEncoder journalFetch = new JournalFetchEncoder();
    private final ResponseFetchEncoder responseFetch = new ResponseFetchEncoder();
    private final JoinRequestEncoder joinRequest = new JoinRequestEncoder();
    private final JoinAcceptedEncoder joinAccepted = new JoinAcceptedEncoder();
    private final RetransmitRequestEncoder retransmit = new RetransmitRequestEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    boolean voteRequest(final StreamOffer publication, final int candidateId, final long epoch, final long lastSeq)
    {
        voteRequest.wrapAndApplyHeader(buffer, 0, header).candidateId(candidateId).epoch(epoch).lastSeq(lastSeq);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + voteRequest.encodedLength()) > 0;
    }

    boolean journalFetch(
        final StreamOffer publication,
        final int gatewayId,
        final int replicaId,
        final long epoch,
        final long fromSeq,
        final long toSeq)
    {
        journalFetch.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId).replicaId(replicaId).epoch(epoch).fromSeq(fromSeq).toSeq(toSeq);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + journalFetch.encodedLength()) > 0;
    }

    boolean responseFetch(
        final StreamOffer publication, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
    {
        responseFetch.wrapAndApplyHeader(buffer, 0, header)
            .gatewayId(gatewayId).replicaId(replicaId).fromSeq(fromSeq).toSeq(toSeq);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + responseFetch.encodedLength()) > 0;
    }

    boolean joinRequest(final StreamOffer publication, final int gatewayId, final long lastSeq, final long lastEpoch)
    {
        joinRequest.wrapAndApplyHeader(buffer, 0, header).gatewayId(gatewayId).lastSeq(lastSeq).lastEpoch(lastEpoch);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + joinRequest.encodedLength()) > 0;
    }

    boolean joinAccepted(final StreamOffer publication, final int gatewayId, final long epoch, final long validSeq)
    {
        joinAccepted.wrapAndApplyHeader(buffer, 0, header).gatewayId(gatewayId).epoch(epoch).validSeq(validSeq);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + joinAccepted.encodedLength()) > 0;
    }

    boolean retransmitRequest(final StreamOffer publication, final int requesterId, final long fromSeq, final long toSeq)
    {
        retransmit.wrapAndApplyHeader(buffer, 0, header).replicaId(requesterId).fromSeq(fromSeq).toSeq(toSeq);
        return publication.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + retransmit.encodedLength()) > 0;
    }
}
