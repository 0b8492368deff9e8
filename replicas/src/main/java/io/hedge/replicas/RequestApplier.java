package io.hedge.replicas;

import io.hedge.codecs.ControlEntry;
import io.hedge.codecs.SequencedPrincipal;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.EpochHistory;
import io.hedge.journal.EffectsJournal;
import io.hedge.journal.SequencedJournal;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the next request of the stream and holds what that leaves: the request is journaled, applied to the state
 * machine, which writes its response, effects and session messages straight into the outgoing message; all are
 * folded into the
 * rolling state hash, the response is sent to the gateway and kept in the response log, and a snapshot is written
 * when the interval calls for one. The agent decides which request is next; this class only applies it.
 * <p>
 * A request the state machine throws on is rejected, as on every other replica (see {@link StateMachine}): its
 * response has outcome 1, no payload and no effects, is folded into the state hash like any other, and the replica
 * goes on. {@link JournalReplayer} meets the same policy, so that replay ends in the same state hash.
 * The agent thread only; {@link #appliedSeq()} and {@link #stateHash()} may be read from any.
 */
final class RequestApplier
{
    private static final Logger LOG = LoggerFactory.getLogger(RequestApplier.class);

    private final int replicaId;
    private final String site;
    private final SequencedJournal journal;
    private final EpochHistory history;
    private final EffectsJournal effects;
    private final GatewayPublisher publisher;
    private final ReplicaCounters counters;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SequencedDecoder sequencedDecoder = new SequencedDecoder();
    private final TakeoverFetches fetches;
    private final SnapshotWriter snapshots;
    private StateMachine stateMachine;
    private volatile long appliedSeq;
    /** Requests applied by this process (plain: read only on the agent thread, by its report). */
    private long appliedCount;
    private volatile long stateHash;

    /**
     * @param history   the journal's epoch runs, kept as it grows.
     * @param recovered where recovery left the replica.
     */
    RequestApplier(
        final int replicaId,
        final String site,
        final SequencedJournal journal,
        final EpochHistory history,
        final EffectsJournal effects,
        final GatewayPublisher publisher,
        final TakeoverFetches fetches,
        final SnapshotWriter snapshots,
        final ReplicaCounters counters,
        final ReplicaRecovery.Recovered recovered)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.journal = journal;
        this.history = history;
        this.effects = effects;
        this.publisher = publisher;
        this.counters = counters;
        this.fetches = fetches;
        this.snapshots = snapshots;
        this.stateMachine = recovered.stateMachine();
        this.appliedSeq = recovered.appliedSeq();
        this.stateHash = recovered.stateHash();
    }

    /**
     * Apply the request of seq {@link #appliedSeq()} + 1, a whole Sequenced message. If the state machine throws, the
     * request is rejected (outcome 1) and the replica goes on.
     *
     * @param epoch the replica's epoch, for its response and a snapshot.
     * @return true when the entry was a control entry of hedge admin shutdown: the snapshot at its seq is written and
     * the replica is asked to stop ({@link ControlEntry}).
     */
    boolean apply(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long epoch,
        final long seq,
        final long timestampNs,
        final long clientId,
        final long correlationId,
        final int payloadOffset,
        final int payloadLength)
    {
        final ReplicaHops hops = counters.hops();
        final long appendStartNs = hops.nowNs();
        journal.append(buffer, offset, length);
        final long applyStartNs = hops.appended(appendStartNs);
        history.onEntry(sequencedDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder).epoch(), seq);
        // read from the journaled record itself, as JournalReplayer does, so that live apply and replay agree
        final int principalId = SequencedPrincipal.of(sequencedDecoder, headerDecoder.blockLength());
        final int responseOffset = publisher.begin(epoch, seq, replicaId, clientId, correlationId);
        int responseLength;
        int effectsOffset;
        int effectsLength;
        int messagesLength = 0;
        if (StateMachine.TERM_START_CLIENT_ID == clientId)
        {
            // a term's first entry, sequenced by the gateway itself: journaled and answered, never applied
            responseLength = 0;
            effectsOffset = publisher.effectsOffset(0);
            effectsLength = 0;
        }
        else
        {
            try
            {
                responseLength = stateMachine.apply(seq, timestampNs, clientId, principalId, buffer, payloadOffset,
                    payloadLength, publisher.buffer(), responseOffset);
                // effects are output too: a replica whose effects differ diverges, even if its response does not
                effectsOffset = publisher.effectsOffset(responseLength);
                effectsLength = stateMachine.effects(publisher.buffer(), effectsOffset);
                // session messages too, for the same reason; written in place after the effects
                messagesLength = stateMachine.messages(
                    publisher.buffer(), publisher.messagesOffset(responseLength, effectsLength));
            }
            catch (final RuntimeException ex)
            {
                counters.requestRejected();
                LOG.error("replica {} (site {}): the state machine threw at seq {}; the request is rejected (outcome 1, " +
                    "no response, no effects) as on every replica, and the replica goes on", replicaId, site, seq, ex);
                responseLength = 0;
                effectsOffset = publisher.effectsOffset(0);
                effectsLength = 0;
                RejectedRequests.dropEffects(stateMachine, publisher.buffer(), effectsOffset);
                RejectedRequests.dropMessages(stateMachine, publisher.buffer(), publisher.messagesOffset(0, 0));
                messagesLength = 0;
                publisher.rejected();
            }
        }
        stateHash = StateHash.afterApply(stateHash, seq, publisher.buffer(), responseOffset, responseLength,
            publisher.buffer(), effectsOffset, effectsLength,
            publisher.buffer(), publisher.messagesOffset(responseLength, effectsLength), messagesLength);
        if (effectsLength > 0)
        {
            keepEffects(seq, effectsOffset, effectsLength);
        }
        appliedSeq = seq;
        publisher.commit(responseLength, effectsLength, messagesLength, stateHash);
        if (StateMachine.TERM_START_CLIENT_ID != clientId)
        {
            appliedCount++;
            hops.applied(applyStartNs);
        }
        fetches.record(seq, publisher.buffer(), publisher.lastMessageLength());
        if (snapshots.dueAfter(seq) || ControlEntry.isSnapshot(clientId, correlationId))
        {
            // a control entry (hedge admin snapshot, shutdown) puts every replica's snapshot at the same seq, the
            // same state everywhere; it is a term marker to everything else (the hash, replay, older replicas)
            snapshots.write(stateMachine, seq, entryEpoch(), stateHash);
        }
        return ControlEntry.isStop(clientId, correlationId);
    }

    /**
     * Rule 7: the effects are kept before they are answered with, so that any replica that answered can give them to
     * a gateway resuming the sink. Effects of a later seq still held here belong to a tail the journal no longer has
     * (a cut not carried here): they are cut first, never served.
     */
    private void keepEffects(final long seq, final int effectsOffset, final int effectsLength)
    {
        if (seq <= effects.lastSeq())
        {
            LOG.warn("replica {} (site {}): the effects journal holds seqs up to {}, beyond the journal's {}; cutting " +
                "them", replicaId, site, effects.lastSeq(), seq - 1);
            effects.truncateTo(seq - 1, "beyond-journal");
        }
        effects.append(seq, publisher.buffer(), effectsOffset, effectsLength);
    }

    /**
     * @return requests applied by this process since it started, a term's start entry not counted (on the agent
     * thread only).
     */
    long appliedCount()
    {
        return appliedCount;
    }

    /**
     * Take the state of a peer's snapshot at this seq: the journal continues after it, the effects journal too.
     */
    void install(final StateMachine machine, final long seq, final long entryEpoch, final long rollingStateHash)
    {
        journal.startAfter(seq);
        effects.resetAfter(seq, "bootstrap");
        history.clear();
        history.seedSnapshot(entryEpoch, seq);
        stateMachine = machine;
        appliedSeq = seq;
        stateHash = rollingStateHash;
    }

    /**
     * Take the state a repair rebuilt from this replica's own snapshot and journal (the journal already ends at seq).
     */
    void restore(final StateMachine machine, final long seq, final long rollingStateHash)
    {
        stateMachine = machine;
        appliedSeq = seq;
        stateHash = rollingStateHash;
    }

    /**
     * Write a snapshot of the state now, between two seqs.
     */
    void writeSnapshot()
    {
        snapshots.write(stateMachine, appliedSeq, entryEpoch(), stateHash);
    }

    /**
     * @return the epoch of the entry at the applied seq, 0 when the history does not hold it: what a snapshot records
     * and a donor sends, so that a replica whose journal begins after the snapshot can still be matched at its seq.
     */
    long entryEpoch()
    {
        return history.lastSeq() == appliedSeq ? history.lastEpoch() : history.epochOf(appliedSeq);
    }

    StateMachine stateMachine()
    {
        return stateMachine;
    }

    long appliedSeq()
    {
        return appliedSeq;
    }

    long stateHash()
    {
        return stateHash;
    }
}
