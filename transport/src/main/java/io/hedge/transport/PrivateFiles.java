package io.hedge.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Files that hold secrets (a principals file, a client's secret file): read once at start, and refused when group or
 * others may read them, as ssh refuses a private key (unless the platform has no POSIX permissions). Errors name the
 * file and the setting, never its content.
 */
public final class PrivateFiles
{
    private PrivateFiles()
    {
    }

    /**
     * @param file    the file to read.
     * @param setting the key that named it, for the error.
     * @return its lines (UTF-8).
     * @throws IllegalArgumentException if it is missing, unreadable, or readable by group or others.
     */
    public static List<String> readLines(final Path file, final String setting)
    {
        checkPrivate(file, setting);
        try
        {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(setting + ": cannot read " + file + ": " + ex.getClass().getSimpleName());
        }
    }

    /**
     * @throws IllegalArgumentException if the file is missing or readable (or writable) by group or others.
     */
    public static void checkPrivate(final Path file, final String setting)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException(setting + ": " + file + " is not a file");
        }
        if (null == Files.getFileAttributeView(file, PosixFileAttributeView.class))
        {
            return; // no POSIX permissions on this platform: nothing to check
        }
        final Set<PosixFilePermission> permissions;
        try
        {
            permissions = Files.getPosixFilePermissions(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(setting + ": cannot read the permissions of " + file + ": " +
                ex.getClass().getSimpleName());
        }
        for (final PosixFilePermission permission : permissions)
        {
            switch (permission)
            {
                case GROUP_READ, GROUP_WRITE, OTHERS_READ, OTHERS_WRITE -> throw new IllegalArgumentException(
                    setting + ": " + file + " holds secrets but group or others may access it (" +
                    java.nio.file.attribute.PosixFilePermissions.toString(permissions) + "); chmod 600 " + file);
                default ->
                {
                }
            }
        }
    }
}
