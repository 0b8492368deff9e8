package io.hedge.gateway;

import io.hedge.journal.RecordRangeSender;
import io.hedge.journal.SequencedJournal;
import io.hedge.transport.FabricLimits;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replicas (and standby gateways) the journaled messages they missed. Each requester has at most one replay
 * under way, a {@link RecordRangeSender} of its own; a newer request from it replaces the old one (its gap has
 * moved). Replays go out a batch per duty cycle on a stream of their own, so repairing one replica never holds up
 * live traffic to the others.
 */
final class RetransmitService implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RetransmitService.class);

    private final SequencedJournal journal;
    private final RecordRangeSender.RecordSink sink;
    private final int batch;
    private final RecordRangeSender[] senders = new RecordRangeSender[FabricLimits.MAX_REQUESTERS];
    private long requests;

    RetransmitService(final SequencedJournal journal, final StreamOffer publication, final int batch)
    {
        this.journal = journal;
        // pushed back or no replica listening yet: the sender keeps the message and offers it again next cycle
        this.sink = (buffer, offset, length) -> publication.offer(buffer, offset, length) > 0;
        this.batch = batch;
    }

    /**
     * @param requesterId a replica id, or {@link FabricLimits#STANDBY_REQUESTER_BASE} plus a standby's gateway id.
     */
    void onRequest(final int requesterId, final long fromSeq, final long toSeq)
    {
        if (requesterId <= 0 || requesterId >= FabricLimits.MAX_REQUESTERS || fromSeq <= 0 || toSeq < fromSeq)
        {
            return;
        }
        requests++;
        final long to = Math.min(toSeq, journal.lastSeq());
        if (fromSeq > to)
        {
            return;
        }
        RecordRangeSender sender = senders[requesterId];
        if (null == sender)
        {
            sender = new RecordRangeSender(journal, batch);
            senders[requesterId] = sender;
        }
        if (!sender.start(sink, fromSeq, to))
        {
            LOG.warn("replica {} asked for seqs {}..{}, but the journal does not hold seq {}", requesterId, fromSeq, to,
                fromSeq);
            return;
        }
        LOG.info("retransmitting seqs {}..{} to replica {}", fromSeq, to, requesterId);
    }

    int doWork()
    {
        int work = 0;
        for (final RecordRangeSender sender : senders)
        {
            if (null != sender && sender.active())
            {
                work += sender.doWork();
            }
        }
        return work;
    }

    long messagesSent()
    {
        long sent = 0;
        for (final RecordRangeSender sender : senders)
        {
            if (null != sender)
            {
                sent += sender.sent();
            }
        }
        return sent;
    }

    long requests()
    {
        return requests;
    }

    @Override
    public void close()
    {
        for (final RecordRangeSender sender : senders)
        {
            CloseHelper.quietClose(sender);
        }
    }
}
