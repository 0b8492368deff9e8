package io.hedge.codecs;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shape of one SBE message as its generated decoder describes it: the root block each acting version must
 * have at least, then its repeating groups and var-data fields in wire order, each with the version it appeared in.
 * Read once by reflection from the decoder's static metadata (the {@code ...SinceVersion}, {@code ...EncodingOffset},
 * {@code ...HeaderLength} methods and nested group decoders), so a field added to the schema is known here without
 * anyone updating a table.
 */
public final class MessageLayout
{
    final int templateId;
    final int schemaVersion;
    /** Index: acting version 0..schemaVersion; a newer version needs at least the current block. */
    final int[] minBlockByVersion;
    final int[] groupSinceVersion;
    final int[] groupEntryBlock;
    final int[] groupHeaderLength;
    final int[] varSinceVersion;
    final int[] varHeaderLength;

    private MessageLayout(
        final int templateId,
        final int schemaVersion,
        final int[] minBlockByVersion,
        final int[][] groups,
        final int[][] vars)
    {
        this.templateId = templateId;
        this.schemaVersion = schemaVersion;
        this.minBlockByVersion = minBlockByVersion;
        this.groupSinceVersion = new int[groups.length];
        this.groupEntryBlock = new int[groups.length];
        this.groupHeaderLength = new int[groups.length];
        for (int i = 0; i < groups.length; i++)
        {
            groupSinceVersion[i] = groups[i][1];
            groupEntryBlock[i] = groups[i][2];
            groupHeaderLength[i] = groups[i][3];
        }
        this.varSinceVersion = new int[vars.length];
        this.varHeaderLength = new int[vars.length];
        for (int i = 0; i < vars.length; i++)
        {
            varSinceVersion[i] = vars[i][1];
            varHeaderLength[i] = vars[i][2];
        }
    }

    /**
     * @return the root block a message of this acting version must have at least.
     */
    public int minBlock(final int actingVersion)
    {
        return minBlockByVersion[Math.min(actingVersion, schemaVersion)];
    }

    public int templateId()
    {
        return templateId;
    }

    public int schemaVersion()
    {
        return schemaVersion;
    }

    public int groupCount()
    {
        return groupSinceVersion.length;
    }

    public int groupSinceVersion(final int group)
    {
        return groupSinceVersion[group];
    }

    public int groupEntryBlock(final int group)
    {
        return groupEntryBlock[group];
    }

    public int groupHeaderLength(final int group)
    {
        return groupHeaderLength[group];
    }

    public int varDataCount()
    {
        return varSinceVersion.length;
    }

    public int varSinceVersion(final int field)
    {
        return varSinceVersion[field];
    }

    public int varHeaderLength(final int field)
    {
        return varHeaderLength[field];
    }

    /**
     * @param decoder a generated message decoder class.
     */
    static MessageLayout of(final Class<?> decoder)
    {
        try
        {
            final int templateId = decoder.getField("TEMPLATE_ID").getInt(null);
            final int schemaVersion = decoder.getField("SCHEMA_VERSION").getInt(null);
            final int[] minBlock = new int[schemaVersion + 1];
            final List<int[]> vars = new ArrayList<>();
            for (final Method m : decoder.getDeclaredMethods())
            {
                if (!isStaticGetter(m))
                {
                    continue;
                }
                final String name = m.getName();
                if (name.endsWith("EncodingOffset"))
                {
                    final String field = name.substring(0, name.length() - "EncodingOffset".length());
                    final int end = (int)m.invoke(null) + staticInt(decoder, field + "EncodingLength");
                    final int since = staticInt(decoder, field + "SinceVersion");
                    for (int v = since; v <= schemaVersion; v++)
                    {
                        minBlock[v] = Math.max(minBlock[v], end);
                    }
                }
                else if (name.endsWith("HeaderLength"))
                {
                    final String field = name.substring(0, name.length() - "HeaderLength".length());
                    vars.add(new int[]{staticInt(decoder, field + "Id"), staticInt(decoder, field + "SinceVersion"),
                        (int)m.invoke(null)});
                }
            }
            final List<int[]> groups = new ArrayList<>();
            for (final Class<?> nested : decoder.getDeclaredClasses())
            {
                if (!hasField(nested, "HEADER_SIZE"))
                {
                    continue;
                }
                if (nested.getDeclaredClasses().length > 0 || hasHeaderLengthMethod(nested))
                {
                    // nested groups or var data inside a group: the walk below would need to recurse
                    throw new IllegalStateException(decoder.getSimpleName() + "." + nested.getSimpleName() +
                        " has nested groups or var data, which FabricMessageCheck does not walk");
                }
                final String simple = nested.getSimpleName();
                final String prefix = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
                groups.add(new int[]{(int)staticLong(decoder, prefix + "Id"), staticInt(decoder, prefix + "SinceVersion"),
                    staticInt(nested, "sbeBlockLength"), nested.getField("HEADER_SIZE").getInt(null)});
            }
            // SBE puts groups before var data, each kind in schema order, which is the order of their ids here
            groups.sort(Comparator.comparingInt(g -> g[0]));
            vars.sort(Comparator.comparingInt(v -> v[0]));
            return new MessageLayout(templateId, schemaVersion, minBlock, groups.toArray(new int[0][]),
                vars.toArray(new int[0][]));
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot read the layout of " + decoder.getName(), ex);
        }
    }

    private static boolean isStaticGetter(final Method m)
    {
        return Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()) &&
            0 == m.getParameterCount() && (m.getReturnType() == int.class || m.getReturnType() == long.class);
    }

    private static boolean hasField(final Class<?> type, final String name)
    {
        try
        {
            type.getField(name);
            return true;
        }
        catch (final NoSuchFieldException ex)
        {
            return false;
        }
    }

    private static boolean hasHeaderLengthMethod(final Class<?> type)
    {
        for (final Method m : type.getDeclaredMethods())
        {
            if (m.getName().endsWith("HeaderLength") && isStaticGetter(m))
            {
                return true;
            }
        }
        return false;
    }

    private static int staticInt(final Class<?> type, final String method) throws ReflectiveOperationException
    {
        return ((Number)type.getMethod(method).invoke(null)).intValue();
    }

    private static long staticLong(final Class<?> type, final String method) throws ReflectiveOperationException
    {
        return ((Number)type.getMethod(method).invoke(null)).longValue();
    }
}
