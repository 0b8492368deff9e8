package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.FabricStatusEncoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusDecoder;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.JournalStartupCheck;
import io.hedge.journal.JournalTruncation;
import io.hedge.journal.SequencedJournal;
import io.hedge.sequencer.DuplicateTable;
import io.hedge.sequencer.EpochHistory;
import io.hedge.sequencer.Sequencer;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A gateway of the stream, in one of three roles. ACTIVE: takes client requests, has them sequenced and published
 * to the replicas, and answers each client with the first response for its seq. STANDBY: follows the active gateway's
 * stream into its own journal and duplicate table, answers no client, and stands for election when the active one
 * falls silent. CANDIDATE: asks the replicas for their votes on a higher epoch, fills its journal from the voter
 * that holds the most, then becomes active. The takeover rule is in docs/FAILOVER.md. One thread; nothing on the
 * per-request path allocates, locks or logs.
 */
public final class GatewayAgent implements Agent
{
    /** The role a gateway plays now. */
    public enum Role
    {
        STANDBY, CANDIDATE, ACTIVE
    }

    /** Retransmit requests from standby gateway g carry requester id {@code STANDBY_REQUESTER_BASE + g}. */
    static final int STANDBY_REQUESTER_BASE = 64;
    private static final int MAX_REPLICAS = 64;
    private static final int MAX_FILL_ATTEMPTS = 3;
    private static final long CONTROL_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FOLLOW_RETRANSMIT_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Logger LOG = LoggerFactory.getLogger(GatewayAgent.class);

    private final GatewayContext ctx;
    private final NanoClock nanoClock;
    private final EpochNanoClock epochClock;
    private final Path journalDir;
    private SequencedJournal journal;
    private DuplicateTable duplicates;
    private final EpochHistory history = new EpochHistory();
    private final ClientSessions sessions;
    private final EgressPublisher egress = new EgressPublisher();
    private final ControlPublisher control = new ControlPublisher();
    private final ExclusivePublication sequencedPublication;
    private final ExclusivePublication replayPublication;
    private final Subscription ingressSubscription;
    private final Subscription replicaSubscription;
    private final ControlledFragmentAssembler ingressAssembler;
    private final ControlledFragmentAssembler replicaAssembler;
    private final HeartbeatPublisher heartbeat;
    private final PeerLinks peers;
    private final EffectForwarder effects;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer appendBuffer = new UnsafeBuffer(0, 0);
    private final ClientSessions.ConnectedNotifier connectedNotifier = this::onSessionEstablished;
    private final int[] gatewayOrder;

    // the parts of the active role, made at each takeover
    private Sequencer sequencer;
    private ResponseCollector collector;
    private RetransmitService retransmits;
    private SnapshotRelay snapshotRelay;

    private volatile Role role = Role.STANDBY;
    private volatile long epoch;
    private long highestEpoch;
    private int leaderId;
    private long leaderEpoch;
    private long leaderLastSeq;
    private long lastLeaderHeartbeatNs;
    private long epochStartSeq;
    private long stepDownEpoch;

    private long joinedEpoch;
    private long joinDueNs;
    private long followRetransmitDueNs;
    private long followProgressSeq;

    private final long[] replicaStatusNs = new long[MAX_REPLICAS];
    private long candidateEpoch;
    private final Election election;
    private long voteRequestDueNs;
    private boolean filling;
    private long fillTargetSeq;
    private int fillReplicaId;
    private long fillDeadlineNs;
    private long filledSeqs;
    private int fillAttempts;

    private final TakeoverWarmup warmup;

    private volatile long requestsSequenced;
    private volatile long duplicatesSeen;
    private volatile long rejectedRequests;
    private volatile long unreadableMessages;
    private volatile long unknownClientRequests;
    private volatile long staleEpochResponses;
    private volatile long requestsWhileNotActive;
    private volatile long takeovers;
    private volatile long stepDowns;
    private volatile long lastTakeoverNs;
    private volatile long retransmittedBefore;

