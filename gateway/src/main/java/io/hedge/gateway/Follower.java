package io.hedge.gateway;

import io.hedge.codecs.ControlEntry;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.transport.FabricLimits;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A standby's work under one leader (one epoch of one gateway, or no leader known yet): ask it to take this gateway
 * on (JOINING), cutting off what of the journal disagrees with the leader's, by the history its heartbeats carry;
 * then journal its stream (FOLLOWING), asking for what the stream moved on without; and watch for its silence, after
 * which this gateway stands for election, the later the further it is from the leader in the gateways' order. A new
 * leader means a new Follower.
 */
final class Follower implements GatewayPhase
{
    static final long CONTROL_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long FOLLOW_RETRANSMIT_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);

    private final int gatewayId;
    private final int leaderId;
    private final long leaderEpoch;
    private final GatewayJournal journal;
    private final PeerPublisher toPeers;
    private final StreamOffer toLeader;
    private final long standAfterNs;
    private long leaderLastSeq;
    private long lastHeartbeatNs;
    private long stopSeq;
    private long joinDueNs;
    private long retransmitDueNs;
    private long progressSeq;
    private final long[] leaderTailEpochs = new long[FabricLimits.HISTORY_TAIL];
    private final long[] leaderTailStarts = new long[FabricLimits.HISTORY_TAIL];
    private int leaderTailCount;
    /** The join cuts by the leader's tail, so nothing is joined before one of its heartbeats brought it. */
    private boolean heardLeader;

    /**
     * @param leaderId     the gateway to follow, 0 when none is known.
     * @param leaderEpoch  the epoch it leads, 0 when none is known.
     * @param toLeader     the leader's inbound endpoint, null when none is known (or it is not a peer).
     * @param standAfterNs silence of the leader after which this gateway stands.
     * @param nowNs        the silence is counted from now.
     */
    Follower(
        final int gatewayId,
        final int leaderId,
        final long leaderEpoch,
        final GatewayJournal journal,
        final PeerPublisher toPeers,
        final StreamOffer toLeader,
        final long standAfterNs,
        final long nowNs)
    {
        this.gatewayId = gatewayId;
        this.leaderId = leaderId;
        this.leaderEpoch = leaderEpoch;
        this.journal = journal;
        this.toPeers = toPeers;
        this.toLeader = toLeader;
        this.standAfterNs = standAfterNs;
        this.lastHeartbeatNs = nowNs;
    }

    /**
     * @return the ids of this gateway and its peers, in ascending order: the order in which standbys stand.
     */
    static int[] gatewayOrder(final GatewayContext ctx)
    {
        final int[] order = new int[ctx.peers().size() + 1];
        order[0] = ctx.gatewayId();
        for (int i = 0; i < ctx.peers().size(); i++)
        {
            order[i + 1] = ctx.peers().get(i).gatewayId();
        }
        java.util.Arrays.sort(order);
        return order;
    }

    /**
     * @return how long a standby of this gateway waits for the leader's heartbeat before standing: the heartbeat
     * timeout plus a stagger per standby before it in the order; nothing for a lone gateway that knows no leader.
     */
    static long standAfterNs(final GatewayContext ctx, final int[] gatewayOrder, final int leaderId)
    {
        return ctx.peers().isEmpty() && 0 == leaderId ? 0 :
            ctx.heartbeatTimeoutNs() + rank(gatewayOrder, ctx.gatewayId(), leaderId) * ctx.candidateStaggerNs();
    }

    /**
     * @return this gateway's place in the order in which standbys stand: the gateway after the silent leader first,
     * so that the standbys rarely compete and a dead first successor costs one stagger.
     */
    static int rank(final int[] sortedGatewayIds, final int gatewayId, final int leaderId)
    {
        int start = 0;
        for (int i = 0; i < sortedGatewayIds.length; i++)
        {
            if (sortedGatewayIds[i] == leaderId)
            {
                start = i + 1;
            }
        }
        int rank = 0;
        for (int i = 0; i < sortedGatewayIds.length; i++)
        {
            final int id = sortedGatewayIds[(start + i) % sortedGatewayIds.length];
            if (id == gatewayId)
            {
                return rank;
            }
            if (id != leaderId)
            {
                rank++;
            }
        }
        return rank;
    }

    /**
     * JOINING: ask the leader, now and then, to take this gateway on.
     */
    int join(final long nowNs)
    {
        if (null == toLeader || !heardLeader || nowNs - joinDueNs < 0)
        {
            return 0;
        }
        toPeers.joinRequest(toLeader, journal.lastSeq(), journal.lastEpoch());
        joinDueNs = nowNs + CONTROL_RETRY_NS;
        return 1;
    }

    /**
     * @return true when this join answer is the leader's, to this gateway.
     */
    boolean isAnswer(final int peerId, final int targetId, final long acceptedEpoch)
    {
        // An answer to a join this follower's predecessor asked (a candidacy came between) may arrive before this
        // follower heard the leader's tail: cutting by an empty tail would throw the whole journal away (seen in
        // `hedge chaos --seed 1101`). It is ignored; the join is asked again once a heartbeat came.
        return targetId == gatewayId && peerId == leaderId && acceptedEpoch == leaderEpoch && 0 != leaderId &&
            heardLeader;
    }

    /**
     * Taken on: keep only what agrees with the leader's journal, by the history tail of its last heartbeat
     * ({@code agreedPrefix}: a tail of an epoch the leader never held, or re-sequenced, is cut), and no more than
     * the leader has published ({@code validSeq}). When the tail does not reach where the journals agree, nothing
     * of this journal can be trusted: it is cut whole and followed again from the start. What is cut is kept aside.
     */
    void onJoinAccepted(final long validSeq)
    {
        final long before = journal.lastSeq();
        final long agreed = journal.history().agreedPrefix(
            leaderTailEpochs, leaderTailStarts, leaderTailCount, leaderLastSeq);
        final long keep = Math.min(validSeq, Math.max(0, agreed));
        if (keep < before)
        {
            final Path aside = journal.truncateTo(keep, "epoch-" + leaderEpoch);
            LOG.warn("gateway {}: seqs {}..{} of its journal do not agree with gateway {}'s in epoch {} (agreed " +
                "prefix {}); journal cut back to seq {}, the old one kept at {}", gatewayId, keep + 1, before,
                leaderId, leaderEpoch, agreed, keep, aside);
        }
        progressSeq = -1;
    }

    /**
     * FOLLOWING: when the leader is ahead and this journal has not moved for a while, the stream moved on without
     * it (lost messages, or it joined late): ask for the gap from the leader's journal.
     */
    int follow(final long nowNs)
    {
        if (null == toLeader || leaderLastSeq <= journal.lastSeq() || nowNs - retransmitDueNs < 0)
        {
            return 0;
        }
        if (journal.lastSeq() == progressSeq)
        {
            toPeers.retransmitRequest(toLeader, FabricLimits.STANDBY_REQUESTER_BASE + gatewayId,
                journal.lastSeq() + 1, leaderLastSeq);
        }
        progressSeq = journal.lastSeq();
        retransmitDueNs = nowNs + FOLLOW_RETRANSMIT_NS;
        return 1;
    }

    /**
     * FOLLOWING: one message of the leader's stream (live or retransmitted); the next seq is journaled.
     */
    void onSequenced(
        final int peerId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long entryEpoch,
        final long seq,
        final long clientId,
        final long correlationId)
    {
        if (peerId == leaderId && entryEpoch <= leaderEpoch && seq == journal.lastSeq() + 1)
        {
            journal.append(buffer, offset, length, entryEpoch, seq, clientId, correlationId);
            if (entryEpoch == leaderEpoch && ControlEntry.isStop(clientId, correlationId))
            {
                stopSeq = seq;
            }
        }
    }

    /**
     * @return the seq of a stop entry of hedge admin shutdown the leader sequenced in its epoch and this standby
     * journaled, 0 if none: the standby stops too. One of an older epoch (met catching up) is only journaled.
     */
    long stopSeq()
    {
        return stopSeq;
    }

    /**
     * The leader's heartbeat: how far it has sequenced, and the newest runs of its history, kept for the join.
     */
    void onLeaderHeartbeat(
        final long lastSeq,
        final long[] historyEpochs,
        final long[] historyStarts,
        final int historyCount,
        final long nowNs)
    {
        leaderLastSeq = lastSeq;
        lastHeartbeatNs = nowNs;
        heardLeader = true;
        leaderTailCount = Math.min(historyCount, FabricLimits.HISTORY_TAIL);
        System.arraycopy(historyEpochs, 0, leaderTailEpochs, 0, leaderTailCount);
        System.arraycopy(historyStarts, 0, leaderTailStarts, 0, leaderTailCount);
    }

    /**
     * Count the silence from now: a rival candidate gets its chance before this gateway stands.
     */
    void restartSilence(final long nowNs)
    {
        lastHeartbeatNs = nowNs;
    }

    /**
     * @return true when the leader (or, with none known, the stream) has been silent too long.
     */
    boolean leaderSilent(final long nowNs)
    {
        return nowNs - lastHeartbeatNs > standAfterNs;
    }

    String standReason(final long nowNs, final long candidateEpoch)
    {
        return "no heartbeat from " + (0 == leaderId ? "any gateway" : "gateway " + leaderId) + " for " +
            TimeUnit.NANOSECONDS.toMillis(nowNs - lastHeartbeatNs) + " ms; standing for epoch " + candidateEpoch +
            " with journal at seq " + journal.lastSeq();
    }

    int leaderId()
    {
        return leaderId;
    }

    long leaderEpoch()
    {
        return leaderEpoch;
    }
}
