package io.hedge.ops.dashboard;

/**
 * Just enough JSON writing for the dashboard's snapshot, so that the ops module needs no JSON library. Commas are
 * placed by the writer: callers open and close objects and arrays and name their fields.
 */
final class JsonWriter
{
    private final StringBuilder out;
    private boolean needComma;

    JsonWriter(final StringBuilder out)
    {
        this.out = out;
    }

    JsonWriter beginObject()
    {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    JsonWriter endObject()
    {
        out.append('}');
        needComma = true;
        return this;
    }

    JsonWriter beginArray()
    {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    JsonWriter endArray()
    {
        out.append(']');
        needComma = true;
        return this;
    }

    /**
     * Name the next value of an object.
     */
    JsonWriter name(final String name)
    {
        comma();
        string(name);
        out.append(':');
        needComma = false;
        return this;
    }

    JsonWriter value(final long value)
    {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    JsonWriter value(final double value)
    {
        comma();
        if (Double.isFinite(value))
        {
            out.append(value);
        }
        else
        {
            out.append("null");
        }
        needComma = true;
        return this;
    }

    JsonWriter value(final boolean value)
    {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    JsonWriter value(final String value)
    {
        comma();
        if (null == value)
        {
            out.append("null");
        }
        else
        {
            string(value);
        }
        needComma = true;
        return this;
    }

    JsonWriter nullValue()
    {
        comma();
        out.append("null");
        needComma = true;
        return this;
    }

    JsonWriter field(final String name, final long value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final double value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final boolean value)
    {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final String value)
    {
        return name(name).value(value);
    }

    private void comma()
    {
        if (needComma)
        {
            out.append(',');
        }
    }

    private void string(final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    // below 0x20 must be escaped; '<' too, so that a reason text can never close a script tag
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
