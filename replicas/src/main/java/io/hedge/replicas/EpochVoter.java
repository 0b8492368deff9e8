package io.hedge.replicas;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * The replica's side of gateway elections: which gateway it follows and in which epoch, its votes, and its promise
 * (the highest epoch voted for or followed, on disk before anything that depends on it leaves). A replica follows
 * one gateway at a time; messages from any other, or from an epoch above the one it knows, are not for it.
 * <p>
 * It votes for a candidate only for an epoch above every one it promised, and only once the gateway it follows has
 * been silent for the hold-off, so that a standby that merely missed some heartbeats cannot unseat an active gateway
 * the replicas still hear. A gateway heard leading a higher epoch it did not vote in is followed too; the
 * {@link LogMatcher} then checks the journal against its history.
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

        void sendVote(int replicaId, int candidateId, long epoch, boolean granted, long journaledSeq, long lastEntryEpoch);
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
    private volatile long epoch;
    private volatile int leaderId;
    private long lastLeaderHeartbeatNs;
    private long lastEntryEpoch;

    /**
     * @param epoch          the epoch recovered: the highest of the snapshot's, the journal's and the promise's.
     * @param leaderId       the gateway promised, 0 for none.
     * @param lastEntryEpoch the epoch of the last journaled entry.
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
        final long lastEntryEpoch)
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
     * A standby stands for an epoch. Vote for it only if the epoch is above every one promised, and only if the
     * gateway this replica follows has been silent for the hold-off; a repeated request of the candidate already
     * voted for is granted again. The promise is on disk before the vote leaves.
     *
     * @param able false when this replica may not vote at all (repairing, stopped).
     */
    void onVoteRequest(
        final int gatewayId, final int candidateId, final long requestEpoch, final boolean able, final long nowNs)
    {
        if (gatewayId != candidateId || !ballots.isGateway(candidateId))
        {
            counters.unreadableMessage();
            return;
        }
        final boolean repeat = requestEpoch == epoch && candidateId == leaderId;
        final boolean leaderSilent = 0 == leaderId || candidateId == leaderId ||
            nowNs - lastLeaderHeartbeatNs >= voteHoldoffNs;
        final boolean grant = able && (repeat || (requestEpoch > epoch && leaderSilent));
        if (grant && !repeat)
        {
            promises.promise(requestEpoch, candidateId);
            LOG.info("replica {} (site {}): voted for gateway {} in epoch {} (was gateway {} in epoch {}), journal at " +
                "seq {}", replicaId, site, candidateId, requestEpoch, leaderId, epoch, journaledSeq.getAsLong());
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
        ballots.sendVote(replicaId, candidateId, grant ? requestEpoch : epoch, grant, journaledSeq.getAsLong(),
            lastEntryEpoch);
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
        ballots.follow(gatewayId);
        lastLeaderHeartbeatNs = nowNs;
    }
}
