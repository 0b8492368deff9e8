package io.hedge.gateway;

import io.hedge.sequencer.GatewayJournal;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * One candidacy for an epoch: the ballot (vote requests to the replicas until the {@link Election} is decided), then,
 * once won, the fill: the journal entries this gateway lacks, fetched from the voter whose journal goes furthest,
 * and from the next voter that holds them when one falls silent, a bounded number of times. Exists from standing to
 * leading or withdrawing.
 */
final class Candidacy implements GatewayPhase
{
    /** How a fill stands. */
    enum Fill
    {
        /** Entries are still to come from the voter asked. */
        WAITING,
        /** The journal holds everything the voters hold: this gateway may lead. */
        FILLED,
        /** No voter sent the missing entries in time, after every retry: the candidacy is given up. */
        GAVE_UP
    }

    static final int MAX_FILL_ATTEMPTS = 3;

    private final long epoch;
    private final GatewayJournal journal;
    private final Election election;
    private final ReplicaPublisher replicas;
    private final long fillTimeoutNs;
    private long voteRequestDueNs;
    private long fillTargetSeq;
    private int fillReplicaId;
    private long fillDeadlineNs;
    private long seqsBeforeFill;
    private int fillAttempts;

    /**
     * Stand for an epoch.
     *
     * @param replicas     where replicas hear vote requests and fetches.
     * @param liveReplicas a bit per replica id heard from recently: each one's vote is waited for.
     */
    Candidacy(
        final long epoch,
        final GatewayJournal journal,
        final Election election,
        final ReplicaPublisher replicas,
        final long fillTimeoutNs,
        final long nowNs,
        final long liveReplicas)
    {
        this.epoch = epoch;
        this.journal = journal;
        this.election = election;
        this.replicas = replicas;
        this.fillTimeoutNs = fillTimeoutNs;
        this.voteRequestDueNs = nowNs;
        election.begin(epoch, nowNs, liveReplicas);
    }

    /**
     * CANDIDATE_BALLOT: ask for votes, again every retry interval until the election is decided.
     */
    int requestVotes(final long nowNs)
    {
        if (nowNs - voteRequestDueNs < 0)
        {
            return 0;
        }
        replicas.voteRequest(epoch, journal.lastSeq(), journal.lastEpoch());
        voteRequestDueNs = nowNs + Follower.CONTROL_RETRY_NS;
        return 1;
    }

    void onVote(final int replicaId, final long voteEpoch, final boolean granted, final long journaledSeq)
    {
        election.onVote(replicaId, voteEpoch, granted, journaledSeq);
    }

    Election.Outcome outcome(final long nowNs)
    {
        return election.outcome(nowNs);
    }

    /**
     * Won: fetch what the furthest voter holds beyond this journal (nothing, when this journal goes furthest).
     */
    void beginFill(final long nowNs)
    {
        final int furthest = election.furthestVoter(journal.lastSeq());
        fillTargetSeq = 0 == furthest ? journal.lastSeq() : election.voterSeq(furthest);
        fillAttempts = 0;
        seqsBeforeFill = journal.lastSeq();
        if (0 != furthest)
        {
            requestFill(nowNs, furthest);
        }
    }

    /**
     * CANDIDATE_FILL: done, waiting, or, when the voter asked fell silent, ask the next voter holding the entries.
     */
    Fill fill(final long nowNs)
    {
        if (journal.lastSeq() >= fillTargetSeq)
        {
            return Fill.FILLED;
        }
        if (nowNs - fillDeadlineNs <= 0)
        {
            return Fill.WAITING;
        }
        if (++fillAttempts > MAX_FILL_ATTEMPTS)
        {
            return Fill.GAVE_UP;
        }
        requestFill(nowNs, election.nextVoterHolding(fillReplicaId, fillTargetSeq));
        return Fill.WAITING;
    }

    private void requestFill(final long nowNs, final int replicaId)
    {
        fillReplicaId = replicaId;
        fillDeadlineNs = nowNs + fillTimeoutNs;
        replicas.journalFetch(replicaId, epoch, journal.lastSeq() + 1, fillTargetSeq);
    }

    /**
     * CANDIDATE_FILL: a journal entry from a voter; the next one of the range is journaled, and the voter given
     * more time.
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
        if (seq == journal.lastSeq() + 1 && seq <= fillTargetSeq && entryEpoch < epoch)
        {
            journal.append(buffer, offset, length, entryEpoch, seq, clientId, correlationId);
            fillDeadlineNs = nowNs + fillTimeoutNs;
        }
    }

    long epoch()
    {
        return epoch;
    }

    String wonReason(final long nowNs)
    {
        return "elected for epoch " + epoch + " by replicas " + election.voters() + " in " +
            TimeUnit.NANOSECONDS.toMillis(nowNs - election.startNs()) + " ms; filling the journal up to seq " +
            fillTargetSeq;
    }

    String lostReason()
    {
        return "epoch " + epoch + " won " + election.granted() + " of the " + election.majority() +
            " votes needed; standing by again";
    }

    String gaveUpReason()
    {
        return "no voter sent seqs " + (journal.lastSeq() + 1) + ".." + fillTargetSeq + " after " + MAX_FILL_ATTEMPTS +
            " requests; candidacy for epoch " + epoch + " withdrawn";
    }

    Election election()
    {
        return election;
    }

    long fillTargetSeq()
    {
        return fillTargetSeq;
    }

    int fillReplicaId()
    {
        return fillReplicaId;
    }

    /**
     * @return how many entries the fill added.
     */
    long seqsFilled()
    {
        return journal.lastSeq() - seqsBeforeFill;
    }
}
