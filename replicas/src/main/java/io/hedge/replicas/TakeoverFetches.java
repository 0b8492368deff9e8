package io.hedge.replicas;

import io.hedge.journal.RecordRangeSender;
import io.hedge.journal.SequencedJournal;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Serves what a newly elected gateway fetches from the replicas that follow it: the journaled seqs it lacks (from
 * the journal, by a {@link RecordRangeSender}) and the last responses, which it needs to answer retries of requests
 * its predecessor sequenced (from the {@link ResponseLog}, which every response is recorded in). A batch of each per
 * duty cycle, so that the replica keeps serving live traffic; one fetch of each kind at a time, a newer one
 * replacing it. Only the leader the replica follows is served, and only what it asks of this replica for itself.
 */
final class TakeoverFetches implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TakeoverFetches.class);
    private static final int BATCH = 256;

    private final int replicaId;
    private final IntPredicate isLeader;
    private final IntFunction<RecordRangeSender.RecordSink> sinks;
    private final SequencedJournal journal;
    private final RecordRangeSender journalSender;
    private final ResponseLog responseLog;
    private final ResponseFetchServer responseFetch;

    /**
     * @param isLeader true for the gateway this replica follows as the leader.
     * @param sinks    a sink to a gateway's inbound endpoint, made once per fetch.
     */
    TakeoverFetches(
        final int replicaId,
        final IntPredicate isLeader,
        final IntFunction<RecordRangeSender.RecordSink> sinks,
        final SequencedJournal journal,
        final int responseLogEntries,
        final int responseLogBytes)
    {
        this.replicaId = replicaId;
        this.isLeader = isLeader;
        this.sinks = sinks;
        this.journal = journal;
        this.journalSender = new RecordRangeSender(journal, BATCH);
        this.responseLog = new ResponseLog(responseLogEntries, responseLogBytes);
        this.responseFetch = new ResponseFetchServer(replicaId, responseLog);
    }

    /**
     * Keep the response of this seq, a whole ReplicaResponse message, for a gateway that may fetch it later.
     */
    void record(final long seq, final DirectBuffer message, final int length)
    {
        responseLog.record(seq, message, 0, length);
    }

    /**
     * A gateway (fromGatewayId) asks a replica for journaled seqs fromSeq..toSeq.
     */
    void onJournalFetch(
        final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
    {
        if (isFetchOfLeader(fromGatewayId, gatewayId, replicaId))
        {
            startJournalFetch(sinks.apply(gatewayId), gatewayId, fromSeq, toSeq);
        }
    }

    /**
     * A gateway (fromGatewayId) asks a replica for the responses of seqs fromSeq..toSeq.
     */
    void onResponseFetch(
        final int fromGatewayId, final int gatewayId, final int replicaId, final long fromSeq, final long toSeq)
    {
        if (isFetchOfLeader(fromGatewayId, gatewayId, replicaId))
        {
            responseFetch.start(sinks.apply(gatewayId), fromSeq, toSeq);
        }
    }

    private boolean isFetchOfLeader(final int fromGatewayId, final int gatewayId, final int replicaId)
    {
        return replicaId == this.replicaId && gatewayId == fromGatewayId && isLeader.test(gatewayId);
    }

    private void startJournalFetch(
        final RecordRangeSender.RecordSink sink, final int gatewayId, final long fromSeq, final long toSeq)
    {
        if (journalSender.start(sink, fromSeq, toSeq))
        {
            LOG.info("sending journaled seqs {}..{} to gateway {}", fromSeq, journalSender.toSeq(), gatewayId);
        }
        else
        {
            LOG.warn("gateway {} asked for journaled seqs {}..{}, which this journal (seqs {}..{}) cannot give",
                gatewayId, fromSeq, toSeq, journal.firstSeq(), journal.lastSeq());
        }
    }

    /**
     * The journal is about to be cut to {@code keepUpTo}: the journal fetch under way ends (its reader is closed with
     * the cut) and the responses of the seqs cut are forgotten, so that no gateway is ever served what was abandoned.
     */
    void beforeJournalCut(final long keepUpTo)
    {
        journalSender.close();
        responseLog.forgetAfter(keepUpTo);
    }

    int doWork()
    {
        return journalSender.doWork() + responseFetch.doWork();
    }

    @Override
    public void close()
    {
        CloseHelper.close(journalSender);
    }
}
