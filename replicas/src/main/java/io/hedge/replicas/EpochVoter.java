package io.hedge.replicas;

import io.hedge.journal.EpochHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * The replica's side of gateway elections: which gateway it follows and in which epoch, its votes, and its promise
 * (the highest epoch voted for or followed, on disk before anything that depends on it leaves). A replica follows
 * one gateway at a time; messages from any other, or from an epoch above the one it knows, are not for it.
 * <p>
 * It votes for a candidate only for an epoch above every one it promised, only once the gateway it follows has
 * been silent for the hold-off (counted from the replica's start too), so that a standby that merely missed some
 * heartbeats cannot unseat an active gateway the replicas still hear, and only for a candidate whose journal is at
 * least as far on as its own (the election restriction: last entry's epoch first, then its seq), so that a gateway
 * elected by a majority holds every entry a majority journaled. A pre-vote is answered by the same rule, but changes
 * nothing: a candidate that cannot win raises no epoch. A gateway heard leading a higher epoch it did not vote in is
 * followed too; the {@link LogMatcher} then checks the journal against its history.
 * The agent thread only; {@link #epoch()} and {@link #leaderId()} may be read from any.
 */
final class EpochVoter
{
    /** Where votes go and whom the replica's messages go to. */
    interface Ballots
    {
        /**
         * @return true when the gateway is one of the stream's.
         */
        boolean isGateway(int gatewayId);

        /**
         * From here on send to this gateway.
         */
        void follow(int gatewayId);

        /**
         * @param preVote true for the answer to a pre-vote: nothing was promised.
         * @param history the replica's journal history; its newest runs go with the vote.
         */
        void sendVote(
            int replicaId,
            int candidateId,
            long epoch,
            boolean granted,
            boolean preVote,
            long journaledSeq,
            long lastEntryEpoch,
            EpochHistory history);
    }

    /** The promise on disk: it must be durable when this returns. */
    @FunctionalInterface
    interface Promises
    {
        void promise(long epoch, int gatewayId);
    }

    /** What a gateway heartbeat meant. */
    enum Heard
    {
        /** From a gateway this replica does not follow, or of an older epoch. */
        IGNORED,
        /** From the gateway this replica follows (perhaps from this heartbeat on). */
        FROM_LEADER
    }

    private static final Logger LOG = LoggerFactory.getLogger(EpochVoter.class);

    private final int replicaId;
    private final String site;
    private final long voteHoldoffNs;
    private final Promises promises;
    private final Ballots ballots;
    private final LongSupplier journaledSeq;
    private final ReplicaCounters counters;
    private final EpochHistory history;
    private volatile long epoch;
    private volatile int leaderId;
    private long lastLeaderHeartbeatNs;
    /** The gateway the leader handed over to (hedge admin switchover), 0 for none. */
    private int handoverTargetId;
    private long lastEntryEpoch;

    /**
     * @param epoch          the epoch recovered: the highest of the snapshot's, the journal's and the promise's.
     * @param leaderId       the gateway promised, 0 for none.
     * @param lastEntryEpoch the epoch of the last journaled entry.
     * @param history        the history of the replica's journal, kept by its owner; its tail goes with each vote.
     */
    EpochVoter(
        final int replicaId,
        final String site,
        final long voteHoldoffNs,
        final Promises promises,
        final Ballots ballots,
        final LongSupplier journaledSeq,
        final ReplicaCounters counters,
        final long epoch,
        final int leaderId,
        final long lastEntryEpoch,
        final EpochHistory history)
    {
        this.replicaId = replicaId;
        this.site = site;
        this.voteHoldoffNs = voteHoldoffNs;
        this.promises = promises;
        this.ballots = ballots;
        this.journaledSeq = journaledSeq;
        this.counters = counters;
        this.epoch = epoch;
        this.leaderId = leaderId;
        this.lastEntryEpoch = lastEntryEpoch;
        this.history = history;
    }

    /**
     * The replica starts now: the hold-off runs from here too, so that a restarted replica does not vote before it
     * has had the time to hear the gateway it followed (which may well still be leading).
     */
    void started(final long nowNs)
    {
        lastLeaderHeartbeatNs = nowNs;
    }

    /**
     * A gateway heartbeat: follow a gateway heard leading an epoch this replica did not vote in (it was down, or voted
     * for a loser). Whether its journal agrees with the new leader's is the {@link LogMatcher}'s to find out; what it
     * holds that the leader does not is cut then (REPAIRING), never a reason to stop following.
     */
    Heard onHeartbeat(final int gatewayId, final long heartbeatEpoch, final long epochStartSeq, final long nowNs)
    {
        if (heartbeatEpoch < epoch)
        {
            return Heard.IGNORED;
        }
        if (heartbeatEpoch > epoch || 0 == leaderId)
        {
            promises.promise(heartbeatEpoch, gatewayId);
            LOG.info("replica {} (site {}): following gateway {} in epoch {} (was gateway {} in epoch {})", replicaId,
                site, gatewayId, heartbeatEpoch, leaderId, epoch);
            epoch = heartbeatEpoch;
            follow(gatewayId, nowNs);
        }
        if (gatewayId != leaderId)
        {
            return Heard.IGNORED;
        }
        lastLeaderHeartbeatNs = nowNs;
        return Heard.FROM_LEADER;
    }

    /**
     * A standby stands for an epoch, or asks whether it could (a pre-vote). Grant only if the epoch is above every
     * one promised (or it is the same candidate asking again for the real vote), the gateway this replica follows has
     * been silent for the hold-off, the replica is able, and the candidate's journal is at least as far on as this
     * one's. A real vote's promise is on disk before the vote leaves; a pre-vote changes nothing at all.
     *
     * @param lastSeq   the last seq the candidate journaled.
     * @param lastEpoch the epoch of the candidate's last journaled entry.
     * @param preVote   true to ask only whether this replica would grant.
     * @param able      false when this replica may not vote at all (repairing, stopped).
     */
    void onVoteRequest(
        final int gatewayId,
        final int candidateId,
        final long requestEpoch,
        final long lastSeq,
        final long lastEpoch,
        final boolean preVote,
        final boolean able,
        final long nowNs)
    {
        if (gatewayId != candidateId || !ballots.isGateway(candidateId))
        {
            counters.unreadableMessage();
            return;
        }
        final long ownSeq = journaledSeq.getAsLong();
        final boolean repeat = !preVote && requestEpoch == epoch && candidateId == leaderId;
        final boolean leaderSilent = candidateId == leaderId || candidateId == handoverTargetId ||
            nowNs - lastLeaderHeartbeatNs >= voteHoldoffNs;
        final boolean upToDate = atLeastAsFarOn(lastEpoch, lastSeq, lastEntryEpoch, ownSeq);
        final boolean grant = able && (repeat || (requestEpoch > epoch && leaderSilent && upToDate));
        if (preVote)
        {
            counters.preVoteAnswered(grant);
            ballots.sendVote(replicaId, candidateId, grant ? requestEpoch : epoch, grant, true, ownSeq,
                lastEntryEpoch, history);
            return;
        }
        if (grant && !repeat)
        {
            promises.promise(requestEpoch, candidateId);
            LOG.info("replica {} (site {}): voted for gateway {} in epoch {} (was gateway {} in epoch {}), journal at " +
                "seq {} of epoch {}, the candidate's at seq {} of epoch {}", replicaId, site, candidateId, requestEpoch,
                leaderId, epoch, ownSeq, lastEntryEpoch, lastSeq, lastEpoch);
            epoch = requestEpoch;
            follow(candidateId, nowNs);
        }
        if (grant)
        {
            counters.voteGranted();
        }
        else
        {
            counters.voteRefused();
        }
        ballots.sendVote(replicaId, candidateId, grant ? requestEpoch : epoch, grant, false, ownSeq, lastEntryEpoch,
            history);
    }

    /**
     * hedge admin switchover: the leader this replica follows, in its epoch, handed over to targetId and stepped
     * down. Its silence need not be waited for: targetId is granted (the other conditions still hold) until this
     * replica follows another gateway or epoch.
     */
    void onHandover(final int fromGatewayId, final long handoverEpoch, final int targetId)
    {
        if (fromGatewayId == leaderId && handoverEpoch == epoch)
        {
            handoverTargetId = targetId;
            LOG.info("replica {} (site {}): gateway {} hands over to gateway {} in epoch {}", replicaId, site,
                fromGatewayId, targetId, handoverEpoch);
        }
    }

    /**
     * The election restriction: a journal ending in a later epoch is further on, whatever its length (the later
     * epoch's leader held every entry committed before it); in the same epoch, the longer one is.
     */
    static boolean atLeastAsFarOn(
        final long candidateEpoch, final long candidateSeq, final long ownEpoch, final long ownSeq)
    {
        return candidateEpoch > ownEpoch || (candidateEpoch == ownEpoch && candidateSeq >= ownSeq);
    }

    /**
     * @return true if a message of this epoch from this gateway is for this replica: from the gateway it follows,
     * and of no epoch it has not heard that gateway lead.
     */
    boolean follows(final int gatewayId, final long messageEpoch)
    {
        return gatewayId == leaderId && messageEpoch <= epoch;
    }

    /**
     * @return true if this is the gateway this replica follows.
     */
    boolean isLeader(final int gatewayId)
    {
        return gatewayId == leaderId;
    }

    /**
     * An entry of this epoch was journaled.
     */
    void onJournaled(final long entryEpoch)
    {
        lastEntryEpoch = entryEpoch;
    }

    /**
     * The state installed from a peer's snapshot is of this epoch: never report an older one.
     */
    void raiseEpoch(final long newEpoch)
    {
        epoch = Math.max(epoch, newEpoch);
    }

    long epoch()
    {
        return epoch;
    }

    /**
     * @return the gateway this replica follows, 0 if none yet.
     */
    int leaderId()
    {
        return leaderId;
    }

    long lastEntryEpoch()
    {
        return lastEntryEpoch;
    }

    private void follow(final int gatewayId, final long nowNs)
    {
        leaderId = gatewayId;
        handoverTargetId = 0;
        ballots.follow(gatewayId);
        lastLeaderHeartbeatNs = nowNs;
    }
}
