package io.hedge.gateway.auth;

import io.hedge.transport.PrivateFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A principals file (contract 6, docs/SECURITY.md): UTF-8, one principal per line, blank lines ignored, a word
 * starting with {@code #} starts a comment to the end of the line:
 * <pre>
 *   &lt;name&gt; id=&lt;1..65535&gt; secret=&lt;at least 16 characters&gt; permissions=&lt;submit,query,status,admin,metrics&gt;
 * </pre>
 * Names are {@code [A-Za-z0-9_.-]{1,64}}; names and ids are unique. Read once, at start; a file that group or others
 * may read is refused, and so is any bad line, with the file, the line number and what is wrong, never the secret.
 */
public final class PrincipalsFile
{
    /** The setting that names the file. */
    public static final String SETTING = "gateway.principals.file";
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_ID = 65_535;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** One principal and its secret. */
    public static final class Entry
    {
        private final Principal principal;
        private final byte[] secret;

        Entry(final Principal principal, final byte[] secret)
        {
            this.principal = principal;
            this.secret = secret;
        }

        public Principal principal()
        {
            return principal;
        }

        /**
         * @return the secret's UTF-8 bytes: the HMAC key of this principal's answers.
         */
        byte[] secret()
        {
            return secret;
        }

        @Override
        public String toString()
        {
            return principal.toString(); // never the secret
        }
    }

    private final Path file;
    private final List<Entry> entries;

    private PrincipalsFile(final Path file, final List<Entry> entries)
    {
        this.file = file;
        this.entries = entries;
    }

    /**
     * @throws IllegalArgumentException naming the file (and line) of what is wrong.
     */
    public static PrincipalsFile read(final Path file)
    {
        return parse(file, PrivateFiles.readLines(file, SETTING));
    }

    /**
     * @param file named in errors.
     */
    static PrincipalsFile parse(final Path file, final List<String> lines)
    {
        final List<Entry> entries = new ArrayList<>();
        final Map<String, Integer> names = new HashMap<>();
        final Map<Integer, Integer> ids = new HashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final int lineNumber = i + 1;
            final Entry entry = parseLine(file, lineNumber, lines.get(i));
            if (null == entry)
            {
                continue;
            }
            final Integer sameName = names.putIfAbsent(entry.principal.name(), lineNumber);
            if (null != sameName)
            {
                throw error(file, lineNumber, "principal '" + entry.principal.name() + "' is already defined on line " +
                    sameName);
            }
            final Integer sameId = ids.putIfAbsent(entry.principal.id(), lineNumber);
            if (null != sameId)
            {
                throw error(file, lineNumber, "id " + entry.principal.id() + " is already used on line " + sameId);
            }
            entries.add(entry);
        }
        if (entries.isEmpty())
        {
            throw new IllegalArgumentException(SETTING + ": " + file + " defines no principal");
        }
        return new PrincipalsFile(file, Collections.unmodifiableList(entries));
    }

    private static Entry parseLine(final Path file, final int lineNumber, final String line)
    {
        final List<String> words = new ArrayList<>();
        for (final String word : line.trim().split("\\s+"))
        {
            if (word.startsWith("#"))
            {
                break;
            }
            if (!word.isEmpty())
            {
                words.add(word);
            }
        }
        if (words.isEmpty())
        {
            return null;
        }
        final String name = words.get(0);
        if (!NAME.matcher(name).matches())
        {
            throw error(file, lineNumber, "the name must be 1 to 64 of A-Z a-z 0-9 _ . - (got '" +
                (name.contains("=") ? name.substring(0, name.indexOf('=') + 1) + "...'" : name + "'") + ")");
        }
        String id = null;
        String secret = null;
        String permissions = null;
        for (int w = 1; w < words.size(); w++)
        {
            final String word = words.get(w);
            final int eq = word.indexOf('=');
            final String key = eq < 0 ? word : word.substring(0, eq);
            final String value = eq < 0 ? null : word.substring(eq + 1);
            if (null == value)
            {
                // the word itself is not shown: it may be a secret whose key was mistyped
                throw error(file, lineNumber, "word " + (w + 1) + " is not key=value (expected id=, secret=, " +
                    "permissions=)");
            }
            switch (key)
            {
                case "id" -> id = once(file, lineNumber, key, id, value);
                case "secret" -> secret = once(file, lineNumber, key, secret, value);
                case "permissions" -> permissions = once(file, lineNumber, key, permissions, value);
                default -> throw error(file, lineNumber, "unknown key in word " + (w + 1) +
                    " (expected id, secret, permissions)");
            }
        }
        if (null == id || null == secret || null == permissions)
        {
            throw error(file, lineNumber, "principal '" + name + "' needs id=, secret= and permissions=");
        }
        final byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        if (secret.length() < MIN_SECRET_LENGTH)
        {
            throw error(file, lineNumber, "the secret of '" + name + "' is shorter than " + MIN_SECRET_LENGTH +
                " characters");
        }
        return new Entry(new Principal(name, parseId(file, lineNumber, id), parsePermissions(file, lineNumber,
            permissions)), secretBytes);
    }

    private static String once(
        final Path file, final int lineNumber, final String key, final String previous, final String value)
    {
        if (null != previous)
        {
            throw error(file, lineNumber, key + "= is given twice");
        }
        return value;
    }

    private static int parseId(final Path file, final int lineNumber, final String value)
    {
        final int id;
        try
        {
            id = Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw error(file, lineNumber, "id must be a number from 1 to " + MAX_ID + ", got '" + value + "'");
        }
        if (id < 1 || id > MAX_ID)
        {
            throw error(file, lineNumber, "id must be from 1 to " + MAX_ID + " (0 is the anonymous principal), got " +
                id);
        }
        return id;
    }

    private static int parsePermissions(final Path file, final int lineNumber, final String value)
    {
        int mask = 0;
        for (final String name : value.split(",", -1))
        {
            final Permission permission = Permission.ofFileName(name);
            if (null == permission)
            {
                throw error(file, lineNumber, "unknown permission '" + name + "' (expected a comma list of " +
                    "submit, query, status, admin, metrics)");
            }
            mask |= permission.bit();
        }
        return mask;
    }

    private static IllegalArgumentException error(final Path file, final int lineNumber, final String what)
    {
        return new IllegalArgumentException(SETTING + ": " + file + " line " + lineNumber + ": " + what);
    }

    public Path file()
    {
        return file;
    }

    public List<Entry> entries()
    {
        return entries;
    }

    /**
     * @return the principal with this name, or null.
     */
    public Entry byName(final String name)
    {
        for (final Entry entry : entries)
        {
            if (entry.principal.name().equals(name))
            {
                return entry;
            }
        }
        return null;
    }
}
