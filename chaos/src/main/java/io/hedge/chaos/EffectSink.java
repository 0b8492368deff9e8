package io.hedge.chaos;

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
 * A sample external sink (the exchange connection of the seeds' example), for tests and for a {@code hedge sink}
 * command: it receives each external effect from the active gateway and applies it once.
 *
 * <ul>
 *     <li>Position: the last effect applied, {@code (lastSeq, lastIndex)}; effects arrive in that order.</li>
 *     <li>Fencing: the sink follows the highest epoch a gateway has said hello in. A {@code SinkHello} of that epoch
 *     or a higher one is adopted and answered with {@code SinkPosition(epoch, lastSeq, lastIndex)} to that gateway,
 *     which then sends only what comes after. An {@code ExternalEffect} of a lower epoch is dropped
 *     ({@link #staleEffects()}): it comes from a gateway that has been superseded.</li>
 *     <li>An effect at or before the position is not applied again; it is counted in {@link #duplicates()}, which an
 *     exactly-once run keeps at 0.</li>
 * </ul>
 *
 * <p>The position is kept in memory only: a restarted sink starts from nothing. A real exchange adapter would persist
 * it with what it sends, or learn it from the exchange at logon (as a FIX session resynchronises sequence numbers, or
 * by looking up its last client order id), before answering a hello.
 *
 * <p>Runs on one thread (an {@link Agent}); the counters may be read from any thread.
 */
public final class EffectSink implements Agent
{
    /** Receives each effect accepted, in order, on the sink's thread. */
    @FunctionalInterface
    public interface EffectListener
    {
        /**
         * @param seq    of the effect.
         * @param index  its position among the effects of that seq, from 0.
         * @param buffer holding its bytes; valid only during the call.
         * @param offset where they start.
         * @param length how many.
         */
        void onEffect(long seq, int index, DirectBuffer buffer, int offset, int length);
    }

    private static final int FRAGMENT_LIMIT = 64;

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

    private volatile long epoch;
    private volatile long lastSeq;
    private volatile int lastIndex = -1;
    private volatile long accepted;
    private volatile long duplicates;
    private volatile long staleEffects;
    private volatile long helloes;
    private volatile long unanswered;

    /**
     * @param aeron           the client to use.
     * @param channel         where effects arrive.
     * @param streamId        their stream.
     * @param gatewayChannels each gateway's inbound channel, by gateway id - 1: where positions are sent.
     * @param replyStreamId   the stream gateways receive on.
     * @param listener        of each effect accepted; may be null.
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
        replies = new ExclusivePublication[gatewayChannels.size()];
        Subscription subscription = null;
        try
        {
            subscription = aeron.addSubscription(channel, streamId);
            for (int i = 0; i < replies.length; i++)
            {
                replies[i] = aeron.addExclusivePublication(gatewayChannels.get(i), replyStreamId);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(replies);
            CloseHelper.quietClose(subscription);
            throw ex;
        }
        this.subscription = subscription;
    }

    /**
     * Start from a position kept by an earlier run of this sink (its effect log's last entry), as an exchange adapter
     * that persists its position would: the next hello is answered with it, so a restarted sink is sent only what
     * comes after. Call before the sink's agent starts.
     *
     * @param seq   of the last effect applied.
     * @param index of the last effect applied among those of its seq.
     */
    public void resumeFrom(final long seq, final int index)
    {
        lastSeq = seq;
        lastIndex = index;
    }

    @Override
    public int doWork()
    {
        return subscription.poll(assembler, FRAGMENT_LIMIT);
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
        helloes++;
        if (helloEpoch < epoch || gatewayId < 1 || gatewayId > replies.length)
        {
            return; // a superseded gateway, or one this sink cannot answer: it learns nothing and sends nothing
        }
        epoch = helloEpoch;
        position.wrapAndApplyHeader(buffer, 0, headerEncoder).epoch(helloEpoch).lastSeq(lastSeq).lastIndex(lastIndex);
        // an answer lost to back pressure is asked for again: the gateway repeats its hello until it hears one
        if (replies[gatewayId - 1].offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength()) < 0)
        {
            unanswered++;
        }
    }

    private void onEffect(final long effectEpoch, final long seq, final int index)
    {
        if (effectEpoch < epoch)
        {
            staleEffects++;
            return;
        }
        if (effectEpoch > epoch)
        {
            epoch = effectEpoch; // a gateway does not send before its hello is answered; follow it all the same
        }
        if (seq < lastSeq || (seq == lastSeq && index <= lastIndex))
        {
            duplicates++;
            return;
        }
        lastSeq = seq;
        lastIndex = index;
        accepted++;
        if (null != listener)
        {
            listener.onEffect(seq, index, payload, 0, payload.capacity());
        }
    }

    @Override
    public String roleName()
    {
        return "hedge-effect-sink";
    }

    /**
     * @return effects applied.
     */
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

    /**
     * @return seq of the last effect applied, 0 if none.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return index of the last effect applied among its seq's effects, -1 if none.
     */
    public int lastIndex()
    {
        return lastIndex;
    }

    /**
     * @return the epoch the sink follows: the highest it has heard a hello (or an effect) in.
     */
    public long epoch()
    {
        return epoch;
    }

    /**
     * @return hellos received, answered or not.
     */
    public long helloes()
    {
        return helloes;
    }

    /**
     * @return answers to hellos that could not be sent (the gateway not connected, back pressure); it asks again.
     */
    public long unanswered()
    {
        return unanswered;
    }

    @Override
    public void onClose()
    {
        CloseHelper.closeAll(replies);
        CloseHelper.close(subscription);
    }
}
