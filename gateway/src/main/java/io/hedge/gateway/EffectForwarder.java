package io.hedge.gateway;

import io.aeron.Publication;
import io.hedge.codecs.fabric.ExternalEffectEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SinkHelloEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Sends the external effects of each seq to the sink, exactly once across failovers. Effects are identified by
 * {@code (seq, index)}, which every replica computes alike. A newly active gateway first asks the sink how far it has
 * got ({@code SinkHello} / {@code SinkPosition}, as an exchange session re-synchronises sequence numbers at logon) and
 * then sends only what comes after. Until the sink answers, and whenever it pushes back, effects wait in a queue:
 * never dropped, never sent twice.
 */
final class EffectForwarder
{
    private static final Logger LOG = LoggerFactory.getLogger(EffectForwarder.class);
    private static final long HELLO_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int RECORD_HEADER = Long.BYTES + Integer.BYTES;

    private final Publication publication;
    private final int gatewayId;
    private final ExpandableRingBuffer queue = new ExpandableRingBuffer();
    private final ExpandableArrayBuffer record = new ExpandableArrayBuffer(256);
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ExternalEffectEncoder effectEncoder = new ExternalEffectEncoder();
    private final SinkHelloEncoder helloEncoder = new SinkHelloEncoder();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final ExpandableRingBuffer.MessageConsumer sender = this::send;
    private long epoch;
    private boolean synced;
    private long helloDueNs;
    private long sinkSeq;
    private int sinkIndex = -1;
    private long forwarded;
    private long skipped;

    EffectForwarder(final Publication publication, final int gatewayId)
    {
        this.publication = publication;
        this.gatewayId = gatewayId;
    }

    /**
     * This gateway is active in a new epoch: learn the sink's position before sending anything.
     */
    void beginEpoch(final long newEpoch, final long nowNs)
    {
        epoch = newEpoch;
        synced = false;
        helloDueNs = nowNs;
    }

    void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
    {
        if (sinkEpoch != epoch || synced)
        {
            return;
        }
        synced = true;
        sinkSeq = lastSeq;
        sinkIndex = lastIndex;
        LOG.info("gateway {}: the effects sink holds effects up to seq {} index {}; forwarding after them in epoch {}",
            gatewayId, lastSeq, lastIndex, epoch);
    }

    /**
     * The effects of a seq's first response, in seq order: a sequence of {@code [int32 length][message]}.
     */
    void onEffects(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        int position = offset;
        final int end = offset + length;
        int index = 0;
        while (position + Integer.BYTES <= end)
        {
            final int effectLength = buffer.getInt(position, ByteOrder.LITTLE_ENDIAN);
            position += Integer.BYTES;
            if (effectLength < 0 || position + effectLength > end)
            {
                LOG.error("gateway {}: malformed effects at seq {} (entry {}); the rest of that seq's effects are " +
                    "not forwarded", gatewayId, seq, index);
                return;
            }
            record.putLong(0, seq);
            record.putInt(Long.BYTES, index);
            record.putBytes(RECORD_HEADER, buffer, position, effectLength);
            queue.append(record, 0, RECORD_HEADER + effectLength);
            position += effectLength;
            index++;
        }
    }

    int doWork(final long nowNs)
    {
        if (!synced)
        {
            if (nowNs - helloDueNs >= 0)
            {
                helloEncoder.wrapAndApplyHeader(message, 0, header).gatewayId(gatewayId).epoch(epoch);
                publication.offer(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + helloEncoder.encodedLength());
                helloDueNs = nowNs + HELLO_INTERVAL_NS;
                return 1;
            }
            return 0;
        }
        return queue.isEmpty() ? 0 : queue.consume(sender, 64);
    }

    private boolean send(final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        final long seq = buffer.getLong(offset);
        final int index = buffer.getInt(offset + Long.BYTES);
        if (seq < sinkSeq || (seq == sinkSeq && index <= sinkIndex))
        {
            skipped++;
            return true;
        }
        view.wrap(buffer, offset + RECORD_HEADER, length - RECORD_HEADER);
        effectEncoder.wrapAndApplyHeader(message, 0, header)
            .gatewayId(gatewayId).epoch(epoch).seq(seq).index(index)
            .putPayload(view, 0, view.capacity());
        if (publication.offer(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + effectEncoder.encodedLength()) < 0)
        {
            return false;
        }
        sinkSeq = seq;
        sinkIndex = index;
        forwarded++;
        return true;
    }

    long forwarded()
    {
        return forwarded;
    }

    long skipped()
    {
        return skipped;
    }
}
