package io.hedge.replicas;

import io.hedge.journal.EffectsJournal;
import io.hedge.journal.JournalStartupCheck;
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
    /** An empty directory on a stream that lets it fetch a live peer's snapshot rather than replay from seq 1. */
    final boolean bootstrapOnJoin;

    private ReplicaResources(
        final ReplicaContext ctx,
        final ReplicaCounters counters,
        final SequencedJournal journal,
        final EffectsJournal effects,
        final SnapshotStore store,
        final PromiseStore promise,
        final ReplicaRecovery.Recovered recovered,
        final GatewayTransport transport)
    {
        this.journal = journal;
        this.effects = effects;
        this.transport = transport;
        snapshots = new SnapshotWriter(
            ctx.replicaId(), ctx.site(), store, ctx.snapshotInterval(), recovered.lastSnapshotSeq());
        publisher = new GatewayPublisher(
            transport, ctx.maxResponseLength(), recovered.stateMachine().maxEffectsLength());
        publisher.follow(0 == recovered.leaderId() ? ctx.gateways().get(0).gatewayId() : recovered.leaderId());
        voter = new EpochVoter(ctx.replicaId(), ctx.site(), ctx.voteHoldoffNs(), promise::promise, publisher,
            journal::lastSeq, counters, recovered.epoch(), recovered.leaderId(), recovered.lastEntryEpoch());
        fetches = new TakeoverFetches(ctx.replicaId(), voter::isLeader, publisher::sinkTo, journal,
            ctx.responseLogEntries(), ctx.responseLogBytes());
        applier = new RequestApplier(
            ctx.replicaId(), ctx.site(), journal, effects, publisher, fetches, snapshots, recovered);
        effectsFetch = new EffectsFetchServer(ctx.replicaId(), effects, applier::appliedSeq);
        gapRepair = new GapRepair(ctx.replicaId(), ctx.retransmitTimeoutNs(), publisher, counters);
        donor = new SnapshotDonor(ctx.replicaId(), ctx.site(), ctx.snapshotChunkLength(), publisher);
        bootstrapOnJoin = ctx.bootstrapFromPeer() && 0 == recovered.appliedSeq() && 0 == journal.lastSeq();
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
            JournalStartupCheck.check(ctx.journalDir(), ctx.roleName());
            journal = SequencedJournal.open(ctx.journalDir());
            effects = openEffects(journal);
            final EffectsJournal effectsJournal = effects;
            final SnapshotStore store = new SnapshotStore(ctx.snapshotDir(), ctx.snapshotRetain());
            final PromiseStore promise = PromiseStore.open(ctx.promiseFile());
            final ReplicaRecovery.Recovered recovered =
                new ReplicaRecovery(ctx.replicaId(), ctx.site(), ctx.stateMachineSupplier(), ctx.maxResponseLength())
                .effectsTo(effectsJournal::appendIfNew)
                .recover(journal, store, promise);
            // nothing replayed with effects: the journal holds every seq's effects after the state recovered
            effects.beginAfter(recovered.appliedSeq());
            transport = transportFactory.apply(listener);
            return new ReplicaResources(ctx, counters, journal, effects, store, promise, recovered, transport);
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
