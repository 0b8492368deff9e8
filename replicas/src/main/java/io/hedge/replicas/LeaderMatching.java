package io.hedge.replicas;

import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.journal.EffectsJournal;
import io.hedge.journal.EpochHistory;
import io.hedge.journal.SequencedJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * What a replica does with its leader's heartbeats and repair orders (v2 rules 2, 3 and the replica's half of 6):
 * match its journal against the leader's history ({@link LogMatcher}), and when it holds what the leader does not,
 * repair ({@link ReplicaRepair}) and put the rebuilt (or empty) state in place of the old one in every part that
 * holds it. The agent's state changes only through {@link Transitions}, that is, through the agent's one
 * {@code state(next, nowNs, reason)}. The agent thread only.
 */
final class LeaderMatching
{
    /** The agent's side. */
    interface Transitions
    {
        ReplicaState state();

        void state(ReplicaState next, long nowNs, String reason);

        long nowNs();

        /** Everything was set aside: join the stream again as an empty replica does. */
        void rejoinEmpty(long nowNs);
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeaderMatching.class);

    private final int replicaId;
    private final String site;
    private final LogMatcher matcher;
    private final ReplicaRepair repair;
    private final EpochHistory history;
    private final SequencedJournal journal;
    private final EffectsJournal effects;
    private final TakeoverFetches fetches;
    private final RequestApplier applier;
    private final SnapshotWriter snapshots;
    private final EpochVoter voter;
    private final GapRepair gapRepair;
    private final ReplicaCounters counters;
    private final Supplier<StateMachine> stateMachines;
    private final Transitions agent;
    /** A repair order for a seq at or below this one is older than the last rebuild from a peer: ignored. */
    private long rebuiltAfterOrderSeq = -1;

