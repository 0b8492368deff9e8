package io.hedge.replicas;

import io.aeron.Aeron;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.journal.JournalStartupCheck;
import io.hedge.journal.PromiseStore;
import io.hedge.journal.Snapshot;
import io.hedge.journal.SnapshotStore;
import org.agrona.ExpandableDirectByteBuffer;
import io.hedge.journal.SequencedJournal;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica: takes the sequenced stream in order, journals each request, applies it to the state machine,
 * folds the response into the rolling state hash and sends it to the gateway. It never applies out of order:
 * a seq beyond the next one is a gap, which holds the replica where it is until the gateway has retransmitted
 * what is missing from its journal.
 * <p>
 * A replica that starts with an empty directory (no journal, no snapshot) first bootstraps from a live peer when
 * {@link ReplicaContext#bootstrapFromPeer()}: it asks the gateway for a snapshot, which the gateway has a live
 * replica (the donor) take at a seq boundary and send in chunks, relayed on the replay stream; the requester loads and
 * verifies it, persists it, starts its journal after its seq and goes live, and ordinary gap repair fetches the rest.
 * Any replica can be a donor, and keeps serving live traffic while it sends.
 */
public final class ReplicaAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaAgent.class);

    private final ReplicaContext ctx;
    private final NanoClock nanoClock;
    private StateMachine stateMachine;
    private final SequencedJournal journal;
    private final SnapshotStore snapshots;
    private final ExpandableDirectByteBuffer snapshotBuffer = new ExpandableDirectByteBuffer(64 * 1024);
    private volatile boolean snapshotRequested;
    private volatile long lastSnapshotSeq;
    private final GatewayLinks links;
    private final PromiseStore promise;
    private final TakeoverReplies replies = new TakeoverReplies();
    private final JournalFetchServer journalFetch;
    private final ResponseLog responseLog;
    private final ResponseFetchServer responseFetch;
    private final ResponsePublisher publisher;
    private final SnapshotDonor donor;
    private PeerBootstrap bootstrap;
    private volatile long bootstrapSnapshotSeq;
    private volatile long bootstrapDroppedMessages;

    private volatile long epoch;
    private volatile int leaderId;
    private long lastLeaderHeartbeatNs;
    private long lastEntryEpoch;
    private volatile long votesGranted;
    private volatile long votesRefused;
    private volatile long appliedSeq;
    private volatile long stateHash;
    private volatile ReplicaState state = ReplicaState.STARTING;
    private long heldSeq;
    private long highestSeenSeq;
    private long gapStartNs;
    private long retransmitDeadlineNs;
    private long appliedAtLastRequest;
    private long requestedToSeq;
    private long appliedAtLastHeartbeat;
    private volatile long gapsRepaired;
    private volatile long gatewayLastSeq;
    private long nextStatusNs;
    private volatile long staleEpochMessages;
    private volatile long duplicatesIgnored;
    private volatile long gapsDetected;
    private volatile long unreadableMessages;

    ReplicaAgent(final ReplicaContext ctx, final Aeron aeron, final NanoClock nanoClock)
    {
        this.ctx = ctx;
        this.nanoClock = nanoClock;
        JournalStartupCheck.check(ctx.journalDir(), "replica " + ctx.replicaId() + " (site " + ctx.site() + ")");
        this.journal = SequencedJournal.open(ctx.journalDir());
        boolean started = false;
        try
        {
            this.snapshots = new SnapshotStore(ctx.snapshotDir(), ctx.snapshotRetain());
            this.stateMachine = loadNewestSnapshot();
            lastEntryEpoch = epoch;
            replayJournal();
            promise = PromiseStore.open(ctx.promiseFile());
            if (promise.epoch() >= epoch)
            {
                epoch = promise.epoch();
                leaderId = promise.leaderId();
            }
            journalFetch = new JournalFetchServer(journal);
            responseLog = new ResponseLog(ctx.responseLogEntries(), ctx.responseLogBytes());
            responseFetch = new ResponseFetchServer(ctx.replicaId(), responseLog);
            links = new GatewayLinks(aeron, ctx.gateways(), ctx.sequencedStreamId(), ctx.replayStreamId(),
                ctx.gatewayStreamId(), this);
            publisher = new ResponsePublisher(
                links.publication(0 == leaderId ? ctx.gateways().get(0).gatewayId() : leaderId), ctx.maxResponseLength(),
                stateMachine.maxEffectsLength());
            donor = new SnapshotDonor(ctx.replicaId(), ctx.site(), ctx.snapshotChunkLength());
            if (ctx.bootstrapFromPeer() && 0 == appliedSeq && 0 == journal.lastSeq())
            {
                bootstrap = new PeerBootstrap(ctx.bootstrapRetryIntervalNs(), ctx.bootstrapTimeoutNs());
            }
            started = true;
        }
        finally
        {
            if (!started)
            {
                journal.close();
            }
        }
    }

    /**
     * The newest snapshot whose state, once loaded, hashes to what the snapshot says; older ones if it does not.
     *
     * @return a state machine holding the snapshot's state, or a fresh one when there is none.
     */
    private StateMachine loadNewestSnapshot()
    {
        final long startNs = System.nanoTime();
        final StateMachine[] loaded = new StateMachine[1];
        final Snapshot snapshot = snapshots.loadNewestValid(candidate ->
        {
            final StateMachine machine = ctx.stateMachineSupplier().get();
            machine.loadSnapshot(candidate.body(), 0, candidate.bodyLength());
            if (machine.fullStateHash() != candidate.fullStateHash())
            {
                return false;
            }
            loaded[0] = machine;
            return true;
        });
        snapshots.rejected().forEach(r -> LOG.warn("replica {} (site {}): snapshot refused: {}",
            ctx.replicaId(), ctx.site(), r));
        if (null == snapshot)
        {
            if (journal.firstSeq() > 1)
            {
                throw new IllegalStateException("replica " + ctx.replicaId() + " (site " + ctx.site() + "): journal " +
                    ctx.journalDir() + " starts at seq " + journal.firstSeq() + " but no valid snapshot in " +
                    ctx.snapshotDir() + " holds the state before it");
            }
            return ctx.stateMachineSupplier().get();
        }
        if (0 == journal.firstSeq())
        {
            // a replica bootstrapped from a peer's snapshot that stopped before journaling anything after it
            journal.startAfter(snapshot.seq());
            LOG.info("replica {} (site {}): journal {} is empty; it continues after the snapshot's seq {}",
                ctx.replicaId(), ctx.site(), ctx.journalDir(), snapshot.seq());
        }
        else if (journal.firstSeq() > snapshot.seq() + 1)
        {
            throw new IllegalStateException("replica " + ctx.replicaId() + " (site " + ctx.site() + "): snapshot " +
                snapshot.file() + " is at seq " + snapshot.seq() + " but the journal " + ctx.journalDir() +
                " starts at seq " + journal.firstSeq() + "; seqs " + (snapshot.seq() + 1) + ".." +
                (journal.firstSeq() - 1) + " are in neither");
        }
        if (snapshot.seq() > journal.lastSeq())
        {
            throw new IllegalStateException("replica " + ctx.replicaId() + " (site " + ctx.site() + "): snapshot " +
                snapshot.file() + " is at seq " + snapshot.seq() + " but the journal " + ctx.journalDir() +
                " ends at seq " + journal.lastSeq() + "; the journal has lost records the snapshot covers");
        }
        appliedSeq = snapshot.seq();
        stateHash = snapshot.rollingStateHash();
        epoch = snapshot.epoch();
        lastSnapshotSeq = snapshot.seq();
        LOG.info("replica {} (site {}): loaded snapshot {} at seq {} ({} bytes) in {} ms", ctx.replicaId(), ctx.site(),
            snapshot.file().getFileName(), snapshot.seq(), snapshot.bodyLength(), (System.nanoTime() - startNs) / 1_000_000);
        return loaded[0];
    }

    /**
     * A restarted replica rebuilds its state from its own journal, after its snapshot, before it takes anything new.
     */
    private void replayJournal()
    {
        if (journal.lastSeq() == appliedSeq)
        {
            LOG.info("replica {} (site {}): journal {} holds nothing after seq {}, continuing from seq {}",
                ctx.replicaId(), ctx.site(), ctx.journalDir(), appliedSeq, appliedSeq + 1);
            return;
        }
        final JournalReplayer.Result result = new JournalReplayer(stateMachine, ctx.maxResponseLength())
            .startAfter(appliedSeq, epoch, stateHash)
            .replay(
            journal,
            (applied, lastSeq, elapsedNs) -> LOG.info("replica {} (site {}): replaying journal, {} applied so far",
                ctx.replicaId(), ctx.site(), applied),
            java.util.concurrent.TimeUnit.SECONDS.toNanos(1));
        appliedSeq = result.lastSeq();
        stateHash = result.stateHash();
        epoch = Math.max(epoch, result.lastEpoch());
        lastEntryEpoch = Math.max(lastEntryEpoch, result.lastEpoch());
        final double seconds = result.elapsedNs() / 1e9;
        LOG.info("replica {} (site {}): replayed {} journaled requests up to seq {} in {} s ({} per second), " +
            "state hash {}", ctx.replicaId(), ctx.site(), result.applied(), appliedSeq, String.format("%.3f", seconds),
            String.format("%.0f", result.applied() / Math.max(seconds, 1e-9)), Long.toHexString(stateHash));
    }

    @Override
    public String roleName()
    {
        return "hedge-replica-" + ctx.site();
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (state == ReplicaState.STARTING && links.anySequencedConnected())
        {
            // joined the sequenced stream: from here on every message the gateway publishes reaches this replica
            if (null != bootstrap)
            {
                state = ReplicaState.BOOTSTRAPPING;
                bootstrap.begin(nanoClock.nanoTime());
                LOG.info("replica {} (site {}) joined the sequenced stream with an empty directory: bootstrapping " +
                    "from a live peer's snapshot", ctx.replicaId(), ctx.site());
            }
            else
            {
                state = ReplicaState.LIVE;
                LOG.info("replica {} (site {}) joined the sequenced stream at seq {}", ctx.replicaId(), ctx.site(),
                    appliedSeq);
            }
        }
        if (state != ReplicaState.STOPPED && publisher.retry())
        {
            work += links.poll(ctx.fragmentLimit());
        }
        work += journalFetch.doWork();
        work += responseFetch.doWork();
        work += donate();
        if (snapshotRequested && state != ReplicaState.STOPPED)
        {
            snapshotRequested = false;
            takeSnapshot();
            work++;
        }
        final long nowNs = nanoClock.nanoTime();
        if (state == ReplicaState.BOOTSTRAPPING)
        {
            work += bootstrapWork(nowNs);
        }
        if (state == ReplicaState.HELD_AT_GAP && nowNs - retransmitDeadlineNs >= 0)
        {
            if (appliedSeq > appliedAtLastRequest)
            {
                // the retransmit is arriving: asking again would restart it from here and send much of it twice
                appliedAtLastRequest = appliedSeq;
                retransmitDeadlineNs = nowNs + ctx.retransmitTimeoutNs();
            }
            else
            {
                requestRetransmit(nowNs);
            }
            work++;
        }
        if (nowNs - nextStatusNs >= 0)
        {
            replies.sendStatus(links, ctx.replicaId(), epoch, appliedSeq, journal.lastSeq(), stateHash, state, heldSeq);
            nextStatusNs = nowNs + ctx.statusIntervalNs();
            work++;
        }
        return work;
    }

    Action onSequenced(
        final int gatewayId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long messageEpoch,
        final long seq,
        final long timestampNs,
        final long clientId,
        final long correlationId,
        final int payloadOffset,
        final int payloadLength)
    {
        if (publisher.hasPending() || state == ReplicaState.STOPPED)
        {
            return Action.ABORT;
        }
        if (state == ReplicaState.DIVERGED)
        {
            return Action.CONTINUE;
        }
        if (state == ReplicaState.BOOTSTRAPPING)
        {
            // the snapshot will cover it or gap repair will fetch it once the snapshot is in
            bootstrapDroppedMessages++;
            return Action.CONTINUE;
        }
        if (gatewayId != leaderId || messageEpoch > epoch)
        {
            // from a gateway this replica does not follow: a stale active one, or a new one not yet heard to lead
            staleEpochMessages++;
            return Action.CONTINUE;
        }
        if (seq <= appliedSeq)
        {
            duplicatesIgnored++;
            return Action.CONTINUE;
        }
        if (seq != appliedSeq + 1)
        {
            onGap(seq);
            return Action.CONTINUE;
        }

        journal.append(buffer, offset, length);
        lastEntryEpoch = messageEpoch;
        final int responseOffset = publisher.begin(epoch, seq, ctx.replicaId(), clientId, correlationId);
        final int responseLength;
        try
        {
            responseLength = stateMachine.apply(
                seq, timestampNs, buffer, payloadOffset, payloadLength, publisher.buffer(), responseOffset);
        }
        catch (final RuntimeException ex)
        {
            // the state may be half changed: applying anything more could diverge silently, so stop here
            state = ReplicaState.STOPPED;
            LOG.error("replica {} (site {}): state machine failed at seq {}; replica stopped",
                ctx.replicaId(), ctx.site(), seq, ex);
            return Action.CONTINUE;
        }
        // effects are output too: a replica whose effects differ diverges, even if its response does not
        final int effectsOffset = publisher.effectsOffset(responseLength);
        final int effectsLength = stateMachine.effects(publisher.buffer(), effectsOffset);
        stateHash = StateHash.afterApply(stateHash, seq, publisher.buffer(), responseOffset, responseLength,
            publisher.buffer(), effectsOffset, effectsLength);
        appliedSeq = seq;
        if (state == ReplicaState.HELD_AT_GAP && seq >= highestSeenSeq)
        {
            state = ReplicaState.LIVE;
            heldSeq = 0;
            gapsRepaired++;
            LOG.info("replica {} (site {}): gap repaired, caught up to seq {} in {} ms", ctx.replicaId(), ctx.site(),
                seq, (nanoClock.nanoTime() - gapStartNs) / 1_000_000);
        }
        else if (state == ReplicaState.HELD_AT_GAP && seq == requestedToSeq)
        {
            // the retransmit is done but the stream has moved on meanwhile: ask for the rest at once
            requestRetransmit(nanoClock.nanoTime());
        }
        publisher.commit(responseLength, effectsLength, stateHash);
        responseLog.record(seq, publisher.buffer(), 0, publisher.lastMessageLength());
        if (ctx.snapshotInterval() > 0 && seq % ctx.snapshotInterval() == 0)
        {
            takeSnapshot();
        }
        return Action.CONTINUE;
    }

    /**
     * Between two applies: take the snapshot a requester asked for, then send a few of its chunks per duty cycle.
     */
    private int donate()
    {
        int work = 0;
        if (donor.hasRequest())
        {
            if (appliedSeq == 0 || state == ReplicaState.BOOTSTRAPPING || state == ReplicaState.STARTING ||
                state == ReplicaState.STOPPED)
            {
                donor.dropRequest("this replica has no state to give (" + state + " at seq " + appliedSeq + ")");
            }
            else if (!publisher.hasPending())
            {
                donor.capture(stateMachine, appliedSeq, epoch, stateHash);
                work++;
            }
        }
        if (donor.sending() && state != ReplicaState.STOPPED && !publisher.hasPending())
        {
            work += donor.send(publisher);
        }
        return work;
    }

    private int bootstrapWork(final long nowNs)
    {
        if (bootstrap.timedOut(nowNs))
        {
            fallBackToRetransmit("no snapshot came within " + ctx.bootstrapTimeoutNs() / 1_000_000 + " ms (" +
                bootstrap.requests() + " requests, " + bootstrap.received() + " bytes of the last transfer)");
            return 1;
        }
        if (bootstrap.requestDue(nowNs) && 0 != leaderId && links.replayConnected(leaderId))
        {
            publisher.sendSnapshotRequest(ctx.replicaId(), epoch);
            bootstrap.requested(nowNs);
            LOG.info("replica {} (site {}): asked the gateway for a peer's snapshot (request {})",
                ctx.replicaId(), ctx.site(), bootstrap.requests());
            return 1;
        }
        return 0;
    }

    private void fallBackToRetransmit(final String why)
    {
        LOG.warn("replica {} (site {}): bootstrap from a peer abandoned: {}; going live at seq {}, the gateway " +
            "will retransmit its journal from seq {}", ctx.replicaId(), ctx.site(), why, appliedSeq, appliedSeq + 1);
        bootstrap = null;
        state = ReplicaState.LIVE;
    }

    private void nothingToBootstrap()
    {
        LOG.info("replica {} (site {}): the gateway has nothing sequenced yet, so there is no state to fetch; live " +
            "from seq 1", ctx.replicaId(), ctx.site());
        bootstrap = null;
        state = ReplicaState.LIVE;
    }

    void onSnapshotRequest(final int gatewayId, final int requesterId, final long requestEpoch, final int donorId)
    {
        if (gatewayId != leaderId)
        {
            return;
        }
        if (donorId == ctx.replicaId() && requesterId != ctx.replicaId())
        {
            donor.onRequest(requesterId);
        }
        else if (0 == donorId && requesterId == ctx.replicaId() && state == ReplicaState.BOOTSTRAPPING &&
            !bootstrap.receiving())
        {
            nothingToBootstrap();
        }
    }

    boolean wantsChunk(final int gatewayId, final int requesterId)
    {
        return gatewayId == leaderId && requesterId == ctx.replicaId() && state == ReplicaState.BOOTSTRAPPING;
    }

    void onSnapshotChunk(
        final int donorId,
        final long seq,
        final long chunkEpoch,
        final long rollingStateHash,
        final long fullStateHash,
        final int totalLength,
        final int chunkOffset,
        final DirectBuffer buffer,
        final int dataOffset,
        final int dataLength)
    {
        final long nowNs = nanoClock.nanoTime();
        final int before = bootstrap.received();
        final boolean complete = bootstrap.onChunk(donorId, seq, chunkEpoch, rollingStateHash, fullStateHash,
            totalLength, chunkOffset, buffer, dataOffset, dataLength, nowNs);
        if (0 == chunkOffset && bootstrap.receiving())
        {
            LOG.info("replica {} (site {}): receiving a snapshot at seq {} ({} bytes) from replica {}",
                ctx.replicaId(), ctx.site(), seq, totalLength, donorId);
        }
        else if (bootstrap.receiving() && (bootstrap.received() >> 24) != (before >> 24))
        {
            LOG.info("replica {} (site {}): snapshot from replica {}: {} of {} bytes in {} ms", ctx.replicaId(),
                ctx.site(), donorId, bootstrap.received(), totalLength, (nowNs - bootstrap.transferStartNs()) / 1_000_000);
        }
        if (complete)
        {
            onSnapshotReceived(nowNs);
        }
    }

    /**
     * All chunks of one transfer are in: load them into a fresh state machine, check the full-state hash, keep the
     * snapshot in this replica's own store (a restart starts from it), start the journal after it and go live.
     */
    private void onSnapshotReceived(final long nowNs)
    {
        final PeerBootstrap b = bootstrap;
        final StateMachine machine = ctx.stateMachineSupplier().get();
        try
        {
            machine.loadSnapshot(b.body(), 0, b.totalLength());
        }
        catch (final RuntimeException ex)
        {
            LOG.error("replica {} (site {}): snapshot from replica {} at seq {} cannot be loaded; asking again",
                ctx.replicaId(), ctx.site(), b.donorId(), b.seq(), ex);
            b.discard(nowNs);
            return;
        }
        if (machine.fullStateHash() != b.fullStateHash())
        {
            LOG.error("replica {} (site {}): snapshot from replica {} at seq {} loads to full-state hash {}, not {}; " +
                "asking again", ctx.replicaId(), ctx.site(), b.donorId(), b.seq(),
                Long.toHexString(machine.fullStateHash()), Long.toHexString(b.fullStateHash()));
            b.discard(nowNs);
            return;
        }
        try
        {
            snapshots.write(b.seq(), b.epoch(), b.rollingStateHash(), b.fullStateHash(), b.body(), 0, b.totalLength());
        }
        catch (final RuntimeException ex)
        {
            LOG.error("replica {} (site {}): cannot keep the snapshot from replica {} in {}", ctx.replicaId(), ctx.site(),
                b.donorId(), ctx.snapshotDir(), ex);
            fallBackToRetransmit("the snapshot could not be written");
            return;
        }
        journal.startAfter(b.seq());
        stateMachine = machine;
        appliedSeq = b.seq();
        stateHash = b.rollingStateHash();
        epoch = Math.max(epoch, b.epoch());
        lastSnapshotSeq = b.seq();
        appliedAtLastHeartbeat = 0;
        bootstrapSnapshotSeq = b.seq();
        bootstrap = null;
        state = ReplicaState.LIVE;
        final long transferMs = (nowNs - b.transferStartNs()) / 1_000_000;
        LOG.info("replica {} (site {}): bootstrapped from replica {}'s snapshot at seq {}: {} bytes in {} ms " +
            "({} ms since the first request, {} live messages let go meanwhile), state hash {}; live from seq {}, " +
            "gap repair fetches the rest", ctx.replicaId(), ctx.site(), b.donorId(), b.seq(), b.totalLength(),
            transferMs, (nowNs - b.startNs()) / 1_000_000, bootstrapDroppedMessages, Long.toHexString(stateHash),
            appliedSeq + 1);
    }

    /**
     * @return the seq of the peer snapshot this replica bootstrapped from, 0 if it did not.
     */
    public long bootstrapSnapshotSeq()
    {
        return bootstrapSnapshotSeq;
    }

    /**
     * @return snapshots this replica sent to bootstrapping peers.
     */
    public long snapshotsDonated()
    {
        return donor.transfersDonated();
    }

    /**
     * Ask for a snapshot at the next seq boundary the agent reaches; safe from any thread.
     */
    public void requestSnapshot()
    {
        snapshotRequested = true;
    }

    /**
     * @return the seq of the last snapshot written or loaded, 0 if none.
     */
    public long lastSnapshotSeq()
    {
        return lastSnapshotSeq;
    }

    /**
     * Written on the agent thread between two seqs, so the state is exactly the state after appliedSeq. It pauses
     * this replica for as long as it takes (about 10 ms for a book of 100,000 orders); the others go on.
     */
    private void takeSnapshot()
    {
        if (appliedSeq == 0 || appliedSeq == lastSnapshotSeq)
        {
            return;
        }
        final long startNs = System.nanoTime();
        final int length = stateMachine.writeSnapshot(snapshotBuffer, 0);
        final java.nio.file.Path file = snapshots.write(
            appliedSeq, epoch, stateHash, stateMachine.fullStateHash(), snapshotBuffer, 0, length);
        lastSnapshotSeq = appliedSeq;
        LOG.info("replica {} (site {}): snapshot at seq {} written to {} ({} bytes, {} ms)", ctx.replicaId(), ctx.site(),
            appliedSeq, file, length, (System.nanoTime() - startNs) / 1_000_000);
    }

    /**
     * A seq beyond the next one: hold where we are, never skip, and ask the gateway for what is missing. Messages
     * beyond the gap are let go meanwhile and come again in the retransmit, which runs up to the highest seq seen.
     */
    private void onGap(final long seq)
    {
        highestSeenSeq = Math.max(highestSeenSeq, seq);
        if (state != ReplicaState.HELD_AT_GAP)
        {
            gapsDetected++;
            state = ReplicaState.HELD_AT_GAP;
            heldSeq = seq;
            gapStartNs = nanoClock.nanoTime();
            LOG.warn("replica {} (site {}): gap: expected seq {} but received {}; holding at {} and asking for a retransmit",
                ctx.replicaId(), ctx.site(), appliedSeq + 1, seq, appliedSeq);
            requestRetransmit(gapStartNs);
        }
        else if (seq < heldSeq)
        {
            heldSeq = seq;
        }
    }

    private void requestRetransmit(final long nowNs)
    {
        requestedToSeq = Math.max(highestSeenSeq, gatewayLastSeq);
        publisher.sendRetransmitRequest(ctx.replicaId(), appliedSeq + 1, requestedToSeq);
        appliedAtLastRequest = appliedSeq;
        retransmitDeadlineNs = nowNs + ctx.retransmitTimeoutNs();
    }

    void onHeartbeat(final int gatewayId, final long heartbeatEpoch, final long lastSeq, final long epochStartSeq)
    {
        if (heartbeatEpoch < epoch || state == ReplicaState.DIVERGED)
        {
            return;
        }
        if (heartbeatEpoch > epoch || 0 == leaderId)
        {
            if (!adoptEpoch(gatewayId, heartbeatEpoch, epochStartSeq))
            {
                return;
            }
        }
        if (gatewayId != leaderId)
        {
            return;
        }
        lastLeaderHeartbeatNs = nanoClock.nanoTime();
        gatewayLastSeq = lastSeq;
        // the last messages of a burst can be lost with nothing after them to reveal the gap: the heartbeat does
        if (state == ReplicaState.LIVE && lastSeq > appliedSeq && appliedSeq == appliedAtLastHeartbeat)
        {
            onGap(lastSeq);
        }
        appliedAtLastHeartbeat = appliedSeq;
    }

    /**
     * Follow a gateway heard leading an epoch this replica did not vote in (it was down, or voted for a loser). If
     * this replica journaled seqs at or after the new epoch's start from an older epoch, the new epoch re-sequenced
     * them: it applied requests the stream abandoned and can only be rebuilt, never continue.
     *
     * @return true if the epoch was adopted.
     */
    private boolean adoptEpoch(final int gatewayId, final long newEpoch, final long epochStartSeq)
    {
        if (epochStartSeq > 0 && journal.lastSeq() >= epochStartSeq && lastEntryEpoch < newEpoch)
        {
            state = ReplicaState.DIVERGED;
            LOG.error("replica {} (site {}): DIVERGED: it journaled seqs {}..{} in epoch {}, but epoch {} (gateway {}) " +
                "sequenced anew from seq {}; this replica must be rebuilt from a peer (empty its directory and " +
                "restart it)", ctx.replicaId(), ctx.site(), epochStartSeq, journal.lastSeq(), lastEntryEpoch, newEpoch,
                gatewayId, epochStartSeq);
            return false;
        }
        promise.promise(newEpoch, gatewayId);
        LOG.info("replica {} (site {}): following gateway {} in epoch {} (was gateway {} in epoch {})", ctx.replicaId(),
            ctx.site(), gatewayId, newEpoch, leaderId, epoch);
        epoch = newEpoch;
        follow(gatewayId);
        return true;
    }

    private void follow(final int gatewayId)
    {
        leaderId = gatewayId;
        publisher.publication(links.publication(gatewayId));
        lastLeaderHeartbeatNs = nanoClock.nanoTime();
    }

    /**
     * A standby stands for a higher epoch. Vote for it only if the epoch is above every one promised, and only if the
     * gateway this replica follows has been silent for the hold-off (a standby that just missed heartbeats cannot
     * unseat an active gateway the replicas still hear). The promise is on disk before the vote leaves.
     */
    void onVoteRequest(final int gatewayId, final int candidateId, final long requestEpoch)
    {
        final io.aeron.Publication reply = links.publication(candidateId);
        if (gatewayId != candidateId || null == reply)
        {
            unreadableMessages++;
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        // a bootstrapping replica votes too (it reports journaled seq 0): a fresh stream's replicas all bootstrap,
        // and need an elected gateway to relay their snapshots
        final boolean able = state != ReplicaState.DIVERGED && state != ReplicaState.STOPPED;
        final boolean repeat = requestEpoch == epoch && candidateId == leaderId;
        final boolean leaderSilent = 0 == leaderId || candidateId == leaderId ||
            nowNs - lastLeaderHeartbeatNs >= ctx.voteHoldoffNs();
        final boolean grant = able && (repeat || (requestEpoch > epoch && leaderSilent));
        if (grant && !repeat)
        {
            promise.promise(requestEpoch, candidateId);
            LOG.info("replica {} (site {}): voted for gateway {} in epoch {} (was gateway {} in epoch {}), journal at " +
                "seq {}", ctx.replicaId(), ctx.site(), candidateId, requestEpoch, leaderId, epoch, journal.lastSeq());
            epoch = requestEpoch;
            follow(candidateId);
        }
        if (grant)
        {
            votesGranted++;
        }
        else
        {
            votesRefused++;
        }
        replies.sendVote(reply, ctx.replicaId(), candidateId, grant ? requestEpoch : epoch, grant, journal.lastSeq(),
            lastEntryEpoch);
    }

    void onJournalFetch(
        final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
    {
        if (replicaId != ctx.replicaId() || gatewayId != fromGatewayId || gatewayId != leaderId)
        {
            return;
        }
        journalFetch.start(links.publication(gatewayId), gatewayId, fromSeq, toSeq);
    }

    void onResponseFetch(
        final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
    {
        if (replicaId != ctx.replicaId() || gatewayId != fromGatewayId || gatewayId != leaderId)
        {
            return;
        }
        responseFetch.start(links.publication(gatewayId), fromSeq, toSeq);
    }

    /**
     * @return the gateway this replica follows, 0 if none yet.
     */
    public int leaderId()
    {
        return leaderId;
    }

    /**
     * @return the highest epoch this replica has promised.
     */
    public long epoch()
    {
        return epoch;
    }

    public long votesGranted()
    {
        return votesGranted;
    }

    public long votesRefused()
    {
        return votesRefused;
    }

    void onUnreadableMessage()
    {
        unreadableMessages++;
    }

    public int replicaId()
    {
        return ctx.replicaId();
    }

    public String site()
    {
        return ctx.site();
    }

    public long appliedSeq()
    {
        return appliedSeq;
    }

    public long stateHash()
    {
        return stateHash;
    }

    public ReplicaState state()
    {
        return state;
    }

    public long gatewayLastSeq()
    {
        return gatewayLastSeq;
    }

    public long gapsRepaired()
    {
        return gapsRepaired;
    }

    public long gapsDetected()
    {
        return gapsDetected;
    }

    public long duplicatesIgnored()
    {
        return duplicatesIgnored;
    }

    public long staleEpochMessages()
    {
        return staleEpochMessages;
    }

    public long unreadableMessages()
    {
        return unreadableMessages;
    }

    public long responsesUnsent()
    {
        return publisher.unsent();
    }

    /**
     * @return the state machine; read it only when the agent is stopped.
     */
    public StateMachine stateMachine()
    {
        return stateMachine;
    }

    @Override
    public void onClose()
    {
        state = ReplicaState.STOPPED;
        CloseHelper.closeAll(journalFetch, links, journal);
    }
}
