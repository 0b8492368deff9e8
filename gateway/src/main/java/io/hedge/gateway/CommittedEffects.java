package io.hedge.gateway;

import io.hedge.codecs.FabricMessages;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import org.agrona.DirectBuffer;

/**
 * Hands the effects of each committed seq to the {@link EffectForwarder}: the commit listener of a term with an
 * effects sink, reading the effects field out of the held ReplicaResponse. A seq committed with no response held
 * has no effects to give. Decodes in place; allocates nothing.
 */
final class CommittedEffects implements CommitListener
{
    private final EffectForwarder effects;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    CommittedEffects(final EffectForwarder effects)
    {
        this.effects = effects;
    }

    @Override
    public void onCommitted(final long seq, final int replicaId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (0 == length || !FabricMessages.hasBlock(buffer, offset, length, header) ||
            header.templateId() != ReplicaResponseDecoder.TEMPLATE_ID || header.version() < 1)
        {
            return;
        }
        final int end = offset + length;
        final int payloadField = offset + MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength();
        final int payloadLength = FabricMessages.varFieldLength(buffer, payloadField, end);
        if (payloadLength < 0)
        {
            return;
        }
        final int effectsField = payloadField + Integer.BYTES + payloadLength;
        if (effectsField == end)
        {
            return;
        }
        final int effectsLength = FabricMessages.varFieldLength(buffer, effectsField, end);
        if (effectsLength > 0)
        {
            effects.onEffects(seq, buffer, effectsField + Integer.BYTES, effectsLength);
        }
    }
}