    GatewayAgent(final GatewayContext ctx, final Aeron aeron, final NanoClock nanoClock, final EpochNanoClock epochClock)
    {
        this.ctx = ctx;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.journalDir = ctx.journalDir();
        this.election = new Election(ctx.replicaCount(), ctx.electionTimeoutNs());
        this.warmup = new TakeoverWarmup(ctx.gatewayId(), this::fetchResponses);
        JournalStartupCheck.check(journalDir, "gateway " + ctx.gatewayId());
        openJournal();

        boolean started = false;
        try
        {
            sequencedPublication = aeron.addExclusivePublication(ctx.sequencedChannel(), ctx.sequencedStreamId());
            replayPublication = aeron.addExclusivePublication(ctx.replayChannel(), ctx.replayStreamId());
            ingressSubscription = aeron.addSubscription(ctx.ingressChannel(), ctx.ingressStreamId());
            replicaSubscription = aeron.addSubscription(ctx.replicaChannel(), ctx.replicaStreamId());
            sessions = new ClientSessions(aeron, ctx.connectTimeoutNs());
            ingressAssembler = new ControlledFragmentAssembler(new IngressAdapter(this));
            replicaAssembler = new ControlledFragmentAssembler(new ReplicaAdapter(this));
            heartbeat = new HeartbeatPublisher(sequencedPublication, ctx.gatewayId(), ctx.heartbeatIntervalNs());
            peers = new PeerLinks(aeron, ctx.peers(), ctx.sequencedStreamId(), ctx.replayStreamId(),
                ctx.replicaStreamId(), this);
            effects = ctx.sinkChannel().isEmpty() ? null : new EffectForwarder(
                aeron.addExclusivePublication(ctx.sinkChannel(), ctx.sinkStreamId()), ctx.gatewayId());
            started = true;
        }
        finally
        {
            if (!started)
            {
                journal.close();
            }
        }
        gatewayOrder = new int[ctx.peers().size() + 1];
        gatewayOrder[0] = ctx.gatewayId();
        for (int i = 0; i < ctx.peers().size(); i++)
        {
            gatewayOrder[i + 1] = ctx.peers().get(i).gatewayId();
        }
        java.util.Arrays.sort(gatewayOrder);
        highestEpoch = history.lastEpoch();
        lastLeaderHeartbeatNs = nanoClock.nanoTime();
        LOG.info("gateway {}: journal {} holds seqs up to {} ({}); standing by with {} peer gateway(s) and {} replicas",
            ctx.gatewayId(), journalDir, journal.lastSeq(), history, peers.size(), ctx.replicaCount());
    }

