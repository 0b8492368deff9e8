package io.hedge.gateway;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.util.ArrayList;
import java.util.List;

/**
 * A gateway's world without a media driver: every stream records what is offered to it, nothing is polled, and the state counter lives in a {@link CountersManager} over plain buffers.
 */
final class FakeGatewayIo implements GatewayIo
{
    /** What one stream was offered, each message copied. */
    static final class Recorder implements StreamOffer
    {
        private final List<UnsafeBuffer> messages = new ArrayList<>();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        /** How many of the next offers are pushed back (not recorded). */
        int refuseNext;

        @Override
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (refuseNext > 0)
            {
                refuseNext--;
                return io.aeron.Publication.BACK_PRESSURED;
            }
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            messages.add(new UnsafeBuffer(copy));
            return 1 + messages.size();
        }

        /**
         * @return the messages of this template, in the order offered.
         */
        List<UnsafeBuffer> sent(final int templateId)
        {
            final List<UnsafeBuffer> found = new ArrayList<>();
            for (final UnsafeBuffer message : messages)
            {
                if (header.wrap(message, 0).templateId() == templateId)
                {
                    found.add(message);
                }
            }
            return found;
        }

        /**
         * @return the templates of every message offered, in order.
         */
        List<Integer> templates()
        {
            final List<Integer> found = new ArrayList<>();
            for (final UnsafeBuffer message : messages)
            {
                found.add(header.wrap(message, 0).templateId());
            }
            return found;
        }

        void clear()
        {
            messages.clear();
        }
    }

    final Recorder sequenced = new Recorder();
    final Recorder replay = new Recorder();
    final Recorder[] peers = new Recorder[16];
    private final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(new byte[16 * CountersManager.METADATA_LENGTH]),
        new UnsafeBuffer(new byte[16 * CountersManager.COUNTER_LENGTH]));
    private final AtomicCounter stateCounter =
        countersManager.newCounter("gateway state", GatewayState.COUNTER_TYPE_ID);
    TermListener term;
    boolean closed;

    FakeGatewayIo(final int... peerIds)
    {
        for (final int id : peerIds)
        {
            peers[id] = new Recorder();
        }
    }

    @Override
    public int pollInbound(final int fragmentLimit)
    {
        return 0;
    }

    @Override
    public int pollIngress(final int fragmentLimit)
    {
        return 0;
    }

    @Override
    public void termListener(final TermListener listener)
    {
        term = listener;
    }

    @Override
    public StreamOffer sequenced()
    {
        return sequenced;
    }

    @Override
    public StreamOffer replay()
    {
        return replay;
    }

    @Override
    public StreamOffer peer(final int gatewayId)
    {
        return gatewayId > 0 && gatewayId < peers.length ? peers[gatewayId] : null;
    }

    @Override
    public StreamOffer sink()
    {
        return null;
    }

    @Override
    public AtomicCounter stateCounter()
    {
        return stateCounter;
    }

    @Override
    public void close()
    {
        closed = true;
        stateCounter.close();
    }
}
