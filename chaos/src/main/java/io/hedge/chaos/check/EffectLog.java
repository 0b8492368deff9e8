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
 * appends a line per effect ({@code seq index crc32-of-bytes count previousSeq}), flushed at once, so that a killed sink
 * loses at most a half line (dropped when read). A restarted sink appends to the same file and resumes after its last
 * line: an effect it accepts again then shows twice, one it skipped shows as a gap ({@link EffectsChecker}). A gap the
 * sink refused is noted on a line of its own starting with {@code #}, which {@link #read} skips.
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
    public record Entry(long seq, int index, long crc, int count, long previousSeq)
    {
        /**
         * An effect without its count and previousSeq (not known).
         */
        public Entry(final long seq, final int index, final long crc)
        {
            this(seq, index, crc, 0, -1);
        }

        /**
         * @return true if both name the same effect with the same bytes.
         */
        public boolean sameEffect(final Entry other)
        {
            return null != other && seq == other.seq && index == other.index && crc == other.crc;
        }
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
        onEffect(seq, index, 0, -1, buffer, offset, length);
    }

    @Override
    public void onEffect(final long seq, final int index, final int count, final long previousSeq,
        final DirectBuffer buffer, final int offset, final int length)
    {
        write(seq + " " + index + " " + crcOf(buffer, offset, length) + " " + count + " " + previousSeq + "\n");
    }

    @Override
    public void onGap(final long lastSeq, final int lastIndex, final long seq, final int index, final long previousSeq)
    {
        write("# gap refused: seq " + seq + " index " + index + " previousSeq " + previousSeq + " after seq " +
            lastSeq + " index " + lastIndex + "\n");
    }

    private void write(final String line)
    {
        try
        {
            out.write(line);
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
     * @return how many gaps the sink refused (the {@code #} lines).
     */
    public static long refusedGaps(final Path file)
    {
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII))
        {
            return lines.filter(l -> l.startsWith("# gap")).count();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read effect log " + file, ex);
        }
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
            if (lines[i].isBlank() || lines[i].startsWith("#"))
            {
                continue;
            }
            final String[] f = lines[i].trim().split(" ");
            if (f.length != 3 && f.length != 5)
            {
                throw new IllegalArgumentException(
                    file + " line " + (i + 1) + " is not 'seq index crc [count previousSeq]': " + lines[i]);
            }
            entries.add(f.length == 3 ?
                new Entry(Long.parseLong(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2])) :
                new Entry(Long.parseLong(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]),
                    Long.parseLong(f[4])));
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
