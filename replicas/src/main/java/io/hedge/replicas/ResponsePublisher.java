package io.hedge.replicas;

import io.aeron.Publication;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import io.hedge.codecs.fabric.RetransmitRequestEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Encodes what a replica sends its gateway. The state machine writes its response straight into the
 * outgoing message, where the payload goes, so the response is never copied. A response the gateway's
 * stream pushes back is kept and offered again before the replica takes the next request; one that cannot
 * be sent because no gateway is connected is counted and let go, as the other replicas answer too.
 */
final class ResponsePublisher
{
    private final Publication publication;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ReplicaResponseEncoder responseEncoder = new ReplicaResponseEncoder();
    private final ReplicaStatusEncoder statusEncoder = new ReplicaStatusEncoder();
    private final RetransmitRequestEncoder retransmitEncoder = new RetransmitRequestEncoder();
    private final UnsafeBuffer responseBuffer;
    private final UnsafeBuffer statusBuffer = new UnsafeBuffer(new byte[128]);
    private int payloadLengthOffset;
    private int pendingLength;
    private long unsent;

    ResponsePublisher(final Publication publication, final int maxResponseLength)
    {
        this.publication = publication;
        this.responseBuffer = new UnsafeBuffer(new byte[
            MessageHeaderEncoder.ENCODED_LENGTH + ReplicaResponseEncoder.BLOCK_LENGTH + Integer.BYTES + maxResponseLength]);
    }

    /**
     * Start a response; the state machine then writes its payload into {@link #buffer()} at the returned offset.
     *
     * @return the offset at which the payload goes.
     */
    int begin(final long epoch, final long seq, final int replicaId, final long clientId, final long correlationId)
    {
        responseEncoder.wrapAndApplyHeader(responseBuffer, 0, headerEncoder)
            .epoch(epoch)
            .seq(seq)
            .replicaId(replicaId)
            .stateHash(0)
            .clientId(clientId)
            .correlationId(correlationId);
        payloadLengthOffset = responseEncoder.limit();
        return payloadLengthOffset + Integer.BYTES;
    }

    MutableDirectBuffer buffer()
    {
        return responseBuffer;
    }

    int maxPayloadLength()
    {
        return responseBuffer.capacity() - payloadLengthOffset - Integer.BYTES;
    }

    /**
     * Finish the response begun last and offer it.
     *
     * @return true if it was sent or let go; false if it is pending and must be retried.
     */
    boolean commit(final int payloadLength, final long stateHash)
    {
        responseEncoder.stateHash(stateHash);
        responseBuffer.putInt(payloadLengthOffset, payloadLength, ByteOrder.LITTLE_ENDIAN);
        pendingLength = payloadLengthOffset + Integer.BYTES + payloadLength;
        return retry();
    }

    boolean hasPending()
    {
        return pendingLength > 0;
    }

    /**
     * @return true if nothing is pending any more.
     */
    boolean retry()
    {
        if (pendingLength == 0)
        {
            return true;
        }
        final long result = publication.offer(responseBuffer, 0, pendingLength);
        if (result > 0)
        {
            pendingLength = 0;
            return true;
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            return false;
        }
        unsent++;
        pendingLength = 0;
        return true;
    }

    void sendStatus(
        final int replicaId,
        final long epoch,
        final long appliedSeq,
        final long journaledSeq,
        final long stateHash,
        final ReplicaState state,
        final long heldSeq)
    {
        statusEncoder.wrapAndApplyHeader(statusBuffer, 0, headerEncoder)
            .replicaId(replicaId)
            .epoch(epoch)
            .appliedSeq(appliedSeq)
            .journaledSeq(journaledSeq)
            .stateHash(stateHash)
            .state(state)
            .heldSeq(heldSeq);
        // a status lost to back pressure is replaced by the next one
        publication.offer(statusBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength());
    }

    /**
     * Ask the gateway for the seqs this replica missed; a request lost to back pressure is asked again later.
     */
    void sendRetransmitRequest(final int replicaId, final long fromSeq, final long toSeq)
    {
        retransmitEncoder.wrapAndApplyHeader(statusBuffer, 0, headerEncoder)
            .replicaId(replicaId)
            .fromSeq(fromSeq)
            .toSeq(toSeq);
        publication.offer(statusBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + retransmitEncoder.encodedLength());
    }

    long unsent()
    {
        return unsent;
    }
}
