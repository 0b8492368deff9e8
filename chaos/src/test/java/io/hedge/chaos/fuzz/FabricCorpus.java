package io.hedge.chaos.fuzz;

import io.hedge.codecs.FabricMessageCheck;
import io.hedge.codecs.MessageLayout;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Well-formed messages of every template of the fabric schema, with random field values: a header of the current
 * version, the template's block, each group with a few entries and each var-data field with a few bytes (sometimes a
 * whole other message, as ResponseReplay carries a ReplicaResponse). Each sample remembers where its length fields
 * are, so that mutations can aim at them.
 */
public final class FabricCorpus
{
    /** One message and where its lengths are. */
    public static final class Sample
    {
        public final int templateId;
        public final byte[] bytes;
        /** Offsets of the var-data length prefixes. */
        public final int[] varLengthOffsets;
        /** Offsets of the group headers (entry block length, then count). */
        public final int[] groupHeaderOffsets;

        Sample(final int templateId, final byte[] bytes, final int[] varLengthOffsets, final int[] groupHeaderOffsets)
        {
            this.templateId = templateId;
            this.bytes = bytes;
            this.varLengthOffsets = varLengthOffsets;
            this.groupHeaderOffsets = groupHeaderOffsets;
        }
    }

    private final List<Sample> samples = new ArrayList<>();
    private final int[] templateIds = FabricMessageCheck.templateIds();

    /**
     * @param perTemplate samples made of each template.
     */
    public FabricCorpus(final long seed, final int perTemplate)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        for (final int templateId : templateIds)
        {
            for (int i = 0; i < perTemplate; i++)
            {
                samples.add(sample(templateId, random, i % 3 == 2));
            }
        }
    }

    public int size()
    {
        return samples.size();
    }

    public Sample get(final int index)
    {
        return samples.get(index);
    }

    public int[] templateIds()
    {
        return templateIds.clone();
    }

    private Sample sample(final int templateId, final SplittableRandom random, final boolean nest)
    {
        final MessageLayout layout = FabricMessageCheck.layout(templateId);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        final int block = layout.minBlock(layout.schemaVersion());
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(block).templateId(templateId)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(layout.schemaVersion());
        int position = MessageHeaderEncoder.ENCODED_LENGTH;
        for (int i = 0; i < block; i++)
        {
            buffer.putByte(position++, (byte)random.nextInt(256));
        }
        final int[] groups = new int[layout.groupCount()];
        for (int g = 0; g < groups.length; g++)
        {
            groups[g] = position;
            final int count = random.nextInt(4);
            final int entry = layout.groupEntryBlock(g);
            buffer.putShort(position, (short)entry, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(position + 2, (short)count, ByteOrder.LITTLE_ENDIAN);
            position += layout.groupHeaderLength(g);
            for (int i = 0; i < count * entry; i++)
            {
                buffer.putByte(position++, (byte)random.nextInt(256));
            }
        }
        final int[] vars = new int[layout.varDataCount()];
        for (int v = 0; v < vars.length; v++)
        {
            vars[v] = position;
            final int header = layout.varHeaderLength(v);
            position += header;
            int length;
            if (nest && 0 == v)
            {
                // a whole message inside, as a ResponseReplay holds a ReplicaResponse
                final Sample inner = sample(random.nextBoolean() ? ReplicaResponseEncoder.TEMPLATE_ID :
                    templateIds[random.nextInt(templateIds.length)], random, false);
                buffer.putBytes(position, inner.bytes);
                length = inner.bytes.length;
            }
            else
            {
                length = random.nextInt(40);
                for (int i = 0; i < length; i++)
                {
                    buffer.putByte(position + i, (byte)random.nextInt(256));
                }
            }
            if (Integer.BYTES == header)
            {
                buffer.putInt(vars[v], length, ByteOrder.LITTLE_ENDIAN);
            }
            else
            {
                buffer.putShort(vars[v], (short)length, ByteOrder.LITTLE_ENDIAN);
            }
            position += length;
        }
        final byte[] bytes = new byte[position];
        buffer.getBytes(0, bytes);
        if (FabricMessageCheck.OK != new FabricMessageCheck().check(new UnsafeBuffer(bytes), 0, bytes.length))
        {
            throw new IllegalStateException("sample of template " + templateId + " does not pass the check");
        }
        return new Sample(templateId, bytes, vars, groups);
    }
}
