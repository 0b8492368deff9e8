package io.hedge.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the cluster key that members seal their messages with ({@code member.key.file}): the first line, as hex.
 * A key file others can read is refused, as ssh refuses such a private key: whoever reads it can speak as a member.
 */
public final class MemberKeyFile
{
    /** The setting that names the file, for errors. */
    public static final String SETTING = "member.key.file";

    private MemberKeyFile()
    {
    }

    /**
     * @return the key's bytes.
     * @throws IllegalArgumentException naming the file (never the key) if it cannot be read, group or others may
     *                                  access it ({@link PrivateFiles}), or its first line is not at least 32 hex
     *                                  characters.
     */
    public static byte[] read(final Path file)
    {
        final List<String> lines = PrivateFiles.readLines(file, SETTING);
        final String hex = lines.isEmpty() ? "" : lines.get(0).trim();
        if (hex.length() < 2 * MemberSeal.MIN_KEY_LENGTH || 0 != hex.length() % 2)
        {
            throw new IllegalArgumentException(SETTING + ": " + file + ": the first line must hold the key as an " +
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
                    SETTING + ": " + file + ": the first line must hold only hex characters");
            }
            key[i] = (byte)((high << 4) | low);
        }
        return key;
    }
}
