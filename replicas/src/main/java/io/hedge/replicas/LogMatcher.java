package io.hedge.replicas;

import io.hedge.journal.EpochHistory;
import io.hedge.transport.FabricLimits;

/**
 * Log matching on the replica (protocol v2, rule 2): before a replica takes entries of an epoch, it checks its
 * journal's {@link EpochHistory} against the history tail the epoch's leader sends in its heartbeats, and afterwards
 * it checks every entry it appends against that tail.
 * <p>
 * {@code agreed = history.agreedPrefix(leader tail, leader lastSeq)}: agreed >= journaled seq, the journal is a prefix
 * of the leader's log and the replica is matched in the epoch; agreed < journaled seq, the journal holds a tail the
 * leader does not (an abandoned epoch's), which must be cut to agreed first ({@link Verdict#REPAIR}); -1, where the
 * two agree cannot be told from what is held (the divergence lies before the tail sent, or before this journal's
 * first seq), and the replica rebuilds from a peer ({@link Verdict#BOOTSTRAP}).
 * <p>
 * Once matched, an entry (epoch x, seq s) is appended only if x is the leader's epoch at s: the leader's own epoch
 * from its epochStartSeq on, the tail's run holding s before it. Together this keeps the invariant of log matching:
 * two journals that hold an entry of the same epoch at the same seq agree up to it.
 * <p>
 * The agent thread only; no allocation (the tail is copied into arrays made once).
 */
final class LogMatcher
{
    /** What a heartbeat of the followed leader asks of the replica. */
    enum Verdict
    {
        /** Matched in the heartbeat's epoch (now or before): take its entries. */
        MATCHED,
        /** The journal holds seqs the leader does not: cut it to {@link #target()} and rebuild the state. */
        REPAIR,
        /** Where the journal and the leader's log agree cannot be told: set everything aside, bootstrap from a peer. */
        BOOTSTRAP
    }

    private final EpochHistory history;
    // one more than a tail, for the leader's own run when the tail sent leaves it out
    private final long[] tailEpochs = new long[FabricLimits.HISTORY_TAIL + 1];
    private final long[] tailStarts = new long[FabricLimits.HISTORY_TAIL + 1];
    private int tailCount;
    private long heardEpoch;
    private long heardEpochStartSeq;
    private long heardLastSeq;
    private long matchedEpoch;
    private long target;
    private long rejectLoggedEpoch;

    /**
     * @param history the replica journal's history, kept in step with the journal by the agent.
     */
    LogMatcher(final EpochHistory history)
    {
        this.history = history;
    }

    /**
     * A heartbeat of the leader the replica follows.
     *
     * @param journaledSeq the replica journal's last seq (a snapshot's when the journal holds nothing after it).
     * @return what to do; a no-op {@link Verdict#MATCHED} when already matched in this epoch.
     */
    Verdict onLeaderHeartbeat(
        final long epoch,
        final long lastSeq,
        final long epochStartSeq,
        final long[] epochs,
        final long[] starts,
        final int count,
        final long journaledSeq)
    {
        if (epoch == matchedEpoch)
        {
            return Verdict.MATCHED;
        }
        hear(epoch, lastSeq, epochStartSeq, epochs, starts, count);
        if (0 == history.size())
        {
            if (journaledSeq > 0)
            {
                // the state is a snapshot's, with no entry after it: its epoch at that seq is not known here
                target = RepairMarker.BOOTSTRAP;
                return Verdict.BOOTSTRAP;
            }
            matched();
            return Verdict.MATCHED;
        }
        final long agreed = history.agreedPrefix(tailEpochs, tailStarts, tailCount, lastSeq);
        if (agreed < 0)
        {
            target = RepairMarker.BOOTSTRAP;
            return Verdict.BOOTSTRAP;
        }
        if (agreed >= journaledSeq)
        {
            matched();
            return Verdict.MATCHED;
        }
        target = agreed;
        return Verdict.REPAIR;
    }

    /**
     * Keep a heartbeat's tail without matching (a bootstrapping replica has nothing to match yet).
     */
    void hear(
        final long epoch,
        final long lastSeq,
        final long epochStartSeq,
        final long[] epochs,
        final long[] starts,
        final int count)
    {
        heardEpoch = epoch;
        heardEpochStartSeq = epochStartSeq;
        heardLastSeq = lastSeq;
        int n = 0;
        for (int i = 0; i < count && n < FabricLimits.HISTORY_TAIL; i++)
        {
            // runs at or after the epoch's start are the leader's own epoch's, whatever the tail says
            if ((epochStartSeq <= 0 || starts[i] < epochStartSeq) && epochs[i] < epoch)
            {
                tailEpochs[n] = epochs[i];
                tailStarts[n] = starts[i];
                n++;
            }
        }
        if (epochStartSeq > 0)
        {
            tailEpochs[n] = epoch;
            tailStarts[n] = epochStartSeq;
            n++;
        }
        tailCount = n;
    }

    /**
     * The repair to {@link #target()} is done: the journal now ends where the leader's log agrees with it.
     */
    void onRepaired()
    {
        matched();
    }

    /**
     * The state was replaced by a peer's snapshot taken under the leader last heard: matched in its epoch if that is
     * the one the replica follows now, otherwise the next heartbeat matches.
     */
    void onBootstrapped(final long followedEpoch)
    {
        if (heardEpoch == followedEpoch && heardEpoch != 0)
        {
            matched();
        }
    }

    /**
     * The journal was set aside: nothing is matched.
     */
    void reset()
    {
        matchedEpoch = 0;
    }

    /**
     * @return true if the replica is matched in this epoch (the one it follows): only then does it take its entries.
     */
    boolean matchedIn(final long epoch)
    {
        return 0 != matchedEpoch && epoch == matchedEpoch;
    }

    /**
     * @return true if the entry (entryEpoch, seq) agrees with the leader's history the replica matched with.
     */
    boolean accepts(final long entryEpoch, final long seq)
    {
        for (int i = tailCount - 1; i >= 0; i--)
        {
            if (tailStarts[i] <= seq)
            {
                return tailEpochs[i] == entryEpoch;
            }
        }
        // before the oldest run sent: appended only by a replica that matched with an empty journal; not checkable
        return true;
    }

    /**
     * @return true the first time in the matched epoch a contradicting entry is met: log it then only.
     */
    boolean firstRejectInEpoch()
    {
        if (rejectLoggedEpoch == matchedEpoch)
        {
            return false;
        }
        rejectLoggedEpoch = matchedEpoch;
        return true;
    }

    /**
     * @return the seq to cut back to after {@link Verdict#REPAIR}, {@link RepairMarker#BOOTSTRAP} after
     * {@link Verdict#BOOTSTRAP}.
     */
    long target()
    {
        return target;
    }

    /**
     * @return the epoch the replica is matched in, 0 if none.
     */
    long matchedEpoch()
    {
        return matchedEpoch;
    }

    /**
     * @return the last seq of the last heartbeat heard.
     */
    long heardLastSeq()
    {
        return heardLastSeq;
    }

    long heardEpochStartSeq()
    {
        return heardEpochStartSeq;
    }

    /**
     * @return the leader's history the replica matched with (or last heard), for the log.
     */
    String tail()
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < tailCount; i++)
        {
            sb.append(i == 0 ? "" : ", ").append("epoch ").append(tailEpochs[i]).append(" from ").append(tailStarts[i]);
        }
        return sb.append(']').toString();
    }

    private void matched()
    {
        matchedEpoch = heardEpoch;
    }
}
