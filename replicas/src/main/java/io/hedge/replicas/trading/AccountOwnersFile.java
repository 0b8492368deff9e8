package io.hedge.replicas.trading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the account owners file of {@code trading.account.owners}: UTF-8 text, {@code #} starts a comment, blank lines
 * are ignored, and each other line is {@code <principalId> <accounts>}, the accounts a comma list of ids and ranges
 * such as {@code 1-100,205}. A principal may have several lines. Refused, with the file and line number: a line of
 * another shape, a principal id outside 1..65535, an account id outside the engine's 1..accounts, an account owned by
 * two principals, and a file that names no account at all.
 */
public final class AccountOwnersFile
{
    /** Principal ids are 1..65535 (docs/SECURITY.md, the principals file); 0 is the anonymous principal. */
    public static final int MAX_PRINCIPAL_ID = 65535;

    private AccountOwnersFile()
    {
    }

    /**
     * @param setting  the setting's value: empty for {@link AccountOwners#ANY}, else the file.
     * @param accounts the engine's account count ({@code trading.accounts}).
     * @throws IllegalArgumentException naming the setting, the file and the line when the file cannot be used.
     */
    public static AccountOwners load(final String setting, final int accounts)
    {
        if (setting.isBlank())
        {
            return AccountOwners.ANY;
        }
        try
        {
            return read(Path.of(setting.trim()), accounts);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(
                "setting '" + TradingConfiguration.ACCOUNT_OWNERS.key() + "': " + ex.getMessage(), ex);
        }
    }

    /**
     * @throws IllegalArgumentException naming the file and line when the file cannot be used.
     */
    public static AccountOwners read(final Path file, final int accounts)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException("account owners file " + file + " is not UTF-8 text", ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("account owners file " + file + " cannot be read: " + ex, ex);
        }
        return parse(file.toString(), lines, accounts);
    }

    static AccountOwners parse(final String name, final List<String> lines, final int accounts)
    {
        final int[] ownerOf = new int[accounts + 1];
        final int[] lineOf = new int[accounts + 1];
        int owned = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            final int lineNumber = i + 1;
            final String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty())
            {
                continue;
            }
            final int space = firstWhitespace(line);
            if (space < 0)
            {
                throw bad(name, lineNumber, "expected '<principalId> <accounts>', e.g. '7 1-100,205'");
            }
            final int principalId = principalId(name, lineNumber, line.substring(0, space));
            final String list = line.substring(space).replaceAll("\\s+", "");
            for (final String item : list.split(",", -1))
            {
                final long[] range = range(name, lineNumber, item, accounts);
                for (long account = range[0]; account <= range[1]; account++)
                {
                    final int a = (int)account;
                    if (0 == ownerOf[a])
                    {
                        ownerOf[a] = principalId;
                        lineOf[a] = lineNumber;
                        owned++;
                    }
                    else if (ownerOf[a] != principalId)
                    {
                        throw bad(name, lineNumber, "account " + a + " is owned by principal " + ownerOf[a] +
                            " (line " + lineOf[a] + ") and by principal " + principalId + ": an account has one owner");
                    }
                }
            }
        }
        if (0 == owned)
        {
            throw new IllegalArgumentException("account owners file " + name + " names no account; leave " +
                TradingConfiguration.ACCOUNT_OWNERS.key() + " empty to let any principal use any account");
        }
        return new AccountOwners(ownerOf);
    }

    private static String stripComment(final String line)
    {
        final int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static int firstWhitespace(final String line)
    {
        for (int i = 0; i < line.length(); i++)
        {
            if (Character.isWhitespace(line.charAt(i)))
            {
                return i;
            }
        }
        return -1;
    }

    private static int principalId(final String name, final int lineNumber, final String text)
    {
        final long id = number(name, lineNumber, text, "principal id");
        if (id < 1 || id > MAX_PRINCIPAL_ID)
        {
            throw bad(name, lineNumber, "principal id " + text + " is outside 1.." + MAX_PRINCIPAL_ID);
        }
        return (int)id;
    }

    private static long[] range(final String name, final int lineNumber, final String item, final int accounts)
    {
        if (item.isEmpty())
        {
            throw bad(name, lineNumber, "empty entry in the account list (two commas, or one at an end)");
        }
        final int dash = item.indexOf('-', 1);
        final long low = number(name, lineNumber, dash < 0 ? item : item.substring(0, dash), "account id");
        final long high = dash < 0 ? low : number(name, lineNumber, item.substring(dash + 1), "account id");
        if (low > high)
        {
            throw bad(name, lineNumber, "account range " + item + " runs backwards");
        }
        if (low < 1 || high > accounts)
        {
            throw bad(name, lineNumber, "unknown account " + (low < 1 ? low : high) + " in '" + item +
                "': the engine has accounts 1.." + accounts + " (trading.accounts)");
        }
        return new long[] {low, high};
    }

    private static long number(final String name, final int lineNumber, final String text, final String what)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw bad(name, lineNumber, what + " '" + text + "' is not a number");
        }
    }

    private static IllegalArgumentException bad(final String name, final int lineNumber, final String what)
    {
        return new IllegalArgumentException("account owners file " + name + " line " + lineNumber + ": " + what);
    }
}
