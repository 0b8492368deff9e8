package io.hedge.gateway;

import io.hedge.sequencer.GatewayJournal;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Brings a candidate's journal to a replica's, from the history the replica sent with its vote: first the candidate
 * cuts what that history does not hold ({@code agreedPrefix}: a tail of an epoch the stream abandoned; the cut part is
 * moved aside, never deleted), then fetches the seqs after the agreed prefix up to the replica's last one, journaling
 * each only if its epoch is the one the replica's history names at its seq (log matching). Used by a pre-vote that
 * was refused for being behind (the catch-up) and by a won ballot (the fill); when the replica asked falls silent it
 * asks again, of another voter whose journal ends in the same epoch when there is one, a bounded number of times.
 */
final class JournalFill
{
    /** How a fill stands. */
    enum Progress
    {
        /** Entries are still to come from the replica asked. */
        WAITING,
        /** The journal holds what the replica holds. */
        FILLED,
        /** Nothing can be trusted (the histories do not reach their agreement), or no replica sent in time. */
        GAVE_UP
    }

    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(JournalFill.class);

    private final int gatewayId;
    private final GatewayJournal journal;
    private final Election election;
    private final ReplicaPublisher replicas;
    private final long timeoutNs;
    private long epoch;
    private int sourceId;
    private int replicaId;
    private long targetSeq;
    private long deadlineNs;
    private int attempts;
    private long seqsBefore;
    private long cutTo = Long.MAX_VALUE;
    private String gaveUpReason = "";
    private Progress progress = Progress.FILLED;

    JournalFill(
        final int gatewayId,
        final GatewayJournal journal,
        final Election election,
        final ReplicaPublisher replicas,
        final long timeoutNs)
    {
        this.gatewayId = gatewayId;
        this.journal = journal;
        this.election = election;
        this.replicas = replicas;
        this.timeoutNs = timeoutNs;
    }

    /**
     * Begin bringing the journal to replica {@code source}'s, as its answer in the election describes it.
     *
     * @param fetchEpoch the epoch named in the fetches: the candidacy's.
     */
    Progress begin(final int source, final long fetchEpoch, final long nowNs)
    {
        epoch = fetchEpoch;
        sourceId = source;
        attempts = 0;
        seqsBefore = journal.lastSeq();
        cutTo = Long.MAX_VALUE;
        targetSeq = election.voterSeq(source);
        final long agreed = journal.history().agreedPrefix(
            election.tailEpochs(source), election.tailStarts(source), election.tailCount(source), targetSeq);
        if (agreed < 0)
        {
            gaveUpReason = "replica " + source + "'s history (" + election.tailCount(source) + " epochs up to seq " +
                targetSeq + ") does not reach where it agrees with this journal (" + journal.history() + ")";
            progress = Progress.GAVE_UP;
            return progress;
        }
        if (agreed < journal.lastSeq())
        {
            final long before = journal.lastSeq();
            final Path aside = journal.truncateTo(agreed, "epoch-" + election.voterLastEpoch(source));
            cutTo = agreed;
            LOG.warn("gateway {}: seqs {}..{} of its journal disagree with replica {}'s (epoch {} at seq {}); " +
                "journal cut back to seq {}, the old one kept at {}", gatewayId, agreed + 1, before, source,
                election.voterLastEpoch(source), targetSeq, agreed, aside);
        }
        progress = Progress.WAITING;
        if (journal.lastSeq() >= targetSeq)
        {
            progress = Progress.FILLED;
            return progress;
        }
        request(nowNs, source);
        return progress;
    }

    /**
     * @param retryAmongVoters ask another voter ending in the same epoch when the one asked falls silent.
     */
    Progress poll(final long nowNs, final boolean retryAmongVoters)
    {
        if (progress != Progress.WAITING)
        {
            return progress;
        }
        if (journal.lastSeq() >= targetSeq)
        {
            progress = Progress.FILLED;
        }
        else if (nowNs - deadlineNs > 0)
        {
            if (++attempts > MAX_ATTEMPTS)
            {
                gaveUpReason = "no replica sent seqs " + (journal.lastSeq() + 1) + ".." + targetSeq + " after " +
                    MAX_ATTEMPTS + " requests";
                progress = Progress.GAVE_UP;
            }
            else
            {
                request(nowNs, retryAmongVoters ? election.nextVoterHolding(replicaId, sourceId, targetSeq) : replicaId);
            }
        }
        return progress;
    }

    private void request(final long nowNs, final int fromReplica)
    {
        replicaId = fromReplica;
        deadlineNs = nowNs + timeoutNs;
        replicas.journalFetch(fromReplica, epoch, journal.lastSeq() + 1, targetSeq);
    }

    /**
     * A journal entry a replica sent: the next seq is journaled when its epoch is the one the source's history
     * names at that seq, and the replica is given more time.
     */
    void onFetched(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long entryEpoch,
        final long seq,
        final long clientId,
        final long correlationId,
        final long nowNs)
    {
        if (progress == Progress.WAITING && seq == journal.lastSeq() + 1 && seq <= targetSeq &&
            entryEpoch == election.tailEpochAt(sourceId, seq) && entryEpoch < epoch)
        {
            journal.append(buffer, offset, length, entryEpoch, seq, clientId, correlationId);
            deadlineNs = nowNs + timeoutNs;
        }
    }

    int replicaId()
    {
        return replicaId;
    }

    long targetSeq()
    {
        return targetSeq;
    }

    /**
     * @return how many entries this fill added (after its cut).
     */
    long seqsFilled()
    {
        return journal.lastSeq() - Math.min(seqsBefore, cutTo);
    }

    String gaveUpReason()
    {
        return gaveUpReason;
    }
}
