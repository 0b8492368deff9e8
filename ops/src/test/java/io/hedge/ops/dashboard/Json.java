package io.hedge.ops.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for tests: objects become maps, arrays lists, integers Long, other numbers Double. It
 * fails on anything malformed, so that a test reading the snapshot also checks that it is valid JSON.
 */
final class Json
{
    private final String text;
    private int at;

    private Json(final String text)
    {
        this.text = text;
    }

    static Object parse(final String text)
    {
        final Json json = new Json(text);
        final Object value = json.value();
        json.space();
        if (json.at != text.length())
        {
            throw new IllegalArgumentException("trailing text at " + json.at);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Object value)
    {
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(final Object value)
    {
        return (List<Object>)value;
    }

    static long number(final Object value)
    {
        return ((Number)value).longValue();
    }

    private Object value()
    {
        space();
        final char c = text.charAt(at);
        switch (c)
        {
            case '{':
                return objectValue();
            case '[':
                return arrayValue();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return numberValue();
        }
    }

    private Map<String, Object> objectValue()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        at++;
        space();
        if (text.charAt(at) == '}')
        {
            at++;
            return map;
        }
        while (true)
        {
            space();
            final String key = string();
            space();
            expect(':');
            map.put(key, value());
            space();
            if (text.charAt(at) == ',')
            {
                at++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> arrayValue()
    {
        final List<Object> list = new ArrayList<>();
        at++;
        space();
        if (text.charAt(at) == ']')
        {
            at++;
            return list;
        }
        while (true)
        {
            list.add(value());
            space();
            if (text.charAt(at) == ',')
            {
                at++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            final char c = text.charAt(at++);
            if (c == '"')
            {
                return out.toString();
            }
            if (c < 0x20)
            {
                throw new IllegalArgumentException("control character in a string at " + at);
            }
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            final char e = text.charAt(at++);
            switch (e)
            {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' ->
                {
                    out.append((char)Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw new IllegalArgumentException("bad escape at " + at);
            }
        }
    }

    private Object numberValue()
    {
        final int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0)
        {
            at++;
        }
        final String number = text.substring(start, at);
        if (number.isEmpty())
        {
            throw new IllegalArgumentException("unexpected '" + text.charAt(at) + "' at " + at);
        }
        return number.contains(".") || number.contains("e") || number.contains("E") ?
            (Object)Double.parseDouble(number) : (Object)Long.parseLong(number);
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, at))
        {
            throw new IllegalArgumentException("expected " + word + " at " + at);
        }
        at += word.length();
        return value;
    }

    private void expect(final char c)
    {
        if (text.charAt(at) != c)
        {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + ", found '" + text.charAt(at) + "'");
        }
        at++;
    }

    private void space()
    {
        while (at < text.length() && Character.isWhitespace(text.charAt(at)))
        {
            at++;
        }
    }
}
