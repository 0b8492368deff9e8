package io.hedge.chaos.check;

import io.hedge.chaos.EffectSink;
import org.agrona.DirectBuffer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The effects sink's record of what it accepted, for the effects checker: an {@link EffectSink.EffectListener} that
 * appends a line per effect ({@code seq index crc32-of-bytes}), flushed at once, so that a killed sink loses at most a
 * half line (dropped when read). A restarted sink appends to the same file: an effect it accepts again then shows twice.
 */
public final class EffectLog implements EffectSink.EffectListener, AutoCloseable
{
    /**
     * One effect the sink accepted.
     *
     * @param seq   of the request whose effect it is.
     * @param index among that seq's effects.
     * @param crc   CRC-32 of its bytes.
     */
    public record Entry(long seq, int index, long crc)
    {
    }

    private final BufferedWriter out;
    private final CRC32 crc = new CRC32();
    private byte[] bytes = new byte[256];

    /**
     * @param file created or appended to.
     */
    public EffectLog(final Path file)
    {
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            if (null != parent)
            {
                Files.createDirectories(parent);
            }
            out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open effect log " + file, ex);
        }
    }

    @Override
    public void onEffect(final long seq, final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            out.write(seq + " " + index + " " + crcOf(buffer, offset, length) + "\n");
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the effect log", ex);
        }
    }

    long crcOf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (bytes.length < length)
        {
            bytes = new byte[length];
        }
        buffer.getBytes(offset, bytes, 0, length);
        crc.reset();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    /**
     * @return CRC-32 of an effect's bytes, as the log writes it.
     */
    public static long crc(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final CRC32 crc = new CRC32();
        crc.update(copy);
        return crc.getValue();
    }

    /**
     * @return the effects logged, in the order accepted; a last half line is dropped.
     */
    public static List<Entry> read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read effect log " + file, ex);
        }
        final String[] lines = text.split("\n", -1);
        final List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.length - 1; i++)
        {
            if (lines[i].isBlank())
            {
                continue;
            }
            final String[] f = lines[i].trim().split(" ");
            if (f.length != 3)
            {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not 'seq index crc': " + lines[i]);
            }
            entries.add(new Entry(Long.parseLong(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2])));
        }
        return entries;
    }

    @Override
    public void close()
    {
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
