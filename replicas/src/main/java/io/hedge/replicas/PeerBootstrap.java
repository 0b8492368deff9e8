package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * The requester's half of a peer state transfer: when to ask (again), when to give up, and the snapshot's bytes as
 * its chunks arrive. One transfer is assembled at a time, in order: a chunk at offset 0 starts (or restarts) one,
 * every other chunk must continue the current one exactly where it left off, or it is ignored. The agent thread
 * only; the chunks of one transfer come in order since one gateway publication relays them.
 */
final class PeerBootstrap
{
    private final long retryIntervalNs;
    private final long timeoutNs;
    private final ExpandableDirectByteBuffer body = new ExpandableDirectByteBuffer(64 * 1024);

    private long startNs;
    private long lastProgressNs;
    private long lastChunkNs;
    private long nextRequestNs;
    private int requests;

    private boolean receiving;
    private int donorId;
    private long seq;
    private long epoch;
    private long rollingStateHash;
    private long fullStateHash;
    private int totalLength;
    private int received;
    private long transferStartNs;
    private long chunksIgnored;

    PeerBootstrap(final long retryIntervalNs, final long timeoutNs)
    {
        this.retryIntervalNs = retryIntervalNs;
        this.timeoutNs = timeoutNs;
    }

    void begin(final long nowNs)
    {
        startNs = nowNs;
        lastProgressNs = nowNs;
        lastChunkNs = nowNs - retryIntervalNs;
        nextRequestNs = nowNs;
    }

    /**
     * @return true if a request should go out now: none yet, or the last one went unanswered by chunks for a while.
     */
    boolean requestDue(final long nowNs)
    {
        return nowNs - nextRequestNs >= 0 && nowNs - lastChunkNs >= retryIntervalNs;
    }

    void requested(final long nowNs)
    {
        requests++;
        nextRequestNs = nowNs + retryIntervalNs;
    }

    /**
     * @return true if nothing has come for the timeout: neither a first chunk nor the next one.
     */
    boolean timedOut(final long nowNs)
    {
        return nowNs - lastProgressNs >= timeoutNs;
    }

    /**
     * Take one chunk addressed to this replica.
     *
     * @return true if it completed a transfer: the snapshot is then in {@link #body()}.
     */
    boolean onChunk(
        final int donorId,
        final long seq,
        final long epoch,
        final long rollingStateHash,
        final long fullStateHash,
        final int totalLength,
        final int chunkOffset,
        final DirectBuffer buffer,
        final int dataOffset,
        final int dataLength,
        final long nowNs)
    {
        if (0 == chunkOffset && totalLength >= 0 && dataLength <= totalLength && seq > 0)
        {
            receiving = true;
            this.donorId = donorId;
            this.seq = seq;
            this.epoch = epoch;
            this.rollingStateHash = rollingStateHash;
            this.fullStateHash = fullStateHash;
            this.totalLength = totalLength;
            received = 0;
            transferStartNs = nowNs;
        }
        if (!receiving || donorId != this.donorId || seq != this.seq || totalLength != this.totalLength ||
            chunkOffset != received || (long)received + dataLength > totalLength)
        {
            chunksIgnored++;
            return false;
        }
        body.putBytes(chunkOffset, buffer, dataOffset, dataLength);
        received += dataLength;
        lastProgressNs = nowNs;
        lastChunkNs = nowNs;
        if (received == totalLength)
        {
            receiving = false;
            return true;
        }
        return false;
    }

    /** Forget a transfer that completed but did not verify; the next request starts another. */
    void discard(final long nowNs)
    {
        receiving = false;
        received = 0;
        lastChunkNs = nowNs - retryIntervalNs;
        nextRequestNs = nowNs;
    }

    boolean receiving()
    {
        return receiving;
    }

    ExpandableDirectByteBuffer body()
    {
        return body;
    }

    int donorId()
    {
        return donorId;
    }

    long seq()
    {
        return seq;
    }

    long epoch()
    {
        return epoch;
    }

    long rollingStateHash()
    {
        return rollingStateHash;
    }

    long fullStateHash()
    {
        return fullStateHash;
    }

    int totalLength()
    {
        return totalLength;
    }

    int received()
    {
        return received;
    }

    int requests()
    {
        return requests;
    }

    long chunksIgnored()
    {
        return chunksIgnored;
    }

    long startNs()
    {
        return startNs;
    }

    long transferStartNs()
    {
        return transferStartNs;
    }
}
