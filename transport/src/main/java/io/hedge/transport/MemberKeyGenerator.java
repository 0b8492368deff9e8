package io.hedge.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

/**
 * Makes a cluster key file ({@code member.key.file}, read by {@link MemberKeyFile}) for a fabric on one machine, such
 * as {@code hedge demo}'s: a fresh random key that only its owner may read.
 */
public final class MemberKeyGenerator
{
    private MemberKeyGenerator()
    {
    }

    /**
     * Write a fresh random key of {@code keyLength} bytes, as hex, to a new file readable by its owner only (where the
     * file system has POSIX permissions): for a fabric on one machine, such as {@code hedge demo}'s.
     *
     * @throws IllegalArgumentException naming the file if it exists or cannot be written.
     */
    public static void writeRandom(final Path file, final int keyLength)
    {
        final byte[] key = new byte[Math.max(keyLength, MemberSeal.MIN_KEY_LENGTH)];
        new java.security.SecureRandom().nextBytes(key);
        final StringBuilder hex = new StringBuilder(2 * key.length + 1);
        for (final byte b : key)
        {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        java.util.Arrays.fill(key, (byte)0);
        hex.append('\n');
        try
        {
            try
            {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.util.EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            }
            catch (final UnsupportedOperationException ex)
            {
                Files.createFile(file);
            }
            Files.writeString(file, hex, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot write member key file " + file + ": " + ex);
        }
    }
}
