package io.hedge.gateway;

import io.aeron.Publication;
import io.hedge.codecs.fabric.ExternalEffectEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SinkHelloEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Sends the external effects of each seq to the sink, exactly once across failovers. Used by the active gateway.
 *
 * <p>An effect is named by {@code (seq, index)}: its seq and its position among the effects of that seq's response,
 * which every replica computes alike. A newly active gateway first asks the sink how far it has got
 * ({@code SinkHello(gatewayId, epoch)} every {@link #DEFAULT_HELLO_INTERVAL_NS 100 ms} until a
 * {@code SinkPosition(epoch, lastSeq, lastIndex)} of its epoch comes back, as an exchange session resynchronises
 * sequence numbers at logon) and then sends only the effects after that position. The sink follows the highest epoch
 * that said hello, so once a newer gateway has said hello this one's effects are dropped there: no effect reaches the
 * sink twice, and none is lost as long as the new gateway is given the effects of every seq after the sink's position.
 *
 * <p>Until the sink answers, and whenever the publication pushes back, effects wait in a queue (pre-sized, grown only
 * if it must be): never dropped, never sent twice. Given the effects of the first response of each seq, in seq order.
 *
 * <p>Not thread safe: the gateway's agent calls every method. No allocation per effect once the queue and the message
 * buffer have reached the working size.
 */
public final class EffectForwarder
{
    /** Where the forwarder stands; it changes only in {@link #phase(Phase)}. */
    enum Phase
    {
        /** This gateway is not active: nothing is sent, effects given are queued for a later epoch. */
        IDLE,
        /** Active in an epoch, saying hello until the sink tells its position; effects are queued meanwhile. */
        SYNCING,
        /** The sink's position is known: effects after it are sent, the queue first. */
        FORWARDING
    }

    /** How often a gateway that waits for the sink's position says hello again. */
    public static final long DEFAULT_HELLO_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Bytes of the queue made up front; it grows beyond if the sink stays away long. */
    static final int DEFAULT_QUEUE_CAPACITY = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EffectForwarder.class);
    private static final int RECORD_HEADER = Long.BYTES + Integer.BYTES;
    private static final int SEND_BATCH = 256;

    private final Publication publication;
    private final int gatewayId;
    private final long helloIntervalNs;
    private final ExpandableRingBuffer queue;
    private final ExpandableArrayBuffer record = new ExpandableArrayBuffer(256);
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ExternalEffectEncoder effectEncoder = new ExternalEffectEncoder();
    private final SinkHelloEncoder helloEncoder = new SinkHelloEncoder();
    private final ExpandableRingBuffer.MessageConsumer sender = this::sendQueued;
    private long epoch;
    private Phase phase = Phase.IDLE;
    private long helloDueNs;
    /** The last effect the sink holds, or this forwarder has sent it since: nothing at or before it is sent. */
    private long sinkSeq;
    private int sinkIndex = -1;
    private long effectsForwarded;
    private long effectsSkipped;
    private long helloes;
    private long malformed;

    /**
     * @param publication to the sink's channel and stream.
     * @param gatewayId   this gateway's id: where the sink sends its answers.
     */
    EffectForwarder(final Publication publication, final int gatewayId)
    {
        this(publication, gatewayId, DEFAULT_HELLO_INTERVAL_NS, DEFAULT_QUEUE_CAPACITY);
    }

    /**
     * @param publication     to the sink's channel and stream.
     * @param gatewayId       this gateway's id: where the sink sends its answers.
     * @param helloIntervalNs how often to say hello while waiting for the sink's position.
     * @param queueCapacity   bytes of the queue made up front (a power of two is used).
     */
    public EffectForwarder(
        final Publication publication, final int gatewayId, final long helloIntervalNs, final int queueCapacity)
    {
        if (helloIntervalNs <= 0 || queueCapacity <= 0)
        {
            throw new IllegalArgumentException("hello interval and queue capacity must be positive: " +
                helloIntervalNs + ", " + queueCapacity);
        }
        this.publication = publication;
        this.gatewayId = gatewayId;
        this.helloIntervalNs = helloIntervalNs;
        this.queue = new ExpandableRingBuffer(queueCapacity, ExpandableRingBuffer.MAX_CAPACITY, false);
    }

    /**
     * This gateway is active in a new epoch: learn the sink's position before sending anything. Effects queued
     * before are kept: they are sent after the handshake unless the sink already has them.
     *
     * @param newEpoch the epoch this gateway now leads.
     * @param nowNs    the time now, from the agent's clock.
     */
    public void beginEpoch(final long newEpoch, final long nowNs)
    {
        epoch = newEpoch;
        helloDueNs = nowNs;
        phase(Phase.SYNCING);
    }

    /**
     * The sink's answer to a hello, decoded from this gateway's inbound stream. Only the first answer for the current
     * epoch counts; later ones (to repeated hellos) are out of date by then.
     *
     * @param sinkEpoch the epoch the sink now follows.
     * @param lastSeq   seq of the last effect it holds, 0 if none.
     * @param lastIndex index of that effect among its seq's, -1 if none.
     */
    public void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
    {
        if (phase != Phase.SYNCING || sinkEpoch != epoch)
        {
            return;
        }
        phase(Phase.FORWARDING);
        if (isAfterSink(lastSeq, lastIndex))
        {
            sinkSeq = lastSeq;
            sinkIndex = lastIndex;
        }
        LOG.info("gateway {}: the effects sink holds effects up to seq {} index {}; forwarding after them in epoch {}" +
            " ({} queued bytes)", gatewayId, lastSeq, lastIndex, epoch, queue.size());
    }

    /**
     * The effects of a seq's first response, in seq order.
     *
     * @param seq    of the response.
     * @param buffer holding the effects field: a sequence of {@code [int32 little-endian length][message]}.
     * @param offset where it starts.
     * @param length its length, 0 for none.
     */
    public void onEffects(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        int position = offset;
        final int end = offset + length;
        int index = 0;
        while (position < end)
        {
            final int effectLength = position + Integer.BYTES <= end ?
                buffer.getInt(position, ByteOrder.LITTLE_ENDIAN) : -1;
            position += Integer.BYTES;
            if (effectLength < 0 || effectLength > end - position)
            {
                malformed++;
                LOG.error("gateway {}: malformed effects at seq {} (entry {}); the rest of that seq's effects are " +
                    "not forwarded", gatewayId, seq, index);
                return;
            }
            onEffect(seq, index, buffer, position, effectLength);
            position += effectLength;
            index++;
        }
    }

    /**
     * Say hello while waiting for the sink, send what is queued once it has answered.
     *
     * @param nowNs the time now, from the agent's clock.
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        switch (phase)
        {
            case SYNCING:
                if (nowNs - helloDueNs >= 0)
                {
                    helloEncoder.wrapAndApplyHeader(message, 0, header).gatewayId(gatewayId).epoch(epoch);
                    // a hello lost to back pressure or to a sink not yet connected is said again at the next interval
                    publication.offer(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + helloEncoder.encodedLength());
                    helloes++;
                    helloDueNs = nowNs + helloIntervalNs;
                    return 1;
                }
                return 0;

            case FORWARDING:
                return queue.isEmpty() ? 0 : queue.consume(sender, SEND_BATCH);

            default:
                return 0;
        }
    }

    /**
     * This gateway is no longer active: send nothing more (what is queued stays, for a later epoch).
     */
    void stop()
    {
        phase(Phase.IDLE);
    }

    private void phase(final Phase next)
    {
        phase = next;
    }

    private void onEffect(
        final long seq, final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (phase == Phase.FORWARDING)
        {
            if (!isAfterSink(seq, index))
            {
                effectsSkipped++;
                return;
            }
            if (queue.isEmpty() && offerEffect(seq, index, buffer, offset, length))
            {
                return;
            }
        }
        record.putLong(0, seq);
        record.putInt(Long.BYTES, index);
        record.putBytes(RECORD_HEADER, buffer, offset, length);
        if (!queue.append(record, 0, RECORD_HEADER + length))
        {
            // the queue is at its largest (1 GiB): nothing sensible is left to do but fail loudly
            throw new IllegalStateException("gateway " + gatewayId + ": effects queue full at seq " + seq);
        }
    }

    private boolean sendQueued(
        final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        final long seq = buffer.getLong(offset);
        final int index = buffer.getInt(offset + Long.BYTES);
        if (!isAfterSink(seq, index))
        {
            effectsSkipped++;
            return true;
        }
        return offerEffect(seq, index, buffer, offset + RECORD_HEADER, length - RECORD_HEADER);
    }

    /**
     * @return true if sent; false if the publication pushed back (or is not connected), to be tried again later.
     */
    private boolean offerEffect(
        final long seq, final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        effectEncoder.wrapAndApplyHeader(message, 0, header)
            .gatewayId(gatewayId)
            .epoch(epoch)
            .seq(seq)
            .index(index)
            .putPayload(buffer, offset, length);
        if (publication.offer(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + effectEncoder.encodedLength()) < 0)
        {
            return false;
        }
        sinkSeq = seq;
        sinkIndex = index;
        effectsForwarded++;
        return true;
    }

    private boolean isAfterSink(final long seq, final int index)
    {
        return seq > sinkSeq || (seq == sinkSeq && index > sinkIndex);
    }

    /**
     * @return effects sent to the sink.
     */
    public long effectsForwarded()
    {
        return effectsForwarded;
    }

    /**
     * @return effects not sent because the sink already had them (sent by a predecessor, or given twice).
     */
    public long effectsSkippedAsAlreadyAtSink()
    {
        return effectsSkipped;
    }

    /**
     * @return bytes waiting in the queue (each effect takes its payload, 12 bytes and some alignment).
     */
    public int queuedBytes()
    {
        return queue.size();
    }

    /**
     * @return whether the sink has told this gateway its position in the current epoch.
     */
    public boolean synced()
    {
        return phase == Phase.FORWARDING;
    }

    Phase phase()
    {
        return phase;
    }

    long epoch()
    {
        return epoch;
    }

    /**
     * @return hellos said, over all epochs.
     */
    public long helloes()
    {
        return helloes;
    }

    /**
     * @return effects fields that could not be read to their end.
     */
    public long malformed()
    {
        return malformed;
    }
}
