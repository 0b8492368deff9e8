package io.hedge.replicas;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The requester's side of a peer state transfer, made when a replica with an empty directory joins the stream and
 * gone once it is live: it asks the gateway for a live peer's snapshot (again when no chunk comes for a while),
 * assembles the chunks the gateway relays, loads the snapshot into a fresh state machine, checks its full-state hash,
 * keeps it in the replica's own store (a restart starts from it) and hands the state to the agent. It gives up, and
 * the replica goes live at seq 0 for gap repair to fetch everything, when no chunk comes for the timeout or the
 * snapshot cannot be kept; it ends at once when the gateway has nothing sequenced yet.
 * <p>
 * One transfer is assembled at a time, in order: a chunk at offset 0 starts (or restarts) one, every other chunk must
 * continue the current one exactly where it left off, or it is ignored. The agent thread only; the chunks of one
 * transfer come in order since one gateway publication relays them.
 */
final class PeerBootstrap
{
    /** Where the bootstrap stands; it changes only in {@link #step(Step)}. */
    enum Step
    {
        /** No transfer under way: a request goes out when due. */
        REQUESTING,
        /** Assembling the chunks of one transfer. */
        RECEIVING,
        /** Over, with the peer's state installed or without it: see {@link #outcome()}. */
        DONE
    }

    /** Where snapshot requests go: the gateway the replica follows. */
    @FunctionalInterface
    interface SnapshotRequests
    {
        void sendSnapshotRequest(int requesterId, long epoch);
    }

    /** The replica's own snapshot store; throws when the snapshot cannot be kept. */
    @FunctionalInterface
    interface SnapshotKeeper
    {
        void keep(long seq, long epoch, long rollingStateHash, long fullStateHash, DirectBuffer body, int length);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerBootstrap.class);

    private final int replicaId;
    private final String site;
    private final long retryIntervalNs;
    private final long timeoutNs;
    private final Supplier<StateMachine> stateMachineSupplier;
    private final SnapshotKeeper keeper;
    private final SnapshotRequests requestSink;
    private final ExpandableDirectByteBuffer body = new ExpandableDirectByteBuffer(64 * 1024);

    private final long startNs;
    private long lastProgressNs;
    private long lastChunkNs;
    private long nextRequestNs;
    private int requests;

    private Step step = Step.REQUESTING;
    private int donorId;
    private long seq;
    private long epoch;
    private long rollingStateHash;
    private long fullStateHash;
    private int totalLength;
    private int received;
    private long transferStartNs;
    private long chunksIgnored;
    private long liveMessagesLetGo;

    private StateMachine installed;
    private String outcome;

