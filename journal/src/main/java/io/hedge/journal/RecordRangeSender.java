package io.hedge.journal;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Sends the journaled records fromSeq..toSeq to a sink, at most a batch per duty cycle, so that a long range never
 * holds up the caller's other work. A record the sink refuses (back pressure, nobody listening yet) is kept and
 * offered again on the next cycle, so nothing in the range is skipped. One range at a time: a newer start replaces
 * the range under way. Serves a gateway's retransmits and a replica's journal fetch alike.
 */
public final class RecordRangeSender implements AutoCloseable
{
    /**
     * Where the records go: typically an Aeron publication.
     */
    @FunctionalInterface
    public interface RecordSink
    {
        /**
         * @return true when the record was taken; false to have it offered again on the next cycle.
         */
        boolean offer(DirectBuffer buffer, int offset, int length);
    }

    private final SequencedJournal journal;
    private final int batch;
    private final ExpandableArrayBuffer pending = new ExpandableArrayBuffer(1024);
    private final JournalRecordHandler copier = this::copy;
    private JournalReader reader;
    private RecordSink sink;
    private int pendingLength;
    private long nextSeq;
    private long toSeq;
    private boolean active;
    private long sent;

    /**
     * @param journal the journal to read.
     * @param batch   records sent at most per {@link #doWork()}.
     */
    public RecordRangeSender(final SequencedJournal journal, final int batch)
    {
        if (batch <= 0)
        {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        this.journal = journal;
        this.batch = batch;
    }

    /**
     * Begin sending fromSeq..min(toSeq, the journal's last seq), replacing the range under way.
     *
     * @return false, and nothing is under way, when the journal does not hold fromSeq or the range is empty.
     */
    public boolean start(final RecordSink sink, final long fromSeq, final long toSeq)
    {
        active = false;
        pendingLength = 0;
        final long to = Math.min(toSeq, journal.lastSeq());
        if (fromSeq < 1 || fromSeq > to)
        {
            return false;
        }
        if (null == reader)
        {
            reader = journal.reader();
        }
        if (!reader.seekToSeq(fromSeq))
        {
            return false;
        }
        this.sink = sink;
        this.nextSeq = fromSeq;
        this.toSeq = to;
        this.active = true;
        return true;
    }

    /**
     * Send up to a batch of the range.
     *
     * @return records sent.
     */
    public int doWork()
    {
        int count = 0;
        while (active && count < batch)
        {
            if (0 == pendingLength)
            {
                if (nextSeq > toSeq || !reader.readNext(copier))
                {
                    active = false;
                    break;
                }
            }
            if (!sink.offer(pending, 0, pendingLength))
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

    /**
     * @return true while part of the range is still to be sent.
     */
    public boolean active()
    {
        return active;
    }

    /**
     * @return the next seq to be sent.
     */
    public long nextSeq()
    {
        return nextSeq;
    }

    /**
     * @return the last seq of the range under way.
     */
    public long toSeq()
    {
        return toSeq;
    }

    /**
     * @return records sent since this sender was made.
     */
    public long sent()
    {
        return sent;
    }

    /**
     * Stop the range under way.
     */
    public void stop()
    {
        active = false;
        pendingLength = 0;
    }

    private void copy(final DirectBuffer buffer, final int offset, final int length)
    {
        pending.putBytes(0, buffer, offset, length);
        pendingLength = length;
    }

    @Override
    public void close()
    {
        active = false;
        CloseHelper.quietClose(reader);
        reader = null;
    }
}
