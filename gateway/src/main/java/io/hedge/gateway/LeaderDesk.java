package io.hedge.gateway;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.hedge.codecs.fabric.FabricStatusEncoder;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.sequencer.DuplicateTable;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.sequencer.Sequencer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * How a term of leadership answers clients: a new request is sequenced (once: a duplicate is answered from the
 * collector's cache), an outcome query is answered for good, a status query with the replicas' figures. While the
 * term warms up ({@code acceptsNew} false) requests already sequenced are answered and new ones wait (ABORT), so that
 * effects reach the sink in seq order. One desk each for warming up and serving, over the term's own objects.
 * A request the term cannot take now waits on its client's image (ABORT: the sequencer or the collector is full); a
 * request of a client id the duplicate table has no room for is answered REJECTED_BUSY, which the SDK shows as
 * retryable. While the gateway is suspended (hedge admin suspend) a new request is answered SUSPENDED and never
 * sequenced; resends of sequenced ones, outcome queries and read-only queries are answered as ever.
 */
final class LeaderDesk implements ClientDesk
{
    private final GatewayContext ctx;
    private final long epoch;
    private final GatewayJournal journal;
    private final DuplicateTable duplicates;
    private final Sequencer sequencer;
    private final ResponseCollector collector;
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private final boolean acceptsNew;
    private final QueryRouter queries;
    private final Suspension suspension;
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
    private final int[] replicaCount = new int[1];

    LeaderDesk(
        final GatewayContext ctx,
        final long epoch,
        final GatewayJournal journal,
        final Sequencer sequencer,
        final ResponseCollector collector,
        final EgressPublisher egress,
        final GatewayCounters counters,
        final QueryRouter queries,
        final Suspension suspension,
        final boolean acceptsNew)
    {
        this.queries = queries;
        this.suspension = suspension;
        this.ctx = ctx;
        this.epoch = epoch;
        this.journal = journal;
        this.duplicates = journal.duplicates();
        this.sequencer = sequencer;
        this.collector = collector;
        this.egress = egress;
        this.counters = counters;
        this.acceptsNew = acceptsNew;
    }

    /**
     * @return ABORT when the request must wait (pushed back, too much unanswered, or warming up).
     */
    @Override
    public Action onRequest(final ClientSession session, final long clientId, final long correlationId,
        final DirectBuffer payload, final int offset, final int length)
    {
        if (correlationId <= 0)
        {
            // correlation ids start at 1; 0 and below would alias empty slots of the duplicate table
            counters.onRejected(ResponseStatus.REJECTED_MALFORMED);
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.REJECTED_MALFORMED, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        if (length > ctx.maxPayloadLength())
        {
            counters.onRejected(ResponseStatus.REJECTED_TOO_LARGE);
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.REJECTED_TOO_LARGE, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        final long earlierSeq = duplicates.check(clientId, correlationId);
        if (earlierSeq != DuplicateTable.NEW)
        {
            counters.onDuplicate();
            answerKnown(session, clientId, correlationId, earlierSeq);
            return Action.CONTINUE;
        }
        final int admission = suspension.admission();
        if ((admission & Suspension.SUSPENDED) != 0)
        {
            // hedge admin suspend: a final answer, never sequenced under this id; what was sequenced finishes
            counters.onSuspendedAnswer();
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.SUSPENDED, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        if (!acceptsNew || (admission & Suspension.HOLDING) != 0 || sequencer.hasPending() ||
            !collector.hasCapacity())
        {
            return Action.ABORT; // held on the client's image: the push-back reaches its publication
        }
        if (!duplicates.canAdmit(clientId))
        {
            // a new client id the duplicate table cannot take without forgetting another's mark: refused, not run
            counters.onRejected(ResponseStatus.REJECTED_BUSY);
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.REJECTED_BUSY, 0, empty, 0, 0);
            return Action.CONTINUE;
        }
        final long seq = sequencer.sequence(clientId, session.principalId(), correlationId, payload, offset, length);
        journal.onSequenced(epoch, seq);
        collector.onSequenced(seq, clientId, correlationId);
        counters.onSequenced();
        counters.hops().onSequenced(seq);
        return sequencer.hasPending() ? Action.BREAK : Action.CONTINUE;
    }

    private void answerKnown(
        final ClientSession session, final long clientId, final long correlationId, final long earlierSeq)
    {
        if (earlierSeq == DuplicateTable.WITHDRAWN)
        {
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.NOT_EXECUTED, 0, empty, 0, 0);
        }
        else if (earlierSeq == DuplicateTable.NEVER_SEQUENCED)
        {
            counters.onRejected(ResponseStatus.REJECTED_OUT_OF_ORDER);
            egress.sendResponse(
                session.publication, correlationId, 0, ResponseStatus.REJECTED_OUT_OF_ORDER, 0, empty, 0, 0);
        }
        else if (earlierSeq < 0 || !collector.onDuplicate(earlierSeq, clientId, correlationId))
        {
            if (earlierSeq > collector.commitSeq())
            {
                // Sequenced but not yet on a majority (an older term's tail this leader kept, or one given up on):
                // it may still be abandoned and re-sequenced, so "executed" cannot be said yet. No answer: the client
                // asks again, and is told once the seq commits (or, if it never does, the next leader has no record).
                counters.onDuplicateOfUncommitted();
                return;
            }
            egress.sendResponse(session.publication, correlationId, Math.max(earlierSeq, 0),
                ResponseStatus.DUPLICATE_NOT_CACHED, 0, empty, 0, 0);
        }
    }

    @Override
    public void onOutcomeQuery(final ClientSession session, final long clientId, final long correlationId)
    {
        final long earlierSeq = duplicates.check(clientId, correlationId);
        if (earlierSeq == DuplicateTable.NEW && !duplicates.canAdmit(clientId))
        {
            // the answer NOT_EXECUTED must be recorded to stay true, and there is no room for this client id
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.REJECTED_BUSY, 0, empty, 0, 0);
            return;
        }
        if (earlierSeq == DuplicateTable.NEW || earlierSeq == DuplicateTable.NEVER_SEQUENCED)
        {
            // asked before it was ever sequenced: it never will be, so that the answer stays true
            duplicates.record(clientId, correlationId, DuplicateTable.WITHDRAWN);
            egress.sendResponse(session.publication, correlationId, 0, ResponseStatus.NOT_EXECUTED, 0, empty, 0, 0);
            return;
        }
        answerKnown(session, clientId, correlationId, earlierSeq);
    }

    /**
     * Also while warming up: a query reads a replica's state and waits for nothing the warm-up does.
     */
    @Override
    public void onQuery(final ClientSession session, final long clientId, final long queryId, final long minSeq,
        final DirectBuffer payload, final int offset, final int length, final long nowNs)
    {
        queries.onQuery(clientId, queryId, minSeq, payload, offset, length, nowNs);
    }

    @Override
    public boolean onEstablished(final ClientSession session)
    {
        return egress.sendConnected(session.publication, session.clientId, epoch,
            duplicates.highestCorrelationId(session.clientId), ctx.gatewayId(), ctx.maxPayloadLength());
    }

    @Override
    public void onStatusQuery(final ClientSession session, final long correlationId, final long nowNs)
    {
        final long lastSeq = sequencer.lastSeq();
        final FabricStatusEncoder encoder = egress.statusEncoder()
            .correlationId(correlationId)
            .epoch(epoch)
            .gatewayId(ctx.gatewayId())
            .lastSeq(lastSeq)
            .answeredSeq(collector.answeredCount())
            .rejectedRequests(counters.rejectedRequests());
        replicaCount[0] = 0;
        collector.forEachReplica(r -> replicaCount[0]++);
        final FabricStatusEncoder.ReplicasEncoder replicas = encoder.replicasCount(replicaCount[0]);
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
}