    /**
     * Begin bootstrapping: the first request goes out on the first duty cycle the gateway is reachable.
     *
     * @param retryIntervalNs ask again when no chunk came for this long.
     * @param timeoutNs       give up when nothing came (neither a first chunk nor the next one) for this long.
     * @param nowNs           now.
     */
    PeerBootstrap(
        final int replicaId,
        final String site,
        final long retryIntervalNs,
        final long timeoutNs,
        final Supplier<StateMachine> stateMachineSupplier,
        final SnapshotKeeper keeper,
        final SnapshotRequests requests,
        final long nowNs)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.retryIntervalNs = retryIntervalNs;
        this.timeoutNs = timeoutNs;
        this.stateMachineSupplier = stateMachineSupplier;
        this.keeper = keeper;
        this.requestSink = requests;
        startNs = nowNs;
        lastProgressNs = nowNs;
        lastChunkNs = nowNs - retryIntervalNs;
        nextRequestNs = nowNs;
    }

    /**
     * Ask (again) when due, give up after the timeout.
     *
     * @param gatewayReachable true when the followed gateway's replay stream and inbound endpoint are connected.
     * @param replicaEpoch     the replica's epoch, for the request.
     * @return work done.
     */
    int doWork(final long nowNs, final boolean gatewayReachable, final long replicaEpoch)
    {
        if (step == Step.DONE)
        {
            return 0;
        }
        if (timedOut(nowNs))
        {
            abandon("no snapshot came within " + timeoutNs / 1_000_000 + " ms (" + requests + " requests, " + received +
                " bytes of the last transfer)");
            return 1;
        }
        if (requestDue(nowNs) && gatewayReachable)
        {
            requestSink.sendSnapshotRequest(replicaId, replicaEpoch);
            requested(nowNs);
            LOG.info("replica {} (site {}): asked the gateway for a peer's snapshot (request {})", replicaId, site,
                requests);
            return 1;
        }
        return 0;
    }

    /**
     * The gateway answered a request with no donor while no transfer is under way: nothing is sequenced yet, so there
     * is no state to fetch.
     *
     * @return true if that ended the bootstrap.
     */
    boolean onNoDonor()
    {
        if (step != Step.REQUESTING)
        {
            return false;
        }
        outcome = "the gateway has nothing sequenced yet, so there is no state to fetch; live from seq 1";
        step(Step.DONE);
        return true;
    }

    /**
     * A live message arrived meanwhile: the snapshot will cover it, or gap repair will fetch it once the snapshot is
     * in.
     */
    void onLiveMessageLetGo()
    {
        liveMessagesLetGo++;
    }

    /**
     * Take one chunk addressed to this replica; the last one of a transfer installs the snapshot.
     *
     * @return true if the bootstrap is over: see {@link #installed()} and {@link #outcome()}.
     */
    boolean onSnapshotChunk(
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
        if (step == Step.DONE)
        {
            return true;
        }
        final int before = received;
        final boolean complete = onChunk(donorId, seq, epoch, rollingStateHash, fullStateHash,
            totalLength, chunkOffset, buffer, dataOffset, dataLength, nowNs);
        if (0 == chunkOffset && step == Step.RECEIVING)
        {
            LOG.info("replica {} (site {}): receiving a snapshot at seq {} ({} bytes) from replica {}",
                replicaId, site, seq, totalLength, donorId);
        }
        else if (step == Step.RECEIVING && (received >> 24) != (before >> 24))
        {
            LOG.info("replica {} (site {}): snapshot from replica {}: {} of {} bytes in {} ms", replicaId, site,
                donorId, received, totalLength, (nowNs - transferStartNs) / 1_000_000);
        }
        if (complete)
        {
            install(nowNs);
        }
        return step == Step.DONE;
    }

    /**
     * @return true once the bootstrap is over, installed or not.
     */
    boolean done()
    {
        return step == Step.DONE;
    }

    Step step()
    {
        return step;
    }

    /**
     * @return the state machine holding the peer's snapshot, kept and verified; null if the bootstrap ended without.
     */
    StateMachine installed()
    {
        return installed;
    }

    /**
     * @return how the bootstrap ended, for the log.
     */
    String outcome()
    {
        return outcome;
    }

    /**
     * All chunks of one transfer are in: load them into a fresh state machine, check the full-state hash and keep the
     * snapshot; a transfer that does not verify is forgotten and asked for again.
     */
    private void install(final long nowNs)
    {
        final StateMachine machine = stateMachineSupplier.get();
        try
        {
            machine.loadSnapshot(body, 0, totalLength);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("replica {} (site {}): snapshot from replica {} at seq {} cannot be loaded; asking again",
                replicaId, site, donorId, seq, ex);
            discard(nowNs);
            return;
        }
        if (machine.fullStateHash() != fullStateHash)
        {
            LOG.error("replica {} (site {}): snapshot from replica {} at seq {} loads to full-state hash {}, not {}; " +
                "asking again", replicaId, site, donorId, seq, Long.toHexString(machine.fullStateHash()),
                Long.toHexString(fullStateHash));
            discard(nowNs);
            return;
        }
        try
        {
            keeper.keep(seq, epoch, rollingStateHash, fullStateHash, body, totalLength);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("replica {} (site {}): cannot keep the snapshot from replica {} at seq {}", replicaId, site,
                donorId, seq, ex);
            abandon("the snapshot could not be written");
            return;
        }
        installed = machine;
        outcome = "bootstrapped from replica " + donorId + "'s snapshot at seq " + seq + ": " + totalLength +
            " bytes in " + (nowNs - transferStartNs) / 1_000_000 + " ms (" + (nowNs - startNs) / 1_000_000 +
            " ms since the first request, " + liveMessagesLetGo + " live messages let go meanwhile), state hash " +
            Long.toHexString(rollingStateHash) + "; live from seq " + (seq + 1) + ", gap repair fetches the rest";
        step(Step.DONE);
    }

    private void abandon(final String why)
    {
        LOG.warn("replica {} (site {}): bootstrap from a peer abandoned: {}; going live at seq 0, the gateway " +
            "will retransmit its journal from seq 1", replicaId, site, why);
        outcome = "bootstrap from a peer abandoned (" + why + "); the gateway retransmits its journal from seq 1";
        step(Step.DONE);
    }

    private void step(final Step next)
    {
        step = next;
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
        if (step != Step.DONE && 0 == chunkOffset && totalLength >= 0 && dataLength <= totalLength && seq > 0)
        {
            step(Step.RECEIVING);
            this.donorId = donorId;
            this.seq = seq;
            this.epoch = epoch;
            this.rollingStateHash = rollingStateHash;
            this.fullStateHash = fullStateHash;
            this.totalLength = totalLength;
            received = 0;
            transferStartNs = nowNs;
        }
        if (step != Step.RECEIVING || donorId != this.donorId || seq != this.seq || totalLength != this.totalLength ||
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
            step(Step.REQUESTING);
            return true;
        }
        return false;
    }

    /** Forget a transfer that completed but did not verify; the next request starts another. */
    void discard(final long nowNs)
    {
        step(Step.REQUESTING);
        received = 0;
        lastChunkNs = nowNs - retryIntervalNs;
        nextRequestNs = nowNs;
    }

    boolean receiving()
    {
        return step == Step.RECEIVING;
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

}
