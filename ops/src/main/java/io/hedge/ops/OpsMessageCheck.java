package io.hedge.ops;

import io.hedge.codecs.ops.AdminRequestDecoder;
import io.hedge.codecs.ops.AdminResponseDecoder;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.OpsChallengeDecoder;
import io.hedge.codecs.ops.OpsChallengeResponseDecoder;
import io.hedge.codecs.ops.OpsConnectDecoder;
import io.hedge.codecs.ops.OpsConnectedDecoder;
import io.hedge.codecs.ops.RoleReportDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The ops protocol's counterpart of codecs' {@code FabricMessageCheck}: checks a received ops message against what
 * arrived before any decoder reads it (header, schema, template, block length, then every group and var-data length,
 * also the var data inside group entries, which the fabric check does not have to walk). A message that passes can
 * be decoded by the generated decoders without reading outside it. One instance per thread; allocates nothing.
 */
public final class OpsMessageCheck
{
    public static final int OK = 0;
    public static final int TOO_SHORT = 1;
    public static final int WRONG_SCHEMA = 2;
    public static final int UNKNOWN_TEMPLATE = 3;
    public static final int BLOCK_TOO_SHORT = 4;
    public static final int BLOCK_PAST_END = 5;
    public static final int GROUP_PAST_END = 6;
    public static final int VAR_DATA_PAST_END = 7;

    private static final String[] REASON_NAMES = {
        "ok", "shorter than a header", "another schema", "unknown template", "block length too short",
        "block past the end", "group past the end", "var data past the end"};

    /** An item of a layout: a var-data field (uint32 length). Any other value is a group (see {@link #group}). */
    private static final int VAR = -1;
    private static final int GROUP_HEADER = 4;
    private static final int VAR_HEADER = 4;
    private static final int[][] LAYOUTS = new int[FabricHealthDecoder.TEMPLATE_ID + 1][];

    static
    {
        LAYOUTS[RoleReportDecoder.TEMPLATE_ID] = new int[]{RoleReportDecoder.BLOCK_LENGTH,
            group(RoleReportDecoder.CountersDecoder.sbeBlockLength(), 0),
            group(RoleReportDecoder.HistogramsDecoder.sbeBlockLength(), 1)};
        LAYOUTS[OpsConnectDecoder.TEMPLATE_ID] = new int[]{OpsConnectDecoder.BLOCK_LENGTH, VAR, VAR};
        LAYOUTS[OpsChallengeDecoder.TEMPLATE_ID] = new int[]{OpsChallengeDecoder.BLOCK_LENGTH, VAR};
        LAYOUTS[OpsChallengeResponseDecoder.TEMPLATE_ID] = new int[]{OpsChallengeResponseDecoder.BLOCK_LENGTH, VAR};
        LAYOUTS[OpsConnectedDecoder.TEMPLATE_ID] = new int[]{OpsConnectedDecoder.BLOCK_LENGTH, VAR};
        LAYOUTS[AdminRequestDecoder.TEMPLATE_ID] = new int[]{AdminRequestDecoder.BLOCK_LENGTH};
        LAYOUTS[AdminResponseDecoder.TEMPLATE_ID] = new int[]{AdminResponseDecoder.BLOCK_LENGTH, VAR};
        LAYOUTS[FabricHealthDecoder.TEMPLATE_ID] = new int[]{FabricHealthDecoder.BLOCK_LENGTH,
            group(FabricHealthDecoder.GatewaysDecoder.sbeBlockLength(), 0),
            group(FabricHealthDecoder.ReplicasDecoder.sbeBlockLength(), 0),
            group(FabricHealthDecoder.AlarmsDecoder.sbeBlockLength(), 1)};
    }

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private int templateId = -1;

    private static int group(final int entryBlock, final int varsPerEntry)
    {
        return varsPerEntry << 16 | entryBlock;
    }

    /**
     * @return {@link #OK}, or the reason the message is refused; the header is then readable by {@link #header()}.
     */
    public int check(final DirectBuffer buffer, final int offset, final int length)
    {
        templateId = -1;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return TOO_SHORT;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return WRONG_SCHEMA;
        }
        final int template = header.templateId();
        final int[] layout = template < LAYOUTS.length ? LAYOUTS[template] : null;
        if (null == layout)
        {
            return UNKNOWN_TEMPLATE;
        }
        templateId = template;
        final int blockLength = header.blockLength();
        if (blockLength < layout[0])
        {
            return BLOCK_TOO_SHORT;
        }
        final long end = (long)offset + length;
        long position = (long)offset + MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        if (position > end)
        {
            return BLOCK_PAST_END;
        }
        for (int i = 1; i < layout.length; i++)
        {
            if (VAR == layout[i])
            {
                position = skipVar(buffer, position, end);
                if (position < 0)
                {
                    return VAR_DATA_PAST_END;
                }
                continue;
            }
            if (position + GROUP_HEADER > end)
            {
                return GROUP_PAST_END;
            }
            final int entryBlock = buffer.getShort((int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int count = buffer.getShort((int)position + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int vars = layout[i] >>> 16;
            if (entryBlock < (layout[i] & 0xFFFF))
            {
                return GROUP_PAST_END;
            }
            position += GROUP_HEADER;
            for (int entry = 0; entry < count; entry++)
            {
                position += entryBlock;
                if (position > end)
                {
                    return GROUP_PAST_END;
                }
                for (int v = 0; v < vars; v++)
                {
                    position = skipVar(buffer, position, end);
                    if (position < 0)
                    {
                        return VAR_DATA_PAST_END;
                    }
                }
            }
        }
        return OK;
    }

    private static long skipVar(final DirectBuffer buffer, final long position, final long end)
    {
        if (position + VAR_HEADER > end)
        {
            return -1;
        }
        final long next = position + VAR_HEADER + (buffer.getInt((int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        return next > end ? -1 : next;
    }

    /**
     * @return the header of the message last checked (wrapped once it was long enough).
     */
    public MessageHeaderDecoder header()
    {
        return header;
    }

    /**
     * @return the template id of the message last checked, -1 if its header was not readable or not ours.
     */
    public int templateId()
    {
        return templateId;
    }

    public static String reason(final int reason)
    {
        return reason >= 0 && reason < REASON_NAMES.length ? REASON_NAMES[reason] : "reason " + reason;
    }
}
