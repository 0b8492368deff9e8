package io.hedge.replicas;

import io.aeron.Publication;
import io.hedge.journal.JournalReader;
import io.hedge.journal.JournalRecordHandler;
import io.hedge.journal.SequencedJournal;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a gateway that has just been elected the journaled seqs it lacks, a batch per duty cycle, on the replica's
 * publication to that gateway. One fetch at a time: a newer one replaces it.
 */
final class JournalFetchServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalFetchServer.class);
    private static final int BATCH = 256;

    private final SequencedJournal journal;
    private final ExpandableArrayBuffer pending = new ExpandableArrayBuffer(1024);
    private final JournalRecordHandler copier = this::copy;
    private JournalReader reader;
    private Publication publication;
    private int pendingLength;
    private long nextSeq;
    private long toSeq;
    private boolean active;
    private long sent;

    JournalFetchServer(final SequencedJournal journal)
    {
        this.journal = journal;
    }

    void start(final Publication publication, final int gatewayId, final long fromSeq, final long toSeq)
    {
        final long to = Math.min(toSeq, journal.lastSeq());
        if (null == reader)
        {
            reader = journal.reader();
        }
        if (fromSeq < 1 || fromSeq > to || !reader.seekToSeq(fromSeq))
        {
            LOG.warn("gateway {} asked for journaled seqs {}..{}, which this journal (seqs {}..{}) cannot give",
                gatewayId, fromSeq, toSeq, journal.firstSeq(), journal.lastSeq());
            active = false;
            return;
        }
        this.publication = publication;
        this.nextSeq = fromSeq;
        this.toSeq = to;
        this.pendingLength = 0;
        this.active = true;
        LOG.info("sending journaled seqs {}..{} to gateway {}", fromSeq, to, gatewayId);
    }

    int doWork()
    {
        int count = 0;
        while (active && count < BATCH)
        {
            if (pendingLength == 0)
            {
                if (nextSeq > toSeq || !reader.readNext(copier))
                {
                    active = false;
                    break;
                }
            }
            if (publication.offer(pending, 0, pendingLength) < 0)
            {
                break;
            }
            pendingLength = 0;
            nextSeq++;
            count++;
            sent++;
        }
        return count;
    }

    long sent()
    {
        return sent;
    }

    private void copy(final DirectBuffer buffer, final int offset, final int length)
    {
        pending.putBytes(0, buffer, offset, length);
        pendingLength = length;
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(reader);
    }
}
