package io.hedge.replicas;

import io.hedge.journal.EffectsJournal;
import io.hedge.journal.EpochHistory;
import io.hedge.journal.JournalEpochs;
import io.hedge.journal.JournalStartupCheck;
import io.hedge.journal.JournalTruncation;
import io.hedge.journal.PromiseStore;
import io.hedge.journal.SequencedJournal;
import io.hedge.journal.SnapshotStore;
import org.agrona.CloseHelper;

import java.util.function.Function;

/**
 * What a replica works with, opened in the order each needs the one before: the journal (checked first), the
 * snapshot store and the promise, the state {@link ReplicaRecovery} rebuilds from them, the links to the gateways, and
 * the parts of the agent's work built over those. Opened once, before the agent takes its first duty cycle; if any
 * part cannot be opened, what was opened is closed again.
 */
final class ReplicaResources implements AutoCloseable
{
    final SequencedJournal journal;
    /** The effects of each seq that has any, beside the journal: what a gateway resumes the sink from (rule 7). */
    final EffectsJournal effects;
    final EffectsFetchServer effectsFetch;
    final SnapshotWriter snapshots;
    final TakeoverFetches fetches;
    final GatewayTransport transport;
    final GatewayPublisher publisher;
    final RequestApplier applier;
    final EpochVoter voter;
    final GapRepair gapRepair;
    final SnapshotDonor donor;
    /** The journal's epoch runs, rebuilt here from the journal and kept in step with it; its tail goes with votes. */
    final EpochHistory history;
    final LogMatcher matcher;
    final ReplicaRepair repair;
    /** An empty directory on a stream that lets it fetch a live peer's snapshot rather than replay from seq 1. */
    final boolean bootstrapOnJoin;
    /** Seqs the recovery replayed from the journal after the snapshot it loaded (0 after hedge admin shutdown). */
    final long replayedAtStart;

    private ReplicaResources(
        final ReplicaContext ctx,
        final ReplicaCounters counters,
        final SequencedJournal journal,
        final EffectsJournal effects,
        final SnapshotStore store,
        final PromiseStore promise,
        final ReplicaRecovery.Recovered recovered,
        final GatewayTransport transport,
        final EpochHistory history,
        final RepairMarker marker,
        final ReplicaRecovery recovery)
    {
        this.journal = journal;
        this.effects = effects;
        this.transport = transport;
        snapshots = new SnapshotWriter(
            ctx.replicaId(), ctx.site(), store, ctx.snapshotInterval(), recovered.lastSnapshotSeq());
        publisher = new GatewayPublisher(
            transport, ctx.maxResponseLength(), recovered.stateMachine().maxEffectsLength(),
            recovered.stateMachine().maxMessagesLength());
        publisher.follow(0 == recovered.leaderId() ? ctx.gateways().get(0).gatewayId() : recovered.leaderId());
        voter = new EpochVoter(ctx.replicaId(), ctx.site(), ctx.voteHoldoffNs(), promise::promise, publisher,
            journal::lastSeq, counters, recovered.epoch(), recovered.leaderId(), recovered.lastEntryEpoch(), history);
        fetches = new TakeoverFetches(ctx.replicaId(), publisher::isGateway, voter::isLeader, publisher::sinkTo,
            journal, ctx.responseLogEntries(), ctx.responseLogBytes());
        applier = new RequestApplier(ctx.replicaId(), ctx.site(), journal, history, effects, publisher, fetches,
            snapshots, counters, recovered);
        effectsFetch = new EffectsFetchServer(ctx.replicaId(), effects, applier::appliedSeq);
        gapRepair = new GapRepair(ctx.replicaId(), ctx.retransmitTimeoutNs(), publisher, counters);
        donor = new SnapshotDonor(ctx.replicaId(), ctx.site(), ctx.snapshotChunkLength(), publisher);
        this.history = history;
        matcher = new LogMatcher(history);
        repair = new ReplicaRepair(ctx.replicaId(), ctx.site(), journal, history, store, promise, marker, recovery);
        bootstrapOnJoin = ctx.bootstrapFromPeer() && 0 == recovered.appliedSeq() && 0 == journal.lastSeq();
        replayedAtStart = recovered.appliedSeq() - recovered.lastSnapshotSeq();
    }

