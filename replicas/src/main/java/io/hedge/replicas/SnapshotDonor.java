package io.hedge.replicas;

import io.aeron.Publication;
import io.hedge.codecs.fabric.ReplicaState;
import org.agrona.DirectBuffer;
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
    /** Where the chunks go: the gateway the replica follows, which relays them to the requester. */
    interface ChunkSink
    {
        /**
         * @return true while a response is held by back pressure: it goes first, and the snapshot waits.
         */
        boolean hasPending();

        /**
         * @return as {@link Publication#offer}: positive if sent.
         */
        long offerSnapshotChunk(
            int donorId,
            int requesterId,
            long seq,
            long epoch,
            long rollingStateHash,
            long fullStateHash,
            int totalLength,
            int chunkOffset,
            DirectBuffer body,
            int dataLength);
    }

    /** Chunks offered per duty cycle at most. */
    static final int CHUNKS_PER_CYCLE = 4;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotDonor.class);

    private final int replicaId;
    private final String site;
    private final int chunkLength;
    private final ChunkSink sink;
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

    SnapshotDonor(final int replicaId, final String site, final int chunkLength, final ChunkSink sink)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.chunkLength = chunkLength;
        this.sink = sink;
    }

    /**
     * Between two applies: take the snapshot a requester asked for, then send a few of its chunks. A replica with no
     * state to give (nothing applied, not live yet, stopped) lets the request go.
     *
     * @param state        the replica's state.
     * @param stateMachine its state machine, holding the state after appliedSeq.
     * @return work done.
     */
    int doWork(
        final ReplicaState state,
        final StateMachine stateMachine,
        final long appliedSeq,
        final long epoch,
        final long stateHash)
    {
        int work = 0;
        if (hasRequest())
        {
            if (appliedSeq == 0 || state == ReplicaState.BOOTSTRAPPING || state == ReplicaState.STARTING ||
                state == ReplicaState.STOPPED)
            {
                dropRequest("this replica has no state to give (" + state + " at seq " + appliedSeq + ")");
            }
            else if (!sink.hasPending())
            {
                capture(stateMachine, appliedSeq, epoch, stateHash);
                work++;
            }
        }
        if (sending() && state != ReplicaState.STOPPED && !sink.hasPending())
        {
            work += send();
        }
        return work;
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

    private boolean hasRequest()
    {
        return 0 != pendingRequester;
    }

    private void dropRequest(final String why)
    {
        LOG.info("replica {} (site {}): snapshot request of replica {} let go: {}", replicaId, site, pendingRequester, why);
        pendingRequester = 0;
    }

    /**
     * Take the snapshot for the pending request: called between two applies, so the state is exactly after seq.
     */
    private void capture(final StateMachine stateMachine, final long seq, final long epoch, final long rollingStateHash)
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
    int send()
    {
        int sent = 0;
        while (0 != requesterId && sent < CHUNKS_PER_CYCLE)
        {
            final int dataLength = Math.min(chunkLength, length - sentOffset);
            final long result = sink.offerSnapshotChunk(replicaId, requesterId, seq, epoch, rollingStateHash,
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
