package io.hedge.chaos.nemesis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A number another process switches at run time by writing a small file: the way a nemesis reaches into a running
 * role without a control channel of its own. Reads are rate limited (the caller polls on a hot path), a missing or
 * unreadable file reads as 0, and a write is atomic (temp file and rename) so that a reader never sees half a number.
 */
public final class SwitchFile
{
    private final Path file;
    private final long recheckNs;
    private long nextCheckNs = Long.MIN_VALUE;
    private double value;

    /**
     * @param file      the file holding the number as text.
     * @param recheckNs the least time between two reads of the file.
     */
    public SwitchFile(final Path file, final long recheckNs)
    {
        this.file = file;
        this.recheckNs = recheckNs;
    }

    /**
     * @param nowNs a monotonic time.
     * @return the number in the file, read again if the last read is older than the recheck interval.
     */
    public double value(final long nowNs)
    {
        if (nowNs - nextCheckNs >= 0 || Long.MIN_VALUE == nextCheckNs)
        {
            nextCheckNs = nowNs + recheckNs;
            value = read(file);
        }
        return value;
    }

    /**
     * @return the number in the file now, 0 if there is none.
     */
    public static double read(final Path file)
    {
        try
        {
            final String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? 0 : Double.parseDouble(text);
        }
        catch (final NoSuchFileException ex)
        {
            return 0;
        }
        catch (final IOException | NumberFormatException ex)
        {
            // a hook must never take its role down: an unreadable switch is off
            return 0;
        }
    }

    /**
     * Set the switch: write the number atomically.
     */
    public static void write(final Path file, final double value)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, Double.toString(value), StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot set fault switch " + file, ex);
        }
    }

    /**
     * Clear the switch: delete the file.
     */
    public static void clear(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot clear fault switch " + file, ex);
        }
    }

    static long millis(final long ms)
    {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