    /**
     * Recover the replica's state (snapshot, journal, promise) and link it to the gateways.
     *
     * @param ctx              its settings, concluded.
     * @param counters         what the replica counts.
     * @param transportFactory links it to the gateways, given the listener their messages go to.
     * @param listener         the listener the gateways' messages go to.
     */
    static ReplicaResources open(
        final ReplicaContext ctx,
        final ReplicaCounters counters,
        final Function<GatewayListener, GatewayTransport> transportFactory,
        final GatewayListener listener)
    {
        SequencedJournal journal = null;
        EffectsJournal effects = null;
        GatewayTransport transport = null;
        try
        {
            // a crash between the two renames of a journal cut left the cut copy whole but not in place
            JournalTruncation.finishInterrupted(ctx.journalDir());
            JournalStartupCheck.check(ctx.journalDir(), ctx.roleName());
            journal = SequencedJournal.open(ctx.journalDir());
            final SnapshotStore store = new SnapshotStore(ctx.snapshotDir(), ctx.snapshotRetain());
            final PromiseStore promise = PromiseStore.open(ctx.promiseFile());
            // a repair a crash interrupted is finished before anything reads the journal; recovery then rebuilds
            final RepairMarker marker = new RepairMarker(ctx.journalDir());
            final long repairedTo = ReplicaRepair.finishAtStart(ctx.replicaId(), ctx.site(), marker, journal, store);
            // after the repair's cut: effects of seqs the journal no longer holds are cut with them
            effects = openEffects(journal);
            final EffectsJournal effectsJournal = effects;
            final ReplicaRecovery recovery =
                new ReplicaRecovery(ctx.replicaId(), ctx.site(), ctx.stateMachineSupplier(), ctx.maxResponseLength())
                .effectsTo(effectsJournal::appendIfNew);
            ReplicaRecovery.Recovered recovered;
            try
            {
                recovered = recovery.recover(journal, store, promise);
            }
            catch (final IllegalStateException ex)
            {
                if (RepairMarker.NONE == repairedTo)
                {
                    throw ex;
                }
                // the interrupted repair's target cannot be rebuilt from what is here: start empty, from a peer
                marker.write(RepairMarker.BOOTSTRAP);
                ReplicaRepair.finishAtStart(ctx.replicaId(), ctx.site(), marker, journal, store);
                recovered = recovery.recover(journal, store, promise);
            }
            if (RepairMarker.NONE != repairedTo)
            {
                marker.delete();
            }
            // nothing replayed with effects: the journal holds every seq's effects after the state recovered
            effects.beginAfter(recovered.appliedSeq());
            final EpochHistory history = new EpochHistory();
            JournalEpochs.scan(journal, history);
            if (recovered.lastSnapshotSeq() > 0 &&
                (0 == journal.firstSeq() || journal.firstSeq() == recovered.lastSnapshotSeq() + 1))
            {
                // a journal begun after a peer's snapshot: its last entry's epoch is the snapshot's
                history.seedSnapshot(recovered.snapshotEpoch(), recovered.lastSnapshotSeq());
            }
            transport = transportFactory.apply(listener);
            return new ReplicaResources(
                ctx, counters, journal, effects, store, promise, recovered, transport, history, marker, recovery);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.closeAll(transport, effects, journal);
            throw ex;
        }
    }

    /** Close what was opened, the transfers in progress first. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(fetches, effectsFetch, transport, effects, journal);
    }

    /**
     * Open the effects journal beside the journal; effects of seqs the journal no longer holds (a cut the replica did
     * not finish cutting here) are cut too, so that nothing of an abandoned tail is ever served.
     */
    private static EffectsJournal openEffects(final SequencedJournal journal)
    {
        final EffectsJournal effects = EffectsJournal.open(EffectsJournal.besideJournal(journal.directory()));
        try
        {
            if (journal.lastSeq() > 0 && effects.lastSeq() > journal.lastSeq())
            {
                effects.truncateTo(journal.lastSeq(), "beyond-journal");
            }
            return effects;
        }
        catch (final RuntimeException ex)
        {
            effects.close();
            throw ex;
        }
    }
}
