package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.FabricStatusEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusDecoder;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.journal.SequencedJournal;
import io.hedge.sequencer.DuplicateTable;
import io.hedge.sequencer.Sequencer;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The active gateway: takes client requests, has them sequenced and published to the replicas, and answers
 * each client with the first response for its seq. One thread; nothing here allocates, locks or logs per request.
 */
public final class GatewayAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(GatewayAgent.class);

    private final GatewayContext ctx;
    private final NanoClock nanoClock;
    private final EpochNanoClock epochClock;
    private final SequencedJournal journal;
    private final DuplicateTable duplicates;
    private final Sequencer sequencer;
    private final ResponseCollector collector;
    private final ClientSessions sessions;
    private final EgressPublisher egress = new EgressPublisher();
    private final ExclusivePublication sequencedPublication;
    private final ExclusivePublication replayPublication;
    private final RetransmitService retransmits;
    private final Subscription ingressSubscription;
    private final Subscription replicaSubscription;
    private final ControlledFragmentAssembler ingressAssembler;
    private final ControlledFragmentAssembler replicaAssembler;
    private final SnapshotRelay snapshotRelay;
    private final HeartbeatPublisher heartbeat;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
    private final ClientSessions.ConnectedNotifier connectedNotifier = this::onSessionEstablished;

    private volatile long requestsSequenced;
    private volatile long duplicatesSeen;
    private volatile long rejectedRequests;
    private volatile long unreadableMessages;
    private volatile long unknownClientRequests;
    private volatile long staleEpochResponses;

    GatewayAgent(final GatewayContext ctx, final Aeron aeron, final NanoClock nanoClock, final EpochNanoClock epochClock)
    {
        this.ctx = ctx;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        io.hedge.journal.JournalStartupCheck.check(ctx.journalDir(), "gateway " + ctx.gatewayId());
        this.journal = SequencedJournal.open(ctx.journalDir());
        this.duplicates = new DuplicateTable(ctx.duplicateWindow());
        final long recovered = recoverDuplicates(journal, duplicates);

        boolean started = false;
        try
        {
            sequencedPublication = aeron.addExclusivePublication(ctx.sequencedChannel(), ctx.sequencedStreamId());
            replayPublication = aeron.addExclusivePublication(ctx.replayChannel(), ctx.replayStreamId());
            retransmits = new RetransmitService(journal, replayPublication, ctx.replayBatch());
            ingressSubscription = aeron.addSubscription(ctx.ingressChannel(), ctx.ingressStreamId());
            replicaSubscription = aeron.addSubscription(ctx.replicaChannel(), ctx.replicaStreamId());
            sequencer = new Sequencer(ctx.epoch(), journal, sequencedPublication::offer, epochClock, duplicates);
            collector = new ResponseCollector(
                ctx.collectorCapacity(), ctx.responseCacheBytes(), ctx.durability(), this::forwardResponse);
            collector.startAfter(journal.lastSeq());
            sessions = new ClientSessions(aeron, ctx.connectTimeoutNs());
            ingressAssembler = new ControlledFragmentAssembler(new IngressAdapter(this));
            replicaAssembler = new ControlledFragmentAssembler(new ReplicaAdapter(this));
            snapshotRelay = new SnapshotRelay(replayPublication, collector);
            heartbeat = new HeartbeatPublisher(sequencedPublication, ctx.gatewayId(), ctx.heartbeatIntervalNs());
            started = true;
        }
        finally
        {
            if (!started)
            {
                journal.close();
            }
        }
        LOG.info("gateway {} epoch {}: journal {} holds seqs up to {} ({} requests recovered), durability {}",
            ctx.gatewayId(), ctx.epoch(), ctx.journalDir(), journal.lastSeq(), recovered, ctx.durability());
    }

    private static long recoverDuplicates(final SequencedJournal journal, final DuplicateTable duplicates)
    {
        final io.hedge.codecs.fabric.MessageHeaderDecoder header = new io.hedge.codecs.fabric.MessageHeaderDecoder();
        final io.hedge.codecs.fabric.SequencedDecoder decoder = new io.hedge.codecs.fabric.SequencedDecoder();
        long count = 0;
        try (io.hedge.journal.JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                duplicates.record(decoder.clientId(), decoder.correlationId(), decoder.seq());
            }))
            {
                count++;
            }
        }
        return count;
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
        if (sequencer.hasPending())
        {
            work += sequencer.publishPending() ? 1 : 0;
        }
        work += replicaSubscription.controlledPoll(replicaAssembler, ctx.fragmentLimit());
        if (!sequencer.hasPending())
        {
            work += ingressSubscription.controlledPoll(ingressAssembler, ctx.fragmentLimit());
        }
        work += retransmits.doWork();
        work += snapshotRelay.doWork(nowNs);
        work += sessions.poll(nowNs, connectedNotifier);
        work += heartbeat.poll(nowNs, ctx.epoch(), lastPublishedSeq(), epochClock.nanoTime());
        return work;
    }

    private long lastPublishedSeq()
    {
        return sequencer.hasPending() ? sequencer.lastSeq() - 1 : sequencer.lastSeq();
    }

    Action onRequest(
        final long clientId, final long correlationId, final DirectBuffer payload, final int offset, final int length)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            unknownClientRequests++;
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
            if (earlierSeq < 0 || !collector.onDuplicate(earlierSeq, clientId, correlationId))
            {
                egress.sendResponse(session.publication, correlationId, Math.max(earlierSeq, 0),
                    ResponseStatus.DUPLICATE_NOT_CACHED, 0, empty, 0, 0);
            }
            return Action.CONTINUE;
        }

        if (sequencer.hasPending() || !collector.hasCapacity() || !replicaSubscription.isConnected())
        {
            // pushed back, too much unanswered, or no replica can answer yet (just started): hold the request
            return Action.ABORT;
        }
        final long seq = sequencer.sequence(clientId, correlationId, payload, offset, length);
        collector.onSequenced(seq, clientId, correlationId);
        requestsSequenced++;
        return sequencer.hasPending() ? Action.BREAK : Action.CONTINUE;
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
        return egress.sendConnected(
            session.publication,
            session.clientId,
            ctx.epoch(),
            duplicates.highestCorrelationId(session.clientId),
            ctx.gatewayId(),
            ctx.maxPayloadLength());
    }

    void onStatusQuery(final long clientId, final long correlationId)
    {
        final ClientSession session = sessions.established(clientId);
        if (null == session)
        {
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        final long lastSeq = sequencer.lastSeq();
        final FabricStatusEncoder encoder = egress.statusEncoder()
            .correlationId(correlationId)
            .epoch(ctx.epoch())
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
        final long epoch,
        final long seq,
        final int replicaId,
        final long stateHash,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (epoch != ctx.epoch())
        {
            staleEpochResponses++;
            return;
        }
        collector.onResponse(seq, replicaId, stateHash, payload, offset, length);
    }

    void onRetransmitRequest(final int replicaId, final long fromSeq, final long toSeq)
    {
        // only what is journaled and published may be replayed: a pending message is not yet on the stream
        retransmits.onRequest(replicaId, fromSeq, Math.min(toSeq, lastPublishedSeq()));
    }

    void onSnapshotRequest(final int requesterId, final long epoch)
    {
        snapshotRelay.onRequest(requesterId, epoch, nanoClock.nanoTime(), lastPublishedSeq());
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
        return snapshotRelay.onChunk(buffer, offset, length, donorId, requesterId, seq, totalLength, chunkOffset,
            dataLength, nanoClock.nanoTime());
    }

    /**
     * @return peer snapshots relayed completely from a donor replica to a bootstrapping one.
     */
    public long snapshotsRelayed()
    {
        return snapshotRelay.snapshotsRelayed();
    }

    /**
     * @return bytes of peer snapshots relayed.
     */
    public long snapshotBytesRelayed()
    {
        return snapshotRelay.bytesRelayed();
    }

    /**
     * @return snapshot requests from bootstrapping replicas that found no live donor.
     */
    public long snapshotRequestsWithoutDonor()
    {
        return snapshotRelay.requestsWithoutDonor();
    }

    /**
     * @return journaled messages sent again to replicas that had a gap.
     */
    public long retransmittedMessages()
    {
        return retransmits.messagesSent();
    }

    void onReplicaStatus(final ReplicaStatusDecoder status)
    {
        final ReplicaStats stats = collector.replica(status.replicaId());
        if (null == stats)
        {
            unreadableMessages++;
            return;
        }
        final ReplicaState state = status.state();
        stats.appliedSeq = status.appliedSeq();
        stats.stateHash = status.stateHash();
        stats.state = state == ReplicaState.NULL_VAL ? ReplicaState.STARTING : state;
        stats.lastStatusNs = nanoClock.nanoTime();
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

    /**
     * @return the last seq sequenced.
     */
    public long lastSeq()
    {
        return sequencer.lastSeq();
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

    public long egressDropped()
    {
        return egress.dropped();
    }

    /**
     * @param consumer of each replica's statistics, in replica id order.
     */
    public void forEachReplica(final java.util.function.Consumer<ReplicaStats> consumer)
    {
        collector.forEachReplica(consumer);
    }

    @Override
    public void onClose()
    {
        CloseHelper.closeAll(
            sessions, retransmits, ingressSubscription, replicaSubscription, replayPublication, sequencedPublication, journal);
    }
}
