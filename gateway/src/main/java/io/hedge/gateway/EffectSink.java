package io.hedge.gateway;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.ExternalEffectDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SinkHelloDecoder;
import io.hedge.codecs.fabric.SinkPositionEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * A sample external sink (the exchange connection of the seeds' example): it receives each external effect from the
 * active gateway, tells a newly active gateway how far it has got, and follows only the highest epoch that has said
 * hello, so a stale gateway's effects are dropped. It keeps its position in memory; a real exchange adapter would
 * persist it, or learn it from the exchange at logon, as FIX sessions resynchronise sequence numbers.
 */
public final class EffectSink implements Agent
{
    /** Receives each effect accepted, in order. */
    @FunctionalInterface
    public interface EffectListener
    {
        void onEffect(long seq, int index, DirectBuffer buffer, int offset, int length);
    }

    private final Subscription subscription;
    private final ExclusivePublication[] replies;
    private final EffectListener listener;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SinkHelloDecoder hello = new SinkHelloDecoder();
    private final ExternalEffectDecoder effect = new ExternalEffectDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SinkPositionEncoder position = new SinkPositionEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);

    private long epoch;
    private volatile long lastSeq;
    private volatile int lastIndex = -1;
    private volatile long accepted;
    private volatile long duplicates;
    private volatile long staleEffects;

    /**
     * @param aeron           the client to use.
     * @param channel         where effects arrive.
     * @param streamId        their stream.
     * @param gatewayChannels each gateway's inbound channel, by gateway id - 1: where positions are sent.
     * @param replyStreamId   the stream gateways receive on.
     * @param listener        of each effect accepted.
     */
    public EffectSink(
        final Aeron aeron,
        final String channel,
        final int streamId,
        final List<String> gatewayChannels,
        final int replyStreamId,
        final EffectListener listener)
    {
        this.listener = listener;
        subscription = aeron.addSubscription(channel, streamId);
        replies = new ExclusivePublication[gatewayChannels.size()];
        for (int i = 0; i < replies.length; i++)
        {
            replies[i] = aeron.addExclusivePublication(gatewayChannels.get(i), replyStreamId);
        }
    }

    @Override
    public int doWork()
    {
        return subscription.poll(assembler, 64);
    }

    private void onFragment(final DirectBuffer b, final int offset, final int length, final Header h)
    {
        if (!FabricMessages.hasBlock(b, offset, length, header))
        {
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case SinkHelloDecoder.TEMPLATE_ID:
                hello.wrap(b, body, header.blockLength(), header.version());
                onHello(hello.gatewayId(), hello.epoch());
                break;

            case ExternalEffectDecoder.TEMPLATE_ID:
            {
                effect.wrap(b, body, header.blockLength(), header.version());
                final int lengthOffset = body + header.blockLength();
                final int payloadLength = FabricMessages.varFieldLength(b, lengthOffset, offset + length);
                if (payloadLength >= 0)
                {
                    payload.wrap(b, lengthOffset + Integer.BYTES, payloadLength);
                    onEffect(effect.epoch(), effect.seq(), effect.index());
                }
                break;
            }

            default:
                break;
        }
    }

    private void onHello(final int gatewayId, final long helloEpoch)
    {
        if (helloEpoch < epoch || gatewayId < 1 || gatewayId > replies.length)
        {
            return;
        }
        epoch = helloEpoch;
        position.wrapAndApplyHeader(buffer, 0, headerEncoder).epoch(epoch).lastSeq(lastSeq).lastIndex(lastIndex);
        // an answer lost to back pressure is asked for again: the gateway repeats its hello until it hears one
        replies[gatewayId - 1].offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength());
    }

    private void onEffect(final long effectEpoch, final long seq, final int index)
    {
        if (effectEpoch < epoch)
        {
            staleEffects++;
            return;
        }
        if (seq < lastSeq || (seq == lastSeq && index <= lastIndex))
        {
            duplicates++;
            return;
        }
        lastSeq = seq;
        lastIndex = index;
        accepted++;
        listener.onEffect(seq, index, payload, 0, payload.capacity());
    }

    @Override
    public String roleName()
    {
        return "hedge-effect-sink";
    }

    public long accepted()
    {
        return accepted;
    }

    /**
     * @return effects received a second time (at or before the sink's position): a failure of exactly-once.
     */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * @return effects from a gateway of an epoch older than the one the sink follows: dropped.
     */
    public long staleEffects()
    {
        return staleEffects;
    }

    public long lastSeq()
    {
        return lastSeq;
    }

    @Override
    public void onClose()
    {
        CloseHelper.closeAll(subscription);
        CloseHelper.closeAll(replies);
    }
}
