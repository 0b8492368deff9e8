package io.hedge.gateway;

import io.aeron.Publication;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.SnapshotRequestEncoder;
import io.hedge.transport.FabricLimits;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Peer state transfer through the gateway, since replicas have no channels to each other. A replica with an empty
 * directory asks for a snapshot; the relay picks a donor (another replica, live by a fresh status, not divergent,
 * with the highest applied seq) and forwards the request to it on the replay stream, which every replica reads and
 * where only the addressed donor acts on it. The donor's chunks come back on the replica stream and are relayed onto
 * the replay stream unchanged; only the requester uses them. Nothing is dropped for back pressure: a forward waits
 * for the next duty cycle, a chunk is left in its image (ABORT) to be relayed next poll. The gateway thread only.
 */
final class SnapshotRelay
{
    static final long STATUS_FRESH_NS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRelay.class);

    private final StreamOffer publication;
    private final ResponseCollector collector;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SnapshotRequestEncoder requestEncoder = new SnapshotRequestEncoder();
    private final UnsafeBuffer requestBuffer = new UnsafeBuffer(new byte[64]);
    private final boolean[] pending = new boolean[FabricLimits.MAX_REPLICAS];
    private final int[] pendingDonor = new int[FabricLimits.MAX_REPLICAS];
    private final long[] pendingEpoch = new long[FabricLimits.MAX_REPLICAS];
    private final long[] pendingSinceNs = new long[FabricLimits.MAX_REPLICAS];
    private final long[] transferStartNs = new long[FabricLimits.MAX_REPLICAS];
    private int pendingCount;

    private volatile long requests;
    private volatile long requestsWithoutDonor;
    private volatile long chunksRelayed;
    private volatile long bytesRelayed;
    private volatile long snapshotsRelayed;
    private volatile long chunksUndeliverable;

    SnapshotRelay(final StreamOffer publication, final ResponseCollector collector)
    {
        this.publication = publication;
        this.collector = collector;
    }

    void onRequest(final int requesterId, final long epoch, final long nowNs, final long lastSeq)
    {
        if (requesterId <= 0 || requesterId >= FabricLimits.MAX_REPLICAS)
        {
            return;
        }
        requests++;
        if (0 == lastSeq)
        {
            // nothing sequenced yet: an empty replica already has the fabric's state; tell it so at once
            queue(requesterId, 0, epoch, nowNs);
            return;
        }
        final ReplicaStats donor = chooseDonor(requesterId, nowNs);
        if (null == donor && noReplicaHasState(requesterId))
        {
            // every replica is as empty as the requester (a fresh stream, under load from the start): no peer will
            // ever have a snapshot to give, so the journal is the only source; tell the requester at once
            LOG.info("replica {} asked for a snapshot, but no replica has applied anything yet; it takes the journal",
                requesterId);
            queue(requesterId, 0, epoch, nowNs);
            return;
        }
        if (null == donor)
        {
            requestsWithoutDonor++;
            LOG.warn("replica {} asked for a snapshot, but no other replica is live (fresh status, not divergent); " +
                "it will ask again, then fall back to a retransmit of the journal", requesterId);
            return;
        }
        LOG.info("replica {} asked for a snapshot: forwarded to replica {}, live at seq {} (gateway at seq {})",
            requesterId, donor.replicaId(), donor.appliedSeq(), lastSeq);
        queue(requesterId, donor.replicaId(), epoch, nowNs);
    }

    private boolean noReplicaHasState(final int requesterId)
    {
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            final ReplicaStats stats = collector.knownReplica(id);
            if (null != stats && id != requesterId && stats.appliedSeq() > 0)
            {
                return false;
            }
        }
        return true;
    }

    private ReplicaStats chooseDonor(final int requesterId, final long nowNs)
    {
        ReplicaStats best = null;
        for (int id = 1; id < FabricLimits.MAX_REPLICAS; id++)
        {
            final ReplicaStats stats = collector.knownReplica(id);
            if (null == stats || id == requesterId || stats.divergent() || stats.state() != ReplicaState.LIVE ||
                0 == stats.lastStatusNs() || nowNs - stats.lastStatusNs() > STATUS_FRESH_NS || stats.appliedSeq() <= 0)
            {
                continue;
            }
            if (null == best || stats.appliedSeq() > best.appliedSeq())
            {
                best = stats;
            }
        }
        return best;
    }

    private void queue(final int requesterId, final int donorId, final long epoch, final long nowNs)
    {
        if (!pending[requesterId])
        {
            pendingCount++;
        }
        pending[requesterId] = true;
        pendingDonor[requesterId] = donorId;
        pendingEpoch[requesterId] = epoch;
        pendingSinceNs[requesterId] = nowNs;
        doWork(nowNs);
    }

    /**
     * Offer the forwards that back pressure held, or that found the replay stream not yet connected to a replica
     * that has just joined it (kept for {@link #STATUS_FRESH_NS}, then let go: the requester asks again).
     *
     * @return forwards sent.
     */
    int doWork(final long nowNs)
    {
        if (0 == pendingCount)
        {
            return 0;
        }
        int work = 0;
        for (int requesterId = 1; requesterId < FabricLimits.MAX_REPLICAS; requesterId++)
        {
            if (!pending[requesterId])
            {
                continue;
            }
            requestEncoder.wrapAndApplyHeader(requestBuffer, 0, headerEncoder)
                .requesterId(requesterId)
                .epoch(pendingEpoch[requesterId])
                .donorId(pendingDonor[requesterId]);
            final long result = publication.offer(
                requestBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + requestEncoder.encodedLength());
            if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION ||
                result == Publication.NOT_CONNECTED && nowNs - pendingSinceNs[requesterId] < STATUS_FRESH_NS)
            {
                continue; // next cycle
            }
            if (result < 0)
            {
                LOG.warn("snapshot request of replica {} not forwarded: replay stream result {}", requesterId, result);
            }
            pending[requesterId] = false;
            pendingCount--;
            work++;
        }
        return work;
    }

    /**
     * Relay one chunk, unchanged, onto the replay stream.
     *
     * @return ABORT if the replay stream pushed back: the chunk stays in its image and comes again next poll.
     */
    Action onChunk(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int donorId,
        final int requesterId,
        final long seq,
        final int totalLength,
        final int chunkOffset,
        final int dataLength,
        final long nowNs)
    {
        final long result = publication.offer(buffer, offset, length);
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            return Action.ABORT;
        }
        if (result < 0)
        {
            chunksUndeliverable++; // no replica on the replay stream at all: nobody to deliver to
            return Action.CONTINUE;
        }
        chunksRelayed++;
        bytesRelayed += dataLength;
        final int slot = requesterId > 0 && requesterId < FabricLimits.MAX_REPLICAS ? requesterId : 0;
        if (0 == chunkOffset)
        {
            transferStartNs[slot] = nowNs;
            LOG.info("relaying a snapshot at seq {} ({} bytes) from replica {} to replica {}",
                seq, totalLength, donorId, requesterId);
        }
        if ((long)chunkOffset + dataLength >= totalLength)
        {
            snapshotsRelayed++;
            LOG.info("relayed a snapshot at seq {} ({} bytes) from replica {} to replica {} in {} ms",
                seq, totalLength, donorId, requesterId, (nowNs - transferStartNs[slot]) / 1_000_000);
        }
        return Action.CONTINUE;
    }

    long requests()
    {
        return requests;
    }

    long requestsWithoutDonor()
    {
        return requestsWithoutDonor;
    }

    long chunksRelayed()
    {
        return chunksRelayed;
    }

    long bytesRelayed()
    {
        return bytesRelayed;
    }

    long snapshotsRelayed()
    {
        return snapshotsRelayed;
    }
}
