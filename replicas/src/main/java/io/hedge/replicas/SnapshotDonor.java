package io.hedge.replicas;

import io.aeron.Publication;
import org.agrona.ExpandableDirectByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The donor's half of a peer state transfer: a request the gateway forwarded here is taken at the next seq boundary
 * (the state machine's snapshot is written into a buffer of its own, between two applies), then sent to the gateway
 * a few chunks per duty cycle so that this replica keeps serving live traffic. A chunk pushed back is offered again
 * next cycle, never dropped. One transfer at a time: a request that comes while another is under way is let go
 * (its requester asks again). The agent thread only.
 */
final class SnapshotDonor
{
    /** Chunks offered per duty cycle at most. */
    static final int CHUNKS_PER_CYCLE = 4;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotDonor.class);

    private final int replicaId;
    private final String site;
    private final int chunkLength;
    private final ExpandableDirectByteBuffer body = new ExpandableDirectByteBuffer(64 * 1024);
    private int pendingRequester;
    private int requesterId;
    private long seq;
    private long epoch;
    private long rollingStateHash;
    private long fullStateHash;
    private int length;
    private int sentOffset;
    private boolean sentFirst;
    private long startNs;
    private volatile long transfersDonated;

    SnapshotDonor(final int replicaId, final String site, final int chunkLength)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.chunkLength = chunkLength;
    }

    void onRequest(final int requesterId)
    {
        if (requesterId == this.requesterId)
        {
            return; // already sending to it
        }
        if (0 != this.requesterId)
        {
            LOG.info("replica {} (site {}): busy sending a snapshot to replica {}; request of replica {} let go",
                replicaId, site, this.requesterId, requesterId);
            return;
        }
        pendingRequester = requesterId;
    }

    boolean hasRequest()
    {
        return 0 != pendingRequester;
    }

    void dropRequest(final String why)
    {
        LOG.info("replica {} (site {}): snapshot request of replica {} let go: {}", replicaId, site, pendingRequester, why);
        pendingRequester = 0;
    }

    /**
     * Take the snapshot for the pending request: called between two applies, so the state is exactly after seq.
     */
    void capture(final StateMachine stateMachine, final long seq, final long epoch, final long rollingStateHash)
    {
        startNs = System.nanoTime();
        requesterId = pendingRequester;
        pendingRequester = 0;
        this.seq = seq;
        this.epoch = epoch;
        this.rollingStateHash = rollingStateHash;
        length = stateMachine.writeSnapshot(body, 0);
        fullStateHash = stateMachine.fullStateHash();
        sentOffset = 0;
        sentFirst = false;
        LOG.info("replica {} (site {}): sending a snapshot at seq {} ({} bytes) to replica {} via the gateway",
            replicaId, site, seq, length, requesterId);
    }

    boolean sending()
    {
        return 0 != requesterId;
    }

    /**
     * Offer the next few chunks.
     *
     * @return chunks sent.
     */
    int send(final ResponsePublisher publisher)
    {
        int sent = 0;
        while (0 != requesterId && sent < CHUNKS_PER_CYCLE)
        {
            final int dataLength = Math.min(chunkLength, length - sentOffset);
            final long result = publisher.offerSnapshotChunk(replicaId, requesterId, seq, epoch, rollingStateHash,
                fullStateHash, length, sentOffset, body, dataLength);
            if (result > 0)
            {
                sentFirst = true;
                sentOffset += dataLength;
                sent++;
                if (sentOffset >= length)
                {
                    transfersDonated++;
                    LOG.info("replica {} (site {}): snapshot at seq {} ({} bytes) sent to replica {} in {} ms",
                        replicaId, site, seq, length, requesterId, (System.nanoTime() - startNs) / 1_000_000);
                    requesterId = 0;
                }
            }
            else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                break; // the same chunk again next cycle
            }
            else
            {
                LOG.warn("replica {} (site {}): snapshot to replica {} abandoned after {} of {} bytes: no gateway " +
                    "(publication result {}); the requester will ask again", replicaId, site, requesterId,
                    sentFirst ? sentOffset : 0, length, result);
                requesterId = 0;
                break;
            }
        }
        return sent;
    }

    long transfersDonated()
    {
        return transfersDonated;
    }
}
