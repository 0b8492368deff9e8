package io.hedge.gateway;

import io.hedge.sequencer.GatewayJournal;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * One candidacy for an epoch, from standing to leading or withdrawing. First the pre-vote (CANDIDATE_PREVOTE): would
 * a majority vote for this journal in this epoch? Nothing is promised and no epoch is raised, so a gateway cut off
 * from the replicas, or behind them, cannot unseat anyone. A pre-vote refused while some replica's journal is newer
 * than this one is followed by a catch-up from the newest such replica ({@link JournalFill}), then a new pre-vote,
 * a bounded number of times. With a majority of pre-grants comes the real ballot (CANDIDATE_BALLOT) for the same
 * epoch, until the {@link Election} is decided; once won, the fill (CANDIDATE_FILL) from the voter whose journal is
 * newest by (last entry's epoch, last seq), cutting this journal's own disagreeing tail first.
 */
final class Candidacy implements GatewayPhase
{
    /** How the pre-vote stands. */
    enum PreVote
    {
        /** Asking, or catching up before asking again. */
        WAITING,
        /** A majority would vote: the real ballot may begin. */
        GRANTED,
        /** No majority, and no newer journal to catch up from (or the catch-ups are spent): stand by. */
        REFUSED,
        /** The catch-up cannot trust what it would keep, or nobody sent what it lacks: stand by. */
        GAVE_UP
    }

    /** How a fill stands. */
    enum Fill
    {
        WAITING, FILLED, GAVE_UP
    }

    static final int MAX_FILL_ATTEMPTS = JournalFill.MAX_ATTEMPTS;
    /** Catch-ups before one candidacy gives up: each brings the journal to the newest one that answered. */
    static final int MAX_CATCH_UPS = 3;
    /** The time all catch-ups of one candidacy may take, in fill timeouts. */
    static final int CATCH_UP_FILL_TIMEOUTS = 20;

    private long epoch;
    private final GatewayJournal journal;
    private final Election election;
    private final ReplicaPublisher replicas;
    private final JournalFill journalFill;
    private final long liveReplicas;
    private final long catchUpDeadlineNs;
    private long voteRequestDueNs;
    private boolean ballot;
    private boolean catchingUp;
    private int catchUps;
    private long seqsCaughtUp;
    private String refusedReason = "";
    private int fillReplicaId;
    private long fillTargetSeq;
    private long seqsFilled;

    /**
     * Stand for an epoch: the pre-vote begins.
     *
     * @param replicas     where replicas hear vote requests and fetches.
     * @param liveReplicas a bit per replica id heard from recently: each one's real vote is waited for.
     */
    Candidacy(
        final int gatewayId,
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
        this.liveReplicas = liveReplicas;
        this.journalFill = new JournalFill(gatewayId, journal, election, replicas, fillTimeoutNs);
        this.catchUpDeadlineNs = nowNs + CATCH_UP_FILL_TIMEOUTS * fillTimeoutNs;
        this.voteRequestDueNs = nowNs;
        election.begin(epoch, true, nowNs, 0);
    }

    /**
     * CANDIDATE_PREVOTE or CANDIDATE_BALLOT: ask for (pre-)votes, again every retry interval until the round is
     * decided; nothing while catching up.
     */
    int requestVotes(final long nowNs)
    {
        if (catchingUp || nowNs - voteRequestDueNs < 0)
        {
            return 0;
        }
        replicas.voteRequest(epoch, journal.lastSeq(), journal.lastEpoch(), !ballot);
        voteRequestDueNs = nowNs + Follower.CONTROL_RETRY_NS;
        return 1;
    }

    void onVote(
        final int replicaId,
        final long voteEpoch,
        final boolean granted,
        final long journaledSeq,
        final long lastEntryEpoch,
        final boolean preVote,
        final long[] historyEpochs,
        final long[] historyStarts,
        final int historyCount)
    {
        if (!catchingUp)
        {
            election.onVote(replicaId, voteEpoch, granted, journaledSeq, lastEntryEpoch, preVote, historyEpochs,
                historyStarts, historyCount);
        }
    }

    /**
     * CANDIDATE_PREVOTE: where the pre-vote stands; a refusal by replicas with newer journals starts a catch-up.
     */
    PreVote preVote(final long nowNs)
    {
        if (catchingUp)
        {
            switch (journalFill.poll(nowNs, false))
            {
                case FILLED:
                    seqsCaughtUp += journalFill.seqsFilled();
                    catchingUp = false;
                    election.begin(epoch, true, nowNs, 0);
                    voteRequestDueNs = nowNs;
                    return PreVote.WAITING;
                case GAVE_UP:
                    refusedReason = "catching up from replica " + journalFill.replicaId() + " failed: " +
                        journalFill.gaveUpReason();
                    return PreVote.GAVE_UP;
                default:
                    return PreVote.WAITING;
            }
        }
        switch (election.outcome(nowNs))
        {
            case WON:
                return PreVote.GRANTED;
            case LOST:
                return refused(nowNs);
            default:
                return PreVote.WAITING;
        }
    }

    private PreVote refused(final long nowNs)
    {
        final int newest = election.newestBeyond(journal.lastEpoch(), journal.lastSeq(), false);
        final String tally = "pre-vote for epoch " + epoch + " won " + election.granted() + " of the " +
            election.majority() + " grants needed (" + election.refused() + " refused)";
        if (0 == newest)
        {
            refusedReason = tally + "; no epoch raised";
            return PreVote.REFUSED;
        }
        if (election.grantedOrNewer(journal.lastEpoch(), journal.lastSeq()) < election.majority())
        {
            // even caught up, no majority: those that refused a journal as new as theirs refused for other reasons
            refusedReason = tally + "; too few would grant even after a catch-up";
            return PreVote.REFUSED;
        }
        if (catchUps >= MAX_CATCH_UPS || nowNs - catchUpDeadlineNs > 0)
        {
            refusedReason = tally + "; replica " + newest + " is still ahead after " + catchUps + " catch-ups";
            return PreVote.REFUSED;
        }
        catchUps++;
        // nothing is promised yet, so the epoch may still move: above the newest journal's last epoch, which
        // someone took, or the fetched entries of that epoch could never be journaled below this candidacy's
        final long voterEpoch = election.voterLastEpoch(newest);
        if (voterEpoch >= io.hedge.transport.FabricLimits.MAX_EPOCH)
        {
            refusedReason = tally + "; replica " + newest + "'s journal is at the epoch ceiling";
            return PreVote.REFUSED;
        }
        epoch = Math.max(epoch, voterEpoch + 1);
        if (journalFill.begin(newest, epoch, nowNs) == JournalFill.Progress.GAVE_UP)
        {
            refusedReason = tally + "; cannot catch up: " + journalFill.gaveUpReason();
            return PreVote.GAVE_UP;
        }
        catchingUp = true;
        return PreVote.WAITING;
    }

    /**
     * A majority would vote: ask for the real votes, for the same epoch.
     */
    void beginBallot(final long nowNs)
    {
        ballot = true;
        election.begin(epoch, false, nowNs, liveReplicas);
        voteRequestDueNs = nowNs;
    }

    /**
     * @return true once the real ballot has begun: only then may replicas have promised this epoch.
     */
    boolean ballotBegun()
    {
        return ballot;
    }

    Election.Outcome outcome(final long nowNs)
    {
        return election.outcome(nowNs);
    }

    /**
     * Won: bring the journal to the voter's whose is newest (nothing, when none is newer than this one).
     */
    void beginFill(final long nowNs)
    {
        fillReplicaId = election.newestBeyond(journal.lastEpoch(), journal.lastSeq(), true);
        fillTargetSeq = journal.lastSeq();
        if (0 != fillReplicaId)
        {
            journalFill.begin(fillReplicaId, epoch, nowNs);
            fillTargetSeq = journalFill.targetSeq();
        }
    }

    /**
     * CANDIDATE_FILL: done, waiting, or given up.
     */
    Fill fill(final long nowNs)
    {
        if (0 == fillReplicaId)
        {
            return Fill.FILLED;
        }
        switch (journalFill.poll(nowNs, true))
        {
            case FILLED:
                seqsFilled = journalFill.seqsFilled();
                return Fill.FILLED;
            case GAVE_UP:
                return Fill.GAVE_UP;
            default:
                return Fill.WAITING;
        }
    }

    /**
     * A journal entry a replica sent for a catch-up or a fill.
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
        journalFill.onFetched(buffer, offset, length, entryEpoch, seq, clientId, correlationId, nowNs);
    }

    long epoch()
    {
        return epoch;
    }

    String preVotedReason(final long nowNs)
    {
        return "pre-vote for epoch " + epoch + " granted by a majority in " +
            TimeUnit.NANOSECONDS.toMillis(nowNs - election.startNs()) + " ms" +
            (catchUps > 0 ? " after " + catchUps + " catch-up(s) adding " + seqsCaughtUp + " seqs" : "") +
            "; asking for the real votes";
    }

    String refusedReason()
    {
        return refusedReason + "; standing by again";
    }

    String wonReason(final long nowNs)
    {
        return "elected for epoch " + epoch + " by replicas " + election.voters() + " in " +
            TimeUnit.NANOSECONDS.toMillis(nowNs - election.startNs()) + " ms; filling the journal up to seq " +
            fillTargetSeq + (0 == fillReplicaId ? "" : " from replica " + fillReplicaId);
    }

    String lostReason()
    {
        return "epoch " + epoch + " won " + election.granted() + " of the " + election.majority() +
            " votes needed; standing by again";
    }

    String gaveUpReason()
    {
        return journalFill.gaveUpReason() + "; candidacy for epoch " + epoch + " withdrawn";
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
        return seqsFilled;
    }
}
