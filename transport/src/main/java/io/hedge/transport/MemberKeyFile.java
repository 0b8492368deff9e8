package io.hedge.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Reads the cluster key that members seal their messages with ({@code member.key.file}): the first line, as hex.
 * A key file others can read is refused, as ssh refuses such a private key: whoever reads it can speak as a member.
 */
public final class MemberKeyFile
{
    private MemberKeyFile()
    {
    }

    /**
     * @return the key's bytes.
     * @throws IllegalArgumentException naming the file (never the key) if it cannot be read, is readable by group or
     *                                  others, or its first line is not at least 32 hex characters.
     */
    public static byte[] read(final Path file)
    {
        refuseIfShared(file);
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read member key file " + file + ": " + ex.getMessage());
        }
        final String hex = lines.isEmpty() ? "" : lines.get(0).trim();
        if (hex.length() < 2 * MemberSeal.MIN_KEY_LENGTH || 0 != hex.length() % 2)
        {
            throw new IllegalArgumentException("member key file " + file + ": the first line must hold the key as an " +
                "even number of hex characters, at least " + 2 * MemberSeal.MIN_KEY_LENGTH);
        }
        final byte[] key = new byte[hex.length() / 2];
        for (int i = 0; i < key.length; i++)
        {
            final int high = Character.digit(hex.charAt(2 * i), 16);
            final int low = Character.digit(hex.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0)
            {
                throw new IllegalArgumentException(
                    "member key file " + file + ": the first line must hold only hex characters");
            }
            key[i] = (byte)((high << 4) | low);
        }
        return key;
    }

    /**
     * Refuse a secret file that group or others may read (where the file system has POSIX permissions).
     */
    public static void refuseIfShared(final Path file)
    {
        final Set<PosixFilePermission> permissions;
        try
        {
            permissions = Files.getPosixFilePermissions(file);
        }
        catch (final UnsupportedOperationException ex)
        {
            return;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage());
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ))
        {
            throw new IllegalArgumentException(file + " is readable by group or others: make it readable by its " +
                "owner only (chmod 600 " + file + ")");
        }
    }
}
