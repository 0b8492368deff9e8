package io.hedge.replicas;

import io.hedge.codecs.fabric.EffectsReplayEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.journal.EffectsJournal;
import io.hedge.journal.RecordRangeSender;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * Answers a gateway's {@code EffectsFetch(fromSeq, toSeq)} from this replica's {@link EffectsJournal}: an
 * {@code EffectsReplay} per seq with effects in the range, in seq order, a bounded batch per duty cycle, then a closing
 * message ({@code complete=1}) whose seq is the last seq the answer covers: {@code toSeq}, or the replica's applied
 * seq if that is lower (the journal says nothing yet of seqs not applied, and a missing excerpt must mean "no
 * effects", never "not yet"). Every message carries the journal's first available seq: a replica that began after a
 * peer's snapshot cannot tell the effects before it, and the gateway asks another.
 *
 * <p>One fetch at a time, a newer one replacing it. The reader stays where the last range ended (the excerpt read past
 * it is kept), so a gateway fetching range after range reads the journal once; a range starting before that point
 * reads from the beginning again, at most {@link #SCAN_PER_CYCLE} excerpts per duty cycle.
 */
final class EffectsFetchServer implements AutoCloseable
{
    static final int BATCH = 256;
    static final int SCAN_PER_CYCLE = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(EffectsFetchServer.class);

    private final int replicaId;
    private final EffectsJournal journal;
    private final LongSupplier appliedSeq;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final EffectsReplayEncoder encoder = new EffectsReplayEncoder();
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer held = new ExpandableArrayBuffer(256);
    private final EffectsJournal.EffectsHandler holder = this::hold;
    private EffectsJournal.Reader reader;
    private RecordRangeSender.RecordSink sink;
    private long fromSeq;
    private long toSeq;
    private long firstAvailable;
    private boolean active;
    /** An excerpt read but not yet sent (or not in the range under way): heldSeq 0 when none. */
    private long heldSeq;
    private int heldLength;
    /** The seq of the last excerpt consumed before the held one: a range after it can continue from here. */
    private long passedSeq;
    private long replays;

    EffectsFetchServer(final int replicaId, final EffectsJournal journal, final LongSupplier appliedSeq)
    {
        this.replicaId = replicaId;
        this.journal = journal;
        this.appliedSeq = appliedSeq;
    }

    /**
     * Begin answering fromSeq..toSeq to this sink (the gateway that asked), replacing what is under way.
     */
    void start(final RecordRangeSender.RecordSink sink, final long fromSeq, final long toSeq)
    {
        this.sink = sink;
        this.fromSeq = Math.max(1, fromSeq);
        this.toSeq = Math.min(toSeq, appliedSeq.getAsLong());
        this.firstAvailable = journal.firstAvailableSeq();
        this.active = true;
        if (null == reader)
        {
            reader = journal.reader();
        }
        if (passedSeq >= this.fromSeq || reader.lastReadSeq() < passedSeq)
        {
            // the range starts at or before what was read (or the journal was cut since): read from the start
            reader.rewind();
            heldSeq = 0;
            passedSeq = 0;
        }
        LOG.info("replica {}: sending the effects of seqs {}..{} (held from seq {})", replicaId, this.fromSeq,
            this.toSeq, firstAvailable);
    }

    /**
     * @return messages sent and excerpts skipped.
     */
    int doWork()
    {
        int sent = 0;
        int scanned = 0;
        while (active && sent < BATCH && scanned < SCAN_PER_CYCLE)
        {
            if (fromSeq < firstAvailable || fromSeq > toSeq)
            {
                // nothing to read: the journal cannot tell this range, or it is empty
                if (!sendClosing())
                {
                    break;
                }
                sent++;
                continue;
            }
            if (0 == heldSeq)
            {
                if (!reader.readNext(holder))
                {
                    if (!sendClosing())
                    {
                        break;
                    }
                    sent++;
                    continue;
                }
                scanned++;
            }
            if (heldSeq < fromSeq)
            {
                pass();
                continue;
            }
            if (heldSeq > toSeq)
            {
                if (!sendClosing())
                {
                    break;
                }
                sent++;
                continue;
            }
            encoder.wrapAndApplyHeader(message, 0, header)
                .replicaId(replicaId).seq(heldSeq).complete((short)0).firstAvailableSeq(firstAvailable)
                .putEffects(held, 0, heldLength);
            if (!sink.offer(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()))
            {
                break;
            }
            replays++;
            sent++;
            pass();
        }
        return sent + scanned;
    }

    private boolean sendClosing()
    {
        encoder.wrapAndApplyHeader(message, 0, header)
            .replicaId(replicaId).seq(toSeq).complete((short)1).firstAvailableSeq(firstAvailable)
            .putEffects(held, 0, 0);
        if (!sink.offer(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()))
        {
            return false;
        }
        active = false;
        return true;
    }

    private void pass()
    {
        passedSeq = heldSeq;
        heldSeq = 0;
    }

    private void hold(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        held.putBytes(0, buffer, offset, length);
        heldSeq = seq;
        heldLength = length;
    }

    boolean active()
    {
        return active;
    }

    /**
     * @return effects replays sent (closing messages not counted).
     */
    long replays()
    {
        return replays;
    }

    @Override
    public void close()
    {
        active = false;
        if (null != reader)
        {
            reader.close();
            reader = null;
        }
    }
}
