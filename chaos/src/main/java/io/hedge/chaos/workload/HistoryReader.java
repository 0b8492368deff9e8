package io.hedge.chaos.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@link HistoryWriter} wrote. A last line without its newline is the one a killed client was writing:
 * it is dropped, and {@link #truncated()} says so. Any other line that cannot be read is an error naming the file and
 * the line.
 */
public final class HistoryReader
{
    private final List<HistoryEvent> events;
    private final boolean truncated;

    private HistoryReader(final List<HistoryEvent> events, final boolean truncated)
    {
        this.events = events;
        this.truncated = truncated;
    }

    /**
     * @param file a client's history.
     * @return its events, in the order written.
     * @throws IllegalArgumentException naming the line that cannot be read.
     */
    public static HistoryReader read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read history " + file, ex);
        }
        final String[] lines = text.split("\n", -1);
        // the piece after the last newline is empty for a complete file, and the killed client's half line otherwise
        final boolean truncated = !lines[lines.length - 1].isEmpty();
        final List<HistoryEvent> events = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length - 1; i++)
        {
            if (lines[i].isBlank())
            {
                continue;
            }
            try
            {
                events.add(parse(lines[i]));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " cannot be read: '" + lines[i] + "': " +
                    ex.getMessage(), ex);
            }
        }
        return new HistoryReader(List.copyOf(events), truncated);
    }

    /**
     * @return the events read.
     */
    public List<HistoryEvent> events()
    {
        return events;
    }

    /**
     * @return true if the file ended in a partial line (dropped): its writer was killed while writing.
     */
    public boolean truncated()
    {
        return truncated;
    }

    static HistoryEvent parse(final String line)
    {
        final String[] tokens = line.trim().split(" ");
        final HistoryEvent.Type type = HistoryEvent.Type.valueOf(tokens[0]);
        final Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < tokens.length; i++)
        {
            final int eq = tokens[i].indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("'" + tokens[i] + "' is not key=value");
            }
            fields.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
        }
        final String reply = fields.getOrDefault("reply", "");
        return new HistoryEvent(type, required(fields, "mono"), required(fields, "wall"), required(fields, "client"),
            required(fields, "corr"), type == HistoryEvent.Type.SUBMIT ? Operation.fromFields(fields) : null,
            fields.getOrDefault("status", ""), Long.parseLong(fields.getOrDefault("seq", "0")),
            Integer.parseInt(fields.getOrDefault("replica", "0")), "-".equals(reply) ? "" : reply);
    }

    private static long required(final Map<String, String> fields, final String key)
    {
        final String value = fields.get(key);
        if (null == value)
        {
            throw new IllegalArgumentException("no " + key + "=");
        }
        return Long.parseLong(value);
    }
}
