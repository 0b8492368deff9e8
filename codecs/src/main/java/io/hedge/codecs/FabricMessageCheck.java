package io.hedge.codecs;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a received fabric message against what arrived before any decoder reads it: the header (schema, a template
 * of the schema), the block length (at least the block of the acting version, not past the fragment), and then, in
 * wire order, every repeating group's dimensions and every var-data length of that version against the end of the
 * fragment. A message that passes can be decoded by the generated decoders without reading outside it; bytes after
 * the last field (a newer version's additions) are allowed.
 *
 * <p>The layouts come from the generated decoders of every message of {@code sbe/hedge-fabric.xml} (see
 * {@link MessageLayout}). One instance per thread; the check allocates nothing.
 */
public final class FabricMessageCheck
{
    public static final int OK = 0;
    /** Fewer bytes than a message header. */
    public static final int TOO_SHORT = 1;
    /** Another schema's message. */
    public static final int WRONG_SCHEMA = 2;
    /** No message of the schema has this template id. */
    public static final int UNKNOWN_TEMPLATE = 3;
    /** A block length below the block of the message's version. */
    public static final int BLOCK_TOO_SHORT = 4;
    /** A block that runs past the end of the fragment. */
    public static final int BLOCK_PAST_END = 5;
    /** A group whose entry length is below its block, or whose count runs past the end. */
    public static final int GROUP_PAST_END = 6;
    /** A var-data length that runs past the end. */
    public static final int VAR_DATA_PAST_END = 7;
    /** A check outside this class found a value out of bounds (used by callers that count by reason). */
    public static final int OUT_OF_BOUNDS = 8;
    public static final int REASONS = 9;

    private static final String[] REASON_NAMES = {
        "ok", "shorter than a header", "another schema", "unknown template", "block length below its version's",
        "block past the end", "group past the end", "var data past the end", "value out of bounds"};

    private static final MessageLayout[] LAYOUTS = loadLayouts();

    private final MessageHeaderDecoder ownHeader = new MessageHeaderDecoder();
    private int templateId;
    private int blockLength;
    private int version;
    private int limit;

    /**
     * As {@link #check(DirectBuffer, int, int, MessageHeaderDecoder)} with a header decoder of this check's own.
     */
    public int check(final DirectBuffer buffer, final int offset, final int length)
    {
        return check(buffer, offset, length, ownHeader);
    }

    /**
     * @param header wrapped at {@code offset} by this call, for the caller to read the header from afterwards.
     * @return {@link #OK}, or the reason the message is refused.
     */
    public int check(final DirectBuffer buffer, final int offset, final int length, final MessageHeaderDecoder header)
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
        templateId = header.templateId();
        final MessageLayout layout = templateId < LAYOUTS.length ? LAYOUTS[templateId] : null;
        if (null == layout)
        {
            return UNKNOWN_TEMPLATE;
        }
        blockLength = header.blockLength();
        version = header.version();
        if (blockLength < layout.minBlock(version))
        {
            return BLOCK_TOO_SHORT;
        }
        final long end = (long)offset + length;
        long position = (long)offset + MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        if (position > end)
        {
            return BLOCK_PAST_END;
        }
        for (int i = 0; i < layout.groupSinceVersion.length; i++)
        {
            if (version < layout.groupSinceVersion[i])
            {
                continue;
            }
            if (position + layout.groupHeaderLength[i] > end)
            {
                return GROUP_PAST_END;
            }
            final int entryBlock = buffer.getShort((int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int count = buffer.getShort((int)position + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            position += layout.groupHeaderLength[i] + (long)count * entryBlock;
            if (entryBlock < layout.groupEntryBlock[i] || position > end)
            {
                return GROUP_PAST_END;
            }
        }
        for (int i = 0; i < layout.varSinceVersion.length; i++)
        {
            if (version < layout.varSinceVersion[i])
            {
                continue;
            }
            if (position + layout.varHeaderLength[i] > end)
            {
                return VAR_DATA_PAST_END;
            }
            final long dataLength = layout.varHeaderLength[i] == Integer.BYTES ?
                buffer.getInt((int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL :
                buffer.getShort((int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            position += layout.varHeaderLength[i] + dataLength;
            if (position > end)
            {
                return VAR_DATA_PAST_END;
            }
        }
        limit = (int)position;
        return OK;
    }

    /** Of the message last checked, once the header was readable; -1 before. */
    public int templateId()
    {
        return templateId;
    }

    public int blockLength()
    {
        return blockLength;
    }

    public int version()
    {
        return version;
    }

    /** Where the last field of the message last passed ends. */
    public int limit()
    {
        return limit;
    }

    public static String reason(final int reason)
    {
        return reason >= 0 && reason < REASON_NAMES.length ? REASON_NAMES[reason] : "reason " + reason;
    }

    /**
     * @return whether the schema has a message with this template id.
     */
    public static boolean isKnownTemplate(final int templateId)
    {
        return templateId >= 0 && templateId < LAYOUTS.length && null != LAYOUTS[templateId];
    }

    /**
     * @return the layout of the schema's message with this template id, or null if there is none.
     */
    public static MessageLayout layout(final int templateId)
    {
        return isKnownTemplate(templateId) ? LAYOUTS[templateId] : null;
    }

    /**
     * @return the template ids of every message of the schema, ascending.
     */
    public static int[] templateIds()
    {
        int n = 0;
        for (final MessageLayout layout : LAYOUTS)
        {
            n += null == layout ? 0 : 1;
        }
        final int[] ids = new int[n];
        int i = 0;
        for (final MessageLayout layout : LAYOUTS)
        {
            if (null != layout)
            {
                ids[i++] = layout.templateId;
            }
        }
        return ids;
    }

    private static MessageLayout[] loadLayouts()
    {
        final List<MessageLayout> layouts = new ArrayList<>();
        int maxId = 0;
        for (final String name : messageNames())
        {
            final MessageLayout layout;
            try
            {
                layout = MessageLayout.of(Class.forName(
                    MessageHeaderDecoder.class.getPackageName() + "." + name + "Decoder"));
            }
            catch (final ClassNotFoundException ex)
            {
                throw new IllegalStateException("no decoder generated for fabric message " + name, ex);
            }
            layouts.add(layout);
            maxId = Math.max(maxId, layout.templateId);
        }
        final MessageLayout[] byId = new MessageLayout[maxId + 1];
        for (final MessageLayout layout : layouts)
        {
            byId[layout.templateId] = layout;
        }
        return byId;
    }

    /** The message names of the fabric schema, read from the schema the decoders were generated from. */
    private static List<String> messageNames()
    {
        final String schema;
        try (InputStream in = FabricMessageCheck.class.getClassLoader().getResourceAsStream("sbe/hedge-fabric.xml"))
        {
            if (null == in)
            {
                throw new IllegalStateException("sbe/hedge-fabric.xml is not on the class path");
            }
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read sbe/hedge-fabric.xml", ex);
        }
        final List<String> names = new ArrayList<>();
        final Matcher matcher = Pattern.compile("<sbe:message\\s+name=\"(\\w+)\"").matcher(schema);
        while (matcher.find())
        {
            names.add(matcher.group(1));
        }
        if (names.isEmpty())
        {
            throw new IllegalStateException("no messages found in sbe/hedge-fabric.xml");
        }
        return names;
    }
}
