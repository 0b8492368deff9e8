package io.hedge.gateway;

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
 * Sends replicas the journaled messages they missed. Each replica has at most one replay under way; a newer
 * request from it replaces the old one (its gap has moved). Replays go out a batch per duty cycle on a stream
 * of their own, so repairing one replica never holds up live traffic to the others.
 */
final class RetransmitService implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RetransmitService.class);
    /** Replicas have ids below 64; standby gateways ask as 64 + their id. */
    private static final int MAX_REPLICAS = 128;

    private final SequencedJournal journal;
    private final Publication publication;
    private final int batch;
    private final Replay[] replays = new Replay[MAX_REPLICAS];
    private long messagesSent;
    private long requests;

    RetransmitService(final SequencedJournal journal, final Publication publication, final int batch)
    {
        this.journal = journal;
        this.publication = publication;
        this.batch = batch;
    }

    void onRequest(final int replicaId, final long fromSeq, final long toSeq)
    {
        if (replicaId <= 0 || replicaId >= MAX_REPLICAS || fromSeq <= 0 || toSeq < fromSeq)
        {
            return;
        }
        requests++;
        final long lastSeq = journal.lastSeq();
        final long to = Math.min(toSeq, lastSeq);
        if (fromSeq > to)
        {
            return;
        }
        Replay replay = replays[replicaId];
        if (null == replay)
        {
            replay = new Replay(journal.reader());
            replays[replicaId] = replay;
        }
        if (!replay.reader.seekToSeq(fromSeq))
        {
            LOG.warn("replica {} asked for seqs {}..{}, but the journal does not hold seq {}", replicaId, fromSeq, to, fromSeq);
            replay.active = false;
            return;
        }
        replay.nextSeq = fromSeq;
        replay.toSeq = to;
        replay.pendingLength = 0;
        replay.active = true;
        LOG.info("retransmitting seqs {}..{} to replica {}", fromSeq, to, replicaId);
    }

    int doWork()
    {
        int work = 0;
        for (final Replay replay : replays)
        {
            if (null != replay && replay.active)
            {
                work += replay.send();
            }
        }
        return work;
    }

    long messagesSent()
    {
        return messagesSent;
    }

    long requests()
    {
        return requests;
    }

    @Override
    public void close()
    {
        for (final Replay replay : replays)
        {
            if (null != replay)
            {
                CloseHelper.quietClose(replay.reader);
            }
        }
    }

    private final class Replay
    {
        final JournalReader reader;
        final ExpandableArrayBuffer pending = new ExpandableArrayBuffer(1024);
        final JournalRecordHandler copier = this::copy;
        int pendingLength;
        long nextSeq;
        long toSeq;
        boolean active;

        Replay(final JournalReader reader)
        {
            this.reader = reader;
        }

        int send()
        {
            int sent = 0;
            while (sent < batch && active)
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
                    // pushed back or no replica listening yet: keep the message, try again next cycle
                    break;
                }
                pendingLength = 0;
                nextSeq++;
                sent++;
                messagesSent++;
            }
            return sent;
        }

        private void copy(final DirectBuffer buffer, final int offset, final int length)
        {
            pending.putBytes(0, buffer, offset, length);
            pendingLength = length;
        }
    }
}