    LeaderMatching(
        final int replicaId,
        final String site,
        final ReplicaResources resources,
        final ReplicaCounters counters,
        final Supplier<StateMachine> stateMachines,
        final Transitions agent)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.matcher = resources.matcher;
        this.repair = resources.repair;
        this.history = resources.history;
        this.journal = resources.journal;
        this.effects = resources.effects;
        this.fetches = resources.fetches;
        this.applier = resources.applier;
        this.snapshots = resources.snapshots;
        this.voter = resources.voter;
        this.gapRepair = resources.gapRepair;
        this.counters = counters;
        this.stateMachines = stateMachines;
        this.agent = agent;
    }

    /**
     * A heartbeat of the leader the replica follows (the voter said so), in any state but STOPPED.
     */
    void onLeaderHeartbeat(
        final int gatewayId,
        final long epoch,
        final long lastSeq,
        final long epochStartSeq,
        final long[] historyEpochs,
        final long[] historyStarts,
        final int historyCount,
        final long nowNs)
    {
        if (agent.state() == ReplicaState.BOOTSTRAPPING)
        {
            // nothing to match yet: kept for when the peer's snapshot is in
            matcher.hear(epoch, lastSeq, epochStartSeq, historyEpochs, historyStarts, historyCount);
            return;
        }
        final boolean wasMatched = matcher.matchedIn(epoch);
        final LogMatcher.Verdict verdict = matcher.onLeaderHeartbeat(
            epoch, lastSeq, epochStartSeq, historyEpochs, historyStarts, historyCount, journal.lastSeq());
        if (verdict == LogMatcher.Verdict.REPAIR)
        {
            repairTo(matcher.target(), "epoch " + epoch + " (gateway " + gatewayId + ", history " + matcher.tail() +
                ", last seq " + lastSeq + ") holds this journal only up to seq " + matcher.target(), nowNs);
        }
        else if (verdict == LogMatcher.Verdict.BOOTSTRAP)
        {
            repairByBootstrap("where this journal (" + history + ") agrees with epoch " + epoch + " (gateway " +
                gatewayId + ", history " + matcher.tail() + ") cannot be told", nowNs);
        }
        else if (!wasMatched)
        {
            LOG.info("replica {} (site {}): matched in epoch {} (gateway {}, history {}) at journaled seq {}",
                replicaId, site, epoch, gatewayId, matcher.tail(), journal.lastSeq());
            fetchWhatTheLeaderHolds(lastSeq, nowNs);
        }
        else if (gapRepair.onLeaderHeartbeat(lastSeq, applier.appliedSeq(), agent.state() == ReplicaState.LIVE, nowNs))
        {
            agent.state(ReplicaState.HELD_AT_GAP, nowNs, gapRepair.openedReason());
        }
    }

    /**
     * A repair order: obeyed when it is for this replica, from the leader it follows, of its epoch, while live.
     */
    void onRepairOrder(
        final int fromGatewayId,
        final int gatewayId,
        final int orderReplicaId,
        final long orderEpoch,
        final long seq,
        final long majorityHash,
        final long nowNs)
    {
        final ReplicaState state = agent.state();
        if (orderReplicaId != replicaId || gatewayId != fromGatewayId || !voter.isLeader(gatewayId) ||
            orderEpoch != voter.epoch() || seq <= rebuiltAfterOrderSeq ||
            (state != ReplicaState.LIVE && state != ReplicaState.HELD_AT_GAP))
        {
            return;
        }
        rebuiltAfterOrderSeq = applier.appliedSeq();
        repairByBootstrap("gateway " + gatewayId + " (epoch " + orderEpoch + ") ordered it: the majority's state hash " +
            "at seq " + seq + " is " + Long.toHexString(majorityHash), nowNs);
    }

    /**
     * @return true if the replica takes the followed leader's entries: it is matched in the leader's epoch. Otherwise
     * the entry is dropped (counted) and gap repair fetches it once matched. Allocation-free.
     */
    boolean matchedWithLeader()
    {
        if (matcher.matchedIn(voter.epoch()))
        {
            return true;
        }
        counters.unmatchedEntryDropped();
        return false;
    }

    /**
     * @return true if the entry (entryEpoch, seq) agrees with the leader's history the replica matched with;
     * otherwise it is refused: counted, and logged once per epoch. Allocation-free unless it logs.
     */
    boolean agrees(final long entryEpoch, final long seq)
    {
        if (matcher.accepts(entryEpoch, seq))
        {
            return true;
        }
        counters.contradictingEntryRefused();
        if (matcher.firstRejectInEpoch())
        {
            LOG.error("replica {} (site {}): refused seq {} of epoch {}: the history of epoch {} it matched with ({}) " +
                "says otherwise; such entries are never journaled (counted in contradictingEntries)", replicaId, site,
                seq, entryEpoch, matcher.matchedEpoch(), matcher.tail());
        }
        return false;
    }

    /**
     * A peer's snapshot is installed: it was relayed by the leader last heard.
     */
    void onBootstrapped()
    {
        matcher.onBootstrapped(voter.epoch());
    }

    long matchedEpoch()
    {
        return matcher.matchedEpoch();
    }

    long lastEntryEpoch()
    {
        return history.lastEpoch();
    }

    /**
     * REPAIRING to a seq: cut the journal back to where the leader's log agrees with it and rebuild the state there,
     * in this duty cycle (it is rare, and nothing may be applied meanwhile); then LIVE, matched. When the state at
     * the target cannot be rebuilt from what this replica holds, it bootstraps from a peer instead.
     */
    private void repairTo(final long target, final String reason, final long nowNs)
    {
        if (!repair.canRebuildTo(target))
        {
            repairByBootstrap(reason + ", and no snapshot of this replica covers seq " + target, nowNs);
            return;
        }
        agent.state(ReplicaState.REPAIRING, nowNs, reason);
        fetches.beforeJournalCut(target);
        final ReplicaRecovery.Recovered rebuilt;
        try
        {
            rebuilt = repair.cutAndRebuild(target, "epoch-" + voter.epoch());
            // the effects of the cut tail must never be served to a gateway resuming its sink (rule 7)
            effects.truncateTo(target, "epoch-" + voter.epoch());
        }
        catch (final IllegalStateException ex)
        {
            // a snapshot named as covering the target did not load, and an older one does not fit the cut journal
            repairByBootstrap(reason + ", and the state at seq " + target + " could not be rebuilt here (" +
                ex.getMessage() + ")", nowNs);
            return;
        }
        applier.restore(rebuilt.stateMachine(), rebuilt.appliedSeq(), rebuilt.stateHash());
        snapshots.restoredFrom(rebuilt.lastSnapshotSeq());
        voter.onJournaled(history.lastEpoch());
        gapRepair.reset();
        matcher.onRepaired();
        counters.repairDone();
        final long doneNs = agent.nowNs();
        agent.state(ReplicaState.LIVE, doneNs, "repaired: journal cut to seq " + target + " and state rebuilt, " +
            "matched in epoch " + matcher.matchedEpoch());
        fetchWhatTheLeaderHolds(matcher.heardLastSeq(), doneNs);
    }

    /**
     * REPAIRING by bootstrap: set the journal and every snapshot aside and start again as an empty replica does.
     */
    private void repairByBootstrap(final String reason, final long nowNs)
    {
        agent.state(ReplicaState.REPAIRING, nowNs, reason + ": setting everything aside to bootstrap from a peer");
        fetches.beforeJournalCut(0);
        repair.setAsideAll("epoch-" + voter.epoch());
        applier.restore(stateMachines.get(), 0, 0);
        snapshots.restoredFrom(0);
        voter.onJournaled(0);
        gapRepair.reset();
        matcher.reset();
        counters.repairBootstrapDone();
        agent.rejoinEmpty(nowNs);
    }

    /**
     * Just matched: what the leader sequenced meanwhile was dropped, so fetch it now rather than at the next
     * heartbeat.
     */
    private void fetchWhatTheLeaderHolds(final long leaderLastSeq, final long nowNs)
    {
        final long appliedSeq = applier.appliedSeq();
        if (agent.state() == ReplicaState.LIVE && leaderLastSeq > appliedSeq &&
            gapRepair.onGap(leaderLastSeq, appliedSeq, nowNs))
        {
            agent.state(ReplicaState.HELD_AT_GAP, nowNs, gapRepair.openedReason());
        }
    }
}
