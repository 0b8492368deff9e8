package io.hedge.replicas;

import io.hedge.journal.RecordRangeSender;
import io.hedge.journal.SequencedJournal;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves what a newly elected gateway fetches from the replicas that follow it: the journaled seqs it lacks (from
 * the journal, by a {@link RecordRangeSender}) and the last responses, which it needs to answer retries of requests
 * its predecessor sequenced (from the {@link ResponseLog}, which every response is recorded in). A batch of each per
 * duty cycle, so that the replica keeps serving live traffic; one fetch of each kind at a time, a newer one
 * replacing it.
 */
final class TakeoverFetches implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TakeoverFetches.class);
    private static final int BATCH = 256;

    private final SequencedJournal journal;
    private final RecordRangeSender journalSender;
    private final ResponseLog responseLog;
    private final ResponseFetchServer responseFetch;

    TakeoverFetches(
        final int replicaId, final SequencedJournal journal, final int responseLogEntries, final int responseLogBytes)
    {
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

    void startJournalFetch(
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

    void startResponseFetch(final RecordRangeSender.RecordSink sink, final long fromSeq, final long toSeq)
    {
        responseFetch.start(sink, fromSeq, toSeq);
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