    private void openJournal()
    {
        journal = SequencedJournal.open(journalDir);
        duplicates = new DuplicateTable(ctx.duplicateWindow());
        history.clear();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                duplicates.record(decoder.clientId(), decoder.correlationId(), decoder.seq());
                history.onEntry(decoder.epoch(), decoder.seq());
            }))
            {
                // every record is taken in by the handler
            }
        }
    }

    @Override
    public String roleName()
    {
        return "hedge-gateway-" + ctx.gatewayId();
    }

    @Override
    public int doWork()
    {
        final long nowNs = nanoClock.nanoTime();
        int work = 0;
        if (role == Role.ACTIVE && sequencer.hasPending())
        {
            work += sequencer.publishPending() ? 1 : 0;
        }
        work += replicaSubscription.controlledPoll(replicaAssembler, ctx.fragmentLimit());
        work += peers.poll(ctx.fragmentLimit());
        switch (role)
        {
            case ACTIVE:
                work += activeWork(nowNs);
                break;
            case STANDBY:
                work += standbyWork(nowNs);
                break;
            case CANDIDATE:
                work += candidateWork(nowNs);
                break;
            default:
                break;
        }
        if (role != Role.ACTIVE || !sequencer.hasPending())
        {
            work += ingressSubscription.controlledPoll(ingressAssembler, ctx.fragmentLimit());
        }
        work += sessions.poll(nowNs, connectedNotifier);
        return work;
    }

    private int activeWork(final long nowNs)
    {
        int work = retransmits.doWork();
        work += snapshotRelay.doWork(nowNs);
        work += heartbeat.poll(nowNs, epoch, lastPublishedSeq(), epochStartSeq, epochClock.nanoTime());
        if (null != effects)
        {
            work += effects.doWork(nowNs);
        }
        work += warmup.poll(nowNs, collector);
        return work;
    }

    private long lastPublishedSeq()
    {
        return sequencer.hasPending() ? sequencer.lastSeq() - 1 : sequencer.lastSeq();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // standby: follow the active gateway
    // ---------------------------------------------------------------------------------------------------------------

    private int standbyWork(final long nowNs)
    {
        int work = 0;
        final PeerLinks.Link leader = 0 == leaderId ? null : peers.link(leaderId);
        if (null != leader && joinedEpoch != leaderEpoch && nowNs - joinDueNs >= 0)
        {
            control.joinRequest(leader.inbound, ctx.gatewayId(), journal.lastSeq(), history.lastEpoch());
            joinDueNs = nowNs + CONTROL_RETRY_NS;
            work++;
        }
        if (null != leader && joinedEpoch == leaderEpoch && leaderLastSeq > journal.lastSeq() &&
            nowNs - followRetransmitDueNs >= 0)
        {
            if (journal.lastSeq() == followProgressSeq)
            {
                // the stream moved on without us (lost messages, or we joined late): fetch the gap from the journal
                control.retransmitRequest(leader.inbound, STANDBY_REQUESTER_BASE + ctx.gatewayId(),
                    journal.lastSeq() + 1, leaderLastSeq);
            }
            followProgressSeq = journal.lastSeq();
            followRetransmitDueNs = nowNs + FOLLOW_RETRANSMIT_NS;
            work++;
        }
        final long waitNs = peers.size() == 0 && 0 == leaderId ? 0 :
            ctx.heartbeatTimeoutNs() + rank() * ctx.candidateStaggerNs();
        if (nowNs - lastLeaderHeartbeatNs > waitNs)
        {
            stand(nowNs);
            work++;
        }
        return work;
    }

    /**
     * @return this gateway's place in the order in which standbys stand: the gateway after the silent leader first,
     * so that the standbys rarely compete and a dead first successor costs one stagger.
     */
    private int rank()
    {
        int start = 0;
        for (int i = 0; i < gatewayOrder.length; i++)
        {
            if (gatewayOrder[i] == leaderId)
            {
                start = i + 1;
            }
        }
        int rank = 0;
        for (int i = 0; i < gatewayOrder.length; i++)
        {
            final int id = gatewayOrder[(start + i) % gatewayOrder.length];
            if (id == ctx.gatewayId())
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

    void onPeerHeartbeat(final int peerId, final long peerEpoch, final long lastSeq, final long startSeq)
    {
        if (peerEpoch <= 0)
        {
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        if (role == Role.ACTIVE)
        {
            if (peerEpoch > epoch)
            {
                stepDown(peerEpoch, peerId, "gateway " + peerId + " is active in epoch " + peerEpoch, nowNs);
            }
            return;
        }
        if (peerEpoch < leaderEpoch)
        {
            // a gateway older than the one we follow (a stale one, not yet stepped down); a failed candidacy's epoch
            // may be higher than both, which is why this compares with the leader's epoch, not the highest seen
            return;
        }
        if (role == Role.CANDIDATE)
        {
            // a gateway leads an epoch at least as new as the one we stood against: it is alive, or it is newer
            LOG.info("gateway {}: gateway {} is active in epoch {}; candidacy for epoch {} withdrawn",
                ctx.gatewayId(), peerId, peerEpoch, candidateEpoch);
            highestEpoch = Math.max(highestEpoch, candidateEpoch);
            role = Role.STANDBY;
            filling = false;
        }
        highestEpoch = Math.max(highestEpoch, peerEpoch);
        if (peerId != leaderId || peerEpoch != leaderEpoch)
        {
            LOG.info("gateway {}: following gateway {} in epoch {} (its epoch began at seq {})",
                ctx.gatewayId(), peerId, peerEpoch, startSeq);
        }
        leaderId = peerId;
        leaderEpoch = peerEpoch;
        leaderLastSeq = lastSeq;
        lastLeaderHeartbeatNs = nowNs;
    }

    void onPeerVoteRequest(final int peerId, final long requestEpoch)
    {
        // a rival candidate: its epoch is taken, so ours, if we stand, must be higher; and a standby gives it a
        // heartbeat timeout to win before standing itself, so that two standbys do not keep unseating each other
        if (requestEpoch > highestEpoch && role != Role.ACTIVE)
        {
            highestEpoch = requestEpoch;
            if (role == Role.STANDBY)
            {
                lastLeaderHeartbeatNs = nanoClock.nanoTime();
            }
        }
    }

    Action onPeerSequenced(
        final int peerId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long entryEpoch,
        final long seq,
        final long clientId,
        final long correlationId)
    {
        if (role != Role.STANDBY || peerId != leaderId || joinedEpoch != leaderEpoch || entryEpoch > leaderEpoch)
        {
            return Action.CONTINUE;
        }
        if (seq == journal.lastSeq() + 1)
        {
            appendEntry(buffer, offset, length, entryEpoch, seq, clientId, correlationId);
        }
        return Action.CONTINUE;
    }

    private void appendEntry(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long entryEpoch,
        final long seq,
        final long clientId,
        final long correlationId)
    {
        appendBuffer.wrap(buffer, offset, length);
        journal.append(appendBuffer, 0, length);
        duplicates.record(clientId, correlationId, seq);
        history.onEntry(entryEpoch, seq);
    }

    void onJoinAccepted(final int peerId, final int targetId, final long acceptedEpoch, final long validSeq)
    {
        if (role != Role.STANDBY || targetId != ctx.gatewayId() || peerId != leaderId || acceptedEpoch != leaderEpoch ||
            joinedEpoch == acceptedEpoch)
        {
            return;
        }
        if (validSeq < journal.lastSeq())
        {
            final long before = journal.lastSeq();
            journal.close();
            final Path aside = JournalTruncation.keepUpTo(journalDir, validSeq, "epoch-" + acceptedEpoch);
            openJournal();
            LOG.warn("gateway {}: seqs {}..{} of its journal were never adopted by epoch {}; journal cut back to " +
                "seq {}, the old one kept at {}", ctx.gatewayId(), validSeq + 1, before, acceptedEpoch, validSeq, aside);
        }
        joinedEpoch = acceptedEpoch;
        followProgressSeq = -1;
        LOG.info("gateway {}: joined gateway {} in epoch {} as a standby at seq {}", ctx.gatewayId(), peerId,
            acceptedEpoch, journal.lastSeq());
    }

    void onJoinRequest(final int standbyId, final long standbyLastSeq, final long standbyLastEpoch)
    {
        if (role != Role.ACTIVE || standbyLastEpoch > epoch)
        {
            return;
        }
        final long validSeq = Math.min(standbyLastSeq, history.lastSeqAtOrBefore(standbyLastEpoch));
        control.joinAccepted(replayPublication, standbyId, epoch, Math.min(validSeq, lastPublishedSeq()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // candidate: the election and the fill
    // ---------------------------------------------------------------------------------------------------------------

    private void stand(final long nowNs)
    {
        role = Role.CANDIDATE;
        candidateEpoch = Math.max(highestEpoch, history.lastEpoch()) + 1;
        voteRequestDueNs = nowNs;
        filling = false;
        long live = 0;
        for (int id = 1; id < MAX_REPLICAS; id++)
        {
            if (0 != replicaStatusNs[id] && nowNs - replicaStatusNs[id] < ctx.heartbeatTimeoutNs())
            {
                live |= 1L << id;
            }
        }
        election.begin(candidateEpoch, nowNs, live);
        LOG.info("gateway {}: no heartbeat from {} for {} ms; standing for epoch {} with journal at seq {}",
            ctx.gatewayId(), 0 == leaderId ? "any gateway" : "gateway " + leaderId,
            TimeUnit.NANOSECONDS.toMillis(nowNs - lastLeaderHeartbeatNs), candidateEpoch, journal.lastSeq());
    }

    private int candidateWork(final long nowNs)
    {
        if (filling)
        {
            return fillWork(nowNs);
        }
        int work = 0;
        if (nowNs - voteRequestDueNs >= 0)
        {
            control.voteRequest(sequencedPublication, ctx.gatewayId(), candidateEpoch, journal.lastSeq());
            voteRequestDueNs = nowNs + CONTROL_RETRY_NS;
            work++;
        }
        switch (election.outcome(nowNs))
        {
            case WON:
                LOG.info("gateway {}: elected for epoch {} by replicas {} in {} ms", ctx.gatewayId(), candidateEpoch,
                    election.voters(), TimeUnit.NANOSECONDS.toMillis(nowNs - election.startNs()));
                final int furthest = election.furthestVoter(journal.lastSeq());
                fillTargetSeq = 0 == furthest ? journal.lastSeq() : election.voterSeq(furthest);
                filling = true;
                fillAttempts = 0;
                filledSeqs = journal.lastSeq();
                if (0 != furthest)
                {
                    requestFill(nowNs, furthest);
                }
                return work + 1;

            case LOST:
                LOG.warn("gateway {}: epoch {} won {} of the {} votes needed; standing by again", ctx.gatewayId(),
                    candidateEpoch, election.granted(), election.majority());
                withdraw(nowNs);
                return work + 1;

            default:
                return work;
        }
    }

    /**
     * Elected: fetch from the voters what this journal lacks, then go active.
     */
    private int fillWork(final long nowNs)
    {
        if (journal.lastSeq() >= fillTargetSeq)
        {
            becomeActive(nowNs);
            return 1;
        }
        if (nowNs - fillDeadlineNs <= 0)
        {
            return 0;
        }
        if (++fillAttempts > MAX_FILL_ATTEMPTS)
        {
            // no voter that holds the missing seqs answers: stand by, and stand again later with them
            LOG.warn("gateway {}: no voter sent seqs {}..{} after {} requests; candidacy for epoch {} withdrawn",
                ctx.gatewayId(), journal.lastSeq() + 1, fillTargetSeq, MAX_FILL_ATTEMPTS, candidateEpoch);
            withdraw(nowNs);
            return 1;
        }
        requestFill(nowNs, election.nextVoterHolding(fillReplicaId, fillTargetSeq));
        return 1;
    }

    private void withdraw(final long nowNs)
    {
        highestEpoch = Math.max(highestEpoch, candidateEpoch);
        filling = false;
        role = Role.STANDBY;
        lastLeaderHeartbeatNs = nowNs;
    }

    private void requestFill(final long nowNs, final int replicaId)
    {
        fillReplicaId = replicaId;
        fillDeadlineNs = nowNs + ctx.fillTimeoutNs();
        control.journalFetch(sequencedPublication, ctx.gatewayId(), replicaId, candidateEpoch,
            journal.lastSeq() + 1, fillTargetSeq);
    }

    void onEpochVote(
        final int replicaId,
        final int candidateId,
        final long voteEpoch,
        final boolean granted,
        final long journaledSeq)
    {
        if (replicaId <= 0 || replicaId >= MAX_REPLICAS)
        {
            unreadableMessages++;
            return;
        }
        if (!granted && voteEpoch > highestEpoch)
        {
            highestEpoch = voteEpoch;
        }
        if (role == Role.CANDIDATE && candidateId == ctx.gatewayId() && !filling)
        {
            election.onVote(replicaId, voteEpoch, granted, journaledSeq);
        }
    }

    Action onFetchedSequenced(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long entryEpoch,
        final long seq,
        final long clientId,
        final long correlationId)
    {
        if (role == Role.CANDIDATE && filling && seq == journal.lastSeq() + 1 && seq <= fillTargetSeq &&
            entryEpoch < candidateEpoch)
        {
            appendEntry(buffer, offset, length, entryEpoch, seq, clientId, correlationId);
            fillDeadlineNs = nanoClock.nanoTime() + ctx.fillTimeoutNs();
        }
        return Action.CONTINUE;
    }

    private void becomeActive(final long nowNs)
    {
        epoch = candidateEpoch;
        highestEpoch = epoch;
        leaderId = ctx.gatewayId();
        leaderEpoch = epoch;
        filling = false;
        final long lastSeq = journal.lastSeq();
        epochStartSeq = lastSeq + 1;
        sequencer = new Sequencer(epoch, journal, sequencedPublication::offer, epochClock, duplicates);
        collector = new ResponseCollector(
            ctx.collectorCapacity(), ctx.responseCacheBytes(), ctx.durability(), this::forwardResponse);
        collector.startAfter(lastSeq);
        retransmits = new RetransmitService(journal, replayPublication, ctx.replayBatch());
        snapshotRelay = new SnapshotRelay(replayPublication, collector);
        egress.epoch(epoch);
        heartbeat.poll(nowNs, epoch, lastSeq, epochStartSeq, epochClock.nanoTime());
        beginWarming(nowNs, lastSeq);
        if (null != effects)
        {
            effects.beginEpoch(epoch, nowNs);
        }
        takeovers++;
        lastTakeoverNs = nowNs - election.startNs();
        role = Role.ACTIVE;
        LOG.info("gateway {}: ACTIVE in epoch {} from seq {} ({} ms after standing; {} seqs filled from replica {})",
            ctx.gatewayId(), epoch, epochStartSeq, TimeUnit.NANOSECONDS.toMillis(lastTakeoverNs),
            lastSeq - filledSeqs, fillReplicaId);
        sessions.forEachEstablished(this::onSessionEstablished);
    }

    /**
     * Register the last seqs before the takeover with the collector and fetch their responses from a replica: a
     * client's resent request then gets its original answer, and the sink the effects its predecessor did not send.
     * New requests wait until this is done, so that effects reach the sink in seq order.
     */
    private void beginWarming(final long nowNs, final long lastSeq)
    {
        final long warmFromSeq = Math.max(Math.max(1, journal.firstSeq()), lastSeq - ctx.takeoverWarmSeqs() + 1);
        final int warmReplicaId = election.furthestVoter(-1);
        if (0 == ctx.takeoverWarmSeqs() || lastSeq < warmFromSeq || 0 == warmReplicaId)
        {
            warmup.stop();
            return;
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (JournalReader reader = journal.reader())
        {
            if (reader.seekToSeq(warmFromSeq))
            {
                while (reader.readNext((buffer, offset, length) ->
                {
                    decoder.wrapAndApplyHeader(buffer, offset, header);
                    collector.onSequenced(decoder.seq(), decoder.clientId(), decoder.correlationId());
                }))
                {
                    // each entry is registered by the handler
                }
            }
        }
        collector.startAfter(lastSeq);
        warmup.begin(warmFromSeq, lastSeq, warmReplicaId, nowNs + ctx.takeoverWarmTimeoutNs());
    }

    private boolean fetchResponses(final int replicaId, final long fromSeq, final long toSeq)
    {
        return control.responseFetch(sequencedPublication, ctx.gatewayId(), replicaId, fromSeq, toSeq);
    }

    void onResponseReplay(
        final int replicaId,
        final long seq,
        final boolean complete,
        final long firstAvailableSeq,
        final long responseEpoch,
        final long stateHash,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final DirectBuffer effectBuffer,
        final int effectsOffset,
        final int effectsLength)
    {
        if (role != Role.ACTIVE)
        {
            return;
        }
        if (complete)
        {
            warmup.onFetchClosed(replicaId, firstAvailableSeq);
            return;
        }
        if (!warmup.accepts(replicaId, seq))
        {
            return;
        }
        if (collector.onResponse(seq, replicaId, stateHash, payload, payloadOffset, payloadLength) && null != effects)
        {
            effects.onEffects(seq, effectBuffer, effectsOffset, effectsLength);
        }
    }

    private void stepDown(final long newEpoch, final int newLeaderId, final String why, final long nowNs)
    {
        LOG.warn("gateway {}: stepping down from epoch {}: {}; nothing it sequenced after the new epoch began will " +
            "be applied", ctx.gatewayId(), epoch, why);
        stepDowns++;
        stepDownEpoch = newEpoch;
        role = Role.STANDBY;
        highestEpoch = Math.max(highestEpoch, newEpoch);
        leaderId = newLeaderId;
        leaderEpoch = 0 == newLeaderId ? 0 : newEpoch;
        joinedEpoch = 0;
        lastLeaderHeartbeatNs = nowNs;
        warmup.stop();
        retransmittedBefore += retransmits.messagesSent();
        CloseHelper.quietClose(retransmits);
        sequencer = null;
        sessions.forEachEstablished(this::onSessionEstablished);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // active: requests, responses, and what replicas and clients send in every role
    // ---------------------------------------------------------------------------------------------------------------

    Action onRequest(
        final long clientId, final long correlationId, final DirectBuffer payload, final int offset, final int length)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            unknownClientRequests++;
            return Action.CONTINUE;
        }
        if (role != Role.ACTIVE)
        {
            requestsWhileNotActive++;
            onSessionEstablished(session);
            return Action.CONTINUE;
        }
        if (correlationId <= 0)
        {
            // correlation ids start at 1; 0 and below would alias empty slots of the duplicate table
            rejectedRequests++;
            egress.sendResponse(
                session.publication, correlationId, 0, ResponseStatus.REJECTED_MALFORMED, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        if (length > ctx.maxPayloadLength())
        {
            rejectedRequests++;
            egress.sendResponse(
                session.publication, correlationId, 0, ResponseStatus.REJECTED_TOO_LARGE, 0, empty, 0, 0);
            return Action.CONTINUE;
        }

        final long earlierSeq = duplicates.check(clientId, correlationId);
        if (earlierSeq != DuplicateTable.NEW)
        {
            duplicatesSeen++;
            answerKnown(session, clientId, correlationId, earlierSeq);
            return Action.CONTINUE;
        }

        if (warmup.active() || sequencer.hasPending() || !collector.hasCapacity())
        {
            // pushed back, too much unanswered, or the takeover is still fetching its predecessor's last responses
            return Action.ABORT;
        }
        final long seq = sequencer.sequence(clientId, correlationId, payload, offset, length);
        history.onEntry(epoch, seq);
        collector.onSequenced(seq, clientId, correlationId);
        requestsSequenced++;
        return sequencer.hasPending() ? Action.BREAK : Action.CONTINUE;
    }

    private void answerKnown(final ClientSession session, final long clientId, final long correlationId,
        final long earlierSeq)
    {
        if (earlierSeq == DuplicateTable.WITHDRAWN)
        {
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.NOT_EXECUTED, 0, empty, 0, 0);
        }
        else if (earlierSeq == DuplicateTable.NEVER_SEQUENCED)
        {
            rejectedRequests++;
            egress.sendResponse(
                session.publication, correlationId, 0, ResponseStatus.REJECTED_OUT_OF_ORDER, 0, empty, 0, 0);
        }
        else if (earlierSeq < 0 || !collector.onDuplicate(earlierSeq, clientId, correlationId))
        {
            egress.sendResponse(session.publication, correlationId, Math.max(earlierSeq, 0),
                ResponseStatus.DUPLICATE_NOT_CACHED, 0, empty, 0, 0);
        }
    }

    void onOutcomeQuery(final long clientId, final long correlationId)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            unknownClientRequests++;
            return;
        }
        if (role != Role.ACTIVE)
        {
            onSessionEstablished(session);
            return;
        }
        final long earlierSeq = duplicates.check(clientId, correlationId);
        if (earlierSeq == DuplicateTable.NEW || earlierSeq == DuplicateTable.NEVER_SEQUENCED)
        {
            // asked before it was ever sequenced: it never will be, so that the answer stays true
            duplicates.record(clientId, correlationId, DuplicateTable.WITHDRAWN);
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.NOT_EXECUTED, 0, empty, 0, 0);
            return;
        }
        answerKnown(session, clientId, correlationId, earlierSeq);
    }

    void onMalformedRequest(final long clientId, final long correlationId)
    {
        rejectedRequests++;
        final ClientSession session = sessions.established(clientId);
        if (null != session)
        {
            egress.sendResponse(
                session.publication, correlationId, 0, ResponseStatus.REJECTED_MALFORMED, 0, empty, 0, 0);
        }
    }

    void onConnect(final long clientId, final String responseChannel, final int responseStreamId)
    {
        sessions.onConnect(clientId, responseChannel, responseStreamId, nanoClock.nanoTime());
    }

    private boolean onSessionEstablished(final ClientSession session)
    {
        if (role == Role.ACTIVE)
        {
            return egress.sendConnected(
                session.publication,
                session.clientId,
                epoch,
                duplicates.highestCorrelationId(session.clientId),
                ctx.gatewayId(),
                ctx.maxPayloadLength());
        }
        // the epoch of the gateway we know to lead (after a step-down: the epoch that unseated us), never a failed
        // candidacy's: a client raises its fence to what a stepped-down gateway tells it
        final boolean leaderKnown = 0 != leaderId && leaderId != ctx.gatewayId();
        return egress.sendNotActive(session.publication, session.clientId, leaderKnown ? leaderEpoch : stepDownEpoch,
            ctx.gatewayId(), leaderKnown ? leaderId : 0);
    }

    void onStatusQuery(final long clientId, final long correlationId)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            return;
        }
        if (role != Role.ACTIVE)
        {
            onSessionEstablished(session);
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        final long lastSeq = sequencer.lastSeq();
        final FabricStatusEncoder encoder = egress.statusEncoder()
            .correlationId(correlationId)
            .epoch(epoch)
            .gatewayId(ctx.gatewayId())
            .lastSeq(lastSeq)
            .answeredSeq(collector.answeredCount())
            .rejectedRequests(rejectedRequests);
        final int[] count = {0};
        collector.forEachReplica(r -> count[0]++);
        final FabricStatusEncoder.ReplicasEncoder replicas = encoder.replicasCount(count[0]);
        collector.forEachReplica(r -> replicas.next()
            .replicaId(r.replicaId())
            .state(r.state())
            .appliedSeq(r.appliedSeq())
            .stateHash(r.stateHash())
            .responses(r.responses())
            .wins(r.wins())
            .divergences(r.divergences())
            .lagSeq(lastSeq - r.appliedSeq())
            .statusAgeMs(r.lastStatusNs() == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(nowNs - r.lastStatusNs())));
        egress.sendStatus(session.publication);
    }

    void onUnreadableIngress()
    {
        unreadableMessages++;
    }

    void onUnreadableReplicaMessage()
    {
        unreadableMessages++;
    }

    void onReplicaResponse(
        final long responseEpoch,
        final long seq,
        final int replicaId,
        final long stateHash,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final DirectBuffer effectBuffer,
        final int effectsOffset,
        final int effectsLength)
    {
        if (role != Role.ACTIVE || responseEpoch != epoch)
        {
            staleEpochResponses++;
            return;
        }
        if (collector.onResponse(seq, replicaId, stateHash, payload, offset, length) && null != effects)
        {
            effects.onEffects(seq, effectBuffer, effectsOffset, effectsLength);
        }
    }

    void onRetransmitRequest(final int requesterId, final long fromSeq, final long toSeq)
    {
        if (role != Role.ACTIVE)
        {
            return;
        }
        // only what is journaled and published may be replayed: a pending message is not yet on the stream
        retransmits.onRequest(requesterId, fromSeq, Math.min(toSeq, lastPublishedSeq()));
    }

    void onSnapshotRequest(final int requesterId, final long requestEpoch)
    {
        if (role == Role.ACTIVE)
        {
            snapshotRelay.onRequest(requesterId, requestEpoch, nanoClock.nanoTime(), lastPublishedSeq());
        }
    }

    Action onSnapshotChunk(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int donorId,
        final int requesterId,
        final long seq,
        final int totalLength,
        final int chunkOffset,
        final int dataLength)
    {
        if (role != Role.ACTIVE)
        {
            return Action.CONTINUE;
        }
        return snapshotRelay.onChunk(buffer, offset, length, donorId, requesterId, seq, totalLength, chunkOffset,
            dataLength, nanoClock.nanoTime());
    }

    void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
    {
        if (role == Role.ACTIVE && null != effects)
        {
            effects.onSinkPosition(sinkEpoch, lastSeq, lastIndex);
        }
    }

    void onReplicaStatus(final ReplicaStatusDecoder status)
    {
        final int replicaId = status.replicaId();
        if (replicaId <= 0 || replicaId >= MAX_REPLICAS)
        {
            unreadableMessages++;
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        replicaStatusNs[replicaId] = nowNs;
        final long replicaEpoch = status.epoch();
        if (role == Role.ACTIVE && replicaEpoch > epoch)
        {
            stepDown(replicaEpoch, 0, "replica " + replicaId + " has promised epoch " + replicaEpoch, nowNs);
            return;
        }
        if (role != Role.ACTIVE)
        {
            return;
        }
        final ReplicaStats stats = collector.replica(replicaId);
        final ReplicaState state = status.state();
        stats.appliedSeq = status.appliedSeq();
        stats.stateHash = status.stateHash();
        stats.state = state == ReplicaState.NULL_VAL ? ReplicaState.STARTING : state;
        stats.lastStatusNs = nowNs;
    }

    private void forwardResponse(
        final long clientId,
        final long correlationId,
        final long seq,
        final int replicaId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final ClientSession session = sessions.established(clientId);
        if (null != session)
        {
            egress.sendResponse(session.publication, correlationId, seq, ResponseStatus.OK, replicaId, buffer, offset, length);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // counters
    // ---------------------------------------------------------------------------------------------------------------

    public Role role()
    {
        return role;
    }

    /**
     * @return the epoch this gateway is, or was last, active in; 0 if never.
     */
    public long epoch()
    {
        return epoch;
    }

    public int gatewayId()
    {
        return ctx.gatewayId();
    }

    /**
     * @return the last seq in this gateway's journal (sequenced by it, or followed as a standby).
     */
    public long lastSeq()
    {
        final Sequencer s = sequencer;
        return null != s ? s.lastSeq() : journal.lastSeq();
    }

    public long takeovers()
    {
        return takeovers;
    }

    public long stepDowns()
    {
        return stepDowns;
    }

    /**
     * @return from standing for election to being active, in the last takeover, ns.
     */
    public long lastTakeoverNs()
    {
        return lastTakeoverNs;
    }

    public long requestsSequenced()
    {
        return requestsSequenced;
    }

    public long duplicatesSeen()
    {
        return duplicatesSeen;
    }

    public long rejectedRequests()
    {
        return rejectedRequests;
    }

    public long unreadableMessages()
    {
        return unreadableMessages;
    }

    public long unknownClientRequests()
    {
        return unknownClientRequests;
    }

    public long staleEpochResponses()
    {
        return staleEpochResponses;
    }

    public long requestsWhileNotActive()
    {
        return requestsWhileNotActive;
    }

    public long egressDropped()
    {
        return egress.dropped();
    }

    /**
     * @return peer snapshots relayed completely from a donor replica to a bootstrapping one.
     */
    public long snapshotsRelayed()
    {
        final SnapshotRelay relay = snapshotRelay;
        return null == relay ? 0 : relay.snapshotsRelayed();
    }

    /**
     * @return bytes of peer snapshots relayed.
     */
    public long snapshotBytesRelayed()
    {
        final SnapshotRelay relay = snapshotRelay;
        return null == relay ? 0 : relay.bytesRelayed();
    }

    /**
     * @return snapshot requests from bootstrapping replicas that found no live donor.
     */
    public long snapshotRequestsWithoutDonor()
    {
        final SnapshotRelay relay = snapshotRelay;
        return null == relay ? 0 : relay.requestsWithoutDonor();
    }

    /**
     * @return journaled messages sent again to replicas (and standbys) that had a gap.
     */
    public long retransmittedMessages()
    {
        final RetransmitService service = retransmits;
        return retransmittedBefore + (null == service ? 0 : service.messagesSent());
    }

    /**
     * @param consumer of each replica's statistics, in replica id order; none unless active.
     */
    public void forEachReplica(final java.util.function.Consumer<ReplicaStats> consumer)
    {
        final ResponseCollector c = collector;
        if (null != c)
        {
            c.forEachReplica(consumer);
        }
    }

    @Override
    public void onClose()
    {
        CloseHelper.closeAll(sessions, retransmits, peers, ingressSubscription, replicaSubscription, replayPublication,
            sequencedPublication, journal);
    }
}
