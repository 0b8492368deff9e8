package io.hedge.chaos.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the lines of the clients' history files by their first word while the clients write them, for the run's
 * progress line: each call reads only what was appended since the last one.
 */
final class HistoryCounter
{
    private final List<Path> files;
    private final long[] offsets;
    private final Map<String, Long> counts = new HashMap<>();
    private final StringBuilder partial = new StringBuilder();

    HistoryCounter(final List<Path> files)
    {
        this.files = files;
        this.offsets = new long[files.size()];
    }

    /**
     * @return how many complete lines so far start with the prefix ("ANSWER ").
     */
    long count(final String prefix)
    {
        for (int i = 0; i < files.size(); i++)
        {
            readNew(i);
        }
        return counts.entrySet().stream().filter(e -> e.getKey().equals(prefix.trim()))
            .mapToLong(Map.Entry::getValue).sum();
    }

    private void readNew(final int i)
    {
        final Path file = files.get(i);
        if (!Files.exists(file))
        {
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r"))
        {
            final long length = in.length();
            if (length <= offsets[i])
            {
                return;
            }
            final byte[] bytes = new byte[(int)Math.min(length - offsets[i], 16 << 20)];
            in.seek(offsets[i]);
            in.readFully(bytes);
            // only whole lines: a line being written is counted next time
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n')
            {
                end--;
            }
            offsets[i] += end;
            partial.setLength(0);
            partial.append(new String(bytes, 0, end, StandardCharsets.US_ASCII));
            int start = 0;
            for (int j = 0; j < partial.length(); j++)
            {
                if (partial.charAt(j) == '\n')
                {
                    final int space = partial.indexOf(" ", start);
                    final String word = partial.substring(start, space < 0 || space > j ? j : space);
                    counts.merge(word, 1L, Long::sum);
                    start = j + 1;
                }
            }
        }
        catch (final IOException ex)
        {
            // a progress line can do without it
        }
    }
}
