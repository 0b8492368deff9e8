package io.hedge.sequencer;

import io.aeron.Publication;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.journal.SequencedJournal;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Gives each new request the next seq and a timestamp, journals it, then publishes it. A message that is
 * journaled is never dropped: when the sink pushes back, the message stays pending and
 * {@link #publishPending()} offers it again; the caller takes no new request until it has gone.
 */
public final class Sequencer
{
    private final SequencedJournal journal;
    private final SequencedSink sink;
    private final EpochNanoClock clock;
    private final DuplicateTable duplicates;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SequencedEncoder encoder = new SequencedEncoder();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);

    private long epoch;
    private long lastSeq;
    private int pendingLength;
    private long backPressureEvents;

    /**
     * @param epoch      of the stream this sequencer writes.
     * @param journal    the gateway journal; its last seq is where this sequencer continues.
     * @param sink       where journaled messages are published.
     * @param clock      source of the sequencer timestamp.
     * @param duplicates table that learns every sequenced (clientId, correlationId).
     */
    public Sequencer(
        final long epoch,
        final SequencedJournal journal,
        final SequencedSink sink,
        final EpochNanoClock clock,
        final DuplicateTable duplicates)
    {
        this.epoch = epoch;
        this.journal = journal;
        this.sink = sink;
        this.clock = clock;
        this.duplicates = duplicates;
        this.lastSeq = journal.lastSeq();
    }

    /**
     * @return true when a journaled message is still waiting to be published.
     */
    public boolean hasPending()
    {
        return pendingLength > 0;
    }

    /**
     * Sequence one new request: assign the next seq, journal, record in the duplicate table, publish.
     * Must not be called while {@link #hasPending()}.
     *
     * @param clientId      of the request.
     * @param principalId   of the session that sent it (0: anonymous, or a record the gateway makes itself); sequenced
     *                      with the request so that every replica authorizes on the same principal.
     * @param correlationId of the request.
     * @param payload       buffer with the request's payload.
     * @param offset        of the payload.
     * @param length        of the payload.
     * @return the seq given to the request.
     */
    public long sequence(
        final long clientId,
        final int principalId,
        final long correlationId,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (pendingLength > 0)
        {
            throw new IllegalStateException("seq " + lastSeq + " is not yet published");
        }
        final long seq = lastSeq + 1;
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .epoch(epoch)
            .seq(seq)
            .timestampNs(clock.nanoTime())
            .clientId(clientId)
            .correlationId(correlationId)
            .principalId(principalId)
            .putPayload(payload, offset, length);
        final int encodedLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        journal.append(buffer, 0, encodedLength);
        lastSeq = seq;
        duplicates.record(clientId, correlationId, seq);
        pendingLength = encodedLength;
        publishPending();
        return seq;
    }

    /**
     * Offer the pending message again.
     *
     * @return true if nothing is pending any more.
     */
    public boolean publishPending()
    {
        if (pendingLength == 0)
        {
            return true;
        }
        final long result = sink.offer(buffer, 0, pendingLength);
        if (result > 0)
        {
            pendingLength = 0;
            return true;
        }
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new IllegalStateException("sequenced stream cannot be published: " + Publication.errorString(result));
        }
        backPressureEvents++;
        return false;
    }

    /**
     * @return the last seq given out (and journaled).
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return the epoch this sequencer writes.
     */
    public long epoch()
    {
        return epoch;
    }

    /**
     * Sequence in a higher epoch from here on: a standby that has just taken over.
     *
     * @throws IllegalArgumentException if the epoch is not above the current one.
     */
    public void beginEpoch(final long newEpoch)
    {
        if (newEpoch <= epoch)
        {
            throw new IllegalArgumentException("epoch may only rise: " + epoch + " -> " + newEpoch);
        }
        epoch = newEpoch;
    }

    /**
     * @return how many offers the sink pushed back.
     */
    public long backPressureEvents()
    {
        return backPressureEvents;
    }
}
