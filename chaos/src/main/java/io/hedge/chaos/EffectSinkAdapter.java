package io.hedge.chaos;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.ExternalEffectDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SinkHelloDecoder;
import io.hedge.transport.InboundCheck;
import org.agrona.DirectBuffer;

/**
 * Decodes what gateways send the effects sink (hellos and external effects) and hands it to a {@link Listener}; a
 * message whose lengths do not fit what arrived is dropped and counted by its {@link InboundCheck} first.
 */
final class EffectSinkAdapter implements FragmentHandler
{
    /** What the sink hears. */
    interface Listener
    {
        void onHello(int gatewayId, long epoch);

        /**
         * @param count       how many effects seq has, 0 from a gateway of schema version 1.
         * @param previousSeq the last seq before it with effects, -1 from a gateway of schema version 1.
         * @param payload     the effect's bytes, valid only during the call.
         */
        void onEffect(int gatewayId, long epoch, long seq, int index, int count, long previousSeq,
            DirectBuffer payload, int payloadOffset, int payloadLength);
    }

    private final Listener listener;
    private final InboundCheck inbound;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SinkHelloDecoder hello = new SinkHelloDecoder();
    private final ExternalEffectDecoder effect = new ExternalEffectDecoder();

    EffectSinkAdapter(final Listener listener, final InboundCheck inbound)
    {
        this.listener = listener;
        this.inbound = inbound;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header h)
    {
        if (!inbound.accept(buffer, offset, length, header))
        {
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case SinkHelloDecoder.TEMPLATE_ID:
                hello.wrap(buffer, body, header.blockLength(), header.version());
                listener.onHello(hello.gatewayId(), hello.epoch());
                break;

            case ExternalEffectDecoder.TEMPLATE_ID:
            {
                effect.wrap(buffer, body, header.blockLength(), header.version());
                final int lengthOffset = body + header.blockLength();
                final int payloadLength = FabricMessages.varFieldLength(buffer, lengthOffset, offset + length);
                if (payloadLength >= 0)
                {
                    final boolean v2 = header.version() >= 2;
                    listener.onEffect(effect.gatewayId(), effect.epoch(), effect.seq(), effect.index(),
                        v2 ? effect.count() : 0, v2 ? effect.previousSeq() : -1, buffer, lengthOffset + Integer.BYTES,
                        payloadLength);
                }
                break;
            }

            default:
                break;
        }
    }
}
